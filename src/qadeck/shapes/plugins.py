"""Whether a document holds cards of an Obsidian flashcard plugin, from what only they write.

Obsidian_to_Anki: a `START` … `END` block, a `STARTI … ENDI` line, or its `<!--ID: 1234-->`
lines beside `Q:` lines. Spaced Repetition: a note tagged `#flashcards` (the tag the plugin
looks for) with one of its cards, or, untagged, at least three of its cards and no fewer than
the document has question headings: `::` is common enough in prose about code.
"""

from __future__ import annotations

import re

from qadeck.shapes.markup import Doc
from qadeck.shapes.spaced import FLASHCARDS, cloze_text, separator
from qadeck.shapes.toanki import ID_LINE
from qadeck.sources.notetext import TAG

_INLINE = re.compile(r"^\s*STARTI\s+\[[^\]]+\].*ENDI\s*$")
SPACED_CARDS = 3  # untagged: at least this many cards


def plugin_shape(doc: Doc, leaves: int, tagged: bool = False) -> str | None:
    """`obsidian-to-anki`, `spaced-repetition` or None, from the document's lines; `tagged`
    when its front matter (or a vault's reading of it) tags it `#flashcards`."""
    lines, code = doc.lines, doc.code
    heads = {head.index for head in doc.heads}
    blocks = ids = questions = cards = 0
    for index, line in enumerate(lines):
        if "#" in line and not code[index]:
            for found in TAG.finditer(line):
                name = found[1].casefold()
                tagged = tagged or name == FLASHCARDS or name.startswith(FLASHCARDS + "/")
    opened = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        if ID_LINE.match(line) and stripped.startswith("<!--"):
            ids += 1
        if code[index] or index in heads:
            continue
        if stripped == "START":
            opened = True
        elif stripped == "END" and opened:
            blocks += 1
            opened = False
        elif _INLINE.match(line):
            blocks += 1
        elif stripped.startswith("Q:"):
            questions += 1
        if stripped in ("?", "??") or separator(line) is not None:
            cards += 1
        elif tagged and cloze_text(line, ("braces", "highlights")) is not None:
            cards += 1  # a cloze counts only in a note tagged for the plugin: == highlights too
    if blocks or (ids and questions):
        return "obsidian-to-anki"
    if cards and (tagged or (cards >= SPACED_CARDS and cards >= leaves)):
        return "spaced-repetition"
    return None
