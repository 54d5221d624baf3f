def assign_major(case, petition, handler=None):
    """Assign the accepted major ``petition`` as staff (``XinfangCase.assign``): the assignment waits for a
    leader's approval.

    With xinfang_supervision installed, a major petition is assigned only under a leader case: the
    principal leader opens one first.
    """
    if "xinfang.leader.case" in case.env:
        leader = case.env["hr.employee"].create(
            {"name": "Principal", "user_id": case.user_leader.id, "xinfang_role": "principal_leader"})
        case.env["xinfang.leader.case"].with_user(case.user_leader).create(
            {"leader_id": leader.id, "petition_ids": [(6, 0, petition.ids)]})
    return case.assign(petition, handler=handler)
