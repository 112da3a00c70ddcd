"""Cards written for the Obsidian_to_Anki plugin, read as the plugin reads them.

- A block from a line `START` to a line `END`: its first line names the note type (`Basic`,
  `Basic (and reversed card)`, `Cloze`), then the fields, each from a line `Field:` on (the
  first field needs no label): `Front:`/`Back:`, or `Text:`/`Back Extra:` for a cloze;
- one line `STARTI [Basic] front Back: back ENDI`;
- `Q: question` and `A: answer` lines (the plugin's "question answer style"), up to a blank
  line;
- a line `Tags: a b` tags the card; the plugin's `<!--ID: 1234-->` (or `ID: 1234`) lines, which
  record the Anki note it made, are never shown; `TARGET DECK` and the line after it name the
  deck the file's cards go to.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from qadeck.deck.identity import deck_part
from qadeck.shapes.items import CardItem, Item, SectionItem
from qadeck.shapes.markup import Doc
from qadeck.sources.files import SourceFile

ID_LINE = re.compile(r"\s*(?:<!--\s*)?ID:\s*\d+\s*(?:-->)?\s*$")
_FIELD = re.compile(r"(Front|Back|Text|Extra|Back Extra)\s*:\s?(.*)$", re.IGNORECASE)
_INLINE = re.compile(r"^\s*STARTI\s+\[([^\]]+)\]\s*(.*?)\s+Back:\s*(.*?)\s*ENDI\s*$")
_QUESTION = re.compile(r"^Q:\s*(\S.*)$")
_ANSWER = re.compile(r"^A:\s*(.*)$")
_ID_TAIL = re.compile(r"\s*<!--\s*ID:\s*\d+\s*-->\s*$")
TARGET_DECK = "TARGET DECK"


def read_toanki(source: SourceFile, doc: Doc) -> list[Item]:
    """The plugin's notes of a document, under its headings (see the module's docstring)."""
    heads = {head.index: head for head in doc.heads}
    lines = doc.lines
    items: list[Item] = []
    context = doc.title.title if doc.title else PurePosixPath(source.name).stem
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        if index in heads:
            items.append(SectionItem(heads[index].level, heads[index].title, index + 1))
            context = heads[index].title
        elif doc.code[index] and not stripped.startswith("<!--"):
            pass
        elif stripped.startswith(TARGET_DECK):
            name = stripped[len(TARGET_DECK) :].lstrip(":").strip()
            if not name and index + 1 < len(lines):
                index += 1
                name = lines[index].strip()
            parts = [deck_part(part) for part in name.split("::") if part.strip()]
            items.extend(SectionItem(n - len(parts) + 1, p, index + 1) for n, p in enumerate(parts))
        elif stripped == "START":
            end = next((n for n in range(index + 1, len(lines)) if lines[n].strip() == "END"), None)
            if end is not None:
                items.extend(_block(lines, index, end, context))
                index = end
        elif found := _INLINE.match(line):
            note_type, front, back = found.groups()
            items.append(_card(note_type, front, back, index, index, context))
        elif found := _QUESTION.match(line):
            end = index + 1
            while end < len(lines) and lines[end].strip() and not _ANSWER.match(lines[end]):
                end += 1
            if end < len(lines) and (answer := _ANSWER.match(lines[end])):
                stop = end + 1
                while stop < len(lines) and lines[stop].strip() and not ID_LINE.match(lines[stop]):
                    stop += 1
                front = "\n".join([found[1], *lines[index + 1 : end]]).strip()
                back = "\n".join([answer[1], *lines[end + 1 : stop]]).strip()
                items.append(CardItem(_ID_TAIL.sub("", front), back, index + 1, end + 1))
                index = stop - 1
        index += 1
    return items


def _block(lines: tuple[str, ...], start: int, end: int, context: str) -> list[Item]:
    """A `START` … `END` block as one card."""
    body = [line for line in lines[start + 1 : end] if not ID_LINE.match(line)]
    if not body:
        return []
    note_type, tags = body[0].strip(), ""
    fields: dict[str, list[str]] = {"": []}
    current = ""
    for line in body[1:]:
        if line.strip().lower().startswith("tags:"):
            tags = line.strip()[5:].strip()
            continue
        if found := _FIELD.match(line.strip()):
            current = found[1].lower()
            fields[current] = [found[2]]
            continue
        fields.setdefault(current, []).append(line)
    text = {name: "\n".join(value).strip() for name, value in fields.items()}
    front = text.get("front") or text.get("text") or text.get("", "")
    back = text.get("back") or text.get("back extra") or text.get("extra") or ""
    if "front" in text or "text" in text:
        back = back or (text.get("", "") if front != text.get("", "") else "")
    return [_card(note_type, front, back, start + 1, start + 2, context, tags)]


def _card(
    note_type: str, front: str, back: str, line: int, answer: int, context: str, tags: str = ""
) -> Item:
    """A card of a note type: a cloze's text is its answer, under its heading's name; tags
    go to the answer's first line, where every shape reads them (see attributes)."""
    kind = note_type.casefold()
    classes = ("reversed",) if "reversed" in kind else ()
    tagged = f"Tags: {tags}\n" if tags else ""
    if "cloze" in kind:
        text = "\n\n".join(part for part in (front, back) if part.strip())
        return CardItem(context, tagged + text, line + 1, answer + 1, key_text=front)
    return CardItem(front, tagged + back, line + 1, answer + 1, classes=classes)
