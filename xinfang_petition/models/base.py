"""Month and quarter group labels in Chinese: 2026年1月, not 一月 2026.

Odoo labels a date group by month with the fixed babel pattern ``MMMM yyyy`` (``READ_GROUP_DISPLAY_FORMAT``),
which is the English word order: in Chinese it reads 一月 2026, and a quarter 1季度 2026. The locale's own
pattern for a year and month (CLDR skeletons ``yMMMM`` / ``yQQQ``) reads 2026年1月 and 2026年第1季度.
The labels are built on the server (list and kanban group headers, pivot and graph axes all go through
``_web_read_group_groupby_formatter``); for the Chinese languages this addon's users work in, they are
rebuilt from the locale pattern. Other languages keep Odoo's labels.
"""

import babel.dates

from odoo import models
from odoo.tools.misc import get_lang

SKELETONS = {"month": "yMMMM", "quarter": "yQQQ"}


class Base(models.AbstractModel):
    _inherit = "base"

    def _web_read_group_groupby_formatter(self, groupby_spec, values):
        formatter = super()._web_read_group_groupby_formatter(groupby_spec, values)
        field_path, _colon, granularity = groupby_spec.partition(":")
        skeleton = SKELETONS.get(granularity)
        if not skeleton or "." in field_path:
            return formatter
        locale = get_lang(self.env).code
        if not locale.startswith("zh"):
            return formatter

        def formatter_local_pattern(value):
            result, domain = formatter(value)
            if not value or not isinstance(result, tuple):
                return result, domain
            # value is the group's first day (a naive local datetime for datetime fields)
            return (result[0], babel.dates.format_skeleton(skeleton, value, locale=locale)), domain

        return formatter_local_pattern
