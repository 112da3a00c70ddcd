"""What a question asks for besides its text: a reversed card, and tags of its own.

A reversed card is asked for with the heading attribute `{.reversed}` (pandoc's syntax, which
`{#key}` already follows; the two combine as `{#key .reversed}`). Tags are a line `Tags: a b`
as the first line under the heading, the way other Markdown-to-Anki tools write them: tags are
separated by spaces or commas, a leading `#` (Obsidian's habit) is dropped, and `::` makes a
hierarchy. Under a section heading, the line tags every question of the section.
"""

from __future__ import annotations

import re

from qadeck.deck.tags import checked_tags
from qadeck.diagnostics import Diagnostics, Location

KNOWN_CLASSES = ("reversed",)
TAGS_LINE = re.compile(r"[ ]{0,3}tags:(?:[ \t]+(.*))?", re.IGNORECASE)
BLANK_LINES = re.compile(r"(?:[ \t]*\n)*")


def wants_reversed(
    classes: tuple[str, ...], location: Location, diagnostics: Diagnostics
) -> bool | None:
    """True when a heading's attributes ask for a reversed card; a warning for any other class."""
    for name in classes:
        if name not in KNOWN_CLASSES:
            known = ", ".join(f"{{.{known}}}" for known in KNOWN_CLASSES)
            diagnostics.warning(
                location, f"unknown heading attribute {{.{name}}} ignored (known: {known})"
            )
    return True if "reversed" in classes else None


def take_tags(
    answer: str, answer_line: int, display: str, diagnostics: Diagnostics
) -> tuple[list[str], str, int]:
    """The tags of a `Tags:` first line of `answer`, and the answer and its line without it."""
    if not answer[:8].lstrip(" ").lower().startswith("tags:"):
        return [], answer, answer_line
    first, _, rest = answer.partition("\n")
    found = TAGS_LINE.fullmatch(first.rstrip())
    if found is None:
        return [], answer, answer_line
    words = (word.removeprefix("#") for word in re.split(r"[\s,]+", found[1] or ""))
    tags = checked_tags((w for w in words if w), Location(display, answer_line), diagnostics)
    blank = BLANK_LINES.match(rest)
    skipped = blank.end() if blank else 0
    return tags, rest[skipped:], answer_line + 1 + rest.count("\n", 0, skipped)
