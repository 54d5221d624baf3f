import calendar
from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import freeze_time, tagged

from ..models.xinfang_meeting import month_day_dates, parse_month_days
from .common_meeting import MeetingCase

MARCH, APRIL = date(2026, 3, 1), date(2026, 4, 1)
DAYS_PARAM = "xinfang_supervision.village_meeting_days"
# the columns a user reads on the board, in the order of the expectations below
COLUMNS = ("matter_count", "resolved_count", "resolved_share", "passed_up_count", "cross_level_count",
           "meetings_held", "meetings_due", "leader_attended_count", "leader_absent_count", "rank")


@tagged("post_install", "-at_install")
class TestVillageBoard(MeetingCase):
    """The village board (小事不出村): each village's month as the township's routine meeting reads it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Department = cls.env["hr.department"]
        cls.village_c = Department.create({"name": "North Village", "xinfang_unit_type": "village"})
        cls.village_d = Department.create({"name": "South Village", "xinfang_unit_type": "village"})
        cls.villages = cls.village_a | cls.village_b | cls.village_c | cls.village_d
        cls.deputy = cls._employee("Deputy Qian", cls.env["res.users"], "deputy_leader")
        Contract = cls.env["xinfang.village.contract"]
        # East Village: Leader Wang throughout; West Village: Deputy Qian until the end of March
        Contract.create({"leader_id": cls.leader.id, "village_id": cls.village_a.id, "date_from": "2026-01-01"})
        Contract.create({"leader_id": cls.deputy.id, "village_id": cls.village_b.id, "date_from": "2026-01-01",
                         "date_to": "2026-03-31"})
        Visit = cls.env["xinfang.field.visit"]
        for cadre, village, day in [
            (cls.leader, cls.village_a, "2026-02-20"),  # East's last visit as of March
            (cls.leader, cls.village_a, "2026-04-05"),  # ... and as of April
            (cls.leader, cls.village_b, "2026-03-25"),  # Wang in West: not West's contracting leader
            (cls.staff_employee, cls.village_a, "2026-03-28"),  # not the contracting leader
            (cls.deputy, cls.village_b, "2026-03-05"),
        ]:
            Visit.create({"cadre_id": cadre.id, "village_id": village.id, "date": day})
        # the township's two months, built once through the public workflow (the petition helpers of
        # XinfangCase are instance methods: an instance of the class without a test method runs them)
        builder = cls.__new__(cls)
        builder._build()
        cls.a_resolved = builder.a_resolved

    # --- data ------------------------------------------------------------------------------------
    def _closed(self, when, village, lodged="village", responsible="village"):
        """A petition of ``village`` registered on ``when`` and closed the same day."""
        with freeze_time(when):
            petition = self.accepted(village_id=village.id, lodged_level=lodged, responsible_level=responsible)
            self.assign(petition)
            petition.action_reply("support", "<p>Resolved.</p>")
            petition.action_record_follow_up("satisfied", "visited")
            petition.action_close("Resolved")
        return petition

    def _open(self, when, village, lodged="village", responsible="village"):
        with freeze_time(when):
            return self.registered(village_id=village.id, lodged_level=lodged, responsible_level=responsible)

    def _held(self, village, day, attendees):
        with freeze_time(day):
            meeting = self.new_meeting("village", village_id=village.id, date=day)
            # who attended is recorded by HR-readable staff; the attendance rules are tested with the meetings
            meeting.sudo().attendee_ids = attendees
            meeting.minutes = "<p>Went through the village's open matters.</p>"
            meeting.action_hold()
        return meeting

    def _build(self):
        a, b, c, d = self.village_a, self.village_b, self.village_c, self.village_d
        # March. East: 4 matters, 1 resolved in the village (25%), 1 passed up, 1 cross-level
        self.a_resolved = self._closed("2026-03-03", a)
        self._closed("2026-03-04", a, lodged="township")  # passed up, resolved by the township
        self._open("2026-03-05", a, lodged="county")  # cross-level
        self._open("2026-03-06", a)  # still open in the village
        with freeze_time("2026-03-07"):
            self.new_petition(village_id=a.id, lodged_level="village", responsible_level="village")  # a draft
        self._closed("2026-03-08", a).action_archive()  # archived: not on the board
        # West: 3 matters, 2 resolved (66.7%); the third was taken to review after closing
        self._closed("2026-03-10", b)
        self._closed("2026-03-11", b)
        reviewed = self._closed("2026-03-12", b)
        with freeze_time("2026-03-20"):
            reviewed.action_request_review()
        # North and South: nothing arose in March
        # April. East 1/1 (100%); South 1/2 (50%) no cross-level; West 1/2 (50%) with one cross-level;
        # North 0/2: a township matter the township closed is not resolved in the village
        self._closed("2026-04-02", a)
        self._closed("2026-04-03", d)
        self._open("2026-04-03", d, lodged="township")  # passed up
        self._closed("2026-04-06", b)
        self._open("2026-04-07", b, lodged="county")
        self._closed("2026-04-08", c, lodged="township", responsible="township")
        self._open("2026-04-09", c, lodged="city", responsible="township")
        # routine meetings: East holds both in March, Leader Wang at the first only, and one in April
        self._held(a, "2026-03-01", self.leader | self.mediator)
        self._held(a, "2026-03-16", self.mediator)
        with freeze_time("2026-03-18"):
            self.new_meeting("village", village_id=a.id, date="2026-03-20")  # scheduled, never held
        self._held(a, "2026-04-01", self.leader)
        # West: one in March without Deputy Qian, one in April when no leader is contracted
        self._held(b, "2026-03-02", self.mediator)
        self._held(b, "2026-04-16", self.deputy)

    def _rows(self, month, user=None):
        Board = self.env["xinfang.village.board"].with_user(user) if user else self.env["xinfang.village.board"]
        return Board.search([("month", "=", month), ("village_id", "in", self.villages.ids)])

    def _row(self, village, month):
        row = self._rows(month).filtered(lambda r: r.village_id == village)
        self.assertEqual(len(row), 1, f"one row for {village.name} in {month}")
        return row

    def _values(self, village, month):
        row = self._row(village, month)
        return tuple(round(row[name], 1) if name == "resolved_share" else row[name] for name in COLUMNS)

    # --- the figures -----------------------------------------------------------------------------
    def test_columns_per_village_and_month(self):
        a, b, c, d = self.village_a, self.village_b, self.village_c, self.village_d
        #                 matters resolved share passed cross held due attended absent rank
        expected = {
            (a, MARCH): (4, 1, 25.0, 1, 1, 2, 2, 1, 1, 4),
            (b, MARCH): (3, 2, 66.7, 0, 0, 1, 2, 0, 1, 3),
            (c, MARCH): (0, 0, 0.0, 0, 0, 0, 2, 0, 0, 1),
            (d, MARCH): (0, 0, 0.0, 0, 0, 0, 2, 0, 0, 1),
            (a, APRIL): (1, 1, 100.0, 0, 0, 1, 2, 1, 0, 1),
            (d, APRIL): (2, 1, 50.0, 1, 0, 0, 2, 0, 0, 2),
            (b, APRIL): (2, 1, 50.0, 0, 1, 1, 2, 0, 0, 3),
            (c, APRIL): (2, 0, 0.0, 0, 1, 0, 2, 0, 0, 4),
        }
        for (village, month), values in expected.items():
            with self.subTest(village=village.name, month=month):
                self.assertEqual(self._values(village, month), values)

    def test_contracting_leader_and_last_visit(self):
        a, b, c = self.village_a, self.village_b, self.village_c
        self.assertRecordValues(self._row(a, MARCH), [{"leader_id": self.leader.id,
                                                       "leader_last_visit": date(2026, 2, 20)}])
        self.assertRecordValues(self._row(a, APRIL), [{"leader_id": self.leader.id,
                                                       "leader_last_visit": date(2026, 4, 5)}])
        self.assertRecordValues(self._row(b, MARCH), [{"leader_id": self.deputy.id,
                                                       "leader_last_visit": date(2026, 3, 5)}])
        # West's contract ended with March: April has no leader, so nobody is counted absent
        self.assertRecordValues(self._row(b, APRIL), [{"leader_id": False, "leader_last_visit": False,
                                                       "meetings_held": 1, "leader_absent_count": 0}])
        self.assertFalse(self._row(c, MARCH).leader_id)

    def test_ranking_order(self):
        # a village where nothing arose ranks with those that resolved everything; then fewer cross-level
        self.assertEqual(self._rows(MARCH).mapped("village_id.name"),
                         ["North Village", "South Village", "West Village", "East Village"])
        self.assertEqual(self._rows(APRIL).mapped("village_id.name"),
                         ["East Village", "South Village", "West Village", "North Village"])

    def test_meetings_due_follow_the_setting(self):
        a = self.village_a
        ICP = self.env["ir.config_parameter"].sudo()
        self.assertEqual(self._row(a, date(2026, 2, 1)).meetings_due, 2)  # default 1st and 16th
        ICP.set_param(DAYS_PARAM, "10，20,31")
        self.assertEqual(self._row(a, MARCH).meetings_due, 3)
        ICP.set_param(DAYS_PARAM, "30,31")  # both the last day in April and February
        self.assertEqual((self._row(a, MARCH).meetings_due, self._row(a, APRIL).meetings_due,
                          self._row(a, date(2026, 2, 1)).meetings_due), (2, 1, 1))
        ICP.set_param(DAYS_PARAM, "5,40")  # invalid: the default applies, as for the scheduler
        self.assertEqual(self._row(a, MARCH).meetings_due, 2)
        # the SQL agrees with the scheduler's own reading of the setting for each month of a year
        for value in ("1,16", " 7 ", "+3,03", "1,,16", "29,30,31", "x", "0,5", "5.0"):
            ICP.set_param(DAYS_PARAM, value)
            try:
                days = parse_month_days(value)
            except ValueError:
                days = parse_month_days("1,16")
            for month in range(1, 13):
                start = date(2026, month, 1)
                end = date(2026, month, calendar.monthrange(2026, month)[1])
                with self.subTest(value=value, month=month):
                    self.assertEqual(self._row(a, start).meetings_due, len(list(month_day_dates(days, start, end))))

    # --- drill-down ------------------------------------------------------------------------------
    def test_figures_open_their_petitions(self):
        row = self._row(self.village_a, MARCH).with_user(self.user_staff)
        Petition = self.env["xinfang.petition"].with_user(self.user_staff)
        for figure, count in [("matters", 4), ("resolved", 1), ("passed_up", 1), ("cross_level", 1)]:
            action = row.with_context(board_figure=figure).action_view_petitions()
            self.assertEqual(action["res_model"], "xinfang.petition")
            with self.subTest(figure=figure):
                self.assertEqual(Petition.search_count(action["domain"]), count)
        resolved = row.with_context(board_figure="resolved").action_view_petitions()
        self.assertEqual(Petition.search(resolved["domain"]), self.a_resolved)
        meetings = row.action_view_meetings()
        self.assertEqual(self.env["xinfang.meeting"].search_count(meetings["domain"]), 2)
        # the mediator opens the own village's petitions the same way
        own = self._row(self.village_a, MARCH).with_user(self.user_mediator)
        action = own.with_context(board_figure="cross_level").action_view_petitions()
        self.assertEqual(self.env["xinfang.petition"].with_user(self.user_mediator).search_count(action["domain"]), 1)

    def test_ranking_sheet(self):
        rows = self._rows(APRIL, self.user_leader)
        html = self.env["ir.actions.report"].with_user(self.user_leader)._render_qweb_html(
            "xinfang_supervision.action_report_village_board", rows.ids)[0].decode()
        self.assertIn("村级信访工作排名表", html)
        self.assertIn("2026年4月", html)
        positions = [html.index(name) for name in ("East Village", "South Village", "West Village",
                                                   "North Village")]
        self.assertEqual(positions, sorted(positions), "the villages are printed in rank order")

    # --- access ----------------------------------------------------------------------------------
    def test_access(self):
        self.assertEqual(self._rows(MARCH, self.user_staff).village_id, self.villages)
        self.assertEqual(self._rows(MARCH, self.user_leader).village_id, self.villages)
        mediator_rows = self.env["xinfang.village.board"].with_user(self.user_mediator).search([])
        self.assertTrue(mediator_rows)
        self.assertEqual(mediator_rows.village_id, self.village_a, "a mediator sees only the own village")
        march = mediator_rows.filtered(lambda r: r.month == MARCH)
        self.assertEqual(march.matter_count, 4)
        self.assertEqual(march.leader_id.display_name, "Leader Wang", "the leader's name shows to a non-HR user")
        # what the list view asks for, as the web client asks it
        Board = self.env["xinfang.village.board"].with_user(self.user_mediator)
        views = Board.get_views([(False, "list"), (False, "search")])
        self.assertIn("leader_absent_count", views["views"]["list"]["arch"])
        result = Board.web_search_read([("month", "=", MARCH)], {
            "month_label": {}, "rank": {}, "village_id": {"fields": {"display_name": {}}},
            "leader_id": {"fields": {"display_name": {}}}, "leader_last_visit": {},
        })
        self.assertEqual(result["records"], [{
            "id": march.id, "month_label": "2026-03", "rank": 4,
            "village_id": {"id": self.village_a.id, "display_name": "East Village"},
            "leader_id": {"id": self.leader.id, "display_name": "Leader Wang"}, "leader_last_visit": date(2026, 2, 20),
        }])
        for user in (self.user_handler, self.user_finance, self.user_plain):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["xinfang.village.board"].with_user(user).search([])
