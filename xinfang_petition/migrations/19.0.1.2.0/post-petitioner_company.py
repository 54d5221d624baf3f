"""19.0.1.2.0: petitioners belong to a township (company); each township reads only its own register.

The update adds ``xinfang_petitioner.company_id`` (every existing person gets the default company)
and creates the new company rules (new records, so noupdate does not hold them back; no existing rule
changes). This script then gives every existing person the company of their petitions:

- a person is *in* a petition as its petitioner, its (sealed) accuser or one of its representatives,
  whatever the petition's state or archive status;
- the person's record goes to the company of the **earliest** of those petitions (registration date,
  then id): the township that first registered them keeps the record, its chatter and audit trail;
- for every other company the person appears in, a copy of the record (same name, ID number, phone,
  portal account, confidential flag...) is added to that company's register, and that company's
  petitions are pointed at the copy. Each township then reads the people of its own petitions, as if
  it had registered them itself, and the repeat check still matches them across townships by ID number.
  The copy starts with a note naming the original record; the original's chatter and audit rows stay
  with it;
- a person in no petition goes to the company of the user who created the record (their township),
  else keeps the default company.

Running it again changes nothing.
"""

import logging

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# (person, petition) for every role a person has in a petition
LINKS = SQL("""
    SELECT petitioner_id AS person_id, id AS petition_id FROM xinfang_petition WHERE petitioner_id IS NOT NULL
    UNION ALL
    SELECT accuser_id, id FROM xinfang_petition WHERE accuser_id IS NOT NULL
    UNION ALL
    SELECT petitioner_id, petition_id FROM xinfang_petition_representative_rel
""")


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env.flush_all()
    # the earliest petition's company
    cr.execute(SQL("""
        WITH links AS (%s),
        firsts AS (
            SELECT DISTINCT ON (links.person_id) links.person_id, p.company_id
              FROM links JOIN xinfang_petition p ON p.id = links.petition_id
          ORDER BY links.person_id, p.registration_date, p.id
        )
        UPDATE xinfang_petitioner person SET company_id = firsts.company_id
          FROM firsts
         WHERE person.id = firsts.person_id AND person.company_id IS DISTINCT FROM firsts.company_id
    """, LINKS))
    moved = cr.rowcount
    # people in no petition: the creator's company
    cr.execute(SQL("""
        UPDATE xinfang_petitioner person SET company_id = u.company_id
          FROM res_users u
         WHERE u.id = person.create_uid AND u.company_id IS NOT NULL
           AND person.company_id IS DISTINCT FROM u.company_id
           AND NOT EXISTS (SELECT 1 FROM (%s) links WHERE links.person_id = person.id)
    """, LINKS))
    moved += cr.rowcount
    # people in petitions of other companies than their own: one copy per other company
    cr.execute(SQL("""
        SELECT DISTINCT links.person_id, p.company_id
          FROM (%s) links
          JOIN xinfang_petition p ON p.id = links.petition_id
          JOIN xinfang_petitioner person ON person.id = links.person_id
         WHERE p.company_id != person.company_id
      ORDER BY links.person_id, p.company_id
    """, LINKS))
    pairs = cr.fetchall()
    if pairs:
        cr.execute("""
            SELECT column_name FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = 'xinfang_petitioner'
               AND column_name NOT IN ('id', 'company_id')
          ORDER BY ordinal_position
        """)
        columns = SQL(", ").join(SQL.identifier(name) for (name,) in cr.fetchall())
    copies = []
    for person_id, company_id in pairs:
        cr.execute(SQL("""
            INSERT INTO xinfang_petitioner (company_id, %s)
            SELECT %s, %s FROM xinfang_petitioner WHERE id = %s
            RETURNING id
        """, columns, company_id, columns, person_id))
        copy_id = cr.fetchone()[0]
        copies.append((copy_id, person_id))
        params = {"copy": copy_id, "person": person_id, "company": company_id}
        cr.execute("""
            UPDATE xinfang_petition SET petitioner_id = %(copy)s
             WHERE petitioner_id = %(person)s AND company_id = %(company)s
        """, params)
        cr.execute("""
            UPDATE xinfang_petition SET accuser_id = %(copy)s
             WHERE accuser_id = %(person)s AND company_id = %(company)s
        """, params)
        cr.execute("""
            UPDATE xinfang_petition_representative_rel rel SET petitioner_id = %(copy)s
              FROM xinfang_petition p
             WHERE p.id = rel.petition_id AND rel.petitioner_id = %(person)s AND p.company_id = %(company)s
        """, params)
    env.invalidate_all()
    People = env["xinfang.petitioner"].with_context(active_test=False, mail_notrack=True)
    for copy_id, person_id in copies:
        People.browse(copy_id).message_post(body=env._(
            "Added to this township's register as a copy of petitioner record %(record)s when each township "
            "got its own register: this township's petitions name this record.", record=person_id),
            subtype_xmlid="mail.mt_note")
    _logger.info("xinfang petitioners: %s moved to the company of their petitions, %s copied to another "
                 "township's register", moved, len(pairs))
