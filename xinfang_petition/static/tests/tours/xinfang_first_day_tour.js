import { registry } from "@web/core/registry";

// A clerk's first day: a walk-in petitioner nobody has registered before. The clerk lands on the
// petitions, registers the visit with the new person (name, ID, phone, village) and the matter.
// Every mouse click is one step with run "click"; typing is not counted. The goal is at most 10
// clicks: the last step fails the tour when the steps need more.
// Selectors use field and button names, not labels: the demo users work in Chinese.

const MAX_CLICKS = 10;

const edit = (fieldName, text, scope = ".o_form_view") => ({
    content: `Type ${text} in ${fieldName}`,
    trigger: `${scope} .o_field_widget[name='${fieldName}'] input, ${scope} .o_field_widget[name='${fieldName}'] textarea`,
    run: `edit ${text}`,
});

const pick = (fieldName, text, label = text, scope = ".o_form_view") => [
    edit(fieldName, text, scope),
    {
        content: `Choose ${label}`,
        trigger: `${scope} .o_field_widget[name='${fieldName}'] .o-autocomplete--dropdown-item:first-child a:contains(${label})`,
        run: "click",
    },
];

const registrationSteps = () => [
    // the clerk lands in the petition app (on the start page of the day, with supervision) and opens the list
    {
        content: "Open the petitions menu",
        trigger: ".o_main_navbar [data-menu-xmlid='xinfang_petition.menu_xinfang_petitions']",
        run: "click",
    },
    {
        content: "Open the petition list",
        trigger: ".dropdown-menu [data-menu-xmlid='xinfang_petition.menu_xinfang_petition']",
        run: "click",
    },
    { content: "The clerk is on the petitions", trigger: ".o_list_view .o_list_table" },
    { content: "New petition", trigger: ".o_control_panel_main_buttons .o_list_button_add", run: "click" },
    edit("subject", "宅基地界址纠纷（首日）"),
    ...pick("category_id", "LAND-02", "/"),
    // the new person, in the small petitioner dialog
    edit("petitioner_id", "首日来访人"),
    {
        content: "Create and edit the new petitioner",
        trigger: ".o_field_widget[name='petitioner_id'] .o_m2o_dropdown_option_create_edit a",
        run: "click",
    },
    { content: "The name is carried over", trigger: ".modal .o_field_widget[name='name'] input:value(首日来访人)" },
    edit("id_number", "11010519491231002X", ".modal"),
    edit("phone", "13800138000", ".modal"),
    ...pick("village_id", "首日村", "首日村", ".modal"),
    { content: "Save the petitioner", trigger: ".modal .o_form_button_save", run: "click" },
    { content: "The dialog closes", trigger: "body:not(:has(.modal))" },
    { content: "Matter page", trigger: ".o_notebook .nav-link[name='matter']", run: "click" },
    {
        content: "The petition took the petitioner's village",
        trigger: ".o_form_view .o_field_widget[name='village_id'] input:value(首日村)",
    },
    edit("content", "邻居建房占用我家宅基地约两米，村里调解未果。"),
    { content: "Register", trigger: ".o_form_statusbar button[name='action_register']", run: "click" },
    {
        content: "The petition waits for acceptance",
        trigger: ".o_statusbar_status button[data-value='to_accept'][aria-checked='true']",
    },
];

registry.category("web_tour.tours").add("xinfang_first_day_registration_tour", {
    url: "/odoo",
    steps: () => {
        const steps = registrationSteps();
        const clicks = steps.filter((step) => step.run === "click").length;
        return [
            ...steps,
            {
                content: `A walk-in with a new petitioner takes ${clicks} clicks (at most ${MAX_CLICKS})`,
                trigger: "body",
                run() {
                    if (clicks > MAX_CLICKS) {
                        throw new Error(`Registration takes ${clicks} clicks, more than ${MAX_CLICKS}`);
                    }
                },
            },
        ];
    },
});
