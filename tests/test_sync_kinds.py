"""`qadeck sync` of every kind of note, both ways in: reversed and cloze notes, a note whose
kind changed, and a deck's own style."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from qadeck.cli.sync import report_lines, summary
from qadeck.package.kinds import CLOZE_MODEL_ID, REVERSED_MODEL_ID
from qadeck.package.notetype import MODEL_ID

from conftest import Anki
from synced import T2, Studied, make_studied, review_history

KINDS = """\
# Words
## Bonjour {.reversed}
Hello, in French.
## Capital of France
Tags: geography
The capital of France is {{c1::Paris::city}}, on the {{c2::Seine}}.
"""


@pytest.fixture(params=["collection", "ankiconnect"])
def studied(tmp_path: Path, anki: Anki, request: pytest.FixtureRequest) -> Studied:
    return make_studied(tmp_path, anki, request.param)


def by_source(studied: Studied) -> dict[str, Any]:
    return {note["Source"].rpartition("#")[2]: note for note in studied.anki.notes()}


def test_reversed_and_cloze_notes_sync_and_resync_unchanged(studied: Studied) -> None:
    studied.write("c.md", KINDS)
    report = studied.sync()
    assert sorted(n.question for n in report.plan.new) == ["Bonjour", "Capital of France"]
    assert (report.plan.unchanged, report.plan.retyped) == (6, ())
    notes = by_source(studied)
    reversed_note, cloze = notes["bonjour"], notes["capital-of-france"]
    assert (reversed_note.mid, len(reversed_note.cards())) == (REVERSED_MODEL_ID, 2)
    assert (cloze.mid, len(cloze.cards())) == (CLOZE_MODEL_ID, 2)
    assert "geography" in cloze.tags
    front = cloze.cards()[0].question()
    assert '<span class="cloze" data-cloze="Paris" data-ordinal="1">[city]</span>' in front
    again = studied.sync(now=T2)
    assert (len(again.plan.new), len(again.plan.updated), again.plan.unchanged) == (0, 0, 8)
    assert again.plan.looks == ()
    assert review_history(studied.col) == studied.history

    studied.write("c.md", KINDS.replace("{{c2::Seine}}", "river {{c2::Seine}} ({{c3::776 km}})"))
    report = studied.sync(now=T2 + 60)
    assert [n.question for n in report.plan.updated] == ["Capital of France"]
    cloze = by_source(studied)["capital-of-france"]
    assert cloze.id == notes["capital-of-france"].id and len(cloze.cards()) == 3
    assert review_history(studied.col) == studied.history


def test_a_note_whose_kind_changed_is_left_until_its_type_is_changed(studied: Studied) -> None:
    studied.write("c.md", KINDS)  # a cloze note brings the cloze note type
    studied.sync()
    first = studied.src / "a.md"
    text = first.read_text(encoding="utf-8")
    first.write_text(
        text.replace("An isolated process", "An {{c1::isolated}} process"), encoding="utf-8"
    )
    report = studied.sync(now=T2)
    assert [(r.question, r.old_type, r.new_type) for r in report.plan.retyped] == [
        ("What is a container?", "qadeck Q&A", "qadeck Cloze")
    ]
    assert not report.plan.updated and not report.plan.new
    assert summary(report).startswith("8 notes: 7 unchanged, 1 kept -> ")
    assert report_lines(report)[0] == (
        'note type changed: "What is a container?" (Docker::Basics) is now a "qadeck Cloze" '
        'note, was "qadeck Q&A"; Anki cannot change a note\'s type on import, so the note is '
        "left as it was: change its type in Anki (Browse, Notes > Change Note Type) to keep its "
        "reviews, or delete it there, and sync again"
    )
    note = by_source(studied)["what-is-a-container"]
    assert note.mid == MODEL_ID  # left as it was

    # What the message says: change its type in Anki, and sync again.
    change = studied.col.models.change_notetype_info(
        old_notetype_id=MODEL_ID, new_notetype_id=CLOZE_MODEL_ID
    ).input
    change.note_ids.append(note.id)
    studied.col.models.change_notetype_of_notes(change)
    report = studied.sync(now=T2 + 60)
    assert [n.question for n in report.plan.updated] == ["What is a container?"]
    assert report.plan.retyped == ()
    cloze = by_source(studied)["what-is-a-container"]
    assert cloze.mid == CLOZE_MODEL_ID and "An {{c1::isolated}} process" in cloze["Text"]
    assert review_history(studied.col) == studied.history  # Card 1 became Cloze 1


def test_a_decks_own_style_is_synced_and_kept_when_edited_in_anki(studied: Studied) -> None:
    studied.write("deck.toml", 'name = "Docker"\nid = "docker"\ncss = "style.css"\n')
    studied.write("style.css", ".qd-question { color: #7a1f5c; }\n")
    report = studied.sync()
    # Every note of the deck is of the shared note type: each is left, and said so.
    assert len(report.plan.retyped) == 6
    assert {r.new_type for r in report.plan.retyped} == {"qadeck Q&A · Docker"}
    studied.write("c.md", "## What is a pod?\nA group of containers.\n")
    report = studied.sync(now=T2)
    assert [n.question for n in report.plan.new] == ["What is a pod?"]
    pod = by_source(studied)["what-is-a-pod"]
    model = pod.note_type()
    assert model["name"] == "qadeck Q&A · Docker" and model["css"].endswith("#7a1f5c; }\n")
    model["css"] += "\n/* mine */"
    studied.col.models.update_dict(model)
    studied.write("style.css", ".qd-question { color: #1f5c7a; }\n")
    report = studied.sync(now=T2 + 60)
    assert report.plan.looks_kept == ("qadeck Q&A · Docker",)
    assert css_of(studied, model["id"]).endswith("/* mine */")
    report = studied.sync(now=T2 + 120, overwrite_edits=True)
    assert [look.name for look in report.plan.looks] == ["qadeck Q&A · Docker"]
    assert css_of(studied, model["id"]).endswith("#1f5c7a; }\n")


def css_of(studied: Studied, model_id: int) -> str:
    model = studied.col.models.get(model_id)  # type: ignore[arg-type]
    assert model is not None
    return str(model["css"])
