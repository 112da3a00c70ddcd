"""Obsidian's syntax that is about a note rather than how it looks: `%%comments%%`, `#tags`
(`#tag/child` is Anki's `tag::child`), `^block-ids`, and lines that only link or tag.

In a note of a vault (see vault) the comments, block ids and lines of tags are blanked before
anything reads the text, so that no heading or card inside a comment counts, and the tags go
on every question of the note, as front matter tags do; every line keeps its number.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from qadeck.sources.headings import FENCE, closes_fence

_TICKS_OR_COMMENT = re.compile(r"`+|%%")
# As Obsidian reads a tag: after a blank or the line's start, letters, digits, `_`, `-` and `/`,
# not digits alone (`#1` is an issue number).
TAG = re.compile(r"(?<!\S)#([\w/-]*[^\W\d][\w/-]*)")
_TAGS_LINE = re.compile(r"[ \t]*(?:#[\w/-]*[^\W\d][\w/-]*[ \t,]*)+")
_BLOCK_ID = re.compile(r"(?<=\s)\^[A-Za-z0-9-]+[ \t]*$|^\^[A-Za-z0-9-]+[ \t]*$", re.MULTILINE)
# A link, never an embed or an image: those are content.
_LINK = re.compile(r"(?<!!)\[\[[^\[\]\n]+\]\](?!\()|(?<!!)\[[^\]\n]*\]\([^)\n]*\)")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


def comment_spans(text: str) -> list[tuple[int, int]]:
    """Where each closed `%%…%%` is (outside inline code); one never closed is text."""
    if "%%" not in text:
        return []
    marks = [(found.start(), found.group()) for found in _TICKS_OR_COMMENT.finditer(text)]
    ticks: dict[int, list[int]] = {}
    for at, mark in marks:
        if mark != "%%":
            ticks.setdefault(len(mark), []).append(at)
    comments = [at for at, mark in marks if mark == "%%"]
    spans: list[tuple[int, int]] = []
    scanned = 0
    for at, mark in marks:
        if at < scanned:
            continue
        if mark != "%%":  # a code span runs to the next run of as many backticks
            runs = ticks[len(mark)]
            after = bisect_right(runs, at)
            scanned = runs[after] + len(mark) if after < len(runs) else at + len(mark)
            continue
        close = bisect_right(comments, at + 1)
        if close == len(comments):
            break
        scanned = comments[close] + 2
        spans.append((at, scanned))
    return spans


def obsidian_tag(name: str) -> str:
    """`tag/child` -> `tag::child`, Anki's hierarchy."""
    return "::".join(part for part in name.split("/") if part)


def note_text(text: str) -> tuple[str, tuple[str, ...]]:
    """A note's text with comments, block ids and lines of tags blanked (lines kept), and the
    tags of its text, in order, each once."""
    chars = list(text)
    touched: set[int] = set()
    for start, end in comment_spans(text):
        touched.update(range(text.count("\n", 0, start), text.count("\n", 0, end) + 1))
        for index in range(start, end):
            if chars[index] != "\n":
                chars[index] = " "
    lines = "".join(chars).split("\n")
    for number in touched:  # no trailing blanks where a comment was: they would break the line
        lines[number] = lines[number].rstrip()
    tags: dict[str, str] = {}
    fence: str | None = None
    for number, line in enumerate(lines):
        if fence is not None:
            fence = None if closes_fence(line, fence) else fence
            continue
        if opened := FENCE.match(line):
            fence = opened[1]
            continue
        if line.startswith(("    ", "\t")) or ("#" not in line and "^" not in line):
            continue
        prose = _CODE_SPAN.sub(lambda code: " " * len(code[0]), line)
        for found in TAG.finditer(prose):
            tag = obsidian_tag(found[1])
            if tag:
                tags.setdefault(tag.casefold(), tag)
        if _TAGS_LINE.fullmatch(line):
            lines[number] = ""
        elif "^" in prose:
            lines[number] = _BLOCK_ID.sub("", line).rstrip() if _BLOCK_ID.search(prose) else line
    return "\n".join(lines), tuple(tags.values())


def only_links_or_tags(text: str) -> bool:
    """Whether a stretch of text holds nothing but links and tags (and list marks)."""
    rest = _LINK.sub(" ", text)
    rest = TAG.sub(" ", rest)
    return not re.sub(r"[\s,;:|>*+\-•·]+|\d+[.)]", "", rest)
