"""YAML front matter: a `---` block at the top of a file, read for its settings, never shown.

Obsidian, Jekyll and Hugo write one. qadeck reads its own keys (`deck`, `deck-id`, `tags`) and
the common `title:`; every other key is left alone without a word. The block's lines are blanked
in the text the later stages see, so every line number stays the file's own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from qadeck.diagnostics import Diagnostics, Location
from qadeck.sources.tags import tag_problem

OPENING = re.compile(r"---[ \t]*\n")
CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
# A block is front matter only when it reads like one: empty, or its first line that is no YAML
# comment is `key:`. Anything else after a leading `---` (a thematic break, a setext heading, an
# ATX heading between two rules) is Markdown.
FIRST_KEY = re.compile(r"\s*(?:#.*\n\s*)*[\w\"'][\w \"'-]*:(?:\s|$)")
STRING_KEYS = ("deck", "deck-id", "title")


@dataclass(frozen=True)
class FrontMatter:
    """What a file's front matter says; empty for a file without one.

    `data` is the whole mapping, for settings read elsewhere; `lines` gives each top-level key's
    line in the file, for findings about it.
    """

    deck: str | None = None
    identity: str | None = None
    title: str | None = None
    tags: tuple[str, ...] = ()
    data: Mapping[str, Any] = field(default_factory=dict)
    lines: Mapping[str, int] = field(default_factory=dict)
    end_line: int = 0  # the closing `---` line; 0 without front matter
    block: str = ""  # the YAML as written: whatever is made of the file depends on it too

    def line(self, key: str) -> int | None:
        """The line of a top-level key, or None when the block does not have it."""
        return self.lines.get(key)


NO_FRONT_MATTER = FrontMatter()


def split_front_matter(
    text: str, display: str, diagnostics: Diagnostics
) -> tuple[FrontMatter, str]:
    """The front matter of `text` and the text with the block's lines blanked."""
    if not text.startswith("---") or OPENING.match(text) is None:
        return NO_FRONT_MATTER, text
    start = text.index("\n") + 1
    closing = CLOSING.search(text, start)
    if closing is None:
        return NO_FRONT_MATTER, text
    empty = closing.start() == start  # `---` and `---`: Jekyll's empty front matter
    if not empty and FIRST_KEY.match(text, start, closing.start()) is None:
        return NO_FRONT_MATTER, text
    block = text[start : closing.start()]
    end_line = text.count("\n", 0, closing.start()) + 1
    blanked = "\n" * (end_line - 1) + text[closing.end() :]
    data = _load(block, display, diagnostics)
    if data is None:
        return FrontMatter(end_line=end_line, block=block), blanked
    return _front_matter(data, block, display, end_line, diagnostics), blanked


def _load(block: str, display: str, diagnostics: Diagnostics) -> dict[str, Any] | None:
    import yaml  # only files with front matter need the parser

    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        unclosed = unclosed_value(block)
        if unclosed is not None:  # the line the user must fix, in plain words
            line, what = unclosed
            diagnostics.error(Location(display, line), f"invalid front matter: {what}")
            return None
        # A flow (`[`, `{`) opened: the library's problem is where it gave up, its context
        # where the value began.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1  # +1 for the opening `---`
        reason = getattr(exc, "problem", None) or str(exc).split("\n")[0]
        diagnostics.error(Location(display, line), f"invalid front matter: {reason}")
        return None
    if data is None:
        return {}
    if not isinstance(data, dict):
        diagnostics.error(Location(display, 2), "front matter must be a mapping of keys to values")
        return None
    return {str(key): value for key, value in data.items()}


def _front_matter(
    data: dict[str, Any], block: str, display: str, end_line: int, diagnostics: Diagnostics
) -> FrontMatter:
    lines = _key_lines(block)
    values: dict[str, str] = {}
    for key in STRING_KEYS:
        value = data.get(key)
        if value is None:
            continue
        if (
            isinstance(value, bool)
            or not isinstance(value, str | int | float)
            or not str(value).strip()
        ):
            diagnostics.error(
                Location(display, lines.get(key)), f"{key!r} must be a non-empty text"
            )
        else:
            values[key] = str(value).strip()
    tags = _tags(data.get("tags"), Location(display, lines.get("tags")), diagnostics)
    return FrontMatter(
        values.get("deck"),
        values.get("deck-id"),
        values.get("title"),
        tags,
        data,
        lines,
        end_line,
        block,
    )


def _tags(value: object, where: Location, diagnostics: Diagnostics) -> tuple[str, ...]:
    """Tags as a YAML list, or one text of tags separated by spaces or commas (`#` optional)."""
    if value is None:
        return ()
    if isinstance(value, str):
        items: list[object] = re.split(r"[\s,]+", value)
    elif isinstance(value, list):
        items = value
    else:
        diagnostics.error(where, "'tags' must be a list of tags or a text of tags")
        return ()
    tags: list[str] = []
    for item in items:
        tag = _text(item)
        if tag is None:
            diagnostics.error(where, f"tag {item!r} is not a text")
            continue
        tag = tag.removeprefix("#")
        if not tag:
            continue
        problem = tag_problem(tag)
        if problem is not None:
            diagnostics.error(where, problem)
        elif tag not in tags:
            tags.append(tag)
    return tuple(tags)


def _text(value: object) -> str | None:
    """A YAML scalar as text (`deck-id: 2024` is the text 2024), stripped; None otherwise."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return str(value).strip()


def _key_lines(block: str) -> dict[str, int]:
    """The line of each top-level key (`key:` at the start of a line), counting the `---`."""
    found: dict[str, int] = {}
    for number, line in enumerate(block.split("\n"), 2):
        match = re.match(r"[\"']?([^\s:\"'#][^:\"']*?)[\"']?\s*:(?:\s|$)", line)
        if match and match[1] not in found:
            found[match[1]] = number
    return found


CLOSERS = {"[": "]", "{": "}"}
TOP_KEY = re.compile(r"[\"']?([^\s:\"'#-][^:\"']*?)[\"']?\s*:(?:\s|$)")


def unclosed_value(block: str) -> tuple[int, str] | None:
    """The line of the first top-level value whose `[`, `{` or quote is never closed before the
    next key, and what is open: `(3, "unclosed [ in tags")`."""
    key, line, opened = "", 0, ""
    stack: list[str] = []
    for number, text in enumerate(block.split("\n"), 2):
        top = TOP_KEY.match(text)
        if top is not None:
            if stack:
                break
            key, line, opened = top[1], number, ""
            text = text[top.end() :]
        quote = ""
        for char in text:
            if quote:
                quote = "" if char == quote else quote
            elif char in "\"'" and not opened:
                quote = char
            elif char == "#" and not stack:
                break
            elif char in CLOSERS:
                stack.append(char)
            elif stack and char == CLOSERS[stack[-1]]:
                stack.pop()
            opened = opened or char.strip()
        if quote:
            return number, f"unclosed {quote} in {key}" if key else f"unclosed {quote}"
    if stack:
        return line, f"unclosed {stack[0]} in {key}" if key else f"unclosed {stack[0]}"
    return None
