"""`qadeck sync` in the less common cases, both ways in: filtered decks, a renamed root deck,
the note type's look, the user's own tags and notes, and a sync into an empty collection."""

from __future__ import annotations

import dataclasses
import json
import zipfile
from pathlib import Path

import pytest
from anki.collection import Collection

from qadeck.commands import sync as sync_module
from qadeck.commands.sync import SyncTarget
from qadeck.deck.model import Kind
from qadeck.package.kinds import shared_note_types
from qadeck.package.notetype import MODEL_ID, note_type

from ankiconnect_server import serve
from conftest import ANSWERS, ROOT, Anki, build
from synced import (
    EXPECTED_DECKS,
    FIRST_EDITED,
    SECOND,
    SECOND_EDITED,
    T1,
    T2,
    Studied,
    make_studied,
    review_history,
    sync_into,
)

# The smallest PNG: one transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4"
    "890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


@pytest.fixture(params=["collection", "ankiconnect"])
def studied(request: pytest.FixtureRequest, tmp_path: Path, anki: Anki) -> Studied:
    return make_studied(tmp_path, anki, request.param)


def home_decks(col: Collection) -> dict[str, str]:
    """Each note's question and its card's home deck (not a filtered deck it sits in)."""
    rows = col.db.all("SELECT n.flds, c.did, c.odid FROM notes n JOIN cards c ON c.nid = n.id")
    return {flds.split("\x1f")[0]: col.decks.name(odid or did) for flds, did, odid in rows}


def test_cards_in_a_filtered_deck_are_found_updated_and_moved(studied: Studied) -> None:
    col = studied.col
    cram = col.decks.new_filtered("Custom Study Session")
    deck = col.decks.get(cram)
    assert deck is not None
    deck["terms"] = [['"deck:Docker::Basics"', 100, 0]]
    col.decks.save(deck)
    col.sched.rebuild_filtered_deck(cram)
    assert len(col.find_cards(f"did:{cram}")) == 3
    studied.write("a.md", FIRST_EDITED)
    studied.write("b.md", SECOND_EDITED)

    report = studied.sync()

    assert len(report.plan.new) == 1  # only the added question
    col = studied.col
    assert len(col.find_notes("")) == 7
    assert home_decks(col) == {**EXPECTED_DECKS, "What is a volume?": "Docker::Operations"}
    assert "root filesystem" in studied.note("What is a container?")["Answer"]
    assert review_history(col) == studied.history


def test_a_renamed_root_deck_moves_every_card(studied: Studied) -> None:
    if studied.way == "ankiconnect":  # no GUIDs there: the record's note ids find the notes
        studied.sync()
    (studied.src / "deck.toml").write_text('name = "Containers"\nid = "docker"\n', "utf-8")

    report = studied.sync()

    assert [(r.old, r.new) for r in report.plan.renames] == [("Docker", "Containers")]
    assert not report.plan.new and not report.plan.moved and not report.plan.removals
    assert studied.anki.deck_names() == {
        "Containers",
        "Containers::Basics",
        "Containers::Operations",
    }
    assert len(studied.anki.notes()) == 6
    assert review_history(studied.col) == studied.history
    assert studied.sync().plan.unchanged == 6


def test_the_note_type_look_changes_in_place_unless_edited_in_anki(
    studied: Studied, monkeypatch: pytest.MonkeyPatch
) -> None:
    studied.sync()
    kind = note_type()
    changed = dataclasses.replace(kind, css=kind.css + "\n.card { letter-spacing: 0.01em; }")
    types = shared_note_types()
    monkeypatch.setattr(sync_module, "note_types", lambda *_: {**types, Kind.BASIC: changed})

    report = studied.sync()

    assert report.plan.looks and not report.plan.new and not report.plan.updated
    names = [m.name for m in studied.col.models.all_names_and_ids() if m.name.startswith("qadeck")]
    assert names == ["qadeck Q&A"]
    model = studied.col.models.get(MODEL_ID)  # type: ignore[arg-type]
    assert model is not None and model["css"] == changed.css
    model["css"] += "\n/* mine */"
    studied.col.models.update_dict(model)
    monkeypatch.setattr(sync_module, "note_types", lambda *_: types)
    assert studied.sync().plan.looks_kept == ("qadeck Q&A",)
    model = studied.col.models.get(MODEL_ID)  # type: ignore[arg-type]
    assert model is not None and model["css"].endswith("/* mine */")


