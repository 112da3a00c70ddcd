"""Every kind of note, imported with the real Anki backend: Q&A, reversed and cloze."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition
from click.testing import CliRunner

from qadeck.cli.main import cli
from qadeck.package.kinds import CLOZE_MODEL_ID, REVERSED_MODEL_ID
from qadeck.package.notetype import MODEL_ID

from conftest import Anki, build

Write = Callable[..., Path]
T0 = 1_767_225_600
T1 = T0 + 86_400

MIXED = """\
---
tags: [geography, "review::2026"]
---
# World

## Capitals
Tags: capitals

### Capital of France
The capital of France is {{c1::Paris::city}}, on the {{c2::Seine}}.

Written `{{c3::like this}}` in code, a deletion is only text.

<!-- more -->
Paris has been the capital since 987.

### Bonjour {.reversed}
Hello, in French.

## What is the Equator?
Tags: lines #todo
The line halfway between the poles.
"""
# The same document without deletions: its first question is a Q&A note.
PLAIN = MIXED.replace("{{c1::Paris::city}}", "Paris").replace("{{c2::Seine}}", "Seine")


def by_source(anki: Anki) -> dict[str, Any]:
    return {note["Source"].split("#")[1]: note for note in anki.notes()}


def sides(card: Any) -> tuple[str, str]:
    """The card's front and back as Anki renders them, without the note type's <style>."""
    return card.question().split("</style>", 1)[1], card.answer().split("</style>", 1)[1]


def test_a_document_of_every_kind_imports_as_written(
    tmp_path: Path, write: Write, anki: Anki
) -> None:
    report = build([write("world.md", MIXED)], tmp_path / "world.apkg", now=T0)
    assert report.diagnostics == ()
    log = anki.import_package(report.output)
    assert (len(log.new), len(log.updated), len(log.conflicting)) == (3, 0, 0)
    notes = by_source(anki)
    cloze, reversed_note, basic = (
        notes[key] for key in ("capital-of-france", "bonjour", "what-is-the-equator")
    )
    assert [note.mid for note in (cloze, reversed_note, basic)] == [
        CLOZE_MODEL_ID,
        REVERSED_MODEL_ID,
        MODEL_ID,
    ]
    assert {m.name for m in anki.col.models.all_names_and_ids() if m.name.startswith("qadeck")} == {
        "qadeck Q&A",
        "qadeck Q&A (and reversed card)",
        "qadeck Cloze",
    }
    assert [len(note.cards()) for note in (cloze, reversed_note, basic)] == [2, 2, 1]
    assert anki.col.card_count() == 5

    # Tags as written: the section's, the document's, the section's own line, the question's
    # (Anki keeps a note's tags in its own order).
    common = {"geography", "review::2026"}
    assert set(cloze.tags) == {"World::Capitals", *common, "capitals"} == set(reversed_note.tags)
    assert set(basic.tags) == {"World", *common, "lines", "todo"}
    assert len(basic.tags) == 5

    first, second = sorted(cloze.cards(), key=lambda card: card.ord)
    front, back = sides(first)
    assert '<span class="cloze" data-cloze="Paris" data-ordinal="1">[city]</span>' in front
    assert '<span class="cloze-inactive" data-ordinal="2">Seine</span>' in front
    assert "Paris" not in front.replace('data-cloze="Paris"', "")
    assert '<span class="cloze" data-ordinal="1">Paris</span>' in back
    assert "since 987" in back and "since 987" not in front
    front, back = sides(second)
    assert '<span class="cloze" data-cloze="Seine" data-ordinal="2">[...]</span>' in front
    assert '<span class="cloze" data-ordinal="2">Seine</span>' in back
    # Markup in code stays text on every card: no third card, and the braces show as written.
    assert "<code>&#123;&#123;c3::like this}}</code>" in front
    assert all("Capital of France" in side for side in sides(first) + sides(second))

    card_1, card_2 = sorted(reversed_note.cards(), key=lambda card: card.ord)
    front, back = sides(card_1)
    assert "Bonjour" in front and "Hello, in French." not in front
    front, back = sides(card_2)
    assert "Hello, in French." in front and "Bonjour" not in front
    assert "Bonjour" in back and "Hello, in French." in back
    assert {anki.col.decks.name(card.did) for card in reversed_note.cards()} == {"World::Capitals"}


def studied(anki: Anki) -> dict[int, tuple[int, int]]:
    """Answer every card once; return each card's reps and review count."""
    for card_id in anki.col.find_cards(""):
        card = anki.col.get_card(card_id)
        card.start_timer()
        anki.col.sched.answerCard(card, 3)
    return history(anki)


def history(anki: Anki) -> dict[int, tuple[int, int]]:
    rows = anki.col.db.all(
        "SELECT c.id, c.reps, (SELECT count() FROM revlog r WHERE r.cid = c.id) FROM cards c "
        "WHERE c.reps > 0"
    )
    return {card_id: (reps, logs) for card_id, reps, logs in rows}


