from odoo import models
from odoo.exceptions import UserError


def refuse_note_edits(records):
    # The chatter's delete button on a note does not unlink it: it empties the body and drops the
    # attachments through _message_update_content. On a case that is the same loss as a delete.
    raise UserError(records.env._(
        "Notes in the history of a case cannot be edited or emptied; post a correction instead."))


class XinfangPetition(models.Model):
    _inherit = "xinfang.petition"

    def _check_can_update_message_content(self, messages):
        # A draft is not yet on record: its creator may still discard it whole.
        if any(petition.state != "draft" for petition in self):
            refuse_note_edits(self)
        return super()._check_can_update_message_content(messages)


class XinfangAssignment(models.Model):
    _inherit = "xinfang.assignment"

    def _check_can_update_message_content(self, messages):
        refuse_note_edits(self)


class XinfangExtension(models.Model):
    _inherit = "xinfang.extension"

    def _check_can_update_message_content(self, messages):
        refuse_note_edits(self)
