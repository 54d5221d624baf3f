from odoo import api, fields, models
from odoo.exceptions import ValidationError


class XinfangCategory(models.Model):
    """Hierarchical taxonomy of petition matters (land, labour, ...)."""

    _name = "xinfang.category"
    _description = "Petition Category"
    _parent_store = True
    _rec_name = "complete_name"
    _rec_names_search = ["complete_name", "code"]
    _order = "complete_name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short code used in statistics exports.")
    parent_id = fields.Many2one("xinfang.category", string="Parent Category", index=True, ondelete="restrict")
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("xinfang.category", "parent_id", string="Subcategories")
    complete_name = fields.Char(compute="_compute_complete_name", recursive=True, store=True)
    default_unit_id = fields.Many2one(
        "hr.department",
        string="Default Lead Unit",
        domain="[('xinfang_unit_type', '=', 'office')]",
        help="Unit proposed as lead unit for petitions of this category (谁主管谁负责).",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _code_uniq = models.UniqueIndex("(code) WHERE code IS NOT NULL", "The category code must be unique.")

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for category in self:
            if category.parent_id:
                category.complete_name = f"{category.parent_id.complete_name} / {category.name}"
            else:
                category.complete_name = category.name

    @api.constrains("parent_id")
    def _check_category_recursion(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A category cannot be its own ancestor."))
