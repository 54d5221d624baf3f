// Tour steps shared by the petition tours (imported as "@xinfang_petition/../tests/tours/petition_steps").
// Selectors use field and button names, not labels: the demo users work in Chinese.

export const statusIs = (state) => ({
    content: `The petition is now ${state}`,
    trigger: `.o_statusbar_status button[data-value='${state}'][aria-checked='true']`,
});

export const pickFirst = (fieldName, text, label = text) => [
    {
        content: `Type ${text} in ${fieldName}`,
        trigger: `.modal .o_field_widget[name='${fieldName}'] input, .o_form_view .o_field_widget[name='${fieldName}'] input`,
        run: `edit ${text}`,
    },
    {
        content: `Choose the only match for ${text}`,
        trigger: `.o_field_widget[name='${fieldName}'] .o-autocomplete--dropdown-item:first-child a:contains(${label})`,
        run: "click",
    },
];

export const stepButton = {
    content: "Open the next step",
    trigger: ".o_form_statusbar button.btn-primary[name='action_open_step_wizard']",
    run: "click",
};

export const confirmStep = [
    { content: "Confirm the step", trigger: ".modal footer button[name='action_apply']", run: "click" },
    { content: "The dialog closes", trigger: "body:not(:has(.modal))" },
];

// The office accepts a registered petition and assigns it to a unit's handler.
export const acceptAndAssign = (unit, handler) => [
    statusIs("to_accept"),
    { content: "Accept", trigger: ".o_form_statusbar button[name='action_accept']", run: "click" },
    { content: "Confirm acceptance", trigger: ".modal footer .btn-primary", run: "click" },
    statusIs("accepted"),
    stepButton,
    ...pickFirst("lead_unit_id", unit),
    ...pickFirst("handler_id", handler),
    ...confirmStep,
    statusIs("handling"),
];

// The handler replies: the outcome "supported" and the handling opinion.
export const replySupported = (text) => [
    statusIs("handling"),
    stepButton,
    { content: "Outcome", trigger: ".modal .o_field_widget[name='outcome'] input", run: "click" },
    { content: "Supported", trigger: ".o_select_menu_menu .o_select_menu_item:eq(0)", run: "click" },
    {
        content: "Reply text",
        trigger: ".modal .o_field_widget[name='reply_text'] .odoo-editor-editable",
        run: `editor ${text}`,
    },
    ...confirmStep,
    statusIs("replied"),
];

// The office records the petitioner's satisfaction at the follow-up visit, then closes with the result.
export const followUpAndClose = (note, result) => [
    stepButton,
    {
        content: "Satisfied",
        trigger: ".modal .o_field_widget[name='satisfaction'] input[data-value='satisfied']",
        run: "click",
    },
    { content: "Follow-up note", trigger: ".modal .o_field_widget[name='note'] textarea", run: `edit ${note}` },
    ...confirmStep,
    stepButton,
    { content: "Result", trigger: ".modal .o_field_widget[name='result'] textarea", run: `edit ${result}` },
    ...confirmStep,
    statusIs("closed"),
];
