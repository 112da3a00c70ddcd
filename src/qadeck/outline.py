"""Split a Markdown text into its ATX heading outline, keeping the line of everything."""

from __future__ import annotations

import re
from dataclasses import dataclass

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
# Trailing blanks are stripped in _heading: a lazy title before `[ \t]*$` rescanned every run
# of blanks inside a title to its end, and a pattern may try a run of blanks only from its
# first character (the lookbehinds) for the same reason: 20,000 tabs took seconds.
ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*))?$")
CLOSING_HASHES = re.compile(r"(?:^|(?<![ \t])[ \t]+)#+$")
EXPLICIT_KEY = re.compile(r"(?<![ \t])[ \t]*\{#([^\s{}]+)\}$")
COMMENT_START = re.compile(r"^ {0,3}<!--")


@dataclass(frozen=True)
class Heading:
    """An ATX heading: `level` 1-6, its text without `{#key}`, and its 1-based line."""

    level: int
    title: str
    key: str | None
    line: int


@dataclass(frozen=True)
class Block:
    """A heading and the lines under it up to the next heading (the preamble has none)."""

    heading: Heading | None
    body: str
    body_line: int


@dataclass(frozen=True)
class Outline:
    """A document as blocks, plus the line of a code fence that never closes, if any."""

    blocks: tuple[Block, ...]
    unclosed_fence: int | None = None


def parse_outline(text: str) -> Outline:
    """Split `text` at ATX headings that are not inside fenced code or HTML comments."""
    lines = text.split("\n")
    blocks: list[Block] = []
    heading: Heading | None = None
    body_start = 0
    fence: str | None = None
    fence_line: int | None = None
    in_comment = False

    for index, line in enumerate(lines):
        if fence is not None:
            if closes_fence(line, fence):
                fence = None
            continue
        if in_comment:
            in_comment = "-->" not in line
            continue
        opened = FENCE.match(line)
        if opened and not (opened[1][0] == "`" and "`" in opened[2]):
            fence, fence_line = opened[1], index + 1
            continue
        if COMMENT_START.match(line):
            in_comment = "-->" not in line.split("<!--", 1)[1]
            continue
        found = ATX_HEADING.match(line)
        if not found:
            continue
        blocks.append(Block(heading, "\n".join(lines[body_start:index]), body_start + 1))
        heading = parse_heading(len(found[1]), found[2] or "", index + 1)
        body_start = index + 1

    blocks.append(Block(heading, "\n".join(lines[body_start:]), body_start + 1))
    return Outline(tuple(blocks), fence_line if fence is not None else None)


def parse_heading(level: int, raw: str, line: int) -> Heading:
    """A heading from its level, its raw text after the hashes and its line; `{#key}` split off."""
    title = CLOSING_HASHES.sub("", raw.rstrip(" \t")).strip()
    key = None
    explicit = EXPLICIT_KEY.search(title)
    if explicit:
        key = explicit[1]
        title = title[: explicit.start()].strip()
    return Heading(level, title, key, line)


def closes_fence(line: str, fence: str) -> bool:
    """Whether `line` closes a code block opened by `fence` (same character, at least as long)."""
    stripped = line.strip()
    return (
        len(line) - len(line.lstrip(" ")) <= 3
        and len(stripped) >= len(fence)
        and set(stripped) == {fence[0]}
    )
