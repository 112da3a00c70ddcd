"""Split a Markdown text into its ATX heading outline, keeping the line of everything."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
# Trailing blanks are stripped in _heading: a lazy title before `[ \t]*$` rescanned every run
# of blanks inside a title to its end, and a pattern may try a run of blanks only from its
# first character (the lookbehinds) for the same reason: 20,000 tabs took seconds.
ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*))?$")
CLOSING_HASHES = re.compile(r"(?:^|(?<![ \t])[ \t]+)#+$")
# `{#key}`, `{.reversed}` or both, blank-separated in any order (pandoc's heading attributes).
# No token holds a blank or a brace, so a failed try ends at the next one: linear whatever the
# title.
_TOKEN = r"(?:#[^\s{}]+|\.[A-Za-z][\w-]*)"
ATTRIBUTES = re.compile(rf"(?<![ \t])[ \t]*\{{[ \t]*({_TOKEN}(?:[ \t]+{_TOKEN})*)[ \t]*\}}$")
COMMENT_START = re.compile(r"^ {0,3}<!--")


@dataclass(frozen=True)
class Heading:
    """An ATX heading: `level` 1-6, its text without `{#key .class}`, its 1-based line, and
    the classes of its attributes (such as `reversed`)."""

    level: int
    title: str
    key: str | None
    line: int
    classes: tuple[str, ...] = ()


class Block:
    """A heading and the lines under it up to the next heading (the preamble has none).

    The body is cut from the document's text when asked for, not held: most blocks are read
    once, and a copy of every answer for the life of the outline is a lot of memory.
    """

    __slots__ = ("_end", "_start", "_text", "body_line", "heading")
    heading: Heading | None
    body_line: int
    _text: str
    _start: int
    _end: int

    def __init__(
        self,
        heading: Heading | None,
        body: str,
        body_line: int,
        start: int = 0,
        end: int | None = None,
    ) -> None:
        setattr_ = object.__setattr__  # a value: nothing is assigned once it is made
        setattr_(self, "heading", heading)
        setattr_(self, "body_line", body_line)
        setattr_(self, "_text", body)
        setattr_(self, "_start", start)
        setattr_(self, "_end", len(body) if end is None else end)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Block is not changed once made (tried to set {name})")

    @property
    def body(self) -> str:
        """The lines under the heading."""
        return self._text[self._start : self._end]

    def span(self) -> tuple[str, int, int]:
        """The body as a text and the offsets it spans there, to search without a copy."""
        return self._text, self._start, self._end

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Block):
            return NotImplemented
        return (self.heading, self.body, self.body_line) == (
            other.heading,
            other.body,
            other.body_line,
        )

    def __hash__(self) -> int:
        return hash((self.heading, self.body, self.body_line))

    def __repr__(self) -> str:
        return f"Block({self.heading!r}, {self.body!r}, {self.body_line!r})"


@dataclass(frozen=True)
class Outline:
    """A document as blocks, with what the checks need from the same reading of its lines.

    `unclosed_fence` and `unclosed_comment` are the lines of a code fence or HTML comment that
    never closes; `link_lines` the numbered lines outside code and comments that hold `](`.
    """

    blocks: tuple[Block, ...]
    unclosed_fence: int | None = None
    unclosed_comment: int | None = None
    link_lines: tuple[tuple[int, str], ...] = ()


# The lines that change the reading: a fence, a comment's start, an ATX heading. Searched for
# from the newline before the line (the first line is tried on its own), three times faster
# than `^`.
MARK = re.compile(r"\n {0,3}(?:(`{3,}|~{3,})(.*)|(<!--)(.*)|(#{1,6})(?:[ \t]+(.*))?$)", re.M)


# What _marks yields besides headings (whose kind is their level, 1 to 6).
CODE, UNCLOSED_FENCE, UNCLOSED_COMMENT = 0, -1, -2
Mark = tuple[int, int, int, int, str]  # kind, start, resume, line, heading text after the hashes


def parse_outline(text: str, start: int = 0, end: int | None = None, line: int = 1) -> Outline:
    """Split `text` at ATX headings that are not inside fenced code or HTML comments.

    Only the lines that open a fence or a comment, or are headings, are visited one by one;
    the lines between them are skipped by searching. With `start` and `end` (the start of a
    heading line, or the end of the text, read from a clean state: see heading_marks), only
    that part is read, as it is read within the whole text; `line` is the line at `start`.
    """
    stop = len(text) if end is None else end
    lines = _LineNumbers(text, start, line)
    blocks: list[Block] = []
    links: list[tuple[int, str]] = []
    heading: Heading | None = None
    body_start, body_line = start, line
    unclosed_fence = unclosed_comment = None
    prose = start  # where text outside code and comments resumes
    for kind, found, resume, number, title in _marks(text, start, stop, line):
        if kind > 0:
            blocks.append(Block(heading, text, body_line, body_start, max(body_start, found - 1)))
            heading = parse_heading(kind, title, number)
            body_start, body_line = resume, number + 1
            continue
        _link_lines(text, prose, found, lines, links)
        prose = resume
        if kind == UNCLOSED_FENCE:
            unclosed_fence = number
        elif kind == UNCLOSED_COMMENT:
            unclosed_comment = number
    _link_lines(text, prose, stop, lines, links)
    # A part ends where the next heading's line starts: its last body stops before that newline.
    last = stop if stop == len(text) else max(body_start, stop - 1)
    blocks.append(Block(heading, text, body_line, body_start, last))
    return Outline(tuple(blocks), unclosed_fence, unclosed_comment, tuple(links))


def heading_marks(text: str) -> list[tuple[int, int, int, str]]:
    """(start, line, level, text after the hashes) of every heading parse_outline finds,
    found without reading anything else.

    What lies between two headings is read from the same state (outside code and comments),
    so parse_outline reads the text from any of these starts as it reads the whole.
    """
    return [(found, line, kind, title) for kind, found, _, line, title in _marks(text) if kind > 0]


def _marks(text: str, start: int = 0, stop: int | None = None, line: int = 1) -> Iterator[Mark]:
    """Each line from `start` to `stop` that changes the reading: a heading (kind: its level),
    with where its line starts and ends; or fenced code or a comment (CODE), with where it
    starts and where prose resumes; or one that never closes (UNCLOSED_FENCE, ...). The line
    numbers count from `line` at `start`.
    """
    end_of_text = len(text) + 1
    stop = len(text) if stop is None else stop
    number, counted = line, start  # the line number at offset `counted`
    search = start  # the start of the next line to look at
    # A mark is found from the newline before its line; the first line has none.
    first = MARK.match("\n" + text[: _line_end(text, 0, stop)]) if start == 0 else None
    found: tuple[int, int, Any] | None = (0, first.end() - 1, first) if first else None
    while True:
        if found is None:
            next_mark = MARK.search(text, max(search - 1, 0), stop)
            if next_mark is None:
                return
            found = (next_mark.start() + 1, next_mark.end(), next_mark)
        begin, end, match = found
        found = None
        fence, info, comment, after, hashes, title = match.groups()
        number += text.count("\n", counted, begin)
        counted, search = begin, end + 1
        if fence is not None and not (fence[0] == "`" and "`" in info):
            close = _closing_fence(fence[0], len(fence)).search(text, end, stop)
            if close is None:
                yield UNCLOSED_FENCE, begin, end_of_text, number, ""
                return
            search = close.end() + 1
            yield CODE, begin, search, number, ""
        elif comment is not None:
            if "-->" not in after:
                closed = text.find("-->", search, stop)
                if closed == -1:
                    yield UNCLOSED_COMMENT, begin, end_of_text, number, ""
                    return
                search = text.find("\n", closed, stop) + 1 or end_of_text
            yield CODE, begin, search, number, ""
        elif hashes is not None:
            yield len(hashes), begin, search, number, title or ""


def _line_end(text: str, start: int, stop: int) -> int:
    end = text.find("\n", start, stop)
    return stop if end == -1 else end


class _LineNumbers:
    """The 1-based line of an offset, counted from the offset asked for before (mostly near)."""

    def __init__(self, text: str, offset: int = 0, line: int = 1) -> None:
        self.text, self.offset, self.line = text, offset, line

    def number(self, offset: int) -> int:
        if offset >= self.offset:
            self.line += self.text.count("\n", self.offset, offset)
        else:
            self.line -= self.text.count("\n", offset, self.offset)
        self.offset = offset
        return self.line


def _link_lines(
    text: str, start: int, end: int, lines: _LineNumbers, links: list[tuple[int, str]]
) -> None:
    """Add each line of text[start:end] (whole lines) that holds `](`, with its number."""
    while (found := text.find("](", start, end)) != -1:
        first = text.rfind("\n", 0, found) + 1
        last = text.find("\n", found, end)
        last = end if last == -1 else last
        links.append((lines.number(first), text[first:last]))
        start = last + 1


@cache
def _closing_fence(char: str, length: int) -> re.Pattern[str]:
    """A line closing a fence of `length` `char`s (see closes_fence), from the newline before it."""
    return re.compile(rf"\n {{0,3}}(?! )[^\S\n]*{re.escape(char)}{{{length},}}[^\S\n]*$", re.M)


def parse_heading(level: int, raw: str, line: int) -> Heading:
    """A heading from its level, its raw text after the hashes and its line; attributes
    (`{#key}`, `{.reversed}`) split off. Two keys are no attributes: the text stays."""
    title = raw.rstrip(" \t")
    if title.endswith("#"):
        title = CLOSING_HASHES.sub("", title)
    title = title.strip()
    found = ATTRIBUTES.search(title) if title.endswith("}") else None
    if found is None:
        return Heading(level, title, None, line)
    tokens = found[1].split()
    keys = [token[1:] for token in tokens if token.startswith("#")]
    if len(keys) > 1:
        return Heading(level, title, None, line)
    classes = tuple(token[1:] for token in tokens if token.startswith("."))
    return Heading(level, title[: found.start()].strip(), keys[0] if keys else None, line, classes)


def closes_fence(line: str, fence: str) -> bool:
    """Whether `line` closes a code block opened by `fence` (same character, at least as long)."""
    stripped = line.strip()
    return (
        len(line) - len(line.lstrip(" ")) <= 3
        and len(stripped) >= len(fence)
        and set(stripped) == {fence[0]}
    )
