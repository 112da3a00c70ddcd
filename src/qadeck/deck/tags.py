"""Tags as Anki takes them: checked once, with one message for each way a tag can be wrong.

Anki splits tags at spaces, writes a hierarchy as `parent::child`, and silently rewrites what
it does not like (an empty part between `::` becomes `blank`, control characters and, before
Anki 23.10, `"` are dropped). A tag written in a source is checked against those rules here,
so the tag a card gets is the tag its author wrote.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from qadeck.diagnostics import Diagnostics, Location


def tag_problem(tag: str) -> str | None:
    """What Anki would change about `tag`, as the end of a message, or None if it takes it."""
    if not tag:
        return "is empty"
    if any(char.isspace() for char in tag):
        return "holds a space (Anki splits tags at spaces; write words_like_this)"
    if any(unicodedata.category(char) == "Cc" for char in tag):
        return "holds a control character"
    if '"' in tag:
        return 'holds a " (older Anki versions drop it)'
    if any(not part.strip() for part in tag.split("::")):
        return "has an empty part (write a hierarchy as parent::child)"
    return None


def checked_tags(tags: Iterable[str], location: Location, diagnostics: Diagnostics) -> list[str]:
    """The tags Anki takes as written (in NFC, as Anki stores them); an error at `location`
    for each other one."""
    kept = []
    for tag in tags:
        problem = tag_problem(tag)
        if problem is None:
            kept.append(unicodedata.normalize("NFC", tag))
        else:
            diagnostics.error(location, f"tag {tag!r} {problem}")
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
