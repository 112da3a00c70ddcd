"""`qadeck sync` into a real collection, through both ways in: the collection file and AnkiConnect.

Every scenario starts from a collection that imported the first build's package and studied
each card once. The assertions are on the collection afterwards, never on the calls made.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from anki.collection import Collection

from conftest import Anki
from synced import (
    EXPECTED_DECKS,
    FIRST,
    FIRST_EDITED,
    SECOND_EDITED,
    T2,
    Studied,
    collection_state,
    make_studied,
    review_history,
)


@pytest.fixture(params=["collection", "ankiconnect"])
def studied(request: pytest.FixtureRequest, tmp_path: Path, anki: Anki) -> Studied:
    return make_studied(tmp_path, anki, request.param)


def test_sync_applies_every_change_and_keeps_history(studied: Studied) -> None:
    studied.write("a.md", FIRST_EDITED)
    studied.write("b.md", SECOND_EDITED)
    ids = {n["Question"]: n.id for n in studied.anki.notes()}
    (volume_card,) = studied.note("What is a volume?").card_ids()

    report = studied.sync()

    plan = report.plan
    assert [n.question for n in plan.new] == ["What is a tag?"]
    assert {n.question for n in plan.updated} == {
        "What is a container?",  # the answer
        "What is a layer?",  # moved: its Section field
        "What is a registry?",  # renamed section: the Section field
        "What is a network?",
    }
    assert plan.unchanged == 1 and not plan.kept
    assert [(r.old, r.new) for r in plan.renames] == [("Docker::Operations", "Docker::Storage")]
    assert [(m.question, m.old_deck, m.new_deck) for m in plan.moved] == [
        ("What is a layer?", "Docker::Basics", "Docker::Storage")
    ]
    assert [(r.question, r.delete) for r in plan.removals] == [("What is a volume?", False)]

    # the removed note stays, in the old deck, without --delete
    assert studied.decks_of_notes() == {**EXPECTED_DECKS, "What is a volume?": "Docker::Operations"}
    assert studied.anki.deck_names() == {
        "Docker",
        "Docker::Basics",
        "Docker::Storage",
        "Docker::Operations",
    }
    after = {n["Question"]: n.id for n in studied.anki.notes()}
    assert {q: after[q] for q in ids} == ids  # every note kept its id
    assert studied.note("What is a container?")["Answer"] == (
        "<p>An isolated process with its own root filesystem.</p>"
    )
    assert review_history(studied.col) == studied.history  # every studied card as it was
    (tag_card,) = studied.note("What is a tag?").cards()
    positions = [studied.col.get_card(c).original_position or 0 for c in studied.history]
    assert tag_card.type == 0 and tag_card.due > max(positions)

    # with --delete the removed note goes, and its emptied deck with it
    report = studied.sync(now=T2, delete=True)
    assert [(r.question, r.delete) for r in report.plan.removals] == [("What is a volume?", True)]
    assert not report.plan.new and not report.plan.updated
    assert studied.decks_of_notes() == EXPECTED_DECKS
    assert studied.anki.deck_names() == {"Docker", "Docker::Basics", "Docker::Storage"}
    del studied.history[volume_card]
    assert review_history(studied.col) == studied.history
    assert studied.col.db.scalar("SELECT count() FROM revlog") == 6  # Anki keeps the log


def test_a_second_sync_changes_nothing(studied: Studied) -> None:
    studied.write("a.md", FIRST_EDITED)
    studied.write("b.md", SECOND_EDITED)
    studied.sync()
    before = collection_state(studied.col)
    file_before = studied.path.read_bytes() if studied.way == "collection" else b""

    report = studied.sync(now=T2)

    assert report.plan.unchanged == 6 and not report.plan.new and not report.plan.updated
    assert not report.plan.moves and not report.plan.renames
    assert collection_state(studied.col) == before
    if studied.way == "collection":
        studied.anki.close()
        assert studied.path.read_bytes() == file_before
        studied.anki.col = Collection(str(studied.path))


def test_dry_run_writes_nothing(studied: Studied) -> None:
    studied.write("a.md", FIRST_EDITED)
    studied.write("b.md", SECOND_EDITED)
    before = collection_state(studied.col)
    studied.anki.close()
    file_before = studied.path.read_bytes()
    studied.anki.col = Collection(str(studied.path))

    report = studied.sync(dry_run=True, delete=True)

    assert report.dry_run and len(report.plan.new) == 1 and len(report.plan.deletions) == 1
    assert collection_state(studied.col) == before
    studied.anki.close()
    assert studied.path.read_bytes() == file_before
    studied.anki.col = Collection(str(studied.path))


def test_a_note_edited_in_anki_survives_the_next_sync(studied: Studied) -> None:
    studied.sync()
    note = studied.note("What is a container?")
    note["Answer"] = "<p>My own words.</p>"
    studied.col.update_note(note)
    studied.write("a.md", FIRST.replace("One filesystem change", "One read-only change"))

    report = studied.sync(now=T2)

    assert [n.question for n in report.plan.kept] == ["What is a container?"]
    assert [n.question for n in report.plan.updated] == ["What is a layer?"]
    assert studied.note("What is a container?")["Answer"] == "<p>My own words.</p>"
    assert studied.note("What is a layer?")["Answer"] == "<p>One read-only change of an image.</p>"
    # kept again, even when its source changes too; the files win only when asked to
    studied.write("a.md", FIRST.replace("isolated process", "isolated program"))
    assert [n.question for n in studied.sync(now=T2 + 1).plan.kept] == ["What is a container?"]
    assert studied.note("What is a container?")["Answer"] == "<p>My own words.</p>"
    studied.sync(now=T2 + 2, overwrite_edits=True)
    assert "isolated program" in studied.note("What is a container?")["Answer"]
    assert review_history(studied.col) == studied.history
