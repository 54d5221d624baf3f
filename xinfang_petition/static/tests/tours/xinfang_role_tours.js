import { registry } from "@web/core/registry";
import { session } from "@web/session";

// A clerk's first day, in Chinese: one tour per role opens the role's main screens through the menus
// and fails on any English label on them. The labels to look for are the English source strings of
// the installed addons, passed in by tests/test_role_tours.py with the session information
// (session.xinfang_english_terms: {"English label": ["module", ...]}). The tours
// need both addons (the budget and the leader's screens are xinfang_supervision's): they are run by
// that top-level test only.
// Selectors use menu xml ids, field names and view classes, never labels.

// --- finding English ------------------------------------------------------------------------------

// words as the labels are written: letters and digits, with an apostrophe inside ("Don't")
const WORD = /[A-Za-z0-9]+(?:['’][A-Za-z]+)*/g;
// e-mail addresses and links are no text to translate
const ADDRESSES = /\S+@\S+|https?:\/\/\S+/g;
// this many English words in a row that are no source string are English text all the same (data
// loaded in English into a field that is not translatable, a hard-coded template text)
const PROSE_WORDS = 4;
// a record reference as Odoo writes it when a name is missing ("xinfang.extension,10") or a model name
const TECHNICAL = [/\b[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+,\s?\d+\b/g, /\bxinfang\.[a-z_]+(?:\.[a-z_]+)*\b/g];

const words = (text) => text.match(WORD) || [];
const normalize = (text) => text.replace(/\s+/g, " ").trim();
// longer source strings (help texts, notes) are looked for whole, labels word by word
const MAX_LABEL = 40;

let termIndex = null;

function englishTerms() {
    if (termIndex) {
        return termIndex;
    }
    const terms = session.xinfang_english_terms;
    if (!terms || !Object.keys(terms).length) {
        throw new Error("The English source strings were not passed to the tour (tests/test_role_tours.py)");
    }
    const byWords = new Map();
    const sentences = [];
    let longest = 1;
    for (const [term, origins] of Object.entries(terms)) {
        if (term.length > MAX_LABEL) {
            sentences.push({ term, text: normalize(term), origins });
            continue;
        }
        const termWords = words(term);
        if (!termWords.some((word) => /[A-Za-z]{3}/.test(word))) {
            continue;
        }
        const key = termWords.join(" ");
        const known = byWords.get(key);
        byWords.set(key, known ? { term: known.term, origins: [...new Set([...known.origins, ...origins])] }
            : { term, origins });
        longest = Math.max(longest, termWords.length);
    }
    termIndex = { byWords, longest, sentences };
    return termIndex;
}

function isShown(el) {
    return Boolean(el.offsetParent || el.getClientRects().length);
}

/** The text a user reads: the navbar, the action (control panel, view, chatter) and any dialog. */
function visibleTexts() {
    const texts = [];
    for (const root of document.querySelectorAll(".o_main_navbar, .o_action_manager, .modal")) {
        if (!isShown(root)) {
            continue;
        }
        texts.push(...root.innerText.split("\n"));
        for (const input of root.querySelectorAll("input[placeholder], textarea[placeholder]")) {
            if (isShown(input) && !input.value) {
                texts.push(input.placeholder);
            }
        }
    }
    return texts.map(normalize).filter(Boolean);
}

/**
 * English labels and technical references on screen: Map(found -> {origins, context}), and the set
 * of the other ASCII words (not failures: names, codes, units, words no addon has as a label).
 */
function englishOnScreen() {
    const { byWords, longest, sentences } = englishTerms();
    const found = new Map();
    const others = new Set();
    for (let text of visibleTexts()) {
        const context = text.length > 80 ? `${text.slice(0, 77)}...` : text;
        text = text.replace(ADDRESSES, " \u2026 ");
        for (const pattern of TECHNICAL) {
            for (const match of text.match(pattern) || []) {
                found.set(match, { origins: ["technical name"], context });
            }
        }
        for (const sentence of sentences) {
            if (text.includes(sentence.text)) {
                found.set(sentence.term, { origins: sentence.origins, context });
                // its words are reported with it
                text = text.split(sentence.text).join(" \u2026 ");
            }
        }
        // a label is a run of ASCII text: Chinese (or any other script) around it ends it
        for (const run of text.split(/[^\x20-\x7e]+/)) {
            const runWords = words(run);
            let i = 0;
            let unknownInARow = 0;
            while (i < runWords.length) {
                let size = Math.min(longest, runWords.length - i);
                for (; size > 0; size--) {
                    const hit = byWords.get(runWords.slice(i, i + size).join(" "));
                    if (hit) {
                        found.set(hit.term, { origins: hit.origins, context });
                        break;
                    }
                }
                if (!size && /[A-Za-z]{3}/.test(runWords[i])) {
                    others.add(runWords[i]);
                }
                if (size) {
                    unknownInARow = 0;
                } else if (/[A-Za-z]{2}/.test(runWords[i]) && ++unknownInARow === PROSE_WORDS) {
                    const phrase = normalize(run).replace(/^[^A-Za-z]+/, "");
                    found.set(phrase.length > 60 ? `${phrase.slice(0, 57)}...` : phrase, {
                        origins: ["English text that is no source string: data or a template"],
                        context,
                    });
                }
                i += Math.max(size, 1);
            }
        }
    }
    return { found, others };
}

/** Check the screen: {"English": "where, and the line it is on"} for what is found there. */
function checkScreen(screen) {
    const { found, others } = englishOnScreen();
    if (others.size) {
        console.log(`xinfang role tour: other ASCII words on ${screen}: ${[...others].sort().join(", ")}`);
    }
    const problems = {};
    for (const [term, { origins, context }] of found) {
        problems[`"${term}" (${origins.join(", ")})`] = `on ${screen}: «${context}»`;
    }
    return problems;
}

function fail(problems) {
    const lines = Object.entries(problems).map(([term, where]) => `${term} ${where}`);
    if (lines.length && session.xinfang_english_survey) {
        // survey mode (XINFANG_TOUR_SURVEY=1): list everything, fail nothing
        console.log(`xinfang role tour: English on a Chinese screen:\n  ${lines.join("\n  ")}`);
    } else if (lines.length) {
        throw new Error(`English on a Chinese screen:\n  ${lines.join("\n  ")}`);
    }
}

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 20)));

