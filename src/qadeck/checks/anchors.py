"""Heading anchors the way GitHub makes them, and the in-page links that point at them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from qadeck.deck.identity import github_anchor, github_anchors
from qadeck.sources.headingforms import HTML_ID
from qadeck.sources.headings import FENCE, closes_fence

__all__ = ["PageLink", "github_anchor", "heading_anchors", "html_ids", "loose_anchors"]

# `[text](#anchor)`; the text may hold one level of brackets, as in `[`a[0]`](#a0)`.
# The anchor stops at brackets too (no heading id has one): from each of 5,000 `[](#` the
# anchor ran to the end of the line and back.
PAGE_LINK = re.compile(r"\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*#([^)\s\[\]]*+)\s*\)")


@dataclass(frozen=True)
class PageLink:
    """A link to an anchor in the same document, with its 1-based line and column."""

    anchor: str
    line: int
    col: int


# A heading inside a list item, `1. ### What is X?` or `- ## Y`: GitHub gives it an id too.
LIST_HEADING = re.compile(r"^ {0,3}(?:\d{1,9}[.)]|[-*+])[ \t]+#{1,6}[ \t]+(.*?)[ \t#]*$", re.M)


def list_headings(text: str) -> list[tuple[int, str]]:
    """The headings inside list items, with their lines, outside fenced code."""
    if LIST_HEADING.search(text) is None:  # most documents: one search
        return []
    found = []
    fence: str | None = None
    for number, line in enumerate(text.split("\n"), 1):
        if fence is not None:
            fence = None if closes_fence(line, fence) else fence
        elif opened := FENCE.match(line):
            fence = opened[1]
        elif heading := LIST_HEADING.match(line):
            found.append((number, heading[1]))
    return found


def heading_anchors(titles: Iterable[str]) -> set[str]:
    """The ids of all headings of a document; GitHub numbers repeats `-1`, `-2`, ..."""
    return set(github_anchors(titles))


def html_ids(text: str) -> set[str]:
    """Anchors declared in raw HTML (`<a id="x">`, `<a name="x">`)."""
    return {match[1] for match in HTML_ID.finditer(text)} if "=" in text else set()


def page_links(lines: Iterable[tuple[int, str]]) -> Iterator[PageLink]:
    """Every `[text](#anchor)` link in the numbered lines given (code already left out)."""
    for number, line in lines:
        if "](" not in line:
            continue
        for match in PAGE_LINK.finditer(line):
            yield PageLink(unquote(match[1]), number, match.start() + 1)


def loose_anchors(anchors: Iterable[str]) -> dict[str, str]:
    """Anchors by their letters alone, to suggest `modelconcept` for a link to `model-concept`."""
    return {anchor.replace("-", ""): anchor for anchor in sorted(anchors, reverse=True)}
