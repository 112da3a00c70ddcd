"""The checks of a whole document (links to its headings, headings broken across lines, code
or comments never closed), made from what each part of it holds: its landmarks.

A part's landmarks are found in its own text, and kept with it between builds (see
cache.documents); the findings are made from the landmarks of every part, so a document whose
parts come from memory is checked without being read. Lines are kept as offsets from the
part's first line, so that a part moved by an edit above it keeps its landmarks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from qadeck.checks.anchors import (
    heading_anchors,
    html_ids,
    list_headings,
    loose_anchors,
    page_links,
)
from qadeck.diagnostics import Diagnostics, Location
from qadeck.sources.files import SourceFile
from qadeck.sources.headings import Block, Outline

# A heading's tail on a line of its own: indented by 1-3 spaces, or led by a joining word.
CONTINUATION = re.compile(
    r"^(?: {1,3}\S|(?:vs\.?|versus|and|or|of|in|for|with|to|on|at|by|from|the|a|an)\s+\S)"
)


BLOCK_START = re.compile(r"^\s*(?:[-*+>#|<\[!`~]|\d+[.)])")

Link = tuple[int, int, str]  # line offset, column, anchor
# A heading that reads as if it went on below: its line offset, the offset of the line that
# continues it, its level, the joined title and its anchor, and whether that line is all its body.
Broken = tuple[int, int, int, str, str, bool]


class Landmarks(NamedTuple):
    """What the document checks need of a part of a document, lines as offsets in the part."""

    # each heading as GitHub sees it, in order, for its anchors: its line offset and text
    headings: tuple[tuple[int, str], ...]
    links: tuple[Link, ...]  # links to anchors of the page
    broken: tuple[Broken, ...]
    unclosed_fence: int | None
    unclosed_comment: int | None


def landmarks(outline: Outline, line: int, after: int | None) -> Landmarks:
    """The landmarks of a part read as `outline` from `line` on; `after` is the level of the
    heading after the part (None at the end of the document)."""
    links = page_links(outline.link_lines)
    return Landmarks(
        tuple((at - line, text) for at, text in _heading_texts(outline)),
        tuple((link.line - line, link.col, link.anchor) for link in links),
        tuple(_broken(outline, line, after)),
        None if outline.unclosed_fence is None else outline.unclosed_fence - line,
        None if outline.unclosed_comment is None else outline.unclosed_comment - line,
    )


def check_document(
    source: SourceFile, parts: Sequence[tuple[int, Landmarks]], diagnostics: Diagnostics
) -> None:
    """The findings about a whole document, from the first line and landmarks of each part."""
    display = source.display
    for line, marks in parts:
        if marks.unclosed_fence is not None:
            diagnostics.warning(
                Location(display, line + marks.unclosed_fence),
                "code block opened here is never closed; it swallows the rest of the file",
            )
        if marks.unclosed_comment is not None:
            diagnostics.warning(
                Location(display, line + marks.unclosed_comment),
                "HTML comment opened here is never closed; it hides the rest of the file",
            )
    links = [(line + at, col, anchor) for line, marks in parts for at, col, anchor in marks.links]
    anchors = _Anchors(source, parts) if links else None
    linked = {anchor.lower() for _, _, anchor in links}
    joined_anchors: dict[str, int] = {}
    for line, marks in parts:
        for at, continued, level, joined, anchor, alone in marks.broken:
            dangling = anchors is not None and anchor in linked and anchor not in anchors
            if not (alone or dangling):
                continue
            joined_anchors[anchor] = line + at
            diagnostics.warning(
                Location(display, line + at),
                f"heading looks broken across lines (line {line + continued} continues it); "
                f'did you mean "{"#" * level} {joined}"?',
            )
    if anchors is not None:
        _dead_links(display, anchors, links, joined_anchors, diagnostics)


class _Anchors:
    """The anchors of a document: its headings', and those of its HTML, read only if asked."""

    def __init__(self, source: SourceFile, parts: Sequence[tuple[int, Landmarks]]) -> None:
        self.source = source
        self.headings = heading_anchors(_all_headings(source, parts))
        self._all: set[str] | None = None

    def __contains__(self, anchor: object) -> bool:
        return anchor in self.headings or anchor in self.everything()

    def everything(self) -> set[str]:
        if self._all is None:
            declared = html_ids(self.source.text) | self.source.heading_ids
            # links are matched without case (see _dead_links), so are the ids HTML declares
            self._all = self.headings | {anchor.lower() for anchor in declared}
        return self._all


def _all_headings(source: SourceFile, parts: Sequence[tuple[int, Landmarks]]) -> Iterator[str]:
    """Each heading of the document as GitHub sees it, in document order, headings inside list
    items (`1. ### What is X?`, found in the whole text) among them."""
    listed = list_headings(source.text)
    for line, marks in parts:
        for at, text in marks.headings:
            while listed and listed[0][0] < line + at:
                yield listed.pop(0)[1]
            yield text
    yield from (title for _, title in listed)


def _heading_texts(outline: Outline) -> Iterator[tuple[int, str]]:
    """Each heading's line and text as GitHub sees it: the title, with its `{#key .class}`
    still part of the text, and then its key."""
    for block in outline.blocks:
        heading = block.heading
        if heading is not None:
            key = heading.key
            attributes = [f"#{key}"] * bool(key) + [f".{name}" for name in heading.classes]
            text = f"{heading.title} {{{' '.join(attributes)}}}" if attributes else heading.title
            yield heading.line, text
            if key:
                yield heading.line, key


def _broken(outline: Outline, line: int, after: int | None) -> Iterator[Broken]:
    """`## Stream Processing` + blank + ` vs Batch Processing`: a heading that goes on below."""
    headed = [(block, block.heading) for block in outline.blocks if block.heading is not None]
    levels: list[int | None] = [heading.level for _, heading in headed[1:]]
    levels += [after] if headed else []
    for (block, heading), following in zip(headed, levels, strict=True):
        if not heading.title or heading.title[-1] in ".?!:;":
            continue
        if following is not None and following > heading.level:
            continue  # a section: text under it introduces it
        found = _continuation(block)
        if found is None:
            continue
        offset, text, alone = found
        joined = f"{heading.title} {text.strip()}"
        anchor = heading_anchors([joined]).pop()
        continued = block.body_line + offset
        yield heading.line - line, continued - line, heading.level, joined, anchor, alone


def _continuation(block: Block) -> tuple[int, str, bool] | None:
    """The body's first paragraph when it is one short line that reads like more title."""
    lines = block.body.split("\n")
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None or (start + 1 < len(lines) and lines[start + 1].strip()):
        return None
    text = lines[start]
    if (
        not CONTINUATION.match(text)
        or BLOCK_START.match(text)
        or text.rstrip()[-1] in ".!:;,"
        or len(text.split()) > 8
    ):
        return None
    alone = not any(line.strip() for line in lines[start + 1 :])
    return start, text, alone


def _dead_links(
    display: str,
    anchors: _Anchors,
    links: list[Link],
    broken: dict[str, int],
    diagnostics: Diagnostics,
) -> None:
    loose: dict[str, str] | None = None
    for line, col, target in links:
        anchor = target.lower()
        if not anchor or anchor in anchors:
            continue
        if loose is None:
            loose = loose_anchors(anchors.everything())
        hint = ""
        if anchor in broken:
            hint = f" (the heading at line {broken[anchor]} looks broken across lines)"
        elif (near := loose.get(anchor.replace("-", ""))) is not None:
            hint = f" (did you mean #{near}?)"
        diagnostics.warning(
            Location(display, line, col), f"link to #{target} matches no heading{hint}"
        )
