"""A clerk's first day: every role opens its main screens in Chinese and finds no English on them.

One browser tour per role (staff, handler, leader, mediator, finance, director) walks through the
menus to the screens that role works in (list, kanban, form with each of its tabs, the leader's
approval inbox, the budget, the configuration) and after each screen checks the visible text. The
words it looks for are the English source strings of the installed addons:

- ours: every source string of the two addons (as ``odoo i18n export`` reads them: views, fields,
  menus, actions, data, Python and JS code) and of ``xinfang_petition/i18n_extra``, whose Chinese
  differs from the English (a missing Chinese counts as different);
- Odoo's and OCA's: the msgids their ``zh_CN`` files leave untranslated (a Chinese user sees these in
  English), completed by our ``i18n_extra`` files.

Labels (at most 40 characters, with a word of three letters or more) are looked for as whole words,
our longer texts (help, data notes) whole; strings with placeholders or markup are left out (they
never show as written), and so are Odoo's lowercase fragments and longer texts. A screen
that shows one of them, or a technical reference such as ``xinfang.extension,10``, fails the tour with
the list of what it found, the modules whose strings they are and the line it is on.

``XINFANG_TOUR_SURVEY=1`` runs the tours to the end and logs everything found instead of failing (to
list all missing translations at once).
"""

import logging
import os
import re
import time
from unittest.mock import patch

import polib

from odoo.addons.xinfang_petition.models.ir_module_module import EXTRA_MODULES, extra_po_paths
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.translate import TranslationModuleReader, get_po_paths

_logger = logging.getLogger(__name__)
OUR_MODULES = ("xinfang_petition", "xinfang_supervision")
LANG = "zh_CN"
MAX_LENGTH = 40
WORD = re.compile(r"[A-Za-z]{3,}")
# printf/format placeholders, markup, line breaks and Chinese: never on screen as written
NOT_AS_WRITTEN = re.compile(r"%[(sdif]|\{|<|\n|[^\x00-\x7f]")


def is_label(msgid):
    """A label: short, with a word (buttons, columns, selection values, menus, tabs)."""
    return len(msgid) <= MAX_LENGTH and WORD.search(msgid) and not NOT_AS_WRITTEN.search(msgid)


def is_sentence(msgid):
    """A longer text shown as written (help, notes, data): the tours look for it whole."""
    return len(msgid) > MAX_LENGTH and not NOT_AS_WRITTEN.search(msgid)


def read_po(path):
    """{msgid: msgstr} of a po/pot file (plural forms: the singular)."""
    return {entry.msgid: entry.msgstr or entry.msgstr_plural.get(0, "")
            for entry in polib.pofile(str(path)) if not entry.obsolete}


def english_terms(env, modules):
    """{English label: [modules whose string it is]} for the installed ``modules`` (see the module doc).

    Our terms are read from the database and the code as they are now (the .pot files may lag behind),
    with the Chinese the database and the po files hold (``LANG``'s terms must be loaded).
    """
    terms = {}

    def add(msgid, module):
        terms.setdefault(msgid, set()).add(module)

    for module, _type, _name, _res_id, source, value, _comments in TranslationModuleReader(
            env.cr, modules=list(OUR_MODULES), lang=LANG):
        if (is_label(source) or is_sentence(source)) and value != source:
            add(source, module)
    for module in EXTRA_MODULES:
        for path in extra_po_paths(module, LANG):
            for msgid, msgstr in read_po(path).items():
                if (is_label(msgid) or is_sentence(msgid)) and msgstr != msgid:
                    add(msgid, module)
    for module in sorted(set(modules) - set(OUR_MODULES)):
        chinese = {}
        for path in get_po_paths(module, LANG):
            chinese.update(read_po(path))
        if module in EXTRA_MODULES:
            for path in extra_po_paths(module, LANG):
                chinese.update({k: v for k, v in read_po(path).items() if v and not chinese.get(k)})
        for msgid, msgstr in chinese.items():
            # Odoo's labels are capitalised: lowercase fragments ("even", "hours)") would only find prose
            if not msgstr and is_label(msgid) and msgid[0].isupper():
                add(msgid, module)
    return {term: sorted(origins) for term, origins in terms.items()}


