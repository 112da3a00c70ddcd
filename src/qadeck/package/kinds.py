"""The note types beside the Q&A one (see notetype): Q&A with a reversed card, and cloze.

Each is pinned like the Q&A one (tests/test_notetype.py): Anki matches a note type by id, and a
changed schema (fields, template names) makes it create a second note type on import. Anki
cannot add a template to a note type without such a change either, so the reversed card needs a
note type of its own rather than a second template on the Q&A one.

A cloze field shows nothing on a card whose number it does not hold, so the question and the
answer share the one `Text` field: every card shows both, with its own deletion hidden.

A deck with a style of its own gets note types of its own, with ids derived from the deck's
identity: note types are shared by every deck that uses them, so a style added to the shared
ones would restyle other decks, and be undone by the next import of one of them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import replace

from qadeck.deck.model import Kind
from qadeck.package.notetype import (
    BACK,
    FIELDS,
    FRONT,
    TEMPLATE_NAME,
    NoteType,
    Template,
    card_css,
    note_type,
)

REVERSED_MODEL_ID = 1_730_905_118
REVERSED_NAME = "qadeck Q&A (and reversed card)"
REVERSED_TEMPLATE_NAME = "Card 2"
# Without an answer, the front is empty and Anki makes no second card.
REVERSED_FRONT = """\
{{#Answer}}{{#Section}}<div class="qd-section">{{Section}}</div>{{/Section}}
<div class="qd-answer">{{Answer}}</div>{{/Answer}}"""
# The extra part behind "More" and the source, on every back as on the Q&A one (see notetype).
EXTRA_AND_SOURCE = """\
{{#Extra}}<details class="qd-more"><summary>More</summary>
<div class="qd-extra">{{Extra}}</div></details>{{/Extra}}
{{#Source}}<div class="qd-source">{{Source}}</div>{{/Source}}"""
REVERSED_BACK = (
    """\
{{FrontSide}}
<hr id="answer">
<div class="qd-question">{{Question}}</div>
"""
    + EXTRA_AND_SOURCE
)

CLOZE_MODEL_ID = 1_730_905_119
CLOZE_NAME = "qadeck Cloze"
CLOZE_FIELDS = ("Text", "Extra", "Section", "Source")
CLOZE_TEMPLATE_NAME = "Cloze"
CLOZE_FRONT = """\
{{#Section}}<div class="qd-section">{{Section}}</div>{{/Section}}
<div class="qd-cloze">{{cloze:Text}}</div>"""
CLOZE_BACK = CLOZE_FRONT + "\n" + EXTRA_AND_SOURCE
# Anki wraps a deletion in <span class="cloze">; its own cloze type colours it, ours must too,
# in both modes (the link colour reads at 4.5:1 or more on either background).
CLOZE_CSS = """
/* Cloze deletions */
.card .cloze { font-weight: 700; color: var(--qd-link); }
"""

# Field positions of a rendered note (see render.notes.RenderedNote).
QUESTION, ANSWER, SECTION, EXTRA, SOURCE = range(5)
# Around the question at the start of a cloze note's Text.
QUESTION_START, QUESTION_END = '<div class="qd-question">', "</div>"


def shared_note_types() -> dict[Kind, NoteType]:
    """The note types of every deck without a style of its own."""
    css = card_css()
    first = Template(TEMPLATE_NAME, FRONT, BACK)
    second = Template(REVERSED_TEMPLATE_NAME, REVERSED_FRONT, REVERSED_BACK)
    cloze = Template(CLOZE_TEMPLATE_NAME, CLOZE_FRONT, CLOZE_BACK)
    return {
        Kind.BASIC: note_type(),
        Kind.REVERSED: NoteType(REVERSED_MODEL_ID, REVERSED_NAME, FIELDS, (first, second), css),
        Kind.CLOZE: NoteType(
            CLOZE_MODEL_ID, CLOZE_NAME, CLOZE_FIELDS, (cloze,), css + CLOZE_CSS, cloze=True
        ),
    }


def preview_css(kinds: Collection[Kind], style: str = "") -> str:
    """One stylesheet for cards of all of `kinds`: what each of their note types holds."""
    css = card_css() + (CLOZE_CSS if Kind.CLOZE in kinds else "")
    return with_style(css, style)


def with_style(css: str, style: str) -> str:
    """A note type's stylesheet with the deck's own style after it."""
    return f"{css}\n/* The deck's own style */\n{style}" if style else css


def note_types(identity: str, deck_name: str, style: str = "") -> dict[Kind, NoteType]:
    """The note types of a deck: the shared ones, or with a style, the deck's own."""
    shared = shared_note_types()
    if not style:
        return shared
    return {
        kind: replace(
            shared_type,
            model_id=deck_model_id(kind, identity),
            name=f"{shared_type.name} · {deck_name}",
            css=with_style(shared_type.css, style),
        )
        for kind, shared_type in shared.items()
    }


def deck_model_id(kind: Kind, identity: str) -> int:
    """The id of a deck's own note type of `kind`: fixed by the deck's identity.

    Between 2**50 and 2**51: far from the shared ids and from Anki's own (milliseconds since
    1970), and exact in JavaScript, which Anki's screens are written in.
    """
    digest = hashlib.sha256(f"qadeck-note-type\x1f{kind}\x1f{identity}".encode()).digest()
    return (1 << 50) + int.from_bytes(digest[:8], "big") % (1 << 50)


def field_values(kind: Kind, fields: tuple[str, ...]) -> tuple[str, ...]:
    """A rendered note's fields (question, answer, section, extra, source) as `kind` stores them."""
    if kind is not Kind.CLOZE:
        return fields
    text = QUESTION_START + fields[QUESTION] + QUESTION_END
    if fields[ANSWER]:
        text += f'\n<div class="qd-answer">{fields[ANSWER]}</div>'
    return (text, fields[EXTRA], fields[SECTION], fields[SOURCE])
