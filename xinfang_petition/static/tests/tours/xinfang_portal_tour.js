import { registry } from "@web/core/registry";

const SUBJECT = "网上信访巡检：征地补偿款未发放";
const ACCUSATION = "网上检举巡检：村干部截留补贴";

function attachEvidence() {
    // Tours cannot pick a file in a dialog: put one in the input as a user's drop would.
    const input = document.querySelector("input[name=attachments]");
    const transfer = new DataTransfer();
    transfer.items.add(new File(["%PDF-1.4\n%巡检\n%%EOF\n"], "evidence.pdf", { type: "application/pdf" }));
    input.files = transfer.files;
}

function assertAbsent(text) {
    if (document.body.textContent.includes(text)) {
        throw new Error(`"${text}" must not be shown here`);
    }
}

// A portal user without a petitioner record files a petition with an attachment; the consent is required.
registry.category("web_tour.tours").add("xinfang_portal_file_tour", {
    url: "/my/petitions",
    steps: () => [
        { content: "Nothing filed yet", trigger: ".o_xf_no_petitions" },
        { content: "Open the petition form", trigger: "a.o_xf_new_petition", run: "click", expectUnloadPage: true },
        { trigger: "input[name=name]", run: "edit 巡检网民" },
        { trigger: "input[name=id_number]", run: "edit 440306198505051237" },
        { trigger: "input[name=phone]", run: "edit 13800001111" },
        { trigger: "select[name=nature]", run: "select appeal" },
        { trigger: "select[name=category_id]", run: "selectByLabel Land Acquisition" },
        { trigger: "select[name=village_id]", run: "selectByLabel East Village" },
        { trigger: "input[name=subject]", run: `edit ${SUBJECT}` },
        { trigger: "textarea[name=content]", run: "edit 村里征收了我的承包地，补偿款至今未发放。" },
        { trigger: "textarea[name=request]", run: "edit 请求按标准发放补偿款。" },
        { content: "Attach the evidence", trigger: "input[name=attachments]", run: attachEvidence },
        { content: "Submit without consenting", trigger: "button.o_xf_submit", run: "click", expectUnloadPage: true },
        { content: "Refused: the consent is required", trigger: ".o_xf_form_errors li:contains(consent)" },
        { content: "What was typed is kept", trigger: `input[name=subject]:value(${SUBJECT})` },
        { content: "Attach the evidence again", trigger: "input[name=attachments]", run: attachEvidence },
        { content: "Consent to the processing", trigger: "input[name=consent]", run: "check" },
        { content: "Submit", trigger: "button.o_xf_submit", run: "click", expectUnloadPage: true },
        { content: "Received and registered", trigger: ".o_xf_submitted:contains(registered as)" },
        { trigger: ".o_xf_attachments a:contains(evidence.pdf)" },
        { trigger: ".o_xf_timeline .o_xf_step_label:contains(Registered)" },
    ],
});

// The same petitioner rates the reply once it was given.
registry.category("web_tour.tours").add("xinfang_portal_rate_tour", {
    steps: () => [
        { content: "The reply is in the timeline", trigger: ".o_xf_timeline .o_xf_step_label:contains(Replied)" },
        { content: "Its handling opinion can be downloaded", trigger: ".o_xf_timeline a.o_xf_notice_link" },
        { trigger: ".o_xf_review_form button.o_xf_review" },
        { content: "Satisfied", trigger: "#xf_satisfaction_satisfied", run: "click" },
        { trigger: ".o_xf_rate_form textarea[name=note]", run: "edit 处理及时。" },
        { content: "Send the rating", trigger: "button.o_xf_rate", run: "click", expectUnloadPage: true },
        { trigger: ".o_xf_message" },
        { trigger: ".o_xf_timeline .o_xf_step_label:contains(Satisfaction recorded)" },
        {
            content: "Rated once only",
            trigger: ".o_xf_timeline",
            run() {
                if (document.querySelector(".o_xf_rate_form")) {
                    throw new Error("the rating form must be gone once the reply was rated");
                }
            },
        },
    ],
});

// Another portal user guesses the petition's id in the URL: not found, nothing shown, and not listed.
registry.category("web_tour.tours").add("xinfang_portal_forbidden_tour", {
    steps: () => [
        { content: "Not found", trigger: ".o_xf_not_found" },
        { content: "Nothing of the petition is shown", trigger: ".o_xf_not_found", run: () => assertAbsent(SUBJECT) },
        { content: "Back to my petitions", trigger: "a.btn[href='/my/petitions']", run: "click", expectUnloadPage: true },
        { content: "None of them is someone else's", trigger: ".o_xf_no_petitions" },
        { trigger: ".o_xf_no_petitions", run: () => assertAbsent(SUBJECT) },
    ],
});

// Anyone files an accusation without signing in, keeps the query code and checks the status with it.
registry.category("web_tour.tours").add("xinfang_anonymous_accusation_tour", {
    url: "/xinfang/accusation",
    steps: () => [
        { trigger: "select[name=category_id]", run: "selectByLabel Land Acquisition" },
        { trigger: "input[name=subject]", run: `edit ${ACCUSATION}` },
        { trigger: "textarea[name=content]", run: "edit 村干部截留了今年的耕地地力保护补贴。" },
        { trigger: "input[name=consent]", run: "check" },
        { content: "Submit the accusation", trigger: "button.o_xf_submit", run: "click", expectUnloadPage: true },
        {
            content: "The query code is shown: write it down",
            trigger: ".o_xf_query_code",
            run() {
                const code = document.querySelector(".o_xf_query_code").textContent.trim();
                if (code.replace(/-/g, "").length < 16) {
                    throw new Error(`query code too short: ${code}`);
                }
                sessionStorage.setItem("xf_tour_query_code", code);
            },
        },
        { content: "Go to the status page", trigger: "a[href='/xinfang/query']", run: "click", expectUnloadPage: true },
        {
            content: "Type the code",
            trigger: "input[name=query_code]",
            run() {
                document.querySelector("input[name=query_code]").value = sessionStorage.getItem("xf_tour_query_code");
            },
        },
        { trigger: "button.o_xf_query_submit", run: "click", expectUnloadPage: true },
        { content: "The status is shown", trigger: ".o_xf_query_result .o_xf_step_label:contains(Registered)" },
        { content: "Only the status", trigger: ".o_xf_query_result", run: () => assertAbsent(ACCUSATION) },
        {
            content: "A wrong code shows nothing",
            trigger: "input[name=query_code]",
            run() {
                document.querySelector("input[name=query_code]").value = "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF";
            },
        },
        { trigger: "button.o_xf_query_submit", run: "click", expectUnloadPage: true },
        { trigger: ".o_xf_form_errors li:contains(No petition matches)" },
        {
            trigger: ".o_xf_form_errors",
            run() {
                if (document.querySelector(".o_xf_query_result")) {
                    throw new Error("a wrong code must not show any petition");
                }
            },
        },
    ],
});
