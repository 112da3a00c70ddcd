"""Edit, rebuild, re-import: real Anki with default options updates notes in place.

Every scenario starts from a collection in which each card of the first build was studied.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from qadeck.commands import build as build_module
from qadeck.commands.build import BuildReport
from qadeck.deck.model import Kind
from qadeck.package.kinds import shared_note_types
from qadeck.package.notetype import MODEL_ID, note_type

from conftest import Anki, build

T0 = 1_767_225_600  # the first build
T1 = T0 + 86_400  # the rebuild, a day later

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
"""


@dataclass
class Studied:
    """A source folder, its package, and a collection where every card was answered once."""

    src: Path
    output: Path
    anki: Anki
    history: dict[int, tuple[int, int, int]]

    def rebuild(self) -> BuildReport:
        return build([self.src], self.output, now=T1)

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.src / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")

    def notes(self) -> dict[str, Any]:
        return {note["Question"]: note for note in self.anki.notes()}

    def assert_history_intact(self) -> None:
        """Every studied card keeps its id, its schedule and its review log."""
        assert self.history == review_history(self.anki)


def review_history(anki: Anki) -> dict[int, tuple[int, int, int]]:
    rows = anki.col.db.all(
        "SELECT c.id, c.reps, c.type, (SELECT count() FROM revlog r WHERE r.cid = c.id) "
        "FROM cards c WHERE c.reps > 0"
    )
    return {cid: (reps, ctype, logs) for cid, reps, ctype, logs in rows}


@pytest.fixture
def studied(tmp_path: Path, anki: Anki) -> Studied:
    src = tmp_path / "src"
    src.mkdir()
    (src / "deck.toml").write_text('name = "Docker"\n', encoding="utf-8")
    (src / "a.md").write_text(FIRST, encoding="utf-8")
    (src / "b.md").write_text(SECOND, encoding="utf-8")
    output = tmp_path / "dist" / "docker.apkg"
    build([src], output, now=T0)
    log = anki.import_package(output)
    assert len(log.new) == 5
    for card_id in anki.col.find_cards(""):
        card = anki.col.get_card(card_id)
        card.start_timer()
        anki.col.sched.answerCard(card, 3)
    history = review_history(anki)
    assert len(history) == 5 and all(logs == 1 for _, _, logs in history.values())
    return Studied(src, output, anki, history)


def test_rebuild_without_changes_is_byte_identical_and_changes_nothing(studied: Studied) -> None:
    before = studied.output.read_bytes()
    notes_before = {n.id: (n.mod, n.fields) for n in studied.anki.notes()}
    studied.rebuild()
    assert studied.output.read_bytes() == before
    log = studied.anki.import_package(studied.output)
    assert (len(log.new), len(log.updated)) == (0, 0)
    assert {n.id: (n.mod, n.fields) for n in studied.anki.notes()} == notes_before
    studied.assert_history_intact()


def test_edited_answer_updates_exactly_that_note(studied: Studied) -> None:
    studied.edit("a.md", "One filesystem change", "One read-only filesystem diff")
    studied.rebuild()
    log = studied.anki.import_package(studied.output)
    assert (len(log.new), len(log.updated)) == (0, 1)
    notes = studied.notes()
    assert len(notes) == 5
    assert (
        notes["What is a layer?"]["Answer"] == "<p>One read-only filesystem diff of an image.</p>"
    )
    studied.assert_history_intact()


def test_added_question_is_one_new_note_after_the_others(studied: Studied) -> None:
    studied.edit(
        "a.md",
        "## What is a layer?",
        "## What is a tag?\nA name for an image.\n## What is a layer?",
    )
    studied.rebuild()
    log = studied.anki.import_package(studied.output)
    assert (len(log.new), len(log.updated)) == (1, 0)
    (note,) = [n for n in studied.anki.notes() if n["Question"] == "What is a tag?"]
    (card,) = note.cards()
    assert studied.anki.col.decks.name(card.did) == "Docker::Basics"
    old_positions = [
        studied.anki.col.get_card(cid).original_position or 0 for cid in studied.history
    ]
    assert card.type == 0 and card.due > max(old_positions)
    studied.assert_history_intact()


def test_reworded_question_with_key_updates_the_same_note(studied: Studied) -> None:
    ids_before = {n.id for n in studied.anki.notes()}
    studied.edit("a.md", "## What is an image? {#image}", "## What is a container image? {#image}")
    studied.rebuild()
    log = studied.anki.import_package(studied.output)
    assert (len(log.new), len(log.updated)) == (0, 1)
    assert {n.id for n in studied.anki.notes()} == ids_before
    assert "What is a container image?" in studied.notes()
    studied.assert_history_intact()


