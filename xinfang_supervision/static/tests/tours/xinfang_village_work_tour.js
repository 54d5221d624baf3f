import { registry } from "@web/core/registry";

// A village mediator on a phone (390x844): records the village's routine meeting (attendees, minutes,
// held) and a mediated dispute (parties, agreement reached, the signed agreement uploaded, closed).
const uploadAgreement = {
    content: "Upload the signed agreement",
    trigger: ".o_field_widget[name='agreement_file'] input[type='file']:not(:visible)",
    run() {
        const input = this.anchor;
        const transfer = new DataTransfer();
        transfer.items.add(new File(["%PDF-1.4\n% signed mediation agreement\n"], "agreement.pdf",
                                    { type: "application/pdf" }));
        input.files = transfer.files;
        input.dispatchEvent(new Event("change", { bubbles: true }));
    },
};

function addParty(name, role) {
    return [
        {
            content: `Add the party ${name}`,
            trigger: ".o_field_widget[name='party_ids'] .o-kanban-button-new",
            run: "click",
        },
        {
            content: "Party name",
            trigger: ".modal .o_field_widget[name='name'] input",
            run: `edit ${name}`,
        },
        {
            content: "Party role",
            trigger: ".modal .o_field_widget[name='role'] input",
            run: "click",
        },
        {
            // on a phone the choices open in a bottom sheet over the dialog, outside it
            content: `The party is the ${role}`,
            trigger: `body .o_select_menu_item:contains('${role}')`,
            run: "click",
        },
        {
            content: "Keep the party",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The party is listed",
            trigger: `.o_field_widget[name='party_ids'] .o_kanban_record:contains('${name}')`,
        },
    ];
}

registry.category("web_tour.tours").add("xinfang_village_work_tour", {
    steps: () => [
        // --- the village routine meeting -----------------------------------------------------------
        {
            content: "The village meetings are listed",
            trigger: ".o_breadcrumb:contains('Village Meetings')",
        },
        {
            content: "Record a village meeting",
            trigger: ".o_control_panel_main_buttons button.o-kanban-button-new, .o_control_panel_main_buttons .o_list_button_add",
            run: "click",
        },
        {
            content: "The meeting is the own village's",
            trigger: ".o_field_widget[name='village_id'] input:value(Tour Village)",
        },
        {
            content: "Where",
            trigger: ".o_field_widget[name='place'] input",
            run: "edit Village Hall",
        },
        // on a phone the attendees are picked in a full-screen search dialog
        {
            content: "Who attended",
            trigger: ".o_field_widget[name='attendee_ids'] input",
            run: "click",
        },
        {
            content: "Search the employees",
            trigger: ".modal button:has(.fa-search)",
            run: "click",
        },
        {
            content: "Search the mediator",
            trigger: ".modal .o_searchview_input",
            run: "edit Tour Mediator && press Enter",
        },
        {
            content: "The mediator attended",
            trigger: ".modal .o_kanban_record:contains('Tour Mediator')",
            run: "click",
        },
        {
            content: "The mediator is among the attendees",
            trigger: ".o_field_widget[name='attendee_ids'] .o_tag:contains('Tour Mediator')",
        },
        {
            content: "The minutes",
            trigger: ".o_notebook .nav-link[name='minutes']",
            run: "click",
        },
        {
            content: "What was discussed and decided",
            trigger: ".o_field_widget[name='minutes'] .odoo-editor-editable",
            run: "editor The irrigation channel is repaired by the end of March.",
        },
        {
            content: "Schedule the meeting",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_schedule']",
            run: "click",
        },
        {
            content: "Mark it held",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_hold']",
            run: "click",
        },
        {
            content: "The contracting leader's absence shows",
            trigger: ".o_form_view .alert-warning:contains('contracts the village')",
        },
        // --- the mediated dispute ------------------------------------------------------------------
        {
            content: "Open the mediated disputes",
            trigger: ".o_form_view .o_form_saved",
            run: "goToUrl /odoo/action-xinfang_supervision.action_xinfang_mediation",
            expectUnloadPage: true,
        },
        {
            content: "The mediated disputes are listed",
            trigger: ".o_breadcrumb:contains('Mediated Disputes')",
        },
        {
            content: "Record a mediated dispute",
            trigger: ".o_control_panel_main_buttons button.o-kanban-button-new, .o_control_panel_main_buttons .o_list_button_add",
            run: "click",
        },
        {
            content: "The dispute is the own village's",
            trigger: ".o_field_widget[name='village_id'] input:value(Tour Village)",
        },
        {
            content: "The matter",
            trigger: ".o_field_widget[name='description'] textarea",
            run: "edit Boundary wall between two homesteads",
        },
        ...addParty("Wang Wu", "Applicant"),
        ...addParty("Zhao Liu", "Respondent"),
        {
            content: "The outcome",
            trigger: ".o_field_widget[name='outcome'] input",
            run: "click",
        },
        {
            content: "An agreement was reached",
            trigger: ".o_select_menu_item:contains('Agreement Reached')",
            run: "click",
        },
        uploadAgreement,
        {
            content: "The agreement is attached",
            trigger: ".o_field_widget[name='agreement_file'] input[type='text']:value(agreement.pdf)",
        },
        {
            content: "Close the mediation",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_done']",
            run: "click",
        },
        {
            content: "The mediation is numbered",
            trigger: ".o_field_widget[name='display_name']:contains('TJ')",
        },
    ],
});
