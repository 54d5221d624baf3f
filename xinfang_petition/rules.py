"""The statutory rules of a petition (信访工作条例) that more than one part of the addons reads.

One home for each: the states a petition is open or finished in, the levels, the collective threshold
and the statutory clocks. docs/rules.md links every rule to its line.
"""

# states in which a petition still runs, and those in which it is finished (nothing more to do)
OPEN_STATES = ("to_accept", "accepted", "handling", "replied", "review", "re_review")
FINISHED_STATES = ("closed", "final", "rejected", "redirected")

LEVELS = [
    ("village", "Village"),
    ("township", "Township"),
    ("county", "County"),
    ("city", "City"),
    ("province", "Province"),
    ("national", "National"),
]
LEVEL_RANK = {key: rank for rank, (key, _label) in enumerate(LEVELS)}

# a petition of this many people or more is collective (集体访); it names at most five representatives
COLLECTIVE_HEAD_COUNT = 5


def level_flags(lodged_level, responsible_level):
    """(cross-level, passed up) of a petition lodged at ``lodged_level`` for a ``responsible_level`` matter.

    越级 is the township's figure: lodging at the township is never cross-level (a village matter brought
    there is passed up), lodging at the county or above is, when above the responsible level.
    """
    lodged, responsible = LEVEL_RANK[lodged_level], LEVEL_RANK[responsible_level]
    return (lodged > responsible and lodged >= LEVEL_RANK["county"],
            lodged_level == "township" and responsible_level == "village")
MAX_REPRESENTATIVES = 5

# Statutory clocks: (days, unit)
ACCEPTANCE_DAYS = (15, "calendar")
HANDLING_DAYS = (60, "calendar")
SIMPLIFIED_DAYS = (10, "working")
EXTENSION_MAX_DAYS = 30
REVIEW_REQUEST_DAYS = (30, "calendar")
REVIEW_DECISION_DAYS = (30, "calendar")
ROUTING_NOTICE_DAYS = (15, "calendar")