def test_the_users_tags_survive_an_update(studied: Studied) -> None:
    note = studied.note("What is a layer?")
    note.tags += ["mine", "marked"]
    studied.col.update_note(note)
    studied.write(
        "a.md",
        FIRST_EDITED.replace(
            "## What is a tag?", "## What is a layer?\nA diff.\n## What is a tag?"
        ),
    )

    report = studied.sync()

    assert "What is a layer?" in {n.question for n in report.plan.updated}
    note = studied.note("What is a layer?")
    assert note["Answer"] == "<p>A diff.</p>"
    assert sorted(note.tags) == ["Docker::Basics", "marked", "mine"]
    assert studied.sync().plan.unchanged == 7


def test_notes_qadeck_did_not_make_are_never_deleted(studied: Studied) -> None:
    col = studied.col
    model = col.models.get(MODEL_ID)  # type: ignore[arg-type]
    assert model is not None
    mine = col.new_note(model)
    mine["Question"], mine["Answer"] = "My own question", "Mine."
    basics = col.decks.id_for_name("Docker::Basics")
    assert basics is not None
    col.add_note(mine, basics)
    studied.write("b.md", "# Operations\n## What is a registry?\nA server that stores images.\n")

    report = studied.sync(delete=True)

    assert sorted(r.question for r in report.plan.removals) == [
        "What is a network?",
        "What is a volume?",
    ]
    questions = {note["Question"] for note in studied.anki.notes()}
    assert "My own question" in questions and "What is a volume?" not in questions


def test_a_sync_into_an_empty_collection_matches_the_package(tmp_path: Path, anki: Anki) -> None:
    studied = make_studied(tmp_path, anki, "collection")
    for note_id in studied.col.find_notes(""):
        studied.col.remove_notes([note_id])  # type: ignore[list-item]
    studied.sync()
    guids = {note.guid: note.id for note in studied.anki.notes()}
    assert len(guids) == 6
    package = tmp_path / "again.apkg"
    build([studied.src], package, now=T1)  # the sync's time: the same notes, byte for byte
    log = studied.anki.import_package(package)
    assert (len(log.new), len(log.updated), len(log.duplicate)) == (0, 0, 6)
    assert {note.guid: note.id for note in studied.anki.notes()} == guids


def test_numbering_the_sections_renames_their_decks(studied: Studied) -> None:
    toml = 'name = "Docker"\nid = "docker"\nsection-numbers = true\n'
    (studied.src / "deck.toml").write_text(toml, encoding="utf-8")

    report = studied.sync()

    assert [(r.old, r.new, r.questions) for r in report.plan.renames] == [
        ("Docker::Basics", "Docker::1 Basics", 3),
        ("Docker::Operations", "Docker::2 Operations", 3),
    ]
    assert not report.plan.new and not report.plan.updated and not report.plan.moved
    assert studied.anki.deck_names() == {"Docker", "Docker::1 Basics", "Docker::2 Operations"}
    assert review_history(studied.col) == studied.history
    assert studied.sync().plan.unchanged == 6


def test_the_bundled_deck_syncs_once_and_then_changes_nothing(tmp_path: Path, anki: Anki) -> None:
    anki.close()
    path = tmp_path / "anki" / "collection.anki2"
    first = sync_into([ANSWERS], SyncTarget(collection=path), now=T1)
    assert len(first.plan.new) == 34
    second = sync_into([ANSWERS], SyncTarget(collection=path), now=T2)
    assert second.plan.unchanged == 34 and not second.plan.moves
    anki.col = Collection(str(path))
    log = anki.import_package(ROOT / "dist" / "mlops-questions.apkg")
    assert len(log.new) == 0  # the committed package holds the same notes


