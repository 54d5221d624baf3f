from odoo.addons.xinfang_petition.tests.common import XinfangCase


class MeetingCase(XinfangCase):
    """The township of XinfangCase, plus employees for the leader and staff users (chairs, task owners)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Employee = cls.env["hr.employee"]
        cls.leader = Employee.create({
            "name": "Leader Wang", "user_id": cls.user_leader.id, "xinfang_role": "deputy_leader",
        })
        cls.staff = Employee.create({
            "name": "Staff Zhao", "user_id": cls.user_staff.id, "xinfang_role": "staff",
        })
        cls.mediator = cls.user_mediator.employee_ids[:1]
        cls.no_user = Employee.create({"name": "No Account", "department_id": cls.unit_land.id})
        cls.Meeting = cls.env["xinfang.meeting"]
        cls.Task = cls.env["xinfang.task"]
        cls.Risk = cls.env["xinfang.risk"]

    def new_meeting(self, meeting_type="routine", state="scheduled", **vals):
        meeting = self.Meeting.with_user(self.user_leader).create({
            "meeting_type": meeting_type, "place": "Township Hall", "chair_id": self.leader.id, **vals,
        })
        if state in ("scheduled", "held"):
            meeting.action_schedule()
        return meeting

    def new_risk(self, **vals):
        values = {
            "village_id": self.village_a.id,
            "description": "Dispute over land compensation; twelve families intend to go to the county.",
            "level": "high",
            "responsible_id": self.handler.id,
            "deadline": "2026-03-20",
            "source": "field_visit",
        }
        values.update(vals)
        return self.Risk.with_user(self.user_staff).create(values)

    def activities(self, record, xmlid):
        return record.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(xmlid))
