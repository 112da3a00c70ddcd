"""What a question asks for besides its text: a reversed card, and tags of its own.

A document's front matter may ask the same for all its questions (`reversed: true`, `tags:`),
as deck.toml's `reversed = true` does for the whole deck; a question's own say comes first.

A reversed card is asked for with the heading attribute `{.reversed}` (pandoc's syntax, which
`{#key}` already follows; the two combine as `{#key .reversed}`). Tags are a line `Tags: a b`
as the first line under the heading, the way other Markdown-to-Anki tools write them: tags are
separated by spaces or commas, a leading `#` (Obsidian's habit) is dropped, and `::` makes a
hierarchy. Under a section heading, the line tags every question of the section.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from qadeck.diagnostics import Diagnostics, Location
from qadeck.sources.files import SourceFile
from qadeck.sources.tags import tag_problem

KNOWN_CLASSES = ("reversed",)
TAGS_LINE = re.compile(r"[ ]{0,3}tags:(?:[ \t]+(.*))?", re.IGNORECASE)
BLANK_LINES = re.compile(r"(?:[ \t]*\n)*")


def document_reversed(source: SourceFile, diagnostics: Diagnostics) -> bool | None:
    """Whether a document's front matter asks for a reversed card for all its questions
    (`reversed: true` or `false`; None: it does not say). Its `tags:` are added by render."""
    value = source.front.data.get("reversed")
    if value is not None and not isinstance(value, bool):
        where = Location(source.display, source.front.line("reversed"))
        diagnostics.error(where, "'reversed' must be true or false")
        return None
    return value


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


def checked_tags(tags: Iterable[str], location: Location, diagnostics: Diagnostics) -> list[str]:
    """The tags Anki takes as written (in NFC, as Anki stores them); an error at `location`
    for each other one."""
    kept = []
    for tag in tags:
        problem = tag_problem(tag)
        if problem is None:
            kept.append(unicodedata.normalize("NFC", tag))
        else:
            diagnostics.error(location, problem)
    return kept


def merged_tags(*groups: Iterable[str]) -> tuple[str, ...]:
    """The tags of every group in order, each once: Anki's tags ignore case."""
    seen: set[str] = set()
    merged = []
    for group in groups:
        for tag in group:
            if tag.casefold() not in seen:
                seen.add(tag.casefold())
                merged.append(tag)
    return tuple(merged)
