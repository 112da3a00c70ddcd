"""A collection that imported a first build and studied every card, for the sync tests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from anki.collection import Collection

from qadeck.commands.prepare import ReadOptions
from qadeck.commands.sync import SyncOptions, SyncReport, SyncTarget, sync
from qadeck.sync.planned import ChangeOptions

from ankiconnect_server import serve
from conftest import Anki, build

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


def sync_into(
    sources: Sequence[Path],
    target: SyncTarget,
    *,
    now: int | None = T1,
    dry_run: bool = False,
    use_cache: bool = True,
    style: str | None = None,
    **changes: bool,
) -> SyncReport:
    """`qadeck sync` of `sources` into `target`, its options given one by one."""
    read = ReadOptions(sources, style=style, use_cache=use_cache)
    report = sync(SyncOptions(read, target, ChangeOptions(**changes), dry_run, now))
    assert_counts_add_up(report)
    return report


def assert_counts_add_up(report: SyncReport) -> None:
    """new + updated + moved + unchanged + kept = the notes of the deck, none below 0."""
    counts = report.plan.counts
    assert sum(counts.values()) == report.plan.notes, counts
    assert min(counts.values()) >= 0, counts


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

    def sync(self, *, now: int | None = T1, dry_run: bool = False, **options: bool) -> SyncReport:
        """Sync the sources the chosen way; the fixture's collection is open again after."""
        if self.way == "collection":
            self.anki.close()
            try:
                target = SyncTarget(collection=self.path)
                return sync_into([self.src], target, now=now, dry_run=dry_run, **options)
            finally:
                self.anki.col = Collection(str(self.path))
        with serve(self.col) as (url, _):
            return sync_into([self.src], SyncTarget(url=url), now=now, dry_run=dry_run, **options)

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


def make_studied(tmp_path: Path, anki: Anki, way: str) -> Studied:
    """Sources in tmp_path/src, built and imported into `anki`, every card answered once."""
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
    return Studied(src, anki, path, way, history)
