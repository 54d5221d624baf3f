from .common import SupervisionCase


class MeetingCase(SupervisionCase):
    """The township of SupervisionCase, plus an employee for the leader user (chairs, task owners)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leader = cls._employee("Leader Wang", cls.user_leader, "deputy_leader")
        cls.mediator = cls.user_mediator.employee_ids[:1]
        cls.no_user = cls.env["hr.employee"].create({"name": "No Account", "department_id": cls.unit_land.id})
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

    def new_task(self, meeting, owner, name, deadline="2026-03-31"):
        """A decision of ``meeting`` that ``owner`` (an employee) carries out by ``deadline``."""
        return self.Task.create({"name": name, "meeting_id": meeting.id, "owner_id": owner.id, "deadline": deadline})

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
