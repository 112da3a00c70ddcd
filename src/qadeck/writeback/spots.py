"""Where a question's parts are in its file today: the heading, its `Tags:` line, the answer,
the `<!-- more -->` line and the extra part, as line numbers of the file.

The question as read gives its heading's line, the line its answer starts on and the Markdown
of both parts; each is found again in the file's lines and checked to be there exactly as
read. What cannot be found so (a shape whose answers are not plain runs of lines, such as a
`<details>` block) is not guessed at: the question is reported instead of pulled.
"""

from __future__ import annotations

from dataclasses import dataclass

from qadeck.deck.model import Question
from qadeck.shapes.attributes import TAGS_LINE
from qadeck.shapes.outline import MORE_MARKER
from qadeck.sources.headings import ATX_HEADING, FENCE, closes_fence

Span = tuple[int, int]  # lines [start, end), 0-based; an empty span is where to insert


@dataclass(frozen=True)
class Spot:
    """A question's lines: heading, tags line (or None), answer, more marker, extra part, and
    the end of its block (the next heading, or the end of the file)."""

    heading: int
    tags: int | None
    answer: Span
    more: int | None
    extra: Span
    end: int


class NotFound(Exception):
    """A question whose parts are not where, or not as, it was read."""


def find_spot(question: Question, lines: list[str]) -> Spot:
    """The lines of `question` in `lines` (the file's text as read, one entry per line)."""
    heading = question.line - 1
    if not 0 <= heading < len(lines) or not ATX_HEADING.match(lines[heading]):
        raise NotFound("its heading is not a Markdown heading")
    if question.line in question.source.rewritten_headings:
        raise NotFound("its heading is underlined or HTML: only `#` headings are written back")
    if question.title not in lines[heading]:
        raise NotFound("its heading's text is not on its line")
    end = _block_end(lines, heading)
    first = next((i for i in range(heading + 1, end) if lines[i].strip()), end)
    tags = first if first < end and TAGS_LINE.fullmatch(lines[first].rstrip()) else None
    after_tags = (tags + 1) if tags is not None else heading + 1
    if question.answer:
        answer = _find(question.answer, question.answer_line - 1, lines, end)
    else:
        answer = (after_tags, after_tags)
    more = _more_marker(lines, answer[1], end)
    extra: Span = (end, end) if more is None else (more + 1, more + 1)
    if question.extra:
        if more is None:
            raise NotFound("its extra part has no <!-- more --> line before it")
        start = next((i for i in range(more + 1, end) if lines[i].strip()), end)
        extra = _find(question.extra, start, lines, end)
    return Spot(heading, tags, answer, more, extra, end)


def _find(text: str, start: int, lines: list[str], end: int) -> Span:
    """The lines from `start` on that hold `text` (written without trailing blanks)."""
    count = text.count("\n") + 1
    if start < 0 or start + count > end:
        raise NotFound("its text is not on the lines it was read from")
    found = "\n".join(lines[start : start + count]).rstrip()
    if found != text:
        raise NotFound("its text is not written as plain lines there")
    return (start, start + count)


def _more_marker(lines: list[str], start: int, end: int) -> int | None:
    for index in range(start, end):
        if MORE_MARKER.match(lines[index]):
            return index
    return None


def _block_end(lines: list[str], heading: int) -> int:
    """The line of the next heading outside code fences at the question's level or above
    (or below: a heading under a question starts another question), else the file's end."""
    fence: str | None = None
    for index in range(heading + 1, len(lines)):
        line = lines[index]
        if fence is not None:
            fence = None if closes_fence(line, fence) else fence
        elif opened := FENCE.match(line):
            fence = opened[1]
        elif ATX_HEADING.match(line):
            return index
    return len(lines)


def content_end(lines: list[str], spot: Spot) -> int:
    """The line after the question's last line with text: where new content goes."""
    index = spot.end
    while index > spot.heading + 1 and not lines[index - 1].strip():
        index -= 1
    return index
