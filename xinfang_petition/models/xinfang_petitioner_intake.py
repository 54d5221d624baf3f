from odoo import api, models
from odoo.tools import plaintext2html


class XinfangPetitioner(models.Model):
    _inherit = "xinfang.petitioner"

    @api.model
    def _find_or_create_for_intake(self, name, phone=False, email=False, id_number=False):
        """The person of a petition received by API: the same person stays one record.

        Matched in the current company's register: by resident ID number with the same name, else by
        the same name and phone. A found record only gets its blanks filled (phone, e-mail); nothing on
        record is overwritten. Confidential people (accusers) are never matched, so an ordinary petition
        cannot be tied to a sealed identity; an ID number already on record under another name or under
        a sealed person is not stored again: a new record without it is created and the office is asked
        to verify the identity.

        Call it in the intake environment (``xinfang.petition._online_intake_env()``): the search must
        see the whole register, and nothing found is returned to the API client.

        :raise ValidationError: an invalid name, phone or ID number
        """
        vals = self._prepare_vals({"name": name, "phone": phone, "id_number": id_number})
        name = vals["name"].strip()
        phone, id_number = vals.get("phone") or False, vals.get("id_number") or False
        register = self.with_context(active_test=True)
        company = [("company_id", "=", self.env.company.id)]
        person, note = self.browse(), False
        if id_number:
            holder = register.search(company + [("id_number", "=", id_number)], limit=1)
            if holder and holder.name == name and not holder.confidential:
                person = holder
            elif holder:
                id_number = False
                note = self.env._(
                    "The resident ID number given by the API client (%(number)s) belongs to another petitioner "
                    "record: verify the identity before merging the records.",
                    number=vals["id_number"])
        if not person and phone:
            person = register.search(company + [
                ("name", "=", name), ("phone", "=", phone), ("confidential", "=", False)], order="id", limit=1)
        if person:
            given = {"phone": phone, "email": email, "id_number": id_number}
            blanks = {key: value for key, value in given.items() if value and not person[key]}
            if blanks:
                person.write(blanks)
            return person
        person = self.create({"name": name, "phone": phone, "email": email or False, "id_number": id_number})
        if note:
            person.message_post(body=plaintext2html(note), subtype_xmlid="mail.mt_note")
        return person
