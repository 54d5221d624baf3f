import { Component, onWillStart, onWillUnmount, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { deserializeDate, deserializeDateTime, formatDate } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { Layout } from "@web/search/layout";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

const { DateTime } = luxon;

/**
 * The petition app's start page (今日工作台): today's reception leader, my activities due, overdue and
 * due-soon petitions by lead unit, approvals waiting for me and the collective visits' running clocks.
 * One call (xinfang.workbench.get_today) feeds every section; each figure opens the list of exactly the
 * records it counts (the server sends the domain with the figure).
 */
export class XinfangWorkbench extends Component {
    static template = "xinfang_supervision.Workbench";
    static components = { Layout };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ data: null, now: DateTime.now() });
        onWillStart(() => this.load());
        // the collective visits' clocks count down without reloading the page
        const timer = setInterval(() => (this.state.now = DateTime.now()), 30000);
        onWillUnmount(() => clearInterval(timer));
    }

    async load() {
        this.state.data = await this.orm.call("xinfang.workbench", "get_today", []);
        this.state.now = DateTime.now();
    }

    formatDay(value) {
        return formatDate(deserializeDate(value));
    }

    dueSoonLabel(days) {
        return _t("Due within %(days)s days", { days });
    }

    overdueLabel(count) {
        return _t("%(count)s overdue", { count });
    }

    visitInfo(visit) {
        return _t("%(destination)s · %(count)s people · %(state)s", {
            destination: visit.destination,
            count: visit.head_count,
            state: visit.state,
        });
    }

    /** Minutes left on a visit's clock now (negative once late), from the deadline the server sent. */
    minutesLeft(visit) {
        if (!visit.deadline) {
            return null;
        }
        const deadline = deserializeDateTime(visit.deadline);
        return Math.floor(deadline.diff(this.state.now, "minutes").minutes);
    }

    clockText(visit) {
        const minutes = this.minutesLeft(visit);
        if (minutes === null) {
            return _t("No clock running");
        }
        const what = visit.clock === "departure" ? _t("departure") : _t("arrival");
        if (minutes >= 0) {
            return _t("%(minutes)s min left to %(what)s", { minutes, what });
        }
        return _t("%(what)s overdue by %(minutes)s min", { minutes: -minutes, what });
    }

    clockClass(visit) {
        const minutes = this.minutesLeft(visit);
        if (minutes === null) {
            return "text-bg-secondary";
        }
        if (minutes < 0) {
            return "text-bg-danger";
        }
        return minutes <= 15 ? "text-bg-warning" : "text-bg-success";
    }

    /** Open what a figure counts: a list (with the figure's domain) or one record's form. */
    open(target) {
        if (!target) {
            return;
        }
        if (target.res_id) {
            return this.action.doAction({
                type: "ir.actions.act_window",
                res_model: target.res_model,
                res_id: target.res_id,
                views: [[false, "form"]],
                name: target.name,
            });
        }
        return this.action.doAction({
            type: "ir.actions.act_window",
            res_model: target.res_model,
            domain: target.domain,
            views: [
                [false, "list"],
                [false, "form"],
            ],
            name: target.name,
        });
    }
}

registry.category("actions").add("xinfang_workbench", XinfangWorkbench);
