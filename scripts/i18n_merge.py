"""Merge a freshly exported template into an addon's zh_CN.po, keeping every translation already made.

Usage: i18n_merge.py ADDON [extra.po ...]
  1. export the template first: scripts/odoo.sh i18n export -d DB -l pot -- ADDON  (writes i18n/ADDON.pot)
  2. this script rewrites i18n/zh_CN.po with the template's entries and references: a msgid already
     translated keeps its translation; else one from an ``extra.po`` given; a template string that is
     Chinese already (QWeb paperwork) translates to itself. What is left untranslated is listed
     (scripts/check_translations.py fails on it). Translated entries the template lacks are kept: they
     belong to modules some databases have (sms adds fields to every mail.thread model).
"""

import re
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
HAN = re.compile(r"[\u3400-\u9fff]")


def known_translations(paths):
    known = {}
    for path in paths:
        for entry in polib.pofile(str(path)):
            if entry.msgstr.strip() and not entry.fuzzy:
                known.setdefault(entry.msgid, entry.msgstr)
    return known


def main(addon, extras):
    folder = ROOT / addon / "i18n"
    pot = polib.pofile(str(folder / f"{addon}.pot"))
    current = polib.pofile(str(folder / "zh_CN.po"))
    known = known_translations([folder / "zh_CN.po", *extras])
    merged = polib.POFile(wrapwidth=current.wrapwidth)
    merged.metadata = current.metadata
    merged.header = current.header
    missing = []
    for entry in pot:
        msgstr = known.get(entry.msgid) or (entry.msgid if HAN.search(entry.msgid) else "")
        if not msgstr:
            missing.append(entry.msgid)
        merged.append(polib.POEntry(
            msgid=entry.msgid, msgstr=msgstr, occurrences=entry.occurrences, comment=entry.comment,
            tcomment=entry.tcomment, flags=[flag for flag in entry.flags if flag != "fuzzy"]))
    # kept: strings of fields only some databases have (e.g. mail.thread's SMS fields, with sms installed)
    exported = {entry.msgid for entry in pot}
    for entry in current:
        if entry.msgid not in exported and entry.msgstr.strip() and entry.occurrences and all(
                "sms" in where for where, _line in entry.occurrences):
            merged.append(entry)
    merged.save(str(folder / "zh_CN.po"))
    for msgid in missing:
        print(f"{addon}: untranslated: {msgid!r}")
    print(f"{addon}: {len(pot)} entries, {len(missing)} untranslated")


if __name__ == "__main__":
    main(sys.argv[1], [Path(path) for path in sys.argv[2:]])
