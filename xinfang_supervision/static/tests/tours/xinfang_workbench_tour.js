import { registry } from "@web/core/registry";

// Staff land on the start page (their home action), click the overdue figure, get the list of the overdue
// petitions and open the one of the test: its form shows its number.
registry.category("web_tour.tours").add("xinfang_workbench_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "The start page is the home page",
            trigger: ".o_xinfang_workbench .o_workbench_deadlines",
        },
        {
            content: "Click the overdue figure",
            trigger: ".o_xinfang_workbench .o_workbench_overdue:contains('1')",
            run: "click",
        },
        {
            content: "The overdue petitions are listed",
            trigger: ".o_breadcrumb:contains('Overdue Petitions')",
        },
        {
            content: "Open the overdue petition",
            trigger: ".o_list_view .o_data_row td:contains('Tour overdue petition')",
            run: "click",
        },
        {
            content: "The form shows its number",
            trigger: ".o_form_view .o_field_widget[name='name']:contains('XF')",
        },
    ],
});
