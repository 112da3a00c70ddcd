"""An answer's text made ready to read: dedented, without rules and empty wrappers around it."""

from __future__ import annotations

import re
import textwrap

from qadeck.shapes.remembered import remembered

# The fence is the whole run of its character, so a line of 20,000 `~` is tried once, not split.
FENCE_INFO = re.compile(r"^(\s*(?:`{3,}(?!`)|~{3,}(?!~)))[ \t]*([^\s`{]+)[ \t]+[^`]*$")
ADMONITION = re.compile(r"^ {0,3}(?:\?\?\?\+?|!!!)[ \t]+\w+")
RULE = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|<hr\s*/?>)$")
EMPTY_WRAPPER = re.compile(r"^\s*(?:</?(?:div|p|b|strong|br|center|span)\b[^>]*>\s*)+$", re.I)


@remembered
def trim_answer(text: str) -> tuple[str, int]:
    """Dedent an answer and drop rules and empty HTML wrappers around it; lines dropped above."""
    lines = text.split("\n")
    first = next((n for n, line in enumerate(lines) if line.strip()), 0)
    if lines and ADMONITION.match(lines[first]):
        lines[first] = ""  # a collapsed MkDocs admonition such as `??? note "Answer"`
    # GitHub reads ```jsx harmony as jsx code; Python-Markdown would not see a fence at all
    lines = [FENCE_INFO.sub(r"\1\2", line) for line in lines]
    lines = textwrap.dedent("\n".join(lines)).split("\n")
    while lines and (not lines[-1].strip() or RULE.match(lines[-1]) or _empty(lines[-1])):
        lines.pop()
    skipped = 0
    while lines and (not lines[0].strip() or RULE.match(lines[0]) or _empty(lines[0])):
        lines.pop(0)
        skipped += 1
    return "\n".join(lines), skipped


def _empty(line: str) -> bool:
    return bool(EMPTY_WRAPPER.match(line))
