"""Heading anchors the way GitHub makes them, and the in-page links that point at them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote

# `[text](#anchor)`; the text may hold one level of brackets, as in `[`a[0]`](#a0)`.
# The anchor stops at brackets too (no heading id has one): from each of 5,000 `[](#` the
# anchor ran to the end of the line and back.
PAGE_LINK = re.compile(r"\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*#([^)\s\[\]]*+)\s*\)")
ASCII_DROPPED = re.compile(r"[^a-z0-9 _-]")
HTML_ID = re.compile(r"""\b(?:id|name)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


@dataclass(frozen=True)
class PageLink:
    """A link to an anchor in the same document, with its 1-based line and column."""

    anchor: str
    line: int
    col: int


def github_anchor(title: str) -> str:
    """GitHub's heading id: lower case, punctuation and symbols dropped, spaces to hyphens."""
    if title.isascii():  # the same, faster: the ASCII letters, marks and numbers are [a-z0-9]
        return ASCII_DROPPED.sub("", title.lower()).replace(" ", "-")
    kept = (
        char
        for char in title.lower()
        if char in " -_" or unicodedata.category(char)[0] in "LNM"  # letters, numbers, marks
    )
    return "".join(kept).replace(" ", "-")


def heading_anchors(titles: Iterable[str]) -> set[str]:
    """The ids of all headings of a document; GitHub numbers repeats `-1`, `-2`, ..."""
    # As github-slugger does: count per base, so 20,000 equal headings stay linear.
    occurrences: dict[str, int] = {}
    for title in titles:
        base = anchor = github_anchor(title)
        while anchor in occurrences:
            occurrences[base] += 1
            anchor = f"{base}-{occurrences[base]}"
        occurrences[anchor] = 0
    return set(occurrences)


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
