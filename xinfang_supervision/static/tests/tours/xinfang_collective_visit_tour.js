import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// A collective visit of 35 people to the county is reported: the rule requires the principal leader
// within an hour; the principal leader is dispatched, checks in on site, and the response shows on time.
registry.category("web_tour.tours").add("xinfang_collective_visit_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Petitions app",
            trigger: ".o_app[data-menu-xmlid='xinfang_petition.menu_xinfang_root']",
            run: "click",
        },
        {
            content: "Open the Supervision menu",
            trigger: ".o_main_navbar [data-menu-xmlid='xinfang_supervision.menu_xinfang_supervision']",
            run: "click",
        },
        {
            content: "Open the collective visits",
            trigger: ".dropdown-item[data-menu-xmlid='xinfang_supervision.menu_xinfang_collective_visit']",
            run: "click",
        },
        {
            content: "The collective visits are listed",
            trigger: ".o_breadcrumb:contains('Collective Visits')",
        },
        {
            content: "Report a new collective visit",
            trigger: ".o_control_panel_main_buttons .o_list_button_add",
            run: "click",
        },
        {
            content: "Describe the visit",
            trigger: ".o_field_widget[name='subject'] input",
            run: "edit Wage arrears of the brick works",
        },
        {
            content: "Open the destinations",
            trigger: ".o_field_widget[name='destination_level'] .o_select_menu_toggler",
            run: "click",
        },
        {
            content: "The group went to the county",
            trigger: ".o_select_menu_item:contains('County')",
            run: "click",
        },
        {
            content: "35 people",
            trigger: ".o_field_widget[name='head_count'] input",
            run: "edit 35 && press Tab",
        },
        {
            content: "The rule requires the principal leader",
            trigger: ".o_field_widget[name='required_leader_level']:contains('Principal Leader')",
        },
        {
            content: "Add a dispatched leader",
            trigger: "div[name='leader_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Choose the principal leader",
            trigger: "div[name='leader_ids'] .o_selected_row [name='employee_id'] input",
            run: "edit Tour Principal",
        },
        {
            content: "Pick the principal leader",
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Principal Leader')",
            run: "click",
        },
        {
            content: "Dispatch the leaders",
            trigger: ".o_form_view button[name='action_dispatch']",
            run: "click",
        },
        {
            content: "The visit is dispatched",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Leaders Dispatched')",
        },
        {
            content: "The leader checks in on site",
            trigger: "div[name='leader_ids'] button[name='action_check_in']",
            run: "click",
        },
        {
            content: "The visit is on site",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('On Site')",
        },
        {
            content: "The response is shown on time",
            trigger: ".o_field_widget[name='arrival_status']:contains('On Time')",
        },
    ],
});
