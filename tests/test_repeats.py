"""Repeated question titles keep their own notes: a GUID follows its question, not its position.

A glossary repeats `### Definition` and `### Example` under each term. Inserting a term at the
top, swapping two, or editing one repeated answer must leave every note (and its review
history, in a real Anki collection) with the content it had.
"""

from __future__ import annotations

from pathlib import Path

from qadeck.deck.identity import note_guid
from qadeck.deck.repeats import Copy, kept_keys
from qadeck.package.baseline import read_baseline

from conftest import Anki, build


def term(name: str, definition: str = "") -> str:
    definition = definition or f"What {name.lower()} means."
    return f"## {name}\n### Definition\n{definition}\n\n### Example\nAn example of {name}.\n\n"


def glossary(*names: str, **definitions: str) -> str:
    return "# Stats\n\n" + "".join(term(n, definitions.get(n, "")) for n in names)


def contents(anki: Anki) -> dict[int, str]:
    """Each note's answer, by note id."""
    return {note.id: note["Answer"] for note in anki.notes()}


def rebuild(path: Path, text: str, apkg: Path, anki: Anki, now: int) -> object:
    path.write_text(text, encoding="utf-8")
    build([path], apkg, now=now, style="outline")
    return anki.import_package(apkg)


def test_inserting_swapping_and_editing_keep_every_note(tmp_path: Path, anki: Anki) -> None:
    doc, apkg = tmp_path / "stats.md", tmp_path / "stats.apkg"
    rebuild(doc, glossary("Mean", "Median", "Mode"), apkg, anki, 1_000)
    anki.study_every_card()
    before, history = contents(anki), anki.review_history()
    assert len(before) == 6

    log = rebuild(doc, glossary("Variance", "Mean", "Median", "Mode"), apkg, anki, 2_000)
    assert (len(log.new), len(log.updated)) == (2, 0)
    assert contents(anki).items() >= before.items()  # every old note holds what it held
    assert anki.review_history() == history

    log = rebuild(doc, glossary("Variance", "Mean", "Mode", "Median"), apkg, anki, 3_000)
    assert (len(log.new), len(log.updated)) == (0, 0)
    assert contents(anki).items() >= before.items()

    edited = glossary("Variance", "Mean", "Mode", "Median", Median="The middle value.")
    log = rebuild(doc, edited, apkg, anki, 4_000)
    assert (len(log.new), len(log.updated)) == (0, 1)
    after = contents(anki)
    changed = {nid for nid in before if after[nid] != before[nid]}
    assert [before[nid] for nid in changed] == ["<p>What median means.</p>"]
    assert [after[nid] for nid in changed] == ["<p>The middle value.</p>"]
    assert anki.review_history() == history


def test_a_question_repeated_in_two_documents(tmp_path: Path, anki: Anki) -> None:
    folder, apkg = tmp_path / "notes", tmp_path / "notes.apkg"
    folder.mkdir()
    (folder / "b.md").write_text("# B\n## Summary\nWhat B says.\n", encoding="utf-8")
    (folder / "c.md").write_text("# C\n## Summary\nWhat C says.\n", encoding="utf-8")
    build([folder], apkg, now=1_000)
    anki.import_package(apkg)
    before = contents(anki)
    (folder / "a.md").write_text("# A\n## Summary\nWhat A says.\n", encoding="utf-8")
    build([folder], apkg, now=2_000)
    log = anki.import_package(apkg)
    assert (len(log.new), len(log.updated)) == (1, 0)
    assert contents(anki).items() >= before.items()


def test_a_package_of_the_ordinal_keys_is_continued_by_content(tmp_path: Path) -> None:
    # Earlier builds keyed the copies of a repeated text by their order alone: `definition`,
    # `definition~2`, ... A first build (no previous package) still gives those GUIDs, so a
    # package built before this change is the baseline every later build continues from.
    doc, apkg = tmp_path / "stats.md", tmp_path / "stats.apkg"
    doc.write_text(glossary("Mean", "Median", "Mode"), encoding="utf-8")
    build([doc], apkg, now=1_000, style="outline")

    old = read_baseline(apkg).notes
    by_order = [note_guid("stats", k) for k in ("definition", "definition~2", "definition~3")]
    assert [old[guid].section for guid in by_order] == ["Mean", "Median", "Mode"]
    rebuild_text = glossary("Variance", "Mode", "Mean", "Median")
    doc.write_text(rebuild_text, encoding="utf-8")
    build([doc], apkg, now=2_000, style="outline")
    new = read_baseline(apkg).notes
    assert [new[guid].section for guid in by_order] == ["Mean", "Median", "Mode"]
    assert all(new[guid].content == old[guid].content for guid in old)


def test_without_repeats_every_key_stays() -> None:
    current = [Copy("a", False, ("S", "d.md"), b"1"), Copy("b", False, ("T", "d.md"), b"2")]
    assert kept_keys(current, []) == ["a", "b"]
    assert kept_keys(current, [Copy("a", False, ("X", "d.md"), b"9")]) == ["a", "b"]


def test_a_renamed_section_keeps_the_note_with_the_same_content() -> None:
    before = [Copy("d", False, ("Mean", "g.md"), b"m"), Copy("d~2", False, ("Mode", "g.md"), b"o")]
    now = [Copy("d", False, ("Average", "g.md"), b"m"), Copy("d~2", False, ("Mode", "g.md"), b"o")]
    assert kept_keys(now, before) == ["d", "d~2"]
    swapped = [now[1], now[0]]
    assert kept_keys(swapped, before) == ["d~2", "d"]
    # A new copy never takes a key an old note of the text holds, even one gone.
    new = [Copy("d", False, ("Range", "g.md"), b"r"), Copy("d~2", False, ("Mode", "g.md"), b"o")]
    assert kept_keys(new, before) == ["d~3", "d~2"]
