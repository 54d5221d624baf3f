from dateutil.relativedelta import relativedelta

from odoo import api, models
from odoo.tools import SQL

from ..rules import FINISHED_STATES
from .res_company import township_today

ANONYMISED_NAME = "已匿名"
PERSONAL_FIELDS = ("id_number", "phone", "address", "email", "user_id")
# dates that record a decision on a petition; the latest one starts the retention period
DECISION_DATES = ("registration_date", "accept_date", "decision_date", "reply_date", "follow_up_date",
                  "review_date", "re_review_date")


class XinfangPetitionRetention(models.AbstractModel):
    """Retention (PIPL art. 19): after the retention period, the people of finished petitions are anonymised.

    The petitions themselves stay as they are: numbers, dates, outcomes and every statistic.
    """

    _name = "xinfang.petition.retention"
    _description = "Petition Retention"

    @api.model
    def _retention_cutoff(self):
        """Last decision dates before this day are past retention; None when retention is off (0 years)."""
        years = self._get_param("retention_years", 10)
        if years <= 0:
            return None
        return township_today(self) - relativedelta(years=years)

    @api.model
    def _retention_expired_person_ids(self, cutoff):
        """Petitioners, accusers and representatives whose every petition is finished and decided before cutoff.

        A person with any newer or still open petition (drafts included, archived ones too) is kept.
        The last decision of a petition is its latest recorded date (registration, acceptance, decision
        not to accept or to redirect, reply, follow-up, review, re-review).
        """
        self.env["xinfang.petition"].flush_model()
        self.env["xinfang.petitioner"].flush_model()
        last_decision = SQL("GREATEST(%s)", SQL(", ").join(
            SQL.identifier("p", fname) for fname in DECISION_DATES
            if fname in self._fields and self._fields[fname].store))
        rows = self.env.execute_query(SQL(
            """
            WITH links AS (
                SELECT id AS petition_id, petitioner_id AS person_id
                  FROM xinfang_petition WHERE petitioner_id IS NOT NULL
                 UNION ALL
                SELECT id, accuser_id FROM xinfang_petition WHERE accuser_id IS NOT NULL
                 UNION ALL
                SELECT petition_id, petitioner_id FROM xinfang_petition_representative_rel
            )
            SELECT links.person_id
              FROM links
              JOIN xinfang_petition p ON p.id = links.petition_id
              JOIN xinfang_petitioner person ON person.id = links.person_id
             WHERE person.name != %(anonymised)s
                OR person.id_number IS NOT NULL OR person.phone IS NOT NULL OR person.address IS NOT NULL
             GROUP BY links.person_id
            HAVING bool_and(p.state IN %(finished)s AND %(last_decision)s < %(cutoff)s)
             ORDER BY links.person_id
            """,
            anonymised=ANONYMISED_NAME, finished=FINISHED_STATES, cutoff=cutoff, last_decision=last_decision,
        ))
        return [person_id for (person_id,) in rows]

    @api.model
    def _anonymise_persons(self, persons):
        """Replace the identity of ``persons`` by 已匿名 and drop their own chatter and files.

        sudo: a system task on people no user may need to see; the person's chatter holds tracked
        old names and their attachments scans of ID cards, both personal data past retention.
        """
        persons = persons.sudo().with_context(active_test=False, tracking_disable=True, mail_notrack=True)
        vals = {"name": ANONYMISED_NAME}
        vals.update({fname: False for fname in PERSONAL_FIELDS if fname in persons._fields})
        persons.write(vals)
        self.env["mail.message"].sudo().search(
            [("model", "=", "xinfang.petitioner"), ("res_id", "in", persons.ids)]).unlink()
        self.env["ir.attachment"].sudo().search(
            [("res_model", "=", "xinfang.petitioner"), ("res_id", "in", persons.ids)]).unlink()

    @api.model
    def _cron_anonymise_expired(self, batch_size=200):
        """Scheduled: anonymise the people whose petitions are past retention, committing per batch."""
        cutoff = self._retention_cutoff()
        person_ids = self._retention_expired_person_ids(cutoff) if cutoff else []
        Cron = self.env["ir.cron"]
        Cron._commit_progress(remaining=len(person_ids))
        Person = self.env["xinfang.petitioner"]
        done = 0
        for start in range(0, len(person_ids), batch_size):
            batch = Person.browse(person_ids[start:start + batch_size])
            self._anonymise_persons(batch)
            done += len(batch)
            if not Cron._commit_progress(len(batch)):
                break  # this run's time is up; the next run picks up the rest
        return done