def role_tour(role):
    """The test of one role: the tour ``xinfang_role_<role>_tour``, logged in as the class's ``<role>`` user."""

    def test(self):
        self._tour(getattr(self, role), f"xinfang_role_{role}_tour")

    test.__name__ = test.__qualname__ = f"test_{role}"
    return test


@tagged("post_install", "-at_install")
class TestRoleTours(HttpCase):
    # wide enough for every section of the app to stay in the navbar (no "more" menu)
    browser_size = "1920x1080"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        started = time.monotonic()
        cls.env["res.lang"]._activate_lang(LANG)
        installed = cls.env["ir.module.module"].search([("state", "=", "installed")])
        installed._update_translations([LANG])
        cls.env.invalidate_all()
        cls.registry.clear_all_caches()
        # the terms are rolled back with the class: so must be what the caches computed from them
        cls.addClassCleanup(cls.registry.clear_all_caches)
        cls.terms = english_terms(cls.env, installed.mapped("name"))
        cls.setup_seconds = time.monotonic() - started
        _logger.info("role tours: Chinese loaded and %d English terms read in %.1fs", len(cls.terms), cls.setup_seconds)
        # the office works in Chinese: messages and tracking are written in the language of who acts
        cls.env = cls.env(context=dict(cls.env.context, lang=LANG, tz="Asia/Shanghai"))
        cls._township()

    @classmethod
    def _user(cls, login, role, name, unit=None, village=None):
        user = new_test_user(cls.env, login=login, password=login, groups=f"xinfang_petition.group_xinfang_{role}",
                             name=name, lang=LANG, tz="Asia/Shanghai")
        if unit:
            cls.env["hr.employee"].create({
                "name": name, "user_id": user.id, "department_id": unit.id,
                "xinfang_role": "mediator" if village else "handler",
                "xinfang_village_id": village.id if village else False,
            })
        return user

    @classmethod
    def _township(cls):
        Department = cls.env["hr.department"]
        cls.unit_land = Department.create({"name": "国土所", "xinfang_unit_type": "office"})
        cls.unit_social = Department.create({"name": "社会事务办", "xinfang_unit_type": "office"})
        cls.village_east = Department.create({"name": "东村", "xinfang_unit_type": "village", "population": 2000})
        cls.village_west = Department.create({"name": "西村", "xinfang_unit_type": "village", "population": 3000})

        cls.staff = cls._user("xf_rt_staff", "staff", "办公室王芳")
        cls.leader = cls._user("xf_rt_leader", "leader", "分管领导刘强")
        cls.director = cls._user("xf_rt_director", "director", "信访办主任陈静")
        cls.handler = cls._user("xf_rt_handler", "handler", "国土所赵磊", unit=cls.unit_land)
        cls.mediator = cls._user("xf_rt_mediator", "mediator", "东村调解员孙丽",
                                 unit=cls.village_east, village=cls.village_east)
        cls.finance = cls._user("xf_rt_finance", "finance", "财务所周敏")

        Petitioner = cls.env["xinfang.petitioner"].with_user(cls.staff)
        zhang = Petitioner.create({"name": "张三", "id_number": "11010519491231002X", "phone": "13800138000",
                                   "village_id": cls.village_east.id})
        li = Petitioner.create({"name": "李四", "phone": "13900139000", "village_id": cls.village_west.id})
        category = cls.env.ref("xinfang_petition.category_land")

        def petition(subject, petitioner, village, channel="visit"):
            return cls.env["xinfang.petition"].with_user(cls.staff).create({
                "subject": subject, "content": "村里占用承包地，至今未给补偿。", "channel": channel,
                "category_id": category.id, "village_id": village.id, "petitioner_id": petitioner.id,
            })

        def assign(record):
            cls.env["xinfang.assignment"].with_user(cls.staff).create({
                "petition_id": record.id, "lead_unit_id": cls.unit_land.id,
                "handler_id": cls.handler.employee_ids[:1].id, "instructions": "请核实承包地占用情况并答复。",
            }).action_confirm()

        petition("承包地补偿（草稿）", zhang, cls.village_east)
        petition("道路积水（待受理）", li, cls.village_west, channel="letter").action_register()
        accepted = petition("宅基地纠纷（已受理）", zhang, cls.village_east)
        accepted.action_register()
        accepted.action_accept()
        cls.handling = petition("征地补偿（办理中）", zhang, cls.village_east)
        cls.handling.action_register()
        cls.handling.action_accept()
        assign(cls.handling)
        replied = petition("灌溉水渠（已答复）", li, cls.village_east, channel="phone")
        replied.action_register()
        replied.action_accept()
        assign(replied)
        replied.with_user(cls.handler).action_reply("support", "<p>水渠已修复。</p>")

        # an extension of the petition in handling waits for a leader (the 待我审批 inbox)
        cls.extension = cls.env["xinfang.extension"].with_user(cls.staff).create({
            "petition_id": cls.handling.id, "days": 30, "reason": "需要实地测量承包地面积。"})
        cls.extension.action_request()

        # the petition office budget of the year
        plan = cls.env["account.analytic.plan"].create({"name": "信访经费"})
        Account = cls.env["account.analytic.account"]
        reception = Account.create({"name": "来访接待", "plan_id": plan.id})
        travel = Account.create({"name": "差旅", "plan_id": plan.id})
        cls.env["xinfang.budget"].create({
            "fiscal_year": 2026, "per_capita_standard": 0.30, "amount": 3000.0,
            "line_ids": [
                Command.create({"purpose": "reception", "planned_amount": 1000.0,
                                "analytic_account_id": reception.id}),
                Command.create({"purpose": "travel", "planned_amount": 500.0, "analytic_account_id": travel.id}),
            ],
        })

    def _tour(self, user, tour_name):
        """Run the tour with the English terms in the session information (the web client's ``session``)."""
        IrHttp = self.registry["ir.http"]
        session_info = IrHttp.session_info
        terms, survey = self.terms, bool(os.environ.get("XINFANG_TOUR_SURVEY"))

        def session_info_with_terms(self_):
            return {**session_info(self_), "xinfang_english_terms": terms, "xinfang_english_survey": survey}

        with patch.object(IrHttp, "session_info", session_info_with_terms):
            self.start_tour("/odoo", tour_name, login=user.login, timeout=180)

    # --- the setup itself ----------------------------------------------------------------------------
    def test_terms_and_setup(self):
        self.assertLess(self.setup_seconds, 45, "loading the Chinese terms must stay well under a minute")
        # labels of every source, and only labels
        for term, module in (("Awaiting My Approval", "xinfang_petition"), ("Budget Lines", "xinfang_supervision")):
            self.assertIn(module, self.terms.get(term, ()), term)
        self.assertNotIn("%(name)s is a village mediator or informant and needs a village.", self.terms)
        self.assertFalse([term for term in self.terms if "\n" in term or "%(" in term])
        longer = [term for term, modules in self.terms.items() if len(term) > MAX_LENGTH]
        self.assertTrue(longer)
        self.assertFalse([term for term in longer if not set(self.terms[term]) <= {*OUR_MODULES, *EXTRA_MODULES}])
        # Odoo's untranslated labels are looked for too, only capitalised ones
        odoo_terms = [term for term, modules in self.terms.items() if not set(modules) & {*OUR_MODULES, *EXTRA_MODULES}]
        self.assertTrue(odoo_terms)
        self.assertFalse([term for term in odoo_terms if not term[0].isupper()])
        # the leader has something to approve, the screens something to show
        inbox = self.env["xinfang.approval"].with_user(self.leader).search([])
        self.assertEqual(inbox.extension_id, self.extension)
        self.assertEqual(self.leader.lang, LANG)

    # --- one tour per role ---------------------------------------------------------------------------
    test_staff = role_tour("staff")
    test_handler = role_tour("handler")
    test_leader = role_tour("leader")
    test_mediator = role_tour("mediator")
    test_finance = role_tour("finance")
    test_director = role_tour("director")
