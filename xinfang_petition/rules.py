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
MAX_REPRESENTATIVES = 5

# Statutory clocks: (days, unit)
ACCEPTANCE_DAYS = (15, "calendar")
HANDLING_DAYS = (60, "calendar")
SIMPLIFIED_DAYS = (10, "working")
EXTENSION_MAX_DAYS = 30
REVIEW_REQUEST_DAYS = (30, "calendar")
REVIEW_DECISION_DAYS = (30, "calendar")
ROUTING_NOTICE_DAYS = (15, "calendar")
