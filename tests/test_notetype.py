"""The note types' schemas are pinned: changing one silently stops updates for every user."""

from __future__ import annotations

import pytest

from qadeck.deck.model import Kind
from qadeck.package.kinds import (
    CLOZE_MODEL_ID,
    REVERSED_MODEL_ID,
    deck_model_id,
    note_types,
    shared_note_types,
)
from qadeck.package.notetype import MODEL_ID, NoteType, note_type


def test_schema_is_pinned() -> None:
    # A failure here means Anki would create a second note type "qadeck Q&A+" on import and
    # every existing note would stop updating. Change the schema only with a new MODEL_ID and a
    # migration note for users.
    kind = note_type()
    assert MODEL_ID == 1_730_905_117
    assert kind.model_id == MODEL_ID
    assert kind.name == "qadeck Q&A"
    assert kind.fields == ("Question", "Answer", "Section", "Extra", "Source")
    assert [template.name for template in kind.templates] == ["Card 1"]
    assert not kind.cloze


def test_the_other_schemas_are_pinned() -> None:
    types = shared_note_types()
    assert types[Kind.BASIC] == note_type()
    reversed_type, cloze = types[Kind.REVERSED], types[Kind.CLOZE]
    assert (REVERSED_MODEL_ID, CLOZE_MODEL_ID) == (1_730_905_118, 1_730_905_119)
    assert (reversed_type.model_id, reversed_type.name) == (
        REVERSED_MODEL_ID,
        "qadeck Q&A (and reversed card)",
    )
    assert reversed_type.schema == (
        ("Question", "Answer", "Section", "Extra", "Source"),
        ("Card 1", "Card 2"),
    )
    assert not reversed_type.cloze
    assert (cloze.model_id, cloze.name, cloze.cloze) == (CLOZE_MODEL_ID, "qadeck Cloze", True)
    assert cloze.schema == (("Text", "Extra", "Section", "Source"), ("Cloze",))


def test_a_decks_own_note_types_have_ids_fixed_by_its_identity() -> None:
    # A deck with its own style has note types of its own; their ids must never change either.
    own = note_types("go-notes", "Go", "body { color: red; }")
    assert {kind: t.model_id for kind, t in own.items()} == {
        Kind.BASIC: 2_197_189_570_406_910,
        Kind.REVERSED: 1_532_952_983_999_016,
        Kind.CLOZE: 1_271_216_896_573_999,
    }
    assert own[Kind.BASIC].model_id == deck_model_id(Kind.BASIC, "go-notes")
    assert own[Kind.CLOZE].name == "qadeck Cloze · Go"
    shared = shared_note_types()
    for kind, deck_type in own.items():
        assert deck_type.schema == shared[kind].schema
        assert deck_type.css.startswith(shared[kind].css)
        assert deck_type.css.endswith("body { color: red; }")
        assert 2**50 <= deck_type.model_id < 2**51
    assert note_types("go-notes", "Go") == shared


@pytest.mark.parametrize("kind", list(shared_note_types().values()), ids=lambda t: t.name)
def test_templates_use_every_field(kind: NoteType) -> None:
    text = "".join(t.front + t.back for t in kind.templates)
    for name in kind.fields:
        shown = ("{{cloze:" + name + "}}") if kind.cloze and name == "Text" else "{{" + name + "}}"
        assert shown in text
    if not kind.cloze:
        assert all("{{FrontSide}}" in template.back for template in kind.templates)