async function until(condition, what) {
    for (let i = 0; i < 250; i++) {
        if (condition()) {
            return;
        }
        await nextFrame();
    }
    throw new Error(`Timed out waiting for ${what}`);
}

// --- moving around --------------------------------------------------------------------------------

const CURRENT = ".o_action_manager > .o_action";
// the controller shown after the last navigation (a new one replaces the remembered one)
const fresh = (viewType, inside = "") =>
    `${CURRENT}.o_${viewType}_view:not([data-xf-seen])${inside ? " " + inside : ""}`;

const remember = () => ({
    content: "Remember the screen shown now",
    trigger: ".o_action_manager",
    run() {
        for (const el of document.querySelectorAll(CURRENT)) {
            el.dataset.xfSeen = "1";
        }
    },
});

/** Open a menu of the app: a section of the navbar, or an entry of a section's dropdown. */
function openMenu(xmlid, section = null) {
    const steps = [remember()];
    if (section) {
        steps.push({
            content: `Open the navbar section ${section}`,
            trigger: `.o_main_navbar .o_menu_sections [data-menu-xmlid='${section}']`,
            run: "click",
        });
        steps.push({
            content: `Open the menu ${xmlid}`,
            trigger: `.dropdown-menu [data-menu-xmlid='${xmlid}']`,
            run: "click",
        });
    } else {
        steps.push({
            content: `Open the menu ${xmlid}`,
            trigger: `.o_main_navbar .o_menu_sections [data-menu-xmlid='${xmlid}']`,
            run: "click",
        });
    }
    return steps;
}