def test_images_arrive_under_the_packages_names(studied: Studied, tmp_path: Path) -> None:
    (studied.src / "img").mkdir()
    (studied.src / "img" / "plot.png").write_bytes(PNG)
    studied.write("b.md", SECOND.replace("A server that stores images.", "![a plot](img/plot.png)"))
    package = tmp_path / "images.apkg"
    build([studied.src], package)
    with zipfile.ZipFile(package) as archive:
        (name,) = json.loads(archive.read("media")).values()

    studied.sync()

    assert (Path(studied.col.media.dir()) / name).read_bytes() == PNG
    assert f'src="{name}"' in studied.note("What is a registry?")["Answer"]


def test_a_sync_takes_its_time_from_source_date_epoch(
    studied: Studied, monkeypatch: pytest.MonkeyPatch
) -> None:
    studied.write("c.md", "# Pods\n## What is a pod?\nA group of containers.\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(T2))

    report = studied.sync(now=None)

    assert [n.question for n in report.plan.new] == ["What is a pod?"]
    assert studied.note("What is a pod?").mod == T2


def test_two_decks_sharing_a_question_never_exchange_a_card(studied: Studied) -> None:
    studied.sync()
    other = studied.src.parent / "other"
    other.mkdir()
    (other / "deck.toml").write_text('name = "Other Deck"\nid = "other-deck"\n', "utf-8")
    (other / "r.md").write_text(
        "# Review\n## What is a container?\nSomething else.\n## What is a pod?\nPods.\n", "utf-8"
    )
    ids = {n["Question"]: n.id for n in studied.anki.notes()}
    if studied.way == "collection":
        studied.anki.close()
        try:
            report = sync_into([other], SyncTarget(collection=studied.path), now=T2)
        finally:
            studied.anki.col = Collection(str(studied.path))
    else:
        with serve(studied.col) as (url, _):
            report = sync_into([other], SyncTarget(url=url), now=T2)

    assert sorted(n.question for n in report.plan.new) == ["What is a container?", "What is a pod?"]
    assert not report.plan.updated and not report.plan.moves and not report.plan.renames
    mine = {n.id: n for n in studied.anki.notes()}
    assert all(mine[i]["Question"] == q for q, i in ids.items())
    assert home_decks(studied.col)["What is an image?"] == "Docker::Basics"
    decks = [studied.col.decks.name(studied.col.get_card(c).did) for c in studied.history]
    assert all(d.startswith("Docker::") for d in decks)
    assert review_history(studied.col) == studied.history
    assert studied.sync(now=T2 + 1).plan.unchanged == 6


def test_the_users_own_note_in_a_subdeck_is_untouched(studied: Studied) -> None:
    col = studied.col
    model = col.models.get(MODEL_ID)  # type: ignore[arg-type]
    assert model is not None
    mine = col.new_note(model)
    mine["Question"], mine["Answer"], mine["Source"] = "Mine?", "Mine.", "a.md#what-is-a-layer"
    old = col.decks.id_for_name("Docker::Operations")
    assert old is not None
    col.add_note(mine, old)
    studied.write("b.md", SECOND.replace("# Operations", "# Storage"))
    before = col.db.all("SELECT * FROM notes WHERE id = ?", mine.id)

    report = studied.sync(delete=True, overwrite_edits=True)

    assert [(r.old, r.new) for r in report.plan.renames] == [
        ("Docker::Operations", "Docker::Storage")
    ]
    assert studied.col.db.all("SELECT * FROM notes WHERE id = ?", mine.id) == before
    (card,) = studied.col.get_note(mine.id).cards()
    assert studied.col.decks.name(card.did) == "Docker::Operations"
