import { registry } from "@web/core/registry";
import { statusIs, pickFirst, acceptAndAssign, replySupported, followUpAndClose } from "@xinfang_petition/../tests/tours/petition_steps";
import { rpc } from "@web/core/network/rpc";

// Cases referred from above: the office imports the county 12345 platform's export (data/referral_sample_12345.xlsx,
// put in the database by the test as a public attachment), opens the 交办 case, the handler replies, the office
// reports back to the sender and closes the case. Selectors use field and button names where they can.

const SAMPLE = "referral_sample_12345.xlsx";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// 1. The office imports the export, opens the case the county assigned (交办), accepts and assigns it.
registry.category("web_tour.tours").add("xinfang_referral_import_tour", {
    url: "/odoo/action-xinfang_petition.action_xinfang_referral_import",
    steps: () => [
        ...pickFirst("referral_body_id", "12345"),
        {
            content: "The column mapping shows the export's headers",
            trigger: ".modal .o_field_widget[name='column_ids'] td:contains(工单编号)",
        },
        {
            content: "Upload the platform's export",
            trigger: ".modal .o_field_widget[name='file_data']",
            async run() {
                const [sample] = await rpc("/web/dataset/call_kw/ir.attachment/search_read", {
                    model: "ir.attachment", method: "search_read",
                    args: [[["name", "=", SAMPLE], ["public", "=", true]], ["datas"]], kwargs: { limit: 1 },
                });
                const blob = await (await fetch(`data:${XLSX};base64,${sample.datas}`)).blob();
                const transfer = new DataTransfer();
                transfer.items.add(new File([blob], SAMPLE, { type: XLSX }));
                const input = this.anchor.querySelector("input.o_input_file");
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        { content: "The file is loaded", trigger: ".modal .o_field_widget[name='file_data'] .o_clear_file_button" },
        { content: "Preview", trigger: ".modal footer button[name='action_preview']", run: "click" },
        {
            content: "Five cases to import, no error",
            trigger: ".modal .o_field_widget[name='new_count']:contains(5)",
        },
        { content: "The 交办 case is listed", trigger: ".modal .o_data_row td:contains(GD202611250002)" },
        { content: "Import", trigger: ".modal footer button[name='action_import']", run: "click" },
        { content: "Open the imported cases", trigger: ".modal footer button[name='action_open_petitions']", run: "click" },
        { content: "Open the 交办 case", trigger: ".o_data_row td:contains(宅基地四至界址争议)", run: "click" },
        { content: "The referral page", trigger: ".o_notebook .nav-link[name='referral']", run: "click" },
        {
            content: "It names the sender's number",
            trigger: ".o_form_view .o_field_widget[name='external_number'] input:value(GD202611250002)",
        },
        ...acceptAndAssign("导入巡检办", "导入承办人"),
    ],
});

// 2. The handler replies.
registry.category("web_tour.tours").add("xinfang_referral_reply_tour", {
    steps: () => [
        ...replySupported("经实地丈量，邻居已退回占用的宅基地。"),
    ],
});

// 3. The office reports back to the county, visits the petitioner and closes the case.
registry.category("web_tour.tours").add("xinfang_referral_close_tour", {
    steps: () => [
        statusIs("replied"),
        {
            content: "Report back upward (the browser keeps the printed report to itself)",
            trigger: ".o_form_statusbar button.btn-primary:contains(Report Back Upward)",
            run(helpers) {
                // the 办理情况报告's text is tested in test_referral; here the print is only noted
                registry.category("ir.actions.report handlers").add("xinfang_referral_tour_print", async (action) => {
                    document.body.classList.add(`o_printed_${action.report_name.replaceAll(".", "_")}`);
                    return true;
                });
                return helpers.click();
            },
        },
        {
            content: "The report back",
            trigger: ".modal .o_field_widget[name='text'] textarea",
            run: "edit 经核实，邻居翻建占用宅基地属实，已督促退回，当事人认可。",
        },
        { content: "Send it", trigger: ".modal footer button[name='action_confirm']", run: "click" },
        { content: "The report is printed", trigger: "body[class*='o_printed_xinfang_petition']" },
        { content: "The dialog closes by itself once printed", trigger: "body:not(:has(.modal))" },
        {
            content: "Reported back: the button is gone",
            trigger: ".o_form_statusbar:not(:has(button:contains(Report Back Upward)))",
        },
        ...followUpAndClose("回访：宅基地界址已恢复，表示满意。", "占用宅基地已退回，事项办结并已向县12345中心反馈。"),
    ],
});