function switchView(viewType) {
    return [
        remember(),
        {
            content: `Switch to the ${viewType} view`,
            trigger: `.o_control_panel .o_switch_view.o_${viewType}`,
            run: "click",
        },
    ];
}

function openFirstRecord(viewType) {
    const record = viewType === "kanban" ? ".o_kanban_record:not(.o_kanban_ghost)" : ".o_data_row .o_data_cell";
    return [
        remember(),
        { content: `Open the first record of the ${viewType}`, trigger: `${CURRENT}.o_${viewType}_view ${record}`, run: "click" },
    ];
}

// --- checking a screen ------------------------------------------------------------------------------

/** Wait for ``ready`` in the screen just opened, then check its text. */
function check(screen, viewType, ready = "") {
    return {
        content: `No English on ${screen}`,
        trigger: fresh(viewType, ready),
        run: () => fail(checkScreen(screen)),
    };
}

/** A form: wait for the record and its chatter, then check it, and every tab of its notebook. */
function checkForm(screen) {
    return [
        { content: `${screen} is shown`, trigger: fresh("form", ".o_form_sheet") },
        {
            content: `The chatter of ${screen} is loaded`,
            // no chatter, or its messages (or the empty thread's notice) are shown: it has loaded
            trigger: [
                `${CURRENT}.o_form_view:not(:has(.o-mail-Chatter))`,
                `${CURRENT}.o_form_view .o-mail-Chatter .o-mail-Message`,
                `${CURRENT}.o_form_view .o-mail-Chatter .o-mail-Thread-empty > *`,
            ].join(", "),
        },
        {
            content: `No English on ${screen} and its tabs`,
            trigger: fresh("form", ".o_form_sheet"),
            async run() {
                let problems = checkScreen(screen);
                const tabs = document.querySelectorAll(
                    `${CURRENT}.o_form_view .o_notebook:not(.o_notebook .o_notebook) > .o_notebook_headers .nav-link`
                );
                for (const tab of tabs) {
                    if (!isShown(tab)) {
                        continue;
                    }
                    tab.click();
                    await until(() => tab.classList.contains("active"), `the tab ${tab.innerText}`);
                    await nextFrame();
                    // the first place a word is seen is enough to find it
                    problems = { ...checkScreen(`${screen}, tab ${tab.innerText.trim()}`), ...problems };
                }
                fail(problems);
            },
        },
    ];
}

const listHasRows = ".o_data_row";
const kanbanHasCards = ".o_kanban_record:not(.o_kanban_ghost)";

/** A list with records, its kanban, and a record opened from the kanban. */
function listKanbanForm(name) {
    return [
        check(`${name} (list)`, "list", listHasRows),
        ...switchView("kanban"),
        check(`${name} (kanban)`, "kanban", kanbanHasCards),
        ...openFirstRecord("kanban"),
        ...checkForm(`${name} (form)`),
    ];
}

function listAndForm(name) {
    return [
        check(`${name} (list)`, "list", listHasRows),
        ...openFirstRecord("list"),
        ...checkForm(`${name} (form)`),
    ];
}

/** The check finds a label of ours put on the screen (the tours cannot pass by finding nothing). */
function selfTest() {
    return {
        content: "The check finds an English label",
        trigger: ".o_action_manager",
        run() {
            const term = Object.entries(session.xinfang_english_terms || {}).find(
                ([label, origins]) => label.length <= MAX_LABEL && origins.includes("xinfang_petition")
            )?.[0];
            const probe = document.createElement("div");
            probe.textContent = `测试 ${term} 测试`;
            document.querySelector(".o_action_manager").prepend(probe);
            try {
                const found = Object.keys(checkScreen("the self-test"));
                if (!term || !found.some((key) => key.startsWith(`"${term}"`))) {
                    throw new Error(`The check did not find "${term}" on the screen`);
                }
            } finally {
                probe.remove();
            }
        },
    };
}

const P = "xinfang_petition.";
const S = "xinfang_supervision.";
const PETITIONS = `${P}menu_xinfang_petitions`;

