import logging
from datetime import date

from psycopg2 import errors
from psycopg2.extensions import ISOLATION_LEVEL_READ_COMMITTED

import odoo.modules.module
from odoo import models
from odoo.exceptions import ConcurrencyError, UserError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

DRAW_STATE = "xinfang.gap_free_draw"  # key in cr.postcommit.data: {(sequence id, year): highest committed}
# A draw that waits longer than this for the lock gives up as a concurrency error, which Odoo retries
# (service/model.py): it bounds the wait when two requests each hold what the other needs.
DRAW_LOCK_TIMEOUT = "10s"


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    def _create_date_range_seq(self, date):
        # The first numbers of a year (assignments) registered at the same moment both create the year's
        # date range; the loser hits the unique constraint and its user got an error. As a concurrency
        # error Odoo retries the request (service/model.py), and the retry uses the winner's range:
        # numbers stay gap-free and unique. Found by tests/test_concurrency.py.
        try:
            with self.env.cr.savepoint():
                return super()._create_date_range_seq(date)
        except errors.UniqueViolation as error:
            raise ConcurrencyError(f"concurrent creation of the {date} range of sequence {self.code}") from error

    def _draw_gap_free(self, model, sequence_date):
        """The next yearly number of this sequence for a record of ``model`` (held in its ``name``).

        Odoo's ``no_gap`` counter is a row each registration updates in its own REPEATABLE READ
        transaction: two overlapping registrations conflict on it whatever the order, and under load a
        request could fail after Odoo's five retries (make bench, web load). Here the number is the highest
        number already committed for the year, plus one, read under a lock that is held until the caller's
        transaction ends:

        - the lock and the read run on a side transaction in READ COMMITTED, so a concurrent draw waits
          for the lock, then reads the numbers committed meanwhile, instead of failing;
        - the side transaction ends right after the caller's (commit or rollback hooks), so the next draw
          sees this number once, and only if its record was committed;
        - nothing counts apart from the records: a rolled-back registration, a rolled-back savepoint or a
          process that died leaves no hole and no number drawn twice.

        The sequence gives the format (prefix, padding, suffix, its ``range_year``); its counter is unused.
        """
        self.ensure_one()
        year = sequence_date.year
        prefix, suffix = self.with_context(
            ir_sequence_date=sequence_date, ir_sequence_date_range=date(year, 1, 1))._get_prefix_suffix()

        def numbered(number):  # ir.sequence.get_next_char, without interpolating the prefix again
            return f"{prefix}{number:0{self.padding}d}{suffix}"

        lowest, highest = numbered(0), numbered(10 ** self.padding - 1)
        table = SQL.identifier(self.env[model]._table)
        highest_of = SQL(
            'SELECT name FROM %s WHERE name COLLATE "C" BETWEEN %s AND %s AND length(name) = %s'
            ' ORDER BY name COLLATE "C" DESC LIMIT 1', table, lowest, highest, len(lowest))
        key = (self.id, year)
        cr = self.env.cr
        draws = cr.postcommit.data.setdefault(DRAW_STATE, {})
        if key in draws:
            # this transaction drew before: its own numbers are uncommitted records, read here
            self.env[model].flush_model(["name"])
            cr.execute(highest_of)
            last = max(filter(None, (draws[key], (cr.fetchone() or [None])[0])), default=None)
        else:
            last = self._lock_and_read_committed(key, highest_of, draws, model)
        number = int(last[len(prefix):len(last) - len(suffix)]) + 1 if last else 1
        if number >= 10 ** self.padding:
            raise UserError(self.env._("The sequence %(sequence)s has no number left for %(year)s.",
                                       sequence=self.name, year=year))
        return numbered(number)

    def _lock_and_read_committed(self, key, highest_of, draws, model):
        """Take the draw lock on a side transaction held until the caller's ends; the highest number then."""
        cr = self.env.cr
        if odoo.modules.module.current_test:
            # a test never commits, and its records are only seen by its own transaction: it takes the lock
            self.env[model].flush_model(["name"])
            cr.execute(SQL("SELECT pg_advisory_xact_lock(%s, %s); %s", *key, highest_of))
            return (cr.fetchone() or [None])[0]
        side = self.env.registry.cursor()
        try:
            side.connection.set_isolation_level(ISOLATION_LEVEL_READ_COMMITTED)
            side.execute(SQL("SET LOCAL lock_timeout = %s; SELECT pg_advisory_xact_lock(%s, %s); %s",
                             DRAW_LOCK_TIMEOUT, *key, highest_of))
            highest = draws[key] = (side.fetchone() or [None])[0]
        except Exception:
            side.close()
            raise

        @cr.postcommit.add
        def release_after_commit():
            try:
                side.commit()
            except Exception:  # the caller committed already: its numbers are in; the lock goes with the side
                _logger.exception("Releasing the number lock after commit failed")
            finally:
                side.close()

        @cr.postrollback.add
        def release_after_rollback():
            side.close()  # rolls back: the lock is released

        return highest
