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
    # Translated and stored: one path per installed language (jsonb), so that lists, pivots, exports,
    # PDFs, ordering and the name search all read "国土资源 / 宅基地" in Chinese. ``_compute_complete_name``
    # writes every language at once; translations loaded later by SQL (module terms, the translation
    # dialog) do not pass through the ORM, see ``_xinfang_recompute_complete_names``.
    complete_name = fields.Char(
        compute="_compute_complete_name", recursive=True, store=True, translate=True,
    )
    default_unit_id = fields.Many2one(
        "hr.department",
        string="Default Lead Unit",
        domain="[('xinfang_unit_type', 'in', ('office', 'discipline'))]",
        help="Unit proposed as lead unit for petitions of this category (谁主管谁负责).",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _code_uniq = models.UniqueIndex("(code) WHERE code IS NOT NULL", "The category code must be unique.")

    def _complete_name_langs(self):
        """Languages the full path is stored in: every installed one, English, and the current one."""
        langs = {code for code, _name in self.env["res.lang"].get_installed()} | {"en_US"}
        if self.env.lang:
            langs.add(self.env.lang)
        return sorted(langs)

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        langs = self._complete_name_langs()
        for category in self:
            # root .. category, read from ``name`` in each language (not from the parent's stored path,
            # which may itself be waiting for its recomputation)
            chain, seen, node = [], set(), category
            while node and node.id not in seen:
                seen.add(node.id)
                chain.insert(0, node)
                node = node.parent_id
            for lang in langs:
                names = [node.with_context(lang=lang).name or "" for node in chain]
                category.with_context(lang=lang).complete_name = " / ".join(names)

    @api.model
    def _xinfang_recompute_complete_names(self):
        """Recompute every stored path in every language.

        Called after translations are loaded (``ir.module.module._load_module_terms``) and after a name is
        translated in the dialog: both write the ``name`` column by SQL, which triggers no recomputation.
        """
        categories = self.with_context(active_test=False).search([])  # all of them: a small taxonomy
        if categories:
            self.env.add_to_compute(self._fields["complete_name"], categories)
            categories.flush_recordset(["complete_name"])

    def _update_field_translations(self, field_name, translations, digest=None, source_lang=""):
        res = super()._update_field_translations(field_name, translations, digest=digest, source_lang=source_lang)
        if field_name == "name":
            # the paths of the category and of its descendants embed the name in each language
            descendants = self.with_context(active_test=False).search([("id", "child_of", self.ids)])
            self.env.add_to_compute(self._fields["complete_name"], descendants)
            descendants.flush_recordset(["complete_name"])
        return res

    @api.constrains("parent_id")
    def _check_category_recursion(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A category cannot be its own ancestor."))
