"""Cards written for Obsidian's Spaced Repetition plugin, read as the plugin reads them.

- `Question::Answer` on one line, `Question:::Answer` for a card both ways (the first separator
  outside inline code, never the `::` of Anki's own `{{c1::…}}`);
- a paragraph with a line `?` between its question and its answer, or `??` both ways; a blank
  line ends it, as in the plugin;
- a paragraph with cloze marks: `{{x}}` and, when switched on (`cloze-highlights`, see
  sources.config), `==x==`, each a deletion of its own (`{{c1::x}}`, `{{c2::…}}`). A cloze
  note's front is the heading it sits under (or the note's title), its key the text.
- Headings are sections; a note tagged `#flashcards/sub/deck` goes to the deck `sub::deck`.
- The plugin's scheduling comments (`<!--SR:…-->`) and lines of tags are never shown.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from qadeck.deck.identity import deck_part
from qadeck.shapes.items import CardItem, Item, SectionItem
from qadeck.shapes.markup import Doc
from qadeck.sources.files import SourceFile
from qadeck.sources.notetext import TAG, obsidian_tag

FLASHCARDS = "flashcards"
_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_ANKI_CLOZE = re.compile(r"\{\{c\d+::")
_SCHEDULE = re.compile(r"[ \t]*<!--SR:[^>]*-->")
_MARKS = {
    "braces": r"\{\{(?!c\d+::)([^{}\n]+?)\}\}",
    "highlights": r"(?<![=\w])==(?![=\s])([^=\n]+?)(?<![=\s])==(?![=\w])",
}
_TAGS_LINE = re.compile(r"\s*(?:#[\w/-]+[\s,]*)+")


def separator(line: str) -> tuple[int, str] | None:
    """Where a single-line card's separator is (`:::` before `::`), outside inline code."""
    prose = _CODE.sub(lambda code: "\0" * len(code[0]), line)
    prose = _ANKI_CLOZE.sub(lambda cloze: "\0" * len(cloze[0]), prose)
    for mark in (":::", "::"):
        at = prose.find(mark)
        while at != -1 and (prose[at + len(mark) : at + len(mark) + 1] == ":"):
            at = prose.find(mark, at + len(mark) + 1)
        if at > 0 and line[:at].strip() and line[at + len(mark) :].strip():
            return at, mark
    return None


def cloze_text(text: str, marks: tuple[str, ...]) -> str | None:
    """The text with each of the plugin's cloze marks made an Anki deletion, or None."""
    number = 0

    def deletion(found: re.Match[str]) -> str:
        nonlocal number
        number += 1
        return f"{{{{c{number}::{next(g for g in found.groups() if g is not None)}}}}}"

    wanted = [f"(?:{_MARKS[mark]})" for mark in _MARKS if mark in marks]
    if not wanted:
        return None
    prose = _CODE.sub(lambda code: code[0].replace("{", "\0").replace("=", "\1"), text)
    prose = re.sub("|".join(wanted), deletion, prose)
    return prose.replace("\0", "{").replace("\1", "=") if number else None


def deck_tag(source: SourceFile, doc: Doc) -> tuple[str, ...] | None:
    """The deck path of a `#flashcards/sub/deck` tag, in front matter or the text."""
    tags = [obsidian_tag(tag.replace("::", "/")) for tag in source.front.tags]
    for index, line in enumerate(doc.lines):
        if not doc.code[index] and "#" in line:
            tags += [obsidian_tag(found[1]) for found in TAG.finditer(line)]
    for tag in tags:
        parts = tag.split("::")
        if parts[0].casefold() == FLASHCARDS and len(parts) > 1:
            return tuple(deck_part(part) for part in parts[1:])
    return None


def read_spaced(source: SourceFile, doc: Doc) -> list[Item]:
    """The plugin's cards of a document, under its headings (see the module's docstring)."""
    deck = deck_tag(source, doc) or ()
    items: list[Item] = [SectionItem(n - len(deck) + 1, p, 1) for n, p in enumerate(deck)]
    heads = {head.index: head for head in doc.heads}
    title = doc.title.title if doc.title else PurePosixPath(source.name).stem
    context = title
    lines = [_SCHEDULE.sub("", line) for line in doc.lines]
    index = 0
    while index < len(lines):
        if index in heads:
            head = heads[index]
            items.append(SectionItem(head.level, head.title, head.line))
            context = head.title
            index += 1
            continue
        if not lines[index].strip() or (doc.title and index == doc.title.index):
            index += 1
            continue
        end = index
        while end < len(lines) and lines[end].strip() and end not in heads:
            end += 1
            while end < len(lines) and doc.code[end] and doc.code[end - 1]:
                end += 1  # a code block belongs to its paragraph, blank lines and all
        items.extend(_paragraph(lines, doc.code, index, end, context, source))
        index = end
    return items


def _paragraph(
    lines: list[str], code: tuple[bool, ...], start: int, end: int, context: str, source: SourceFile
) -> list[Item]:
    """The cards of one paragraph: single-line cards, a `?` card, or a cloze."""
    found: list[Item] = []
    text = lines[start:end]
    for offset, line in enumerate(text):
        at = start + offset
        if code[at] or line.strip() in ("?", "??"):
            continue
        split = separator(line)
        if split is not None:
            position, mark = split
            classes = ("reversed",) if mark == ":::" else ()
            front, back = line[:position].strip(), line[position + len(mark) :].strip()
            found.append(CardItem(front, back, at + 1, at + 1, classes=classes))
    if found:
        return found
    for offset, line in enumerate(text):
        if not code[start + offset] and line.strip() in ("?", "??"):
            front = "\n".join(text[:offset]).strip()
            back = "\n".join(text[offset + 1 :]).strip()
            classes = ("reversed",) if line.strip() == "??" else ()
            return [CardItem(front, back, start + 1, start + offset + 2, classes=classes)]
    body = "\n".join(text)
    if _TAGS_LINE.fullmatch(body):
        return []
    clozed = cloze_text(body, source.cloze_marks)
    if clozed is None:
        return []
    return [CardItem(context, clozed, start + 1, start + 1, key_text=body)]
