from odoo import api, fields, models
from odoo.exceptions import ValidationError

# the one attribute every Open311 service takes: the petitioner's resident ID number
ID_NUMBER_ATTRIBUTE = "ID_NUMBER"


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
        help="Unit proposed as lead unit for petitions of this category.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    village_solvable = fields.Boolean(
        string="Solvable in the Village",
        help="Matters of this kind (and of its subcategories) that arise in a village are led by the "
        "village committee when no township unit is in charge of the category.",
    )

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

    # ------------------------------------------------------------------------------------------
    # routing by jurisdiction (xinfang.petition.routing)
    # ------------------------------------------------------------------------------------------
    def _get_routing_unit(self):
        """The category's default lead unit, else its nearest ancestor's."""
        self.ensure_one()
        category = self
        while category and not category.default_unit_id:
            category = category.parent_id
        return category.default_unit_id

    def _is_village_solvable(self):
        """Whether the category or one of its ancestors is solvable in the village."""
        self.ensure_one()
        category = self
        while category and not category.village_solvable:
            category = category.parent_id
        return bool(category)

    # ------------------------------------------------------------------------------------------
    # Open311 services (controllers/open311.py)
    # ------------------------------------------------------------------------------------------
    @api.model
    def _open311_categories(self, code=None):
        """Categories offered as services: those with a code.

        sudo-safe: the category taxonomy is public reference data; the public API has no user.
        """
        domain = [("code", "!=", False)] if code is None else [("code", "=", code)]
        return self.sudo().search(domain, order="code")

    @api.model
    def _open311_services(self):
        """GET services: every category with a code, with the spec's fields."""
        return [{
            "service_code": category.code,
            "service_name": category.name,
            "description": category.description or "",
            "metadata": True,  # the definition offers the optional ID number attribute
            "type": "realtime",
            "keywords": "",
            "group": category.parent_id.name or category.name,
        } for category in self._open311_categories()]

    @api.model
    def _open311_definition(self, code):
        """GET services/{code}: the service definition, or None for an unknown code.

        Every service takes the same optional attribute: the petitioner's resident ID number, which
        lets the office recognise a person who called before (and detect repeat petitions).
        """
        if not self._open311_categories(code):
            return None
        return {
            "service_code": code,
            "attributes": [{
                "variable": True,
                "code": ID_NUMBER_ATTRIBUTE,
                "datatype": "string",
                "required": False,
                "datatype_description": self.env._("18-character resident ID number"),
                "order": 1,
                "description": self.env._("Resident ID number of the petitioner (optional)"),
                "values": [],
            }],
        }
