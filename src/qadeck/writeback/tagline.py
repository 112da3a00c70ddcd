"""Tags changed in Anki, written where the document writes a question's own tags: its `Tags:`
line, made when the question has none.

Tags that the last sync gave a note and that Anki no longer has were removed there; tags Anki
has beyond them were added there, except Anki's own (`marked`, `leech`) and the section tags
under the deck's tag, which come from the outline. A removed tag that the question has from its
front matter or its section's `Tags:` line is not the question's alone to drop: reported, kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from qadeck.shapes.attributes import TAGS_LINE
from qadeck.writeback.rewrite import Replacement
from qadeck.writeback.spots import Spot

ANKI_OWN = frozenset({"marked", "leech"})


@dataclass(frozen=True)
class TagChange:
    """What Anki changed of a question's tags, its `Tags:` line rewritten, and the removed
    tags that the question does not have of its own."""

    added: tuple[str, ...]
    removed: tuple[str, ...]
    replacement: Replacement | None
    inherited: tuple[str, ...] = ()


def tag_change(
    spot: Spot,
    lines: Sequence[str],
    anki: Sequence[str],
    recorded: Sequence[str],
    files: Sequence[str],
    root_tag: str,
) -> TagChange:
    """Anki's tags (`anki`) against those the last sync wrote (`recorded`) and those the files
    give now (`files`)."""
    root = root_tag.casefold()
    had = {tag.casefold() for tag in recorded}
    has = {tag.casefold() for tag in anki}
    given = {tag.casefold() for tag in files}

    def ours(tag: str) -> bool:
        folded = tag.casefold()
        return folded in ANKI_OWN or folded == root or folded.startswith(root + "::")

    added = tuple(t for t in anki if t.casefold() not in had | given and not ours(t))
    removed = tuple(t for t in recorded if t.casefold() not in has and t.casefold() in given)
    removed = tuple(t for t in removed if not ours(t))
    own = _own(lines[spot.tags]) if spot.tags is not None else []
    own_folded = {word.removeprefix("#").casefold() for word in own}
    inherited = tuple(t for t in removed if t.casefold() not in own_folded)
    if not added and len(inherited) == len(removed):
        return TagChange(added, removed, None, inherited)
    gone = {t.casefold() for t in removed}
    kept = [word for word in own if word.removeprefix("#").casefold() not in gone]
    marked = bool(own) and all(word.startswith("#") for word in own)
    words = kept + [f"#{t}" if marked else t for t in added]
    if spot.tags is None:
        line = (Replacement(spot.heading + 1, spot.heading + 1, (f"Tags: {' '.join(words)}",)),)
        return TagChange(added, removed, line[0], inherited)
    written = lines[spot.tags]
    if not words:
        return TagChange(added, removed, Replacement(spot.tags, spot.tags + 1, ()), inherited)
    prefix = re.match(r"[ ]{0,3}tags:[ \t]*", written, re.IGNORECASE)
    assert prefix is not None, "the spot's tags line is a Tags: line"
    separator = ", " if "," in written[prefix.end() :] else " "
    head = prefix[0] if prefix[0].endswith((" ", "\t")) else prefix[0] + " "
    replacement = Replacement(spot.tags, spot.tags + 1, (head + separator.join(words),))
    return TagChange(added, removed, replacement, inherited)


def _own(line: str) -> list[str]:
    found = TAGS_LINE.fullmatch(line.rstrip())
    words = re.split(r"[\s,]+", (found[1] or "") if found else "")
    return [word for word in words if word]
