"""`qadeck sync` into a real collection, through both ways in: the collection file and AnkiConnect.

Every scenario starts from a collection that imported the first build's package and studied
each card once. The assertions are on the collection afterwards, never on the calls made.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from anki.collection import Collection

from ankiconnect_server import serve
from qadeck.anki.sync_changes import SyncOptions
from qadeck.build import build
from qadeck.sync import SyncReport, SyncTarget, sync

from conftest import Anki

T0 = 1_767_225_600  # the first build
T1 = T0 + 86_400  # the first sync, a day later
T2 = T1 + 86_400

FIRST = """\
# Basics
## What is a container?
An isolated process with its own filesystem.
## What is an image? {#image}
A read-only template for containers.
## What is a layer?
One filesystem change of an image.
"""
SECOND = """\
# Operations
## What is a volume?
Storage that outlives a container.
## What is a registry?
A server that stores images.
## What is a network?
A way for containers to talk.
"""
# The edits: an answer changed, a question added, one moved to another section, a section
# renamed (Operations -> Storage), and one question removed (the volume).
FIRST_EDITED = """\
# Basics
## What is a container?
An isolated process with its own root filesystem.
## What is an image? {#image}
A read-only template for containers.
## What is a tag?
A name for an image.
"""
SECOND_EDITED = """\
# Storage
## What is a registry?
A server that stores images.
## What is a network?
A way for containers to talk.
## What is a layer?
One filesystem change of an image.
"""
EXPECTED_DECKS = {
    "What is a container?": "Docker::Basics",
    "What is an image?": "Docker::Basics",
    "What is a tag?": "Docker::Basics",
    "What is a registry?": "Docker::Storage",
    "What is a network?": "Docker::Storage",
    "What is a layer?": "Docker::Storage",
}


def review_history(col: Collection) -> dict[int, tuple[int, int, int]]:
    """Each studied card: its reps, its type and the number of its review log entries."""
    rows = col.db.all(
        "SELECT c.id, c.reps, c.type, (SELECT count() FROM revlog r WHERE r.cid = c.id) "
        "FROM cards c WHERE c.reps > 0"
    )
    return {cid: (reps, ctype, logs) for cid, reps, ctype, logs in rows}


def collection_state(col: Collection) -> tuple[Any, ...]:
    """Everything a sync could change: notes, cards, decks, note types, review log, media."""
    return (
        col.db.all("SELECT id, guid, mid, mod, usn, tags, flds FROM notes ORDER BY id"),
        col.db.all("SELECT * FROM cards ORDER BY id"),
        sorted((d.id, d.name) for d in col.decks.all_names_and_ids()),
        sorted((m.id, col.models.get(m.id)["mod"]) for m in col.models.all_names_and_ids()),  # type: ignore[index]
        col.db.scalar("SELECT count() FROM revlog"),
        sorted(p.name for p in Path(col.media.dir()).iterdir()),
    )


@dataclass
class Studied:
    """Sources, and a collection that imported their first build and studied every card."""

    src: Path
    anki: Anki
    path: Path
    way: str  # "collection" (the file) or "ankiconnect"
    history: dict[int, tuple[int, int, int]]

    @property
    def col(self) -> Collection:
        return self.anki.col

    def write(self, name: str, text: str) -> None:
        (self.src / name).write_text(text, encoding="utf-8")

    def sync(self, *, now: int = T1, dry_run: bool = False, **options: bool) -> SyncReport:
        """Sync the sources the chosen way; the fixture's collection is open again after."""
        if self.way == "collection":
            self.anki.close()
            try:
                return sync(
                    [self.src],
                    SyncTarget(collection=self.path),
                    SyncOptions(**options),
                    dry_run=dry_run,
                    now=now,
                )
            finally:
                self.anki.col = Collection(str(self.path))
        with serve(self.col) as (url, _):
            return sync(
                [self.src], SyncTarget(url=url), SyncOptions(**options), dry_run=dry_run, now=now
            )

    def decks_of_notes(self) -> dict[str, str]:
        """Each note's question and the deck of its card."""
        result = {}
        for note in self.anki.notes():
            (card,) = note.cards()
            result[note["Question"]] = self.col.decks.name(card.did)
        return result

    def note(self, question: str) -> Any:
        (note,) = [n for n in self.anki.notes() if n["Question"] == question]
        return note


@pytest.fixture(params=["collection", "ankiconnect"])
def studied(request: pytest.FixtureRequest, tmp_path: Path, anki: Anki) -> Iterator[Studied]:
    src = tmp_path / "src"
    src.mkdir()
    (src / "deck.toml").write_text('name = "Docker"\nid = "docker"\n', encoding="utf-8")
    (src / "a.md").write_text(FIRST, encoding="utf-8")
    (src / "b.md").write_text(SECOND, encoding="utf-8")
    package = tmp_path / "dist" / "docker.apkg"
    build([src], package, now=T0)
    assert len(anki.import_package(package).new) == 6
    for card_id in anki.col.find_cards(""):
        card = anki.col.get_card(card_id)
        card.start_timer()
        anki.col.sched.answerCard(card, 3)
    history = review_history(anki.col)
    assert len(history) == 6
    path = tmp_path / "anki" / "collection.anki2"
    yield Studied(src, anki, path, request.param, history)


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
