"""The note type's schema is pinned: changing it silently stops updates for every user."""

from __future__ import annotations

from qadeck.anki.notetype import MODEL_ID, note_type


def test_schema_is_pinned() -> None:
    # A failure here means Anki would create a second note type "qadeck Q&A+" on import and
    # every existing note would stop updating. Change the schema only with a new MODEL_ID and a
    # migration note for users.
    kind = note_type()
    assert MODEL_ID == 1_730_905_117
    assert kind.model_id == MODEL_ID
    assert kind.name == "qadeck Q&A"
    assert kind.fields == ("Question", "Answer", "Section", "Extra", "Source")
    assert kind.template_name == "Card 1"


def test_templates_use_every_field() -> None:
    kind = note_type()
    for name in kind.fields:
        assert "{{" + name + "}}" in kind.front + kind.back
    assert "{{FrontSide}}" in kind.back
