"""The headings a document's table of contents lists: when its links name nearly every
heading of one level and its finest entries are those, they are the entries the document is
written in, each one question whatever its sub-headings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import unquote

from qadeck.deck.identity import github_anchor
from qadeck.shapes.markup import Head

ANCHOR_NAME = re.compile(r"""<a\s[^>]*\b(?:name|id)\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
LINK_TARGET = re.compile(r"\]\(#([^)\s]+)\)")
LISTED = 0.9  # the share of one level's headings the links must name
FEWEST = 3  # a level of fewer headings says nothing of the others


def listed_level(heads: Sequence[Head], targets: frozenset[str]) -> int | None:
    """The level whose headings the document's links to its own headings (`targets`, see
    link_targets) nearly all name, if any: of several, the one holding most entries (a table
    that lists sections and the questions in them names the questions, and a few listed
    parts of answers below them are not its entries)."""
    if not targets:
        return None
    found: list[tuple[int, int]] = []  # levels nearly all named: how many, and the level
    for level in sorted({head.level for head in heads}, reverse=True):
        peers = [head for head in heads if head.level == level]
        named = sum(is_listed(head, targets) for head in peers)
        if len(peers) >= FEWEST and named >= LISTED * len(peers):
            found.append((named, level))
    # the level that holds most entries: a few listed sub-headings of answers are not it
    return max(found)[1] if found else None


def link_targets(lines: Sequence[str]) -> frozenset[str]:
    """The anchors the document's links to its own headings name, decoded and folded."""
    found = (target for line in lines if "](#" in line for target in LINK_TARGET.findall(line))
    return frozenset(unquote(target).casefold() for target in found)


def is_listed(head: Head, targets: frozenset[str]) -> bool:
    """Whether the table of contents names this heading: an entry of its own."""
    if github_anchor(head.title) in targets:
        return True
    return "=" in head.title and any(
        name.casefold() in targets for name in ANCHOR_NAME.findall(head.title)
    )  # `### Generators <a name="gen"></a>`, listed as `[Generators](#gen)`
