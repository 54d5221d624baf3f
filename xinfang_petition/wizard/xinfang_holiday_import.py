import base64
import csv
import io
from datetime import datetime

from odoo import fields, models
from odoo.exceptions import UserError

HOLIDAY_TYPES = ("holiday", "workday")


class XinfangHolidayImport(models.TransientModel):
    """Fill the holiday table from a CSV file (columns date,type,name) or from the ``holidays`` package's estimate."""

    _name = "xinfang.holiday.import"
    _description = "Import Holidays"

    source = fields.Selection(
        [("csv", "CSV File"), ("package", "Estimate for a Year")],
        required=True,
        default="csv",
        help="CSV File: the official schedule, one day per line with the columns date,type,name "
        "(type: holiday or workday).\n"
        "Estimate for a Year: statutory days computed by the 'holidays' Python package, marked provisional.",
    )
    csv_file = fields.Binary(string="CSV File", attachment=False)
    csv_filename = fields.Char(string="File Name")
    year = fields.Integer(default=lambda self: fields.Date.context_today(self).year + 1)
    provisional = fields.Boolean(
        string="Mark as Provisional",
        help="Tick when the file is an estimate rather than the State Council's published schedule.",
    )
    replace_provisional = fields.Boolean(
        string="Replace Provisional Days",
        default=True,
        help="Remove the provisional days of the imported years that the import does not list: "
        "the published schedule replaces the estimate.",
    )

    def action_import(self):
        self.ensure_one()
        if self.source == "csv":
            rows, provisional = self._parse_csv(), self.provisional
        else:
            rows, provisional = self._package_rows(), True
        holidays = self._apply(rows, provisional)
        action = self.env["ir.actions.act_window"]._for_xml_id("xinfang_petition.action_xinfang_holiday")
        action["domain"] = [("year", "in", sorted(set(holidays.mapped("year"))))]
        return action

    def _parse_csv(self):
        """Return ``{date: (holiday_type, name)}`` from the CSV file; refuse the whole file on any bad line."""
        if not self.csv_file:
            raise UserError(self.env._("Choose a CSV file to import."))
        try:
            text = base64.b64decode(self.csv_file).decode("utf-8-sig")
        except (ValueError, UnicodeDecodeError) as error:
            raise UserError(self.env._("The file is not a UTF-8 encoded CSV file.")) from error
        reader = csv.DictReader(io.StringIO(text))
        columns = {(column or "").strip().lower() for column in reader.fieldnames or []}
        if not {"date", "type"} <= columns:
            raise UserError(self.env._("The first line of the file must name the columns: date,type,name."))
        rows, errors = {}, []
        for row in reader:
            row = {(key or "").strip().lower(): (value or "").strip() for key, value in row.items() if key}
            if not any(row.values()):
                continue
            line = reader.line_num
            try:
                day = datetime.strptime(row["date"], "%Y-%m-%d").date()
            except ValueError:
                errors.append(
                    self.env._(
                        "Line %(line)s: %(value)r is not a date (expected YYYY-MM-DD).", line=line, value=row["date"]
                    )
                )
                continue
            holiday_type = row["type"].lower()
            if holiday_type not in HOLIDAY_TYPES:
                errors.append(
                    self.env._(
                        "Line %(line)s: unknown type %(value)r (expected holiday or workday).",
                        line=line,
                        value=row["type"],
                    )
                )
                continue
            if day in rows and rows[day][0] != holiday_type:
                errors.append(
                    self.env._(
                        "Line %(line)s: %(date)s is listed both as a holiday and as a make-up working day.",
                        line=line,
                        date=day,
                    )
                )
                continue
            rows[day] = (holiday_type, row.get("name") or self._default_name(holiday_type))
        if errors:
            raise UserError(self.env._("Nothing was imported:\n%(errors)s", errors="\n".join(errors)))
        if not rows:
            raise UserError(self.env._("The file lists no days."))
        return rows

    def _package_rows(self):
        """Return ``{date: (holiday_type, name)}`` estimated by the ``holidays`` package for the wizard's year."""
        try:
            import holidays  # only the estimate needs it: the rest of the module works without
        except ImportError as error:
            raise UserError(self.env._("The Python package 'holidays' is not installed on the server.")) from error
        official = (
            self.env["xinfang.holiday"]
            .with_context(active_test=False)
            .search_count([("year", "=", self.year), ("provisional", "=", False)], limit=1)
        )
        if official:
            raise UserError(
                self.env._(
                    "%(year)s already has a published schedule; an estimate would not replace it.", year=self.year
                )
            )
        try:
            calendar = holidays.country_holidays("CN", years=self.year, language="en_US")
        except NotImplementedError as error:
            raise UserError(self.env._("No estimate is available for %(year)s.", year=self.year)) from error
        rows = {day: ("holiday", name) for day, name in calendar.items()}
        rows.update(
            (day, ("workday", self._default_name("workday")))
            for day in calendar.weekend_workdays
            if day.year == self.year
        )
        if not rows:
            raise UserError(self.env._("No estimate is available for %(year)s.", year=self.year))
        return rows

    def _apply(self, rows, provisional):
        """Create or update one holiday row per day; return the rows."""
        Holiday = self.env["xinfang.holiday"].with_context(active_test=False)
        existing = {holiday.date: holiday for holiday in Holiday.search([("date", "in", list(rows))])}
        result, to_create = Holiday, []
        for day, (holiday_type, name) in sorted(rows.items()):
            vals = {"holiday_type": holiday_type, "name": name, "provisional": provisional, "active": True}
            if day in existing:
                existing[day].write(vals)
                result |= existing[day]
            else:
                to_create.append(dict(vals, date=day))
        result |= Holiday.create(to_create)
        if self.replace_provisional:
            years = list({day.year for day in rows})
            Holiday.search([("year", "in", years), ("provisional", "=", True), ("id", "not in", result.ids)]).unlink()
        return result

    def _default_name(self, holiday_type):
        return self.env._("Holiday") if holiday_type == "holiday" else self.env._("Make-up Working Day")