function roleTour(name, steps) {
    registry.category("web_tour.tours").add(name, {
        steps: () => [
            { content: "The web client is loaded", trigger: ".o_main_navbar .o_menu_sections" },
            selfTest(),
            ...steps,
        ],
    });
}

// The office staff: petitions, petitioners, assignments, extensions.
roleTour("xinfang_role_staff_tour", [
    ...openMenu(`${P}menu_xinfang_petition`, PETITIONS),
    ...listKanbanForm("Petitions"),
    ...openMenu(`${P}menu_xinfang_petitioner`, PETITIONS),
    ...listAndForm("Petitioners"),
    ...openMenu(`${P}menu_xinfang_assignment`, PETITIONS),
    ...listAndForm("Assignments"),
    ...openMenu(`${P}menu_xinfang_extension`, PETITIONS),
    ...listAndForm("Extensions"),
    // last: the empty form of a new petition (its placeholders), left unsaved when the tour ends
    ...openMenu(`${P}menu_xinfang_petition`, PETITIONS),
    { content: "The petitions are listed", trigger: fresh("list", listHasRows) },
    remember(),
    { content: "New petition", trigger: ".o_control_panel_main_buttons .o_list_button_add", run: "click" },
    ...checkForm("a new petition (form)"),
]);

// A handler of a unit: the petitions assigned to him, his assignments.
roleTour("xinfang_role_handler_tour", [
    ...openMenu(`${P}menu_xinfang_petition_my_assigned`, PETITIONS),
    ...listKanbanForm("My Assigned Petitions"),
    ...openMenu(`${P}menu_xinfang_assignment`, PETITIONS),
    ...listAndForm("Assignments"),
]);

// A leader: the approval inbox (待我审批), the extension waiting there, the petitions.
roleTour("xinfang_role_leader_tour", [
    ...openMenu(`${P}menu_xinfang_approval`),
    check("Awaiting My Approval (list)", "list", listHasRows),
    ...openFirstRecord("list"),
    ...checkForm("the extension to approve (form)"),
    {
        content: "The leader can approve it here",
        trigger: `${CURRENT}.o_form_view button[name='validate_tier']`,
    },
    ...openMenu(`${P}menu_xinfang_petition`, PETITIONS),
    ...listKanbanForm("Petitions"),
    ...openMenu(`${S}menu_xinfang_leader_case`, `${S}menu_xinfang_supervision`),
    check("Leader Cases (list)", "list"),
]);

// A village mediator: the petitions of the own village.
roleTour("xinfang_role_mediator_tour", [
    ...openMenu(`${P}menu_xinfang_petition`, PETITIONS),
    ...listKanbanForm("Petitions of the village"),
    ...openMenu(`${P}menu_xinfang_petitioner`, PETITIONS),
    ...listAndForm("Petitioners"),
]);

// Finance: the budget and its lines.
roleTour("xinfang_role_finance_tour", [
    ...openMenu(`${S}menu_xinfang_budget_budgets`, `${S}menu_xinfang_budget`),
    ...listAndForm("Budgets"),
    ...openMenu(`${S}menu_xinfang_budget_lines`, `${S}menu_xinfang_budget`),
    ...listAndForm("Budget Lines"),
]);

// The office director: the configuration, the budget, the petitions.
roleTour("xinfang_role_director_tour", [
    ...openMenu(`${P}menu_xinfang_category`, `${P}menu_xinfang_config`),
    ...listAndForm("Categories"),
    ...openMenu(`${P}menu_xinfang_units`, `${P}menu_xinfang_config`),
    ...listAndForm("Units and Villages"),
    ...openMenu(`${S}menu_xinfang_escalation_rule`, `${P}menu_xinfang_config`),
    // edited in the list itself
    check("Collective Visit Rules (list)", "list", listHasRows),
    ...openMenu(`${S}menu_xinfang_budget_budgets`, `${S}menu_xinfang_budget`),
    ...listAndForm("Budgets"),
    ...openMenu(`${P}menu_xinfang_petition`, PETITIONS),
    ...listKanbanForm("Petitions"),
]);
