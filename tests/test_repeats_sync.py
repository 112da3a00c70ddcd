"""Repeated question titles keep their own notes in `sync` as in `build`: the copies of a
repeated text are matched to the collection's notes of this deck, by section, then content.

The glossary of tests/test_repeats.py is synced into a real collection (the file, and through
the AnkiConnect test server), studied, then changed: a term inserted at the top, two swapped,
one repeated answer edited. Every note keeps its content and its review history.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from anki.collection import Collection

from qadeck.commands.prepare import ReadOptions
from qadeck.commands.pull import PullOptions, pull
from qadeck.commands.sync import SyncReport, SyncTarget
from test_repeats import contents, glossary

from ankiconnect_server import serve
from conftest import Anki
from synced import T1, sync_into

Sync = Callable[[Path, int], SyncReport]


@pytest.fixture(params=["collection", "ankiconnect"])
def sync_to(request: pytest.FixtureRequest, anki: Anki) -> Sync:
    """Sync a path into `anki` the chosen way (the fixture's collection is open again after)."""

    def run(source: Path, now: int) -> SyncReport:
        if request.param == "ankiconnect":
            with serve(anki.col) as (url, _):
                return sync_into([source], SyncTarget(url=url), now=now, style="outline")
        path = Path(anki.col.path)
        anki.close()
        try:
            return sync_into([source], SyncTarget(collection=path), now=now, style="outline")
        finally:
            anki.col = Collection(str(path))

    return run


def changed(report: SyncReport) -> tuple[int, int, int]:
    counts = report.plan.counts
    return counts["new"], counts["updated"], counts["moved"]


def test_inserting_swapping_and_editing_keep_every_note(
    tmp_path: Path, anki: Anki, sync_to: Sync
) -> None:
    doc = tmp_path / "stats.md"
    doc.write_text(glossary("Mean", "Median", "Mode"), encoding="utf-8")
    assert changed(sync_to(doc, T1)) == (6, 0, 0)
    anki.study_every_card()
    before, history = contents(anki), anki.review_history()
    assert len(before) == 6 and len(history) == 6

    doc.write_text(glossary("Variance", "Mean", "Median", "Mode"), encoding="utf-8")
    assert changed(sync_to(doc, T1 + 1)) == (2, 0, 0)
    assert contents(anki).items() >= before.items()  # every old note holds what it held
    assert anki.review_history() == history

    doc.write_text(glossary("Variance", "Mean", "Mode", "Median"), encoding="utf-8")
    report = sync_to(doc, T1 + 2)
    assert changed(report) == (0, 0, 0) and report.plan.counts["unchanged"] == 8
    assert contents(anki).items() >= before.items()

    edited = glossary("Variance", "Mean", "Mode", "Median", Median="The middle value.")
    doc.write_text(edited, encoding="utf-8")
    assert changed(sync_to(doc, T1 + 3)) == (0, 1, 0)
    after = contents(anki)
    edits = {nid for nid in before if after[nid] != before[nid]}
    assert [before[nid] for nid in edits] == ["<p>What median means.</p>"]
    assert [after[nid] for nid in edits] == ["<p>The middle value.</p>"]
    assert anki.review_history() == history
    assert len(anki.notes()) == 8


def test_a_question_repeated_in_two_documents(tmp_path: Path, anki: Anki, sync_to: Sync) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "b.md").write_text("# B\n## Summary\nWhat B says.\n", encoding="utf-8")
    (folder / "c.md").write_text("# C\n## Summary\nWhat C says.\n", encoding="utf-8")
    sync_to(folder, T1)
    anki.study_every_card()
    before, history = contents(anki), anki.review_history()
    (folder / "a.md").write_text("# A\n## Summary\nWhat A says.\n", encoding="utf-8")
    assert changed(sync_to(folder, T1 + 1)) == (1, 0, 0)
    assert contents(anki).items() >= before.items()
    assert anki.review_history() == history


def test_an_edit_in_anki_is_pulled_into_its_own_copy(tmp_path: Path, anki: Anki) -> None:
    # Variance is inserted at the top after the sync: by position alone, the edit of Median's
    # definition would be written under Mean.
    doc = tmp_path / "stats.md"
    doc.write_text(glossary("Mean", "Median", "Mode"), encoding="utf-8")
    path = Path(anki.col.path)
    anki.close()
    sync_into([doc], SyncTarget(collection=path), now=T1, style="outline")
    col = Collection(str(path))
    try:
        (nid,) = col.find_notes('Answer:"<p>What median means.</p>"')
        note = col.get_note(nid)
        note["Answer"] = "<p>The middle value of the sorted data.</p>"
        col.update_note(note)
    finally:
        col.close()
    doc.write_text(glossary("Variance", "Mean", "Median", "Mode"), encoding="utf-8")
    read = ReadOptions([doc], style="outline")
    report = pull(PullOptions(read, SyncTarget(collection=path), now=T1 + 1))
    anki.col = Collection(str(path))
    assert len(report.pulled) == 1
    expected = glossary(
        "Variance", "Mean", "Median", "Mode", Median="The middle value of the sorted data."
    )
    assert doc.read_text(encoding="utf-8") == expected
