"""The built MLOps deck, imported with the real Anki backend."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from qadeck.deck.model import Deck
from qadeck.diagnostics import Diagnostics, QadeckError, Severity

from conftest import ANSWERS, Anki, build, load_deck

NOW = 1_767_225_600  # 2026-01-01


@pytest.fixture(scope="module")
def mlops_deck() -> Deck:
    diagnostics = Diagnostics()
    deck = load_deck([ANSWERS], diagnostics)
    assert not diagnostics.errors
    return deck


def test_mlops_deck_imports_as_outlined(tmp_path: Path, anki: Anki, mlops_deck: Deck) -> None:
    report = build([ANSWERS], tmp_path / "deck.apkg", now=NOW)
    log = anki.import_package(report.output)
    deck = mlops_deck
    assert len(log.new) == len(deck.questions) == report.notes

    expected_decks = {deck.name} | {deck.full_name(s) for s in deck.sections}
    assert anki.deck_names() == expected_decks

    notes = {note.guid: note for note in anki.notes()}
    assert len(notes) == len(deck.questions)
    cards = []
    for due, question in enumerate(deck.questions):
        note = notes[deck.guid(question)]
        assert note["Question"].strip() and note["Answer"].strip()
        assert "\n" not in note["Source"] and not re.search(r":\d+", note["Source"])
        assert note.tags == [deck.tag(question.section)]
        (card,) = note.cards()
        assert anki.col.decks.name(card.did) == deck.full_name(question.section)
        cards.append((card.due, due))
    dues = [card_due for card_due, _ in cards]
    assert dues == sorted(dues), "new cards must follow document order"


def test_fields_hold_rendered_markdown(tmp_path: Path, anki: Anki) -> None:
    source = tmp_path / "doc.md"
    source.write_text(
        "# Shell\n## What does `ls` do?\nIt **lists** files.\n\n<!-- more -->\nSee `man ls`.\n",
        encoding="utf-8",
    )
    anki.import_package(build([source], tmp_path / "o.apkg", now=NOW).output)
    (note,) = anki.notes()
    assert note["Question"] == "What does <code>ls</code> do?"
    assert note["Answer"] == "<p>It <strong>lists</strong> files.</p>"
    assert note["Extra"] == "<p>See <code>man ls</code>.</p>"
    assert note["Section"] == ""
    assert note["Source"] == "doc.md#what-does-ls-do"
    assert anki.col.decks.name(note.cards()[0].did) == "Shell"


def not_a_database(package: Path) -> None:
    with zipfile.ZipFile(package, "w") as damaged:
        damaged.writestr("collection.anki2", b"SQLite format 2, or so it says" * 100)


def damaged_deflate_stream(package: Path) -> None:
    data = bytearray(package.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(64)
    package.write_bytes(bytes(data))


def damaged_deflate_start(package: Path) -> None:
    data = bytearray(package.read_bytes())
    start = 30 + len("collection.anki2")  # the first entry's compressed data
    data[start : start + 8] = b"\xff" * 8
    package.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [not_a_database, damaged_deflate_stream, damaged_deflate_start])
def test_a_damaged_previous_package_is_refused_not_overwritten(
    tmp_path: Path, damage: Callable[[Path], None]
) -> None:
    source = tmp_path / "doc.md"
    answer = "\n\n".join(f"Paragraph {n} of an answer long enough to zip." for n in range(400))
    source.write_text(f"# T\n## Q?\n{answer}\n", encoding="utf-8")
    output = tmp_path / "deck.apkg"
    build([source], output, now=1)
    damage(output)
    before = output.read_bytes()
    with pytest.raises(QadeckError) as raised:
        build([source], output, now=2)
    (finding,) = (d for d in raised.value.diagnostics if d.severity is Severity.ERROR)
    assert f"{output}: error: exists but is not an Anki package (" in str(finding)
    assert output.read_bytes() == before
