"""A file's text with some of its lines replaced, every other byte as it was.

The file is split into lines that keep their own endings (`\\n`, `\\r\\n` or `\\r`, as qadeck
reads all three), so a line the edit does not replace keeps its bytes, a byte order mark and
a last line without an ending included. New lines take the ending the file uses most.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

ENDING = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Replacement:
    """Lines [start, end) of a file (0-based) replaced by `lines` (an empty span inserts)."""

    start: int
    end: int
    lines: tuple[str, ...]


def split_lines(text: str) -> list[tuple[str, str]]:
    """The text's lines, each with its ending ('' for a last line without one)."""
    found: list[tuple[str, str]] = []
    position = 0
    for ending in ENDING.finditer(text):
        found.append((text[position : ending.start()], ending[0]))
        position = ending.end()
    found.append((text[position:], ""))
    return found


def usual_ending(lines: Sequence[tuple[str, str]]) -> str:
    """The line ending the file uses most (`\\n` for a file of one line)."""
    counts: dict[str, int] = {}
    for _, ending in lines:
        if ending:
            counts[ending] = counts.get(ending, 0) + 1
    return max(counts, key=lambda e: (counts[e], e == "\n")) if counts else "\n"


def apply(text: str, replacements: Sequence[Replacement]) -> str:
    """The text with each replacement made; replacements must not overlap."""
    lines = split_lines(text)
    ending = usual_ending(lines)
    ordered = sorted(replacements, key=lambda r: (r.start, r.end), reverse=True)
    for earlier, later in zip(ordered[1:], ordered, strict=False):
        assert earlier.end <= later.start, "replacements of a question never overlap"
    for replacement in ordered:
        start, end = replacement.start, replacement.end
        new = [(line, ending) for line in replacement.lines]
        if new and end > start:  # the last line replaced keeps its ending (or its lack of one)
            new[-1] = (new[-1][0], lines[end - 1][1])
        elif new and start == len(lines) and not lines[-1][1]:  # after a last line without one
            lines[-1] = (lines[-1][0], ending)
            new[-1] = (new[-1][0], "")
        lines[start:end] = new
    return "".join(line + end for line, end in lines)
