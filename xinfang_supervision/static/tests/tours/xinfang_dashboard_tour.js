import { registry } from "@web/core/registry";

// The petition dashboard opens in the Dashboards app and its headline cells evaluate in the browser:
// the test registered two petitions this month and reported one open collective visit (see
// tests/test_dashboard.py, TestDashboardTour).
const EXPECTED = {
    B6: 2, // petitions registered in the selected period (this month)
    C6: 0, // ... in the previous period
    B10: 1, // open collective visits
    B8: 0, // local resolution rate: nothing closed yet
    B13: 0, // overdue
};

function columnRow(ref) {
    const [, letters, digits] = ref.match(/^([A-Z]+)(\d+)$/);
    return { col: letters.charCodeAt(0) - 65, row: Number(digits) - 1 };
}

async function evaluatedCells(refs) {
    const loader = odoo.__WOWL_DEBUG__.root.env.services.spreadsheet_dashboard_loader;
    for (let attempt = 0; attempt < 80; attempt++) {
        const model = loader.getActiveDashboard()?.model;
        if (model) {
            const sheetId = model.getters.getActiveSheetId();
            const values = Object.fromEntries(
                refs.map((ref) => [
                    ref,
                    model.getters.getEvaluatedCell({ sheetId, ...columnRow(ref) }).value,
                ])
            );
            if (Object.values(values).every((value) => typeof value === "number")) {
                return values;
            }
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error("The dashboard's headline cells did not evaluate to numbers");
}

// Every cell of the sheet once the pivots have loaded: no formula may end in an error (#ERROR, a
// pivot whose field or domain the server refuses, a #SPILL of one table over another).
async function cellErrors() {
    const model = odoo.__WOWL_DEBUG__.root.env.services.spreadsheet_dashboard_loader.getActiveDashboard().model;
    const sheetId = model.getters.getActiveSheetId();
    const positions = [];
    for (let row = 0; row < model.getters.getNumberRows(sheetId); row++) {
        for (let col = 0; col < model.getters.getNumberCols(sheetId); col++) {
            positions.push({ sheetId, col, row });
        }
    }
    for (let attempt = 0; attempt < 80; attempt++) {
        const cells = positions.map((position) => [position, model.getters.getEvaluatedCell(position)]);
        if (!cells.some(([, cell]) => cell.value === "Loading...")) {
            return cells
                .filter(([, cell]) => cell.type === "error")
                .map(([{ col, row }, cell]) => `${String.fromCharCode(65 + col)}${row + 1}: ${cell.value} ${cell.message || ""}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error("The dashboard's pivots did not load");
}

registry.category("web_tour.tours").add("xinfang_dashboard_tour", {
    url: "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action",
    steps: () => [
        {
            content: "Open the petition dashboard",
            trigger: ".o_search_panel_category_value:contains('Petitions')",
            run: "click",
        },
        {
            content: "The dashboard is rendered",
            trigger: ".o_search_panel_category_value.active:contains('Petitions')",
        },
        {
            content: "The spreadsheet grid is shown",
            trigger: ".o_renderer .o-grid",
            async run() {
                const values = await evaluatedCells(Object.keys(EXPECTED));
                for (const [ref, expected] of Object.entries(EXPECTED)) {
                    if (values[ref] !== expected) {
                        throw new Error(`Cell ${ref}: expected ${expected}, got ${values[ref]}`);
                    }
                }
                const errors = await cellErrors();
                if (errors.length) {
                    throw new Error(`Cells in error: ${errors.join("; ")}`);
                }
            },
        },
    ],
});
