"""The order Anki's scheduler hands out new cards: subdeck by subdeck, by name, then by `due`.

Anki's default preset gathers new cards deck by deck in the order of the deck names (a
package's presets are not imported by default), a parent's own cards before its subdecks'.
Numbered section names (`section-numbers`) and dues that grow in document order make that the
order of the sources.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from qadeck.deck.model import numbered_sections
from qadeck.diagnostics import Diagnostics
from test_answers import normalize, seed_questions

from conftest import ANSWERS, Anki, build, load_deck

Write = Callable[..., Path]
NOW = 1_767_225_600
# Twelve sections whose names sort differently from their order: numbers need two digits.
SECTIONS = [
    "Zebra",
    "Apple",
    "Mango",
    "Banana",
    "Kiwi",
    "Cherry",
    "Lime",
    "Date",
    "Fig",
    "Grape",
    "Elder",
    "Hazel",
]


def first_new_cards(anki: Anki, root: str, limit: int | None = None) -> list[str]:
    """The questions of the new cards the scheduler shows first when `root` is studied.

    `limit` raises the new cards per day (default preset: 20) to see the whole queue.
    """
    root_id = anki.col.decks.id_for_name(root)
    assert root_id is not None
    if limit is not None:
        config = anki.col.decks.config_dict_for_deck_id(root_id)
        config["new"]["perDay"] = limit
        anki.col.decks.save(config)
    anki.col.decks.select(root_id)
    queued = anki.col.sched.get_queued_cards(fetch_limit=limit or 20)
    return [anki.col.get_card(entry.card.id).note()["Question"] for entry in queued.cards]


def plain(question_html: str) -> str:
    return normalize(re.sub(r"<[^>]+>", "", question_html).replace("&amp;", "&"))


def test_the_bundled_deck_is_studied_in_the_seeds_order(tmp_path: Path, anki: Anki) -> None:
    report = build([ANSWERS], tmp_path / "mlops.apkg", now=NOW)
    anki.import_package(report.output)
    seed = seed_questions()
    # The first day, with Anki's default of 20 new cards: the seed's first 20 questions.
    assert [plain(q) for q in first_new_cards(anki, "MLOps Questions")] == seed[:20]
    assert [plain(q) for q in first_new_cards(anki, "MLOps Questions", limit=100)] == seed


def test_the_committed_deck_is_studied_in_the_seeds_order(anki: Anki) -> None:
    anki.import_package(ANSWERS.parent / "dist" / "mlops-questions.apkg")
    questions = first_new_cards(anki, "MLOps Questions", limit=100)
    assert [plain(q) for q in questions] == seed_questions()


def write_fruit(write: Write, numbers: bool | None) -> Path:
    """A deck of twelve sections with two questions each, in an order names do not sort in."""
    config = 'name = "Fruit"\n'
    if numbers is not None:
        config += f"section-numbers = {'true' if numbers else 'false'}\n"
    write("fruit/deck.toml", config)
    body = "".join(f"# {name}\n## {name} one?\nA.\n## {name} two?\nB.\n" for name in SECTIONS)
    return write("fruit/all.md", body).parent


def in_document_order() -> list[str]:
    return [f"{name} {which}?" for name in SECTIONS for which in ("one", "two")]


def test_numbered_sections_are_studied_in_document_order(
    write: Write, tmp_path: Path, anki: Anki
) -> None:
    source = write_fruit(write, numbers=True)
    report = build([source], tmp_path / "fruit.apkg", now=NOW)
    anki.import_package(report.output)
    assert sorted(anki.deck_names())[:3] == ["Fruit", "Fruit::01 Zebra", "Fruit::02 Apple"]
    assert first_new_cards(anki, "Fruit", limit=100) == in_document_order()


def test_without_numbers_anki_studies_the_sections_alphabetically(
    write: Write, tmp_path: Path, anki: Anki
) -> None:
    # What the numbers are for: the same deck unnumbered starts with "Apple", not "Zebra".
    source = write_fruit(write, numbers=None)
    report = build([source], tmp_path / "fruit.apkg", now=NOW)
    anki.import_package(report.output)
    by_name = [f"{name} {which}?" for name in sorted(SECTIONS) for which in ("one", "two")]
    assert first_new_cards(anki, "Fruit", limit=100) == by_name


def test_the_option_overrides_deck_toml_and_keeps_every_guid(write: Write, tmp_path: Path) -> None:
    source = write_fruit(write, numbers=False)
    plain_build = build([source], tmp_path / "a.apkg", now=NOW)
    numbered = build([source], tmp_path / "b.apkg", now=NOW, section_numbers=True)
    assert (plain_build.subdecks, numbered.subdecks) == (12, 12)
    guids = {}
    for report in (plain_build, numbered):
        anki = Anki(tmp_path / f"{report.output.stem}.anki2")
        try:
            anki.import_package(report.output)
            guids[report.output.stem] = {note.guid for note in anki.notes()}
            decks = anki.deck_names()
        finally:
            anki.close()
        numbered_names = "Fruit::01 Zebra" in decks
        assert numbered_names == (report is numbered)
    assert guids["a"] == guids["b"]


def test_numbers_keep_the_section_field_and_tags(write: Write, tmp_path: Path, anki: Anki) -> None:
    source = write_fruit(write, numbers=True)
    anki.import_package(build([source], tmp_path / "fruit.apkg", now=NOW).output)
    note = next(n for n in anki.notes() if n["Question"] == "Zebra one?")
    assert (note["Section"], note.tags) == ("Zebra", ["Fruit::Zebra"])


def test_sections_are_numbered_among_their_siblings_by_first_appearance() -> None:
    sections = [
        ("B",),
        ("B", "y"),
        ("B", "x"),
        ("A",),
        *((("A", f"s{i}")) for i in range(10)),
        ("B", "y"),  # the same section again, from another file: its first place counts
    ]
    numbered = numbered_sections(sections)
    assert numbered[("B", "y")] == ("1 B", "1 y")
    assert numbered[("B", "x")] == ("1 B", "2 x")
    assert numbered[("A",)] == ("2 A",)
    assert numbered[("A", "s0")] == ("2 A", "01 s0")
    assert numbered[("A", "s9")] == ("2 A", "10 s9")


@pytest.mark.parametrize("value", ["true", "false"])
def test_deck_toml_section_numbers(write: Write, value: str) -> None:
    write("d/deck.toml", f"section-numbers = {value}\n")
    folder = write("d/a.md", "# S\n## Q?\nA.\n").parent
    diagnostics = Diagnostics()
    deck = load_deck([folder], diagnostics)
    assert diagnostics.items == []
    assert deck.full_name(("S",)) == ("d::1 S" if value == "true" else "d::S")


def test_a_reordered_question_is_studied_in_its_new_place_by_a_fresh_import(
    write: Write, tmp_path: Path
) -> None:
    source = write_fruit(write, numbers=True)
    output = tmp_path / "fruit.apkg"
    build([source], output, now=NOW)
    text = (source / "all.md").read_text(encoding="utf-8")
    moved = "## Zebra two?\nB.\n"
    text = text.replace(moved, "").replace("## Apple one?\nA.\n", f"## Apple one?\nA.\n{moved}")
    (source / "all.md").write_text(text, encoding="utf-8")
    report = build([source], output, now=NOW + 60)
    assert [(m.question, m.new_deck) for m in report.changes.moved] == [
        ("Zebra two?", "Fruit::02 Apple")
    ]
    first = output.read_bytes()
    assert build([source], output, now=NOW + 120).changes.moved == ()
    assert output.read_bytes() == first  # the new dues are kept: an unchanged rebuild
    fresh = Anki(tmp_path / "fresh.anki2")
    try:
        fresh.import_package(output)
        order = first_new_cards(fresh, "Fruit", limit=100)
    finally:
        fresh.close()
    # Its old due (1) would put it before "Apple one?" (2): dues follow the new order instead.
    expected = in_document_order()
    expected.remove("Zebra two?")
    expected.insert(2, "Zebra two?")
    assert order == expected
