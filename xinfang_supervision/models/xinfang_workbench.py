"""The start page of the petition app (今日工作台): what the user has to see to today.

One read-only method feeds the whole page. Each figure is computed with the user's own access (no
sudo): a handler counts only the petitions the record rules show them, and a section whose model the
user may not read is left out (None), not shown empty. Each figure carries the action that lists exactly
the records it counts (the same domain), so a click never shows more or fewer than the number.

Performance: a constant number of queries whatever the number of petitions (aggregates by
``_read_group``/``search_count``, short lists with a limit). The deadline figures range over
``current_deadline``, which is set only while a petition's clock runs, and is indexed: the overdue count
reads the overdue petitions and nothing else, the due-soon count three days of deadlines.
"""

from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.xinfang_petition.models.res_company import township_today
from odoo.addons.xinfang_petition.rules import OPEN_STATES

from .xinfang_collective_visit import CLOSED_STATES

LIST_LIMIT = 5
VISIT_LIMIT = 10


class XinfangWorkbench(models.AbstractModel):
    _name = "xinfang.workbench"
    _description = "Petition Start Page"

    @api.model
    @api.readonly  # pure reads: served by a read replica when one is configured
    def get_today(self):
        """The sections of the start page for the current user (see the module docstring)."""
        today = township_today(self)
        return {
            "today": fields.Date.to_string(today),
            "reception": self._section_reception(today),
            "activities": self._section_activities(today),
            "deadlines": self._section_deadlines(today),
            "approvals": self._section_approvals(),
            "visits": self._section_visits(),
        }

    # ------------------------------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------------------------------
    @api.model
    def _list_action(self, model, domain, name):
        """What a click opens: the list of ``model`` filtered by ``domain`` (JSON-safe values)."""
        return {"res_model": model, "domain": domain, "name": name}

    @api.model
    def _form_action(self, model, res_id, name):
        return {"res_model": model, "res_id": res_id, "name": name}

    @api.model
    def _readable(self, model):
        return model in self.env and self.env[model].has_access("read")

    # ------------------------------------------------------------------------------------------
    # sections
    # ------------------------------------------------------------------------------------------
    @api.model
    def _reception_domain(self, today):
        tomorrow = today + timedelta(days=1)
        return [
            ("date", ">=", fields.Date.to_string(today)), ("date", "<=", fields.Date.to_string(tomorrow)),
            ("company_id", "=", self.env.company.id),
        ]

    @api.model
    def _section_reception(self, today):
        """Today's and tomorrow's reception leader, time and place (the published roster for most)."""
        if not self._readable("xinfang.reception.day"):
            return None
        Day = self.env["xinfang.reception.day"]
        domain = self._reception_domain(today)
        days = []
        # search_read: the leader's name and position as the roster form shows them to every employee
        # (the many2one's display name and the related job title), one query for both days
        for row in Day.search_read(domain, ["date", "leader_id", "leader_job", "time_from", "time_to", "place"],
                                   order="date", limit=2):
            days.append({
                "id": row["id"],
                "date": fields.Date.to_string(row["date"]),
                "is_today": row["date"] == today,
                "leader": row["leader_id"][1] if row["leader_id"] else "",
                "job": row["leader_job"] or "",
                "time_from": Day._format_time(row["time_from"]),
                "time_to": Day._format_time(row["time_to"]),
                "place": row["place"],
                "action": self._form_action("xinfang.reception.day", row["id"], self.env._("Reception Day")),
            })
        return {
            "days": days,
            "action": self._list_action("xinfang.reception.day", domain, self.env._("Reception Days")),
        }

    @api.model
    def _activities_domain(self, today):
        return [
            ("user_id", "=", self.env.uid),
            ("date_deadline", "<=", fields.Date.to_string(today)),
            ("res_model", "=like", "xinfang.%"),
        ]

    @api.model
    def _section_activities(self, today):
        """The user's activities on petition records due today or earlier, oldest first."""
        Activity = self.env["mail.activity"]
        domain = self._activities_domain(today)
        overdue_domain = domain + [("date_deadline", "<", fields.Date.to_string(today))]
        items = []
        for activity in Activity.search(domain, order="date_deadline, id", limit=LIST_LIMIT):
            items.append({
                "id": activity.id,
                "title": activity.res_name or "",
                "summary": activity.summary or activity.activity_type_id.name or "",
                "date": fields.Date.to_string(activity.date_deadline),
                "overdue": activity.date_deadline < today,
                "action": self._form_action(activity.res_model, activity.res_id, activity.res_name or ""),
            })
        return {
            "count": Activity.search_count(domain),
            "overdue": Activity.search_count(overdue_domain),
            "items": items,
            "action": self._list_action("mail.activity", domain, self.env._("My Activities Due")),
            "action_overdue": self._list_action("mail.activity", overdue_domain, self.env._("My Overdue Activities")),
        }

    @api.model
    def _deadline_domains(self, today):
        """(overdue, due soon) domains of the open petitions, by the clock of their current state."""
        near_days = self.env["xinfang.petition"]._get_param("near_due_days", 3)
        horizon = today + timedelta(days=near_days)
        base = [("state", "in", list(OPEN_STATES))]
        overdue = base + [("current_deadline", "<", fields.Date.to_string(today))]
        due_soon = base + [
            ("current_deadline", ">=", fields.Date.to_string(today)),
            ("current_deadline", "<=", fields.Date.to_string(horizon)),
        ]
        return overdue, due_soon, near_days

    @api.model
    def _section_deadlines(self, today):
        """Overdue and due-soon open petitions the user may see, in all and by lead unit."""
        if not self._readable("xinfang.petition"):
            return None
        Petition = self.env["xinfang.petition"]
        overdue, due_soon, near_days = self._deadline_domains(today)
        units = {}
        for key, domain in (("overdue", overdue), ("due_soon", due_soon)):
            for unit, count in Petition._read_group(domain, ["lead_unit_id"], ["__count"]):
                row = units.setdefault(unit.id, {"overdue": 0, "due_soon": 0})
                row[key] = count
        # the names of the units of both counts in one read: each _read_group prefetches only its own
        # units, so a unit with petitions due soon but none overdue cost a second query (the count then
        # depended on the data, not only on the page)
        unit_records = self.env["hr.department"].browse([unit_id for unit_id in units if unit_id])
        names = {unit.id: unit.display_name for unit in unit_records}
        rows = []
        for unit_id, row in units.items():
            name = names[unit_id] if unit_id else self.env._("Not assigned yet")
            unit_domain = [("lead_unit_id", "=", unit_id or False)]
            rows.append({
                "unit_id": unit_id or False,
                "name": name,
                "overdue": row["overdue"],
                "due_soon": row["due_soon"],
                "action_overdue": self._list_action(
                    "xinfang.petition", overdue + unit_domain,
                    self.env._("Overdue Petitions: %(unit)s", unit=name)),
                "action_due_soon": self._list_action(
                    "xinfang.petition", due_soon + unit_domain,
                    self.env._("Petitions Due Soon: %(unit)s", unit=name)),
            })
        rows.sort(key=lambda r: (-r["overdue"], -r["due_soon"], r["name"]))
        return {
            "overdue": sum(r["overdue"] for r in rows),
            "due_soon": sum(r["due_soon"] for r in rows),
            "near_days": near_days,
            "units": rows,
            "action_overdue": self._list_action("xinfang.petition", overdue, self.env._("Overdue Petitions")),
            "action_due_soon": self._list_action("xinfang.petition", due_soon, self.env._("Petitions Due Soon")),
        }

    @api.model
    def _section_approvals(self):
        """Extensions and assignments waiting for the user's approval: the "Awaiting My Approval" inbox
        (``xinfang.approval``: pending or waiting tier reviews the user can act on; its record rule keeps
        each reviewer to their own)."""
        if not self._readable("xinfang.approval"):
            return None
        domain = []
        return {
            "count": self.env["xinfang.approval"].search_count(domain),
            "action": self._list_action("xinfang.approval", domain, self.env._("Awaiting My Approval")),
        }

    @api.model
    def _visit_clock(self, visit):
        """(what is timed, deadline) of the clock still running on ``visit``, else (False, False)."""
        if visit["arrival_status"] == "waiting" and visit["arrival_deadline"]:
            return "arrival", visit["arrival_deadline"]
        if visit["departure_status"] == "waiting" and visit["departure_deadline"]:
            return "departure", visit["departure_deadline"]
        return False, False

    @api.model
    def _section_visits(self):
        """Collective visits not closed, with the minutes left on their running clock (negative: late)."""
        if not self._readable("xinfang.collective.visit"):
            return None
        Visit = self.env["xinfang.collective.visit"]
        domain = [("state", "not in", list(CLOSED_STATES))]
        now = fields.Datetime.now()
        state_labels = dict(Visit._fields["state"]._description_selection(self.env))
        destinations = dict(Visit._fields["destination_level"]._description_selection(self.env))
        items = []
        fnames = ["name", "subject", "head_count", "destination_level", "state", "arrival_deadline",
                  "departure_deadline", "arrival_status", "departure_status"]
        for visit in Visit.search_read(domain, fnames, order="notified_at desc, id desc", limit=VISIT_LIMIT):
            clock, deadline = self._visit_clock(visit)
            items.append({
                "id": visit["id"],
                "name": visit["name"],
                "subject": visit["subject"],
                "head_count": visit["head_count"],
                "destination": destinations.get(visit["destination_level"], ""),
                "state": state_labels.get(visit["state"], ""),
                "clock": clock,
                "deadline": fields.Datetime.to_string(deadline) if deadline else None,
                "minutes_left": int((deadline - now).total_seconds() // 60) if deadline else None,
                "action": self._form_action("xinfang.collective.visit", visit["id"], visit["name"]),
            })
        return {
            "count": Visit.search_count(domain),
            "items": items,
            "action": self._list_action("xinfang.collective.visit", domain, self.env._("Open Collective Visits")),
        }
