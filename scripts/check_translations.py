"""Fail when a user-visible string of the addons has no Chinese translation.

For each addon: every msgid of the exported template (i18n/<addon>.pot) is in i18n/zh_CN.po with a
non-empty, non-fuzzy translation whose placeholders match, and every literal string passed to ``_()`` or
``_lt()`` in the addon's Python code (tests excepted) is in the template. Run by scripts/lint.sh; after
changing strings, re-export with ``scripts/odoo.sh i18n export`` and translate what is new.
"""

import ast
import re
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
ADDONS = ["xinfang_petition", "xinfang_supervision"]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sdfr]|%[sdr]|\{[a-z_]*\}")


def code_strings(addon):
    for path in (ROOT / addon).rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "_lt")
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                yield f"{path.relative_to(ROOT)}:{node.lineno}", node.args[0].value


def check(addon):
    problems = []
    pot = polib.pofile(str(ROOT / addon / "i18n" / f"{addon}.pot"))
    po = {entry.msgid: entry for entry in polib.pofile(str(ROOT / addon / "i18n" / "zh_CN.po"))}
    template = {entry.msgid for entry in pot}
    for msgid in sorted(template):
        entry = po.get(msgid)
        if entry is None or not entry.msgstr.strip():
            problems.append(f"{addon}: untranslated: {msgid[:80]!r}")
        elif entry.fuzzy:
            problems.append(f"{addon}: fuzzy: {msgid[:80]!r}")
        elif set(PLACEHOLDER.findall(msgid)) != set(PLACEHOLDER.findall(entry.msgstr)):
            problems.append(f"{addon}: placeholders differ: {msgid[:80]!r}")
    for where, text in code_strings(addon):
        if text not in template:
            problems.append(f"{where}: not in {addon}.pot (re-export): {text[:80]!r}")
    return problems, len(template)


def main():
    problems, counts = [], []
    for addon in ADDONS:
        found, count = check(addon)
        problems += found
        counts.append(f"{addon} {count}")
    if problems:
        print("\n".join(problems))
        print(f"{len(problems)} translation problems")
        return 1
    print("translations complete: " + ", ".join(counts) + " strings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
