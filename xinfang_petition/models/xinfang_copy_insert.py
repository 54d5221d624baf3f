"""Batch creates sent to PostgreSQL by COPY instead of a multi-row INSERT.

Performance (make bench, import): an import (Odoo's Import of a spreadsheet, the township's history)
creates petitions by the thousand. Odoo's ``_create`` writes each batch as ``INSERT ... VALUES``
with every value quoted as an SQL literal in Python (psycopg2's tuple adapter) and parsed back by the
server: over a third of the time of a created petition. COPY sends the same values as text rows.

Only the transport changes. The rows hold what Odoo's INSERT would write (the same column
conversions; a column a row leaves out gets the column's default, as ``DEFAULT`` would), and the
rest are the steps of Odoo 19's ``_create`` (odoo/orm/models.py): the new records in the cache, the
inverse fields, the computed fields marked, x2many fields created, the Python constraints and the
access check. The database still checks every foreign key, unique index and CHECK constraint.
COPY goes to psycopg2's cursor directly: Odoo's query log and query count do not see it.
"""

import datetime
import io
from collections import defaultdict
from operator import attrgetter

from odoo import api, models
from odoo.orm.models import LOG_ACCESS_COLUMNS
from odoo.tools import SQL
from odoo.tools.misc import clean_context

# below this many rows a batch goes through Odoo's INSERT: a registration or a small batch
COPY_MIN_ROWS = 100


def copy_text(value):
    """``value`` as a field of COPY's text format; TypeError for what only the INSERT can carry."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):  # before int: bool is an int
        return "t" if value else "f"
    if isinstance(value, str):
        # str.replace, not str.translate: four C loops beat one Python lookup per character
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    if isinstance(value, (int, float, datetime.date)):  # datetime is a date; str() is ISO 8601
        return str(value)
    raise TypeError(value)


class XinfangCopyInsert(models.AbstractModel):
    _name = "xinfang.copy.insert"
    _description = "Batch creates by COPY"

    @api.model
    def _create(self, data_list):
        if len(data_list) < COPY_MIN_ROWS:
            return super()._create(data_list)
        batches = self._copy_batches(data_list)
        if batches is None:  # a value COPY cannot carry (JSON, binary): Odoo's INSERT
            return super()._create(data_list)

        cr = self.env.cr
        cr.execute(SQL("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                       self._table, len(data_list)))
        ids = [id_ for id_, in cr.fetchall()]
        for columns, rows in batches.items():
            text = "".join(f"{ids[index]}{line}\n" for index, line in rows)
            cr.copy_expert(
                SQL("COPY %s (%s) FROM STDIN",
                    SQL.identifier(self._table), SQL(", ").join(map(SQL.identifier, ("id", *columns)))).code,
                io.StringIO(text))
        return self._created(data_list, ids)

    @api.model
    def _copy_batches(self, data_list):
        """The rows as COPY text, grouped by the columns they give: ``{columns: [(index, line)]}``;
        None when a value is one that only an INSERT can carry."""
        batches = defaultdict(list)
        columns_of = {}  # the rows of an import give the same fields in the same order
        for index, data in enumerate(data_list):
            stored = data["stored"]
            fields = columns_of.get(tuple(stored))
            if fields is None:
                fields = [self._fields[fname] for fname in sorted(stored)]
                if any(field.type == "properties" for field in fields):
                    return None
                fields = columns_of[tuple(stored)] = [field for field in fields if field.column_type]
            try:
                line = "".join(
                    "\t" + copy_text(field.convert_to_column_insert(stored[field.name], self, stored))
                    for field in fields)
            except TypeError:
                return None
            batches[tuple(field.name for field in fields)].append((index, line))
        return batches

    @api.model
    def _created(self, data_list, ids):
        """What Odoo 19's ``_create`` does once the rows are inserted (odoo/orm/models.py): the same
        steps, with the empty fields put in the cache a field at a time."""
        other_fields = {
            self._fields[fname] for data in data_list for fname in data["stored"]
            if not self._fields[fname].column_type
        }
        # put the new records in cache, and update inverse fields, for many2one
        # (using bin_size=False to put binary values in the right place)
        records = self.browse(ids)
        inverses_update = defaultdict(list)     # {(field, value): ids}
        given_ids = defaultdict(list)           # {fields given: ids}
        for data, record in zip(data_list, records.with_context(bin_size=False), strict=True):
            data["record"] = record
            vals = dict({k: v for d in data["inherited"].values() for k, v in d.items()}, **data["stored"])
            given_ids[frozenset(vals)].append(record.id)
            for fname, value in vals.items():
                field = self._fields[fname]
                if field.type not in ("one2many", "many2many", "html"):
                    cache_value = field.convert_to_cache(value, record)
                    field._update_cache(record, cache_value)
                    if field.type in ("many2one", "many2one_reference") and self.pool.field_inverses[field]:
                        inverses_update[(field, cache_value)].append(record.id)

        # put None in cache for all fields that are not part of the INSERT: the same values as
        # Odoo's record-by-record loop, a field at a time for the records that left it out
        common_set_vals = set(LOG_ACCESS_COLUMNS + ["id", "parent_path"])
        for given, record_ids in given_ids.items():
            same = records.browse(record_ids).with_context(bin_size=False)
            for field in self._fields.values():
                if not field.store:
                    continue
                if field.type in ("one2many", "many2many"):
                    field._update_cache(same, ())
                elif field.name not in given and field.name not in common_set_vals:
                    field._update_cache(same, None)

        for (field, value), record_ids in inverses_update.items():
            field._update_inverses(self.browse(record_ids), value)

        # update parent_path
        records._parent_store_create()

        # protect fields being written against recomputation
        protected = [(data["protected"], data["record"]) for data in data_list]
        with self.env.protecting(protected):
            # mark computed fields as todo
            records.modified(self._fields, create=True)

            if other_fields:
                # discard default values from context for other fields
                others = records.with_context(clean_context(self.env.context))
                for field in sorted(other_fields, key=attrgetter("_sequence")):
                    field.create([
                        (other, data["stored"][field.name])
                        for other, data in zip(others, data_list, strict=True)
                        if field.name in data["stored"]
                    ])

                # mark fields to recompute
                records.modified([field.name for field in other_fields], create=True)

        # check Python constraints for stored fields
        records._validate_fields(name for data in data_list for name in data["stored"])
        records.check_access("create")
        return records
