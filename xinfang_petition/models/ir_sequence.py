from psycopg2 import errors

from odoo import models
from odoo.exceptions import ConcurrencyError


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    def _create_date_range_seq(self, date):
        # The first numbers of a year (petitions, assignments) registered at the same moment both create
        # the year's date range; the loser hits the unique constraint and its user got an error. As a
        # concurrency error Odoo retries the request (service/model.py), and the retry uses the winner's
        # range: numbers stay gap-free and unique. Found by tests/test_concurrency.py.
        try:
            with self.env.cr.savepoint():
                return super()._create_date_range_seq(date)
        except errors.UniqueViolation as error:
            raise ConcurrencyError(f"concurrent creation of the {date} range of sequence {self.code}") from error
