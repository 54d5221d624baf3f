from odoo import models
from odoo.exceptions import UserError


class XinfangCaseNoteKeeping(models.AbstractModel):
    """The notes in the history of a case are kept.

    The chatter's delete button on a note does not unlink it: it empties the body and drops the
    attachments through ``_message_update_content``. On a case that is the same loss as a delete.
    List this mixin before ``mail.thread`` in ``_inherit``: it overrides the thread's check.
    """

    _name = "xinfang.case.note.keeping"
    _description = "Case Notes Kept"

    def _check_can_update_message_content(self, messages):
        if not self._case_notes_editable():
            raise UserError(self.env._(
                "Notes in the history of a case cannot be edited or emptied; post a correction instead."))
        return super()._check_can_update_message_content(messages)

    def _case_notes_editable(self):
        """Hook: whether the notes of these records may still be edited (never, by default)."""
        return False
