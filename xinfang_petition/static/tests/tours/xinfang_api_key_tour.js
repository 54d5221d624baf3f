import { registry } from "@web/core/registry";

// The office director issues an Open311 key to the county's 12345 platform, sees it once, and the key
// works against the API; replacing it shows a new key and the old one stops working.
// Selectors use field and button names, not labels: the demo users work in Chinese.

const CLIENT = "Tour 12345 platform";
const keys = [];

async function apiStatus(key) {
    const response = await fetch("/open311/v2/requests.json", { headers: { "X-Api-Key": key } });
    const body = await response.json();
    if (!Array.isArray(body)) {
        throw new Error(`The API answered ${JSON.stringify(body)}, not a list`);
    }
    return response.status;
}

const readKey = (label) => [
    {
        content: `The dialog shows the ${label} key`,
        trigger: ".modal .o_field_widget[name='key'] span",
        run() {
            const key = this.anchor.textContent.trim();
            if (key.length < 40 || keys.includes(key)) {
                throw new Error(`Not a new key: "${key}"`);
            }
            keys.push(key);
        },
    },
    { content: "Done", trigger: ".modal .modal-footer button.btn-primary", run: "click" },
    { content: "The dialog closes", trigger: "body:not(:has(.modal))" },
    {
        content: "The form shows how the key starts (once it has reloaded)",
        trigger: ".o_form_view .o_field_widget[name='key_index']",
        async run() {
            const expected = keys.at(-1).slice(0, 8);
            let shown;
            for (let attempt = 0; attempt < 50; attempt++) {
                shown = document.querySelector(".o_form_view .o_field_widget[name='key_index']")?.textContent.trim();
                if (shown === expected) {
                    return;
                }
                await new Promise((resolve) => setTimeout(resolve, 100));
            }
            throw new Error(`The form shows "${shown}", the key starts with "${expected}"`);
        },
    },
];

registry.category("web_tour.tours").add("xinfang_api_key_tour", {
    url: "/odoo/action-xinfang_petition.action_xinfang_api_client",
    steps: () => [
        { content: "Open the API client", trigger: `.o_data_row td:contains(${CLIENT})`, run: "click" },
        {
            content: "Generate a key",
            trigger: ".o_form_view .o_form_statusbar button[name='action_generate_key']:visible",
            run: "click",
        },
        ...readKey("first"),
        {
            content: "The key works against the API",
            trigger: ".o_form_view",
            async run() {
                const status = await apiStatus(keys[0]);
                if (status !== 200) {
                    throw new Error(`The new key was refused: HTTP ${status}`);
                }
            },
        },
        {
            content: "Replace the key",
            trigger: ".o_form_view .o_form_statusbar button[name='action_generate_key']:visible",
            run: "click",
        },
        { content: "Confirm the replacement", trigger: ".modal .modal-footer button.btn-primary", run: "click" },
        ...readKey("replacement"),
        {
            content: "The new key works, the old one no longer",
            trigger: ".o_form_view",
            async run() {
                const [oldStatus, newStatus] = [await apiStatus(keys[0]), await apiStatus(keys[1])];
                if (oldStatus !== 403 || newStatus !== 200) {
                    throw new Error(`Old key: HTTP ${oldStatus} (expected 403), new key: HTTP ${newStatus}`);
                }
            },
        },
    ],
});
