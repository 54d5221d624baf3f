"""19.0.1.2.0: the same matter is refused again by a person, and the review windows run from receipt.

Before, registration refused by itself (不再受理, ``no_reaccept``) a petition of a person whose earlier
petition of the same category was concluded on re-review, and the reply (or the review decision) opened
the 30-day window to request a review (or a re-review) on its own date. Now the office takes the
refusal as an explicit step, and the windows run from the day the petitioner received the written
decision (``reply_received_date``, ``review_decision_received_date``).

Nothing decided changes:

* petitions refused at registration as "not accepted again" stay refused, with their link to the
  original and their reason; their notice still cites the original;
* replied or closed petitions keep the window set from the decision's date, open or passed: they were
  served under it. The portal records no receipt where such a window runs, and the office may still
  record the actual receipt, from which the window then runs.

The fields are new columns, so the update leaves every stored value as it was; this script only notes
on each petition whose window is still open why its deadline runs without a recorded receipt.
"""

import logging

from odoo import SUPERUSER_ID, api
from odoo.addons.xinfang_petition.models.res_company import township_today

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    Petition = env["xinfang.petition"].with_context(active_test=False, tracking_disable=True)
    today = township_today(Petition)
    open_review = Petition.search([
        ("state", "in", ("replied", "closed")), ("review_date", "=", False), ("review_request_date", "=", False),
        ("reply_received_date", "=", False), ("review_request_deadline", ">=", today),
    ])
    open_re_review = Petition.search([
        ("state", "=", "closed"), ("review_date", "!=", False), ("re_review_request_date", "=", False),
        ("review_decision_received_date", "=", False), ("re_review_request_deadline", ">=", today),
    ])
    for petition in open_review:
        petition.message_post(body=env._(
            "The review window was set from the reply date (%(date)s) before receipts were recorded: it is "
            "kept until %(deadline)s. Recording the receipt of the reply makes it run from the receipt.",
            date=petition.reply_date, deadline=petition.review_request_deadline), subtype_xmlid="mail.mt_note")
    for petition in open_re_review:
        petition.message_post(body=env._(
            "The re-review window was set from the review decision date (%(date)s) before receipts were "
            "recorded: it is kept until %(deadline)s. Recording the receipt of the review decision makes it "
            "run from the receipt.",
            date=petition.review_date, deadline=petition.re_review_request_deadline), subtype_xmlid="mail.mt_note")
    kept = Petition.search_count([("no_reaccept", "=", True)])
    _logger.info("xinfang_petition 19.0.1.2.0: %s petitions not accepted again kept as decided; review windows "
                 "kept from the decision date on %s open petitions", kept, len(open_review) + len(open_re_review))