def test_changed_css_updates_the_note_type_in_place(
    studied: Studied, monkeypatch: pytest.MonkeyPatch
) -> None:
    kind = note_type()
    (template,) = kind.templates
    changed = dataclasses.replace(
        kind,
        css=kind.css + "\n.card { letter-spacing: 0.01em; }",
        templates=(dataclasses.replace(template, back=template.back + "\n"),),
    )
    types = shared_note_types()
    monkeypatch.setattr(build_module, "note_types", lambda *_: {**types, Kind.BASIC: changed})
    studied.rebuild()
    log = studied.anki.import_package(studied.output)
    assert (len(log.new), len(log.updated), len(log.conflicting)) == (0, 0, 0)
    models = studied.anki.col.models
    assert [m.name for m in models.all_names_and_ids() if m.name.startswith("qadeck")] == [
        "qadeck Q&A"
    ]
    model = models.get(MODEL_ID)
    assert model is not None
    assert model["css"] == changed.css and model["tmpls"][0]["afmt"] == changed.templates[0].back
    studied.assert_history_intact()


def test_reorder_and_move_duplicate_nothing_and_report_the_move(studied: Studied) -> None:
    studied.edit("a.md", "## What is a layer?\nOne filesystem change of an image.\n", "")
    (studied.src / "b.md").write_text(
        "# Operations\n## What is a registry?\nA server that stores images.\n"
        "## What is a layer?\nOne filesystem change of an image.\n"
        "## What is a volume?\nStorage that outlives a container.\n",
        encoding="utf-8",
    )
    report = studied.rebuild()
    assert [(m.question, m.old_deck, m.new_deck) for m in report.changes.moved] == [
        ("What is a layer?", "Docker::Basics", "Docker::Operations")
    ]
    log = studied.anki.import_package(studied.output)
    assert len(log.new) == 0
    notes = studied.notes()
    assert len(notes) == 5
    (card,) = notes["What is a layer?"].cards()
    assert studied.anki.col.decks.name(card.did) == "Docker::Basics"  # Anki never moves cards
    studied.assert_history_intact()


def test_removed_and_reworded_questions_are_reported(studied: Studied) -> None:
    studied.edit("b.md", "## What is a volume?\nStorage that outlives a container.\n", "")
    studied.edit("a.md", "## What is a container?", "## What is a container, exactly?")
    report = studied.rebuild()
    assert [(r.question, r.deck) for r in report.changes.removed] == [
        ("What is a container?", "Docker::Basics"),
        ("What is a volume?", "Docker::Operations"),
    ]
    assert [str(d) for d in report.diagnostics] == [
        f'{studied.src}/a.md:2: warning: reworded question? "What is a container?" is gone '
        "from this section; to keep its note and review history, write the heading as "
        '"What is a container, exactly? {#what-is-a-container}"'
    ]
    studied.edit("a.md", "exactly?", "exactly? {#what-is-a-container}")
    report = studied.rebuild()
    # relative to the previous build, which held the reworded question under a new key
    assert [r.question for r in report.changes.removed] == ["What is a container, exactly?"]
    log = studied.anki.import_package(studied.output)
    assert (len(log.new), len(log.updated)) == (0, 1)
    studied.assert_history_intact()


def test_numbered_sections_are_reported_as_renamed_decks_to_rename_in_anki(
    studied: Studied,
) -> None:
    (studied.src / "deck.toml").write_text(
        'name = "Docker"\nsection-numbers = true\n', encoding="utf-8"
    )
    report = studied.rebuild()
    assert [(r.old_deck, r.new_deck, r.questions) for r in report.changes.renamed] == [
        ("Docker::Basics", "Docker::1 Basics", 3),
        ("Docker::Operations", "Docker::2 Operations", 2),
    ]
    assert (report.changes.moved, report.changes.merged, report.changes.removed) == ((), (), ())
    # What the report asks for: rename the decks in Anki, then import. Anki finds every deck
    # of the package by its name; nothing is left behind, no card has moved, none is new.
    decks = studied.anki.col.decks
    for rename in report.changes.renamed:
        decks.rename(decks.get(decks.id_for_name(rename.old_deck)), rename.new_deck)
    log = studied.anki.import_package(studied.output)
    assert (len(log.new), len(log.updated)) == (0, 0)
    assert studied.anki.deck_names() == {"Docker", "Docker::1 Basics", "Docker::2 Operations"}
    studied.assert_history_intact()


def test_a_section_folded_into_another_is_one_merge_and_a_moved_question_a_move(
    studied: Studied,
) -> None:
    # b.md's section "Operations" becomes part of "Basics"; one question goes to a new section.
    studied.edit("b.md", "# Operations\n", "# Basics\n")
    studied.edit("a.md", "## What is a layer?", "# Storage\n## What is a layer?")
    report = studied.rebuild()
    assert report.changes.renamed == ()
    assert [(m.old_deck, m.new_deck, m.questions) for m in report.changes.merged] == [
        ("Docker::Operations", "Docker::Basics", 2)
    ]
    assert [(m.question, m.old_deck, m.new_deck) for m in report.changes.moved] == [
        ("What is a layer?", "Docker::Basics", "Docker::Storage")
    ]
