import { registry } from "@web/core/registry";
import { statusIs, pickFirst, acceptAndAssign, replySupported, followUpAndClose } from "@xinfang_petition/../tests/tours/petition_steps";

// A visit petition from the window to its close, as the people who do each step would.
// Selectors use field and button names, not labels: the demo users work in Chinese.

// 1. Office staff at the window: register, accept, assign.
registry.category("web_tour.tours").add("xinfang_lifecycle_intake_tour", {
    url: "/odoo/action-xinfang_petition.action_xinfang_petition",
    steps: () => [
        { content: "New petition", trigger: ".o_control_panel_main_buttons .o_list_button_add", run: "click" },
        {
            content: "Subject",
            trigger: ".o_field_widget[name='subject'] input",
            run: "edit 征地补偿款未按时发放（巡检）",
        },
        ...pickFirst("category_id", "LAND-02", "/"),
        ...pickFirst("petitioner_id", "巡检信访人"),
        { content: "Matter page", trigger: ".o_notebook .nav-link[name='matter']", run: "click" },
        ...pickFirst("village_id", "巡检村"),
        {
            content: "Facts",
            trigger: ".o_field_widget[name='content'] textarea",
            run: "edit 村里征收承包地后补偿款至今未发放。",
        },
        { content: "Register", trigger: ".o_form_statusbar button[name='action_register']", run: "click" },
        ...acceptAndAssign("巡检办", "巡检承办人"),
    ],
});

// 2. The handler replies (处理意见书).
registry.category("web_tour.tours").add("xinfang_lifecycle_reply_tour", {
    steps: () => [
        ...replySupported("经核实，补偿款将于本月底前发放到位。"),
    ],
});

// 3. Office staff visit the petitioner, record satisfaction and close.
registry.category("web_tour.tours").add("xinfang_lifecycle_close_tour", {
    steps: () => [
        statusIs("replied"),
        ...followUpAndClose("回访：补偿款已收到，表示满意。", "补偿款12000元已发放，事项办结。"),
    ],
});
