from odoo import models
from odoo.addons.xinfang_petition.models.xinfang_petitioner import mask_id_number, mask_phone
from odoo.addons.xinfang_petition.models.xinfang_workflow_state import CONFIDENTIAL, STAFF
from odoo.exceptions import AccessError

# the petition's columns of the ledger, in order; the referral columns come when the fields exist
LEDGER_FIELDS = ("name", "registration_date", "channel", "head_count")
CASE_FIELDS = ("village_id", "category_id", "nature", "subject", "lead_unit_id", "acceptance_deadline",
               "handling_deadline", "current_deadline", "state", "reply_outcome", "close_result", "satisfaction")
REFERRAL_FIELDS = ("referral_kind", "referral_body_id", "external_number", "referral_date", "referral_deadline",
                   "report_back_due", "report_back_date")


class PetitionLedgerXlsx(models.AbstractModel):
    """The petition ledger (信访台账) as an Excel workbook: one row per petition, in the user's language.

    Personal data as in an export: the petitioner's resident ID number and phone are masked unless the
    user is in discipline inspection, a sealed (confidential) person shows as such, and the accuser of
    an accusation is a column only for discipline inspection.
    """

    _name = "report.xinfang_supervision.petition_ledger_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Petition Ledger (Excel)"

    def _field_header(self, model, fname):
        return self.env[model]._fields[fname]._description_string(self.env)

    def _getter(self, fname):
        """A function of a petition: the field's value as text, number or date, a selection by its label
        in the user's language."""
        field = self.env["xinfang.petition"]._fields[fname]
        if field.type == "selection":
            labels = dict(field._description_selection(self.env))
            return lambda petition: labels.get(petition[fname], "") if petition[fname] else ""
        if field.type == "many2one":
            return lambda petition: petition[fname].display_name or ""
        if field.type == "integer":
            return lambda petition: petition[fname]
        return lambda petition: petition[fname] or ""

    def _person_columns(self):
        """(header, function of a readable petitioner) for the petitioner's name, ID number and phone."""
        sealed = not self.env.user.has_group(CONFIDENTIAL)
        mask_id = mask_id_number if sealed else (lambda number: number)
        mask_tel = mask_phone if sealed else (lambda phone: phone)
        return [
            (self._field_header("xinfang.petition", "petitioner_id"), lambda person: person.display_name),
            (self._field_header("xinfang.petitioner", "id_number"), lambda person: mask_id(person.id_number) or ""),
            (self._field_header("xinfang.petitioner", "phone"), lambda person: mask_tel(person.phone) or ""),
        ]

    def _columns(self):
        """(header, function of a petition) for every column of the ledger."""
        # the referral fields come with the referral concern of xinfang_petition, where it is installed
        referral = [f for f in REFERRAL_FIELDS if f in self.env["xinfang.petition"]._fields]
        columns = [(self._field_header("xinfang.petition", f), self._getter(f)) for f in LEDGER_FIELDS]
        for index, (header, get) in enumerate(self._person_columns()):
            columns.append((header, lambda p, get=get, name=not index: self._person_value(p.petitioner_id, get, name)))
        if self.env.user.has_group(CONFIDENTIAL):
            columns.append((self._field_header("xinfang.petition", "accuser_id"),
                            lambda p: self._person_value(p.accuser_id, lambda person: person.display_name, True)))
        columns += [(self._field_header("xinfang.petition", f), self._getter(f)) for f in CASE_FIELDS + tuple(referral)]
        return columns

    def _person_value(self, person, get, name):
        """``get(person)``; for a person the user may not read (who once accused someone), the record
        rules keep everything: the name column says so, the others stay empty."""
        if not person:
            return ""
        if not person._filtered_access("read"):
            return self.env._("Confidential Person") if name else ""
        return get(person)

    def _formats(self, workbook):
        return {
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "header": workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}),
            "cell": workbook.add_format({"border": 1, "valign": "top"}),
            "date": workbook.add_format({"border": 1, "valign": "top", "num_format": "yyyy-mm-dd"}),
        }

    def generate_xlsx_report(self, workbook, data, objs):
        # the ledger is the office's register (its Print menu entry shows to the office only)
        if not self.env.su and not self.env.user.has_group(STAFF):
            raise AccessError(self.env._("Only the petition office prints the petition ledger."))
        title = self.env._("Petition Ledger")
        sheet = workbook.add_worksheet(title)
        styles = self._formats(workbook)
        columns = self._columns()
        sheet.write(0, 0, title, styles["title"])
        for col, (header, _get) in enumerate(columns):
            sheet.write(2, col, header, styles["header"])
            sheet.set_column(col, col, 14)
        sheet.freeze_panes(3, 1)
        for row, petition in enumerate(objs.sorted(lambda p: (p.registration_date, p.id)), start=3):
            for col, (_header, get) in enumerate(columns):
                value = get(petition)
                if hasattr(value, "isoformat"):
                    sheet.write_datetime(row, col, value, styles["date"])
                else:
                    sheet.write(row, col, value, styles["cell"])
