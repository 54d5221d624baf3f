from odoo import api, models, tools
from odoo.tools import SQL

from .auditlog_rule import IDENTITY_MODEL

# Models whose rows a file import audits once, for the whole file (auditlog.log._xinfang_log_file_import)
FILE_AUDITED_MODELS = {"xinfang.petition"}


class _FileImport:
    """The context value of a file import: ``with_context(xinfang_file_import=FILE_IMPORT)``.

    An object, not a flag: a JSON-RPC client can put ``xinfang_file_import: true`` in its context, but
    not this object, so no call from outside can switch the audit log of its writes off.
    """

    def __repr__(self):
        return "FILE_IMPORT"


FILE_IMPORT = _FileImport()
LOG_COLUMNS = ("name", "model_id", "model_name", "model_model", "res_id", "user_id", "method", "log_type",
               "http_request_id", "http_session_id", "xinfang_petitioner_id")
LINE_COLUMNS = ("field_id", "field_name", "field_description", "old_value", "new_value", "old_value_text",
                "new_value_text")


class AuditlogRule(models.Model):
    """The audit log of a create or a write, written with one statement.

    OCA auditlog looks its rule and excluded fields up, then creates the logs and their lines through
    the ORM on every audited call: 6 queries for one created petition, 4 for one write (make bench:
    a fifth of a registration's time). Here the rule and the fields' labels are cached per registry
    (cleared when a rule changes), and the logs and their lines go in with one ``INSERT`` each, in a
    single statement. The rows are the same as OCA's: the same values, the same identity blanking
    (``_prepare_log_line_vals_on_*``), the same HTTP request and session.
    """

    _inherit = "auditlog.rule"

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()

    @api.model
    @tools.ormcache("model_id")
    def _xinfang_rule_excluded(self, model_id):
        """Names of the fields the model's rule leaves out of its log lines (a tuple: cached)."""
        # sudo-safe: reads the audit configuration (which fields a rule leaves out), no record data
        rule = self.sudo().search([("model_id", "=", model_id)], limit=1)
        return tuple(rule.fields_to_exclude_ids.mapped("name"))

    @api.model
    @tools.ormcache("model_id", "self.env.lang")
    def _xinfang_field_labels(self, model_id):
        """{field id: (name, label in the current language)} of the model's fields, as log lines store them."""
        # sudo-safe: reads the field names and labels of the model (configuration), no record data
        model = self.env["ir.model"].sudo().browse(model_id)
        fields = self.env["ir.model.fields"].sudo().search(
            [("model_id", "in", [model.id, *model.inherited_model_ids.ids])])
        return {field.id: (field.name, field.field_description) for field in fields}

    def create_logs(self, uid, res_model, res_ids, method, old_values=None, new_values=None,
                    additional_log_values=None):
        if method not in ("create", "write"):
            return super().create_logs(uid, res_model, res_ids, method, old_values, new_values,
                                       additional_log_values)
        if self.env.context.get("xinfang_file_import") is FILE_IMPORT and res_model in FILE_AUDITED_MODELS:
            return None  # the import logs the file once: auditlog.log._xinfang_log_file_import
        old_values, new_values = old_values or {}, new_values or {}
        model_id = self.pool._auditlog_model_cache[res_model]
        excluded = list(self._xinfang_rule_excluded(model_id))
        # sudo-safe: the model's name and technical name for the log row, as auditlog's own create reads them
        model = self.env["ir.model"].sudo().browse(model_id)
        log_base = {
            "model_id": model_id, "model_name": model.name, "model_model": model.model, "method": method,
            "user_id": uid, "http_request_id": self.env["auditlog.http.request"].current_http_request(),
            "http_session_id": self.env["auditlog.http.session"].current_http_session(),
            **(additional_log_values or {}),
        }
        logs, lines = [], []
        records = self.env[res_model].browse(res_ids)
        for record in records:
            log_vals = {**log_base, "res_id": record.id}
            new, old = new_values.get(record.id, {}), old_values.get(record.id, {})
            if method == "create":
                commands = self._create_log_line_on_create(log_vals, list(new), new_values, excluded)
            else:
                changed = [name for name in new if name in old and new[name] != old[name]]
                commands = self._create_log_line_on_write(log_vals, changed, old_values, new_values, excluded)
            if not commands:
                continue
            is_person = res_model == IDENTITY_MODEL
            # a petitioner's log is labelled with the reference, never the person's name (auditlog_log.py)
            log_vals["name"] = f"{IDENTITY_MODEL},{record.id}" if is_person else record.display_name
            log_vals["xinfang_petitioner_id"] = record.id if is_person else None
            logs.append(log_vals)
            lines.extend((record.id, command[2]) for command in commands)
        if logs:
            self._xinfang_insert_logs(model_id, logs, lines)
        return None

    def _xinfang_insert_logs(self, model_id, logs, lines):
        """One statement: the logs (one per record) and their lines, joined on the record's id."""
        labels = self._xinfang_field_labels(model_id)
        Line = self.env["auditlog.log.line"]
        Log = self.env["auditlog.log"]

        def column(model, name, value):
            return model._fields[name].convert_to_column(value, model) if value not in (None, False) else None

        now, uid = self.env.cr.now(), self.env.uid
        log_rows = SQL(", ").join(
            SQL("(%s)", SQL(", ").join([column(Log, name, log.get(name)) for name in LOG_COLUMNS]
                                       + [uid, now, uid, now]))
            for log in logs)
        line_rows = SQL(", ").join(
            SQL("(%s)", SQL(", ").join([res_id, vals["field_id"], *labels[vals["field_id"]]]
                                       + [column(Line, name, vals.get(name)) for name in LINE_COLUMNS[3:]]))
            for res_id, vals in lines)
        self.env.cr.execute(SQL(
            """WITH logs AS (
                   INSERT INTO auditlog_log (%(log_columns)s, create_uid, create_date, write_uid, write_date)
                   VALUES %(log_rows)s RETURNING id, res_id)
               INSERT INTO auditlog_log_line (log_id, %(line_columns)s, create_uid, create_date, write_uid,
                                              write_date)
               SELECT logs.id, %(line_values)s, %(uid)s, %(now)s, %(uid)s, %(now)s
                 FROM (VALUES %(line_rows)s) AS line(res_id, %(line_columns)s)
                 JOIN logs ON logs.res_id = line.res_id""",
            log_columns=SQL(", ").join(map(SQL.identifier, LOG_COLUMNS)), log_rows=log_rows,
            line_columns=SQL(", ").join(map(SQL.identifier, LINE_COLUMNS)), line_rows=line_rows,
            line_values=SQL(", ").join(SQL.identifier("line", name) for name in LINE_COLUMNS),
            uid=uid, now=now,
        ))