def test_an_edited_cloze_updates_its_note_in_place(
    tmp_path: Path, write: Write, anki: Anki
) -> None:
    source = write("world.md", MIXED)
    output = tmp_path / "world.apkg"
    build([source], output, now=T0)
    anki.import_package(output)
    before = studied(anki)
    note_id = by_source(anki)["capital-of-france"].id
    source.write_text(
        MIXED.replace(
            "on the {{c2::Seine}}.", "on the river {{c2::Seine}}, near {{c3::Versailles}}."
        ),
        encoding="utf-8",
    )
    build([source], output, now=T1)
    log = anki.import_package(output)
    assert (len(log.new), len(log.updated), len(log.conflicting)) == (0, 1, 0)
    cloze = by_source(anki)["capital-of-france"]
    assert cloze.id == note_id
    assert "on the river {{c2::Seine}}, near {{c3::Versailles}}." in cloze["Text"]
    assert sorted(card.ord for card in cloze.cards()) == [0, 1, 2]  # the new deletion's card
    assert history(anki) == before  # every studied card keeps its schedule and review log


def test_a_question_that_changes_kind_is_reported(
    tmp_path: Path, write: Write, anki: Anki, monkeypatch: Any
) -> None:
    source = write("world.md", MIXED)
    output = tmp_path / "world.apkg"
    build([source], output, now=T0)
    anki.import_package(output)
    source.write_text(
        MIXED.replace("## What is the Equator?", "## What is the Equator? {.reversed}"),
        encoding="utf-8",
    )
    report = build([source], output, now=T1)
    assert [(r.question, r.old_type, r.new_type) for r in report.changes.retyped] == [
        ("What is the Equator?", "qadeck Q&A", "qadeck Q&A (and reversed card)")
    ]
    log = anki.import_package(output)
    assert (len(log.new), len(log.updated), len(log.conflicting)) == (0, 0, 1)
    assert by_source(anki)["what-is-the-equator"].mid == MODEL_ID  # Anki keeps the old type

    source.write_text(PLAIN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", "world.md", "-o", "world.apkg"])
    assert result.exit_code == 0, result.output
    advice = (
        "Anki cannot change a note's type on import and leaves the note as it was: to keep its "
        "reviews, change its type in Anki (Browse, Notes > Change Note Type) and import again "
        'with "Update notes: Always"; or delete it there and import again'
    )
    assert result.stdout.splitlines()[1:] == [
        'note type changed: "Capital of France" (World::Capitals) is now a "qadeck Q&A" note, '
        f'was "qadeck Cloze"; {advice}',
        'note type changed: "What is the Equator?" (World) is now a "qadeck Q&A" note, was '
        f'"qadeck Q&A (and reversed card)"; {advice}',
    ]


def test_the_advice_for_a_changed_kind_keeps_the_reviews(
    tmp_path: Path, write: Write, anki: Anki
) -> None:
    # What the build's message says to do, done with the real backend: change the note's type
    # in the collection, then import with "Update notes: Always".
    source = write("world.md", PLAIN)
    output = tmp_path / "world.apkg"
    build([source], output, now=T0)
    anki.import_package(output)
    before = studied(anki)
    source.write_text(MIXED, encoding="utf-8")
    (retype,) = build([source], output, now=T1).changes.retyped
    assert (retype.question, retype.new_type) == ("Capital of France", "qadeck Cloze")
    assert len(anki.import_package(output).conflicting) == 1
    note = by_source(anki)["capital-of-france"]
    change = anki.col.models.change_notetype_info(
        old_notetype_id=note.mid, new_notetype_id=CLOZE_MODEL_ID
    ).input
    change.note_ids.append(note.id)
    anki.col.models.change_notetype_of_notes(change)
    options = ImportAnkiPackageOptions(update_notes=ImportAnkiPackageUpdateCondition.Value(
        "IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS"
    ))  # fmt: skip
    response = anki.col.import_anki_package(
        ImportAnkiPackageRequest(package_path=str(output), options=options)
    )
    assert len(response.log.updated) == 1
    note = by_source(anki)["capital-of-france"]
    assert note.mid == CLOZE_MODEL_ID and "{{c1::Paris::city}}" in note["Text"]
    assert sorted(card.ord for card in note.cards()) == [0, 1]
    assert history(anki) == before


def test_deck_and_document_settings_ask_for_reversed_cards(
    tmp_path: Path, write: Write, anki: Anki
) -> None:
    write("src/deck.toml", 'name = "French"\nreversed = true\n')
    write("src/a.md", "# Words\n## Bonjour\nHello.\n## Merci\nThank you.\n")
    write(
        "src/b.md",
        "---\nreversed: false\n---\n# Phrases\n## Ça va ?\nHow are you?\n"
        "## À demain {.reversed}\nSee you tomorrow.\n",
    )
    anki.import_package(build([tmp_path / "src"], tmp_path / "o.apkg", now=T0).output)
    cards = {key: len(note.cards()) for key, note in by_source(anki).items()}
    assert cards == {"bonjour": 2, "merci": 2, "ça-va": 1, "à-demain": 2}
