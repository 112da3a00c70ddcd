"""The pieces of a sync plan: deck searches, renamed decks, the record of the last sync."""

from __future__ import annotations

import pytest
from anki.collection import SearchNode

from qadeck.sync.deck_plan import find_renames
from qadeck.sync.planned import PlannedMove
from qadeck.sync.record import (
    RecordedNote,
    SyncRecord,
    UnreadableRecord,
    decode_record,
    encode_record,
    record_name,
)
from qadeck.sync.snapshot import deck_search

from conftest import Anki


def test_deck_search_finds_exactly_the_deck_and_its_subdecks(anki: Anki) -> None:
    names = ["a_b", "axb", "a*b", 'say "hi"', "back\\slash", "Deploy, Test and CI/CD (x)"]
    basic = anki.col.models.by_name("Basic")
    assert basic is not None
    for name in [*names, "a_b::child"]:
        note = anki.col.new_note(basic)
        note["Front"] = name
        deck_id = anki.col.decks.id(name)
        assert deck_id is not None
        anki.col.add_note(note, deck_id)
    for name in names:
        ours = sorted(anki.col.find_cards(deck_search(name)))
        theirs = sorted(anki.col.find_cards(anki.col.build_search_string(SearchNode(deck=name))))
        assert ours == theirs and len(ours) == (2 if name == "a_b" else 1), name


def move(old: str, new: str, question: str = "q") -> PlannedMove:
    return PlannedMove(question, old, new, (1,))


@pytest.mark.parametrize(
    ("moves", "existing", "renames"),
    [
        # a section renamed
        ([("R::A", "R::B")], {"R", "R::A"}, [("R::A", "R::B")]),
        # into a deck that exists already: moves, not a rename
        ([("R::A", "R::B")], {"R", "R::A", "R::B"}, []),
        # its cards went two ways
        ([("R::A", "R::B"), ("R::A", "R::C")], {"R", "R::A"}, []),
        # a section renamed with its subsections: the outermost deck is named
        (
            [("R::S::X", "R::T::X"), ("R::S::Y", "R::T::Y")],
            {"R", "R::S", "R::S::X", "R::S::Y"},
            [("R::S", "R::T")],
        ),
        # two decks into one new deck: a merge, not a rename
        ([("R::A", "R::C"), ("R::B", "R::C")], {"R", "R::A", "R::B"}, []),
        # the root renamed
        ([("R::A", "Q::A"), ("R", "Q")], {"R", "R::A"}, [("R", "Q")]),
    ],
)
def test_renamed_decks(
    moves: list[tuple[str, str]], existing: set[str], renames: list[tuple[str, str]]
) -> None:
    sections = {new for _, new in moves} | {"R", "Q"} - {old for old, _ in moves}
    found, marked = find_renames([move(*m) for m in moves], sections, existing)
    assert [(r.old, r.new) for r in found] == renames
    assert all(m.by_rename for m in marked) == bool(renames)


def test_the_record_reads_back_and_its_bytes_are_stable() -> None:
    record = SyncRecord({"b": RecordedNote("d2", ("T::x", "y")), "a": RecordedNote("d1", ())})
    data = encode_record(record, "Deck", "deck")
    assert encode_record(decode_record(data), "Deck", "deck") == data
    assert decode_record(data).notes == record.notes
    assert decode_record(None) == SyncRecord()
    with pytest.raises(UnreadableRecord):
        decode_record(b"{not json")
    assert record_name("mlops-questions").startswith("_qadeck-sync-mlops-questions-")
    assert record_name("a b") != record_name("a-b")
