"""Split a Markdown text into its ATX heading outline, keeping the line of everything."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

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

    def __init__(
        self,
        heading: Heading | None,
        body: str,
        body_line: int,
        start: int = 0,
        end: int | None = None,
    ) -> None:
        self.heading, self.body_line = heading, body_line
        self._text, self._start = body, start
        self._end = len(body) if end is None else end

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
# from the newline before the line (a text gets one put in front), three times faster than `^`.
MARK = re.compile(r"\n {0,3}(?:(`{3,}|~{3,})(.*)|(<!--)(.*)|(#{1,6})(?:[ \t]+(.*))?$)", re.M)


def parse_outline(text: str) -> Outline:
    """Split `text` at ATX headings that are not inside fenced code or HTML comments.

    Only the lines that open a fence or a comment, or are headings, are visited one by one;
    the lines between them are skipped by searching.
    """
    lines = _LineNumbers(text)
    blocks: list[Block] = []
    links: list[tuple[int, str]] = []
    heading: Heading | None = None
    body_start, body_line = 0, 1
    unclosed_fence = unclosed_comment = None
    prose = search = 0  # where text outside code and comments resumes; where to look next
    end_of_text = len(text) + 1
    marked = "\n" + text  # an offset in `text` is the offset of the newline before it here
    while (found := MARK.search(marked, search)) is not None:
        start, end = found.start(), found.end() - 1  # the line, in `text`
        line = lines.number(start)
        search = end + 1
        fence, info, comment, after, hashes, title = found.groups()
        if fence is not None and not (fence[0] == "`" and "`" in info):
            _link_lines(text, prose, start, lines, links)
            close = _closing_fence(fence[0], len(fence)).search(marked, search)
            if close is None:
                unclosed_fence = line
                prose = search = end_of_text
                break
            prose = search = close.end()
        elif comment is not None:
            _link_lines(text, prose, start, lines, links)
            if "-->" not in after:
                closed = text.find("-->", search)
                if closed == -1:
                    unclosed_comment = line
                    prose = search = end_of_text
                    break
                search = text.find("\n", closed) + 1 or end_of_text
            prose = search
        elif hashes is not None:
            blocks.append(Block(heading, text, body_line, body_start, max(body_start, start - 1)))
            heading = parse_heading(len(hashes), title or "", line)
            body_start, body_line = search, line + 1
    _link_lines(text, prose, len(text), lines, links)
    blocks.append(Block(heading, text, body_line, body_start, len(text)))
    return Outline(tuple(blocks), unclosed_fence, unclosed_comment, tuple(links))


class _LineNumbers:
    """The 1-based line of an offset, counted from the offset asked for before (mostly near)."""

    def __init__(self, text: str) -> None:
        self.text, self.offset, self.line = text, 0, 1

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
