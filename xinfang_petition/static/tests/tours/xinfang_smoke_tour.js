import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// The petition office opens its app and sees its first page (the petition list, or the start page): the web client, assets and menus work.
registry.category("web_tour.tours").add("xinfang_smoke_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Petitions app",
            trigger: ".o_app[data-menu-xmlid='xinfang_petition.menu_xinfang_root']",
            run: "click",
        },
        {
            content: "The petition views are shown",
            trigger: ".o_action_manager :is(.o_view_controller, .o_xinfang_workbench)",
        },
        {
            content: "The petitions menu is in the navbar",
            trigger: ".o_main_navbar [data-menu-xmlid='xinfang_petition.menu_xinfang_petitions']",
        },
    ],
});
