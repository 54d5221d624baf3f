"""Keep docs/rules.md one hop from the code: each link ``[`symbol`](path#Lnn)`` lands on the line that
defines ``symbol`` in ``path`` (a def, a class, an assignment, an XML id); a link without backticks
lands on the XML comment that starts with its text (``[2026](…#L6)`` → ``<!-- 2026``).

Usage: rules_links.py [--fix]   (without --fix: exit 1 and list the links that are off)
"""

import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "rules.md"
LINK = re.compile(r"\[(`?)([^\]`]+)`?\]\(([^)#]+)#L(\d+)\)")


def definition_line(path, symbol, literal):
    """1-based line of the definition of ``symbol`` in ``path``, or None."""
    if literal:
        patterns = [re.compile(r"<!--\s*" + re.escape(symbol))]
    else:
        name = re.escape(symbol)
        patterns = [re.compile(rf"^\s*(def|class) {name}\b"), re.compile(rf"^\s*{name}\s*[=:]"),
                    re.compile(rf'\bid="{name}"')]
    lines = path.read_text(encoding="utf-8").splitlines()
    for pattern in patterns:
        for number, line in enumerate(lines, 1):
            if pattern.search(line):
                return number
    return None


def main(fix):
    text = DOC.read_text(encoding="utf-8")
    problems = []

    def relink(match):
        backtick, symbol, target, line = match.groups()
        path = (DOC.parent / target).resolve()
        found = definition_line(path, symbol, not backtick) if path.is_file() else None
        if found is None:
            problems.append(f"{symbol}: not defined in {target}")
            return match.group(0)
        if found != int(line):
            problems.append(f"{symbol}: {target}#L{line} should be #L{found}")
        return f"[{backtick}{symbol}{backtick}]({target}#L{found})"

    fixed = LINK.sub(relink, text)
    if fix:
        DOC.write_text(fixed, encoding="utf-8")
        problems = [p for p in problems if "not defined" in p]
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main("--fix" in sys.argv[1:]))
