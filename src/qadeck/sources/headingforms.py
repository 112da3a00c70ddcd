"""Setext and HTML headings, and definition terms, written line for line as `#` headings.

Markdown has three ways to write a heading: `## Question`, a line underlined with `===` or
`---` (setext), and an HTML `<h2>` block. Every reader here looks for the first, so the other two
are rewritten into it before reading, keeping every line where it was: the underline, or the
lines of the opening and closing tags, become blank (an opening tag's `id` or `name` is kept
apart, for the links to it). Only what CommonMark itself reads as a
heading is rewritten: a one-line paragraph over its underline (a `---` after a blank line is a
rule), an `<hN>` block on lines of its own, never inside a code block or an HTML comment.
A definition list (`Term`, then `: definition`) is a list of questions and their answers:
each term becomes a heading one level below the heading it sits under, and each definition
loses its `: ` mark and the indentation its next lines keep under it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qadeck.sources.headings import ATX_HEADING, COMMENT_START, FENCE, closes_fence

UNDERLINE = re.compile(r"^ {0,3}(?:(=+)|(-{2,}))[ \t]*$")
# What cannot be a setext heading's text: a list item, a quote, a table row, a fence, HTML.
NOT_PARAGRAPH = re.compile(r"^(?: {4,}|\t| {0,3}(?:[-*+>|<]|\d+[.)](?:\s|$)|`{3}|~{3}))")
HTML_HEADING = re.compile(r"^ {0,3}<h([1-6])(?:\s[^>]*)?>(.*?)</h\1>\s*$", re.IGNORECASE)
HTML_OPEN = re.compile(r"^ {0,3}<h([1-6])(?:\s[^>]*)?>\s*$", re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")
# A definition list's definition, as PHP Markdown Extra, Pandoc, kramdown and Hugo write it:
# the line above it is the term.
DEFINITION = re.compile(r"^( {0,3}:[ \t]+)(\S.*)$")
# An `id` or `name` attribute: what a link to `#…` lands on (see checks.anchors).
HTML_ID = re.compile(r"""\b(?:id|name)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


@dataclass(frozen=True)
class Rewritten:
    """A text with its headings in `#`, the lines (1-based) of those rewritten, and the ids
    their HTML tags gave them."""

    text: str
    lines: frozenset[int] = frozenset()
    ids: frozenset[str] = frozenset()


def as_atx(text: str) -> Rewritten:
    """`text` with its setext and HTML headings as `#` headings, line for line. What is written
    back into the file on a rewritten line is not a `#` heading (see writeback.spots)."""
    markers = ("\n=", "\n-", "<h", "<H", "\n:", "\n :")
    if not any(marker in text for marker in markers):
        return Rewritten(text)  # nothing to rewrite: the common case costs a scan a marker
    lines = text.split("\n")
    rewritten: set[int] = set()
    ids: set[str] = set()
    fence = ""
    in_comment = False
    level = 1  # of the last `#` heading: a definition's term is a heading one deeper
    defining = False  # in the definitions of a term: a `: ` line is one more of them
    width = 0  # how far a definition's text is indented: its next lines are, too
    for index, line in enumerate(lines):
        if fence:
            fence = "" if closes_fence(line, fence) else fence
            continue
        if in_comment:
            in_comment = "-->" not in line
            continue
        if opened := FENCE.match(line):
            fence = opened[1]
            continue
        if COMMENT_START.match(line):
            in_comment = "-->" not in line[line.index("<!--") + 4 :]
            continue
        if definition := DEFINITION.match(line):
            term = None if defining else _term(lines, index)
            if term is not None or defining:
                if term is not None:
                    lines[term] = f"{'#' * min(level + 1, 6)} {lines[term].strip()}"
                    rewritten.add(term + 1)
                lines[index] = definition[2]
                defining, width = True, len(definition[1])
                continue
        if line.strip() and not line.startswith((" ", "\t")):
            defining = False
        elif defining and line.strip():  # a definition's next lines, written under its text
            lines[index] = line[min(width, len(line) - len(line.lstrip(" "))) :]
        if heading_line := ATX_HEADING.match(line):
            level = len(heading_line[1])
        if (underline := UNDERLINE.match(line)) and _setext_text(lines, index):
            level = 1 if underline[1] else 2
            lines[index - 1] = f"{'#' * level} {lines[index - 1].strip()}"
            lines[index] = ""
            rewritten.add(index)
        elif heading := HTML_HEADING.match(line):
            if _visible(heading[2]):
                lines[index] = f"{'#' * int(heading[1])} {heading[2].strip()}"
                rewritten.add(index + 1)
                ids.update(found[1] for found in HTML_ID.finditer(line[: line.index(">")]))
        elif (opening := HTML_OPEN.match(line)) and index + 2 < len(lines):
            closing = re.fullmatch(rf" {{0,3}}</h{opening[1]}>\s*", lines[index + 2], re.I)
            if closing and _visible(lines[index + 1]) and "<" not in lines[index + 1][:1]:
                ids.update(found[1] for found in HTML_ID.finditer(line))
                lines[index] = ""
                lines[index + 1] = f"{'#' * int(opening[1])} {lines[index + 1].strip()}"
                lines[index + 2] = ""
                rewritten.add(index + 2)
    return Rewritten("\n".join(lines), frozenset(rewritten), frozenset(ids))


def _setext_text(lines: list[str], index: int) -> bool:
    """Whether the line above the underline at `index` is a one-line paragraph."""
    if index == 0:
        return False
    above = lines[index - 1]
    if not above.strip() or NOT_PARAGRAPH.match(above) or ATX_HEADING.match(above):
        return False
    return index == 1 or not lines[index - 2].strip() or bool(ATX_HEADING.match(lines[index - 2]))


def _term(lines: list[str], index: int) -> int | None:
    """The index of the term the definition at `index` defines: a one-line paragraph right
    above it, or above one blank line; None when there is none."""
    above = index - 1
    if above >= 0 and not lines[above].strip():
        above -= 1
    if above < 0 or not lines[above].strip() or DEFINITION.match(lines[above]):
        return None
    if NOT_PARAGRAPH.match(lines[above]) or ATX_HEADING.match(lines[above]):
        return None
    return above if above == 0 or not lines[above - 1].strip() else None


def _visible(html: str) -> bool:
    """Whether a heading's inside shows words (a banner `<h1><img …></h1>` has none)."""
    return bool(TAG.sub("", html).strip())
