"""Translations this addon ships for the modules it builds on (``i18n_extra/<module>.<lang>.po``).

Odoo reads a module's terms only from that module's own ``i18n``/``i18n_extra`` folders, and OCA's
``base_tier_validation`` has no Chinese for most of what a leader sees (Validate / Reject / Restart
Validation, the chatter messages, the status of an extension). The files here fill those gaps, in both
places Odoo keeps translations:

- database terms (field labels, selection values, views, menus, subtypes): loaded after the module's own
  files whenever Odoo loads terms for base_tier_validation or for a module built on it: install, ``-u``,
  ``--load-language``, ``--i18n-overwrite``, activating a language, "Update Terms". Odoo's own rule applies:
  an existing translation is kept unless overwriting is asked for, so OCA's wording (and anything a user
  corrected) wins over ours where both exist.
- code terms (Python ``_()`` messages, JS/OWL strings): Odoo reads these from the module's po files into a
  process-wide cache, not from the database. ``CodeTranslations._get_code_translations`` is extended, once,
  to add our file's terms for that module where the module's own files have none.
"""

import logging
from contextlib import suppress

from odoo import api, models
from odoo.modules.module import Manifest
from odoo.tools import file_open, file_path
from odoo.tools.translate import CodeTranslations, TranslationImporter, code_translations, get_base_langs

_logger = logging.getLogger(__name__)

EXTRA_DIR = "xinfang_petition/i18n_extra"
# modules whose terms we complete; the files are i18n_extra/<module>.<lang>.po
EXTRA_MODULES = ("base_tier_validation", "report_xlsx")


def extra_po_paths(module_name, lang):
    """Our po files for ``module_name`` in ``lang`` (base language first, e.g. zh then zh_CN)."""
    if module_name not in EXTRA_MODULES:
        return
    for code in get_base_langs(lang):
        with suppress(FileNotFoundError):
            yield file_path(f"{EXTRA_DIR}/{module_name}.{code}.po")


def _get_code_translations_with_extra(module_name, lang, filter_func):
    translations = _get_code_translations_with_extra.origin(module_name, lang, filter_func)
    extra = {}
    for path in extra_po_paths(module_name, lang):
        with file_open(path, mode="rb") as fileobj:
            extra.update(CodeTranslations._read_code_translations_file(fileobj, filter_func))
    if not extra:
        return translations
    # the module's own translations first
    return {**extra, **translations}


if not hasattr(CodeTranslations._get_code_translations, "origin"):
    _get_code_translations_with_extra.origin = CodeTranslations._get_code_translations
    CodeTranslations._get_code_translations = staticmethod(_get_code_translations_with_extra)
    # drop what this process may have cached before the addon was imported
    for cache in (code_translations.python_translations, code_translations.web_translations):
        for key in [key for key in cache if key[0] in EXTRA_MODULES]:
            cache.pop(key, None)


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    @api.model
    def _xinfang_builds_on(self, modules, target):
        """Whether one of ``modules`` is ``target`` or depends on it (through the manifests)."""
        seen, stack = set(), list(modules)
        while stack:
            name = stack.pop()
            if name in seen:
                continue
            seen.add(name)
            if name == target:
                return True
            manifest = Manifest.for_addon(name, display_warning=False)
            if manifest:
                stack.extend(manifest.get("depends", ()))
        return False

    @api.model
    def _load_module_terms(self, modules, langs, overwrite=False):
        res = super()._load_module_terms(modules, langs, overwrite=overwrite)
        importer = None
        for module_name in EXTRA_MODULES:
            if not self._xinfang_builds_on(modules, module_name):
                continue
            for lang in langs:
                for path in extra_po_paths(module_name, lang):
                    _logger.info("xinfang_petition: loading %s terms from %s for %s", module_name, path, lang)
                    importer = importer or TranslationImporter(self.env.cr, verbose=False)
                    importer.load_file(path, lang)
        if importer:
            importer.save(overwrite=overwrite)
        if "xinfang.category" in self.env and self._xinfang_builds_on(modules, "xinfang_petition"):
            # the category paths are stored per language from the names just loaded by SQL
            self.env["xinfang.category"]._xinfang_recompute_complete_names()
        return res
