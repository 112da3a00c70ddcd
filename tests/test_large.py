"""Large decks: the one-step collection write holds what genanki's own steps write."""

from __future__ import annotations

import io
import itertools
import json
import sqlite3
import sys
import zipfile
from pathlib import Path
from typing import Any

import genanki
import pytest

from qadeck.package import deflate
from qadeck.package import writer as package

from conftest import ROOT, Anki, build

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate

NOW = 1_767_225_600


def collection_rows(apkg: Path) -> dict[str, list[tuple[object, ...]]]:
    data = zipfile.ZipFile(io.BytesIO(apkg.read_bytes())).read("collection.anki2")
    connection = sqlite3.connect(":memory:")
    connection.deserialize(data)
    tables = ("col", "notes", "cards", "revlog", "graves")
    rows = {table: connection.execute(f"SELECT * FROM {table}").fetchall() for table in tables}
    # genanki stores the note type key twice (once per int and str spelling); compare values
    decks, models = connection.execute("SELECT decks, models FROM col").fetchone()
    rows["col_json"] = [(json.loads(decks), json.loads(models))]
    rows["col"] = [
        tuple(value for value in row if value not in (decks, models)) for row in rows["col"]
    ]
    connection.close()
    return rows


class GenankiNote(genanki.Note):  # type: ignore[misc]
    """genanki's own note, with the id and `mod` qadeck gives it."""

    def __init__(self, *, note_id: int, mod: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.note_id, self.mod = note_id, mod

    def write_to_db(self, cursor: Any, timestamp: float, deck_id: int, id_gen: Any) -> None:
        super().write_to_db(cursor, self.mod, deck_id, id_gen)


class GenankiRows:
    """Writes each note through genanki's Note and Card, one INSERT at a time."""

    def __init__(self, notes: list[Any]) -> None:
        self.notes = notes

    def insert_into(self, cursor: sqlite3.Cursor) -> None:
        # A note's first card has the note's id, its further cards ids after the largest one.
        further = itertools.count(max(placed[4] for placed in self.notes) + 1)
        for note, fields, model, deck, note_id, mod, due in self.notes:
            ids = itertools.chain((note_id, note_id), further)
            GenankiNote(
                note_id=note_id, mod=mod, model=model, fields=list(fields), tags=list(note.tags),
                guid=note.guid, due=due,
            ).write_to_db(cursor, 0, deck, ids)  # fmt: skip


def test_one_step_write_equals_genankis_steps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, anki: Anki
) -> None:
    generate(3_100, tmp_path / "src")  # 62 sections and 7 files: 70 decks
    # Notes of more than one card: a reversed one, and a cloze one with three deletions.
    (tmp_path / "src" / "zz-kinds.md").write_text(
        "# Kinds\n## Bonjour {.reversed}\nHello.\n"
        "## Capitals\n{{c1::Paris}}, {{c2::Rome}} and {{c3::Oslo::north}}.\n",
        encoding="utf-8",
    )
    build([tmp_path / "src"], tmp_path / "one-step.apkg", now=NOW)
    # genanki's own decks (the JSON written once per deck) and notes (a row at a time)
    monkeypatch.setattr(package, "_Deck", genanki.Deck)
    monkeypatch.setattr(package, "NoteRows", GenankiRows)
    build([tmp_path / "src"], tmp_path / "genanki.apkg", now=NOW)
    assert collection_rows(tmp_path / "one-step.apkg") == collection_rows(tmp_path / "genanki.apkg")
    with zipfile.ZipFile(tmp_path / "one-step.apkg") as archive:  # deflated in several blocks
        assert archive.getinfo("collection.anki2").file_size > 2 * deflate.BLOCK
    anki.import_package(tmp_path / "one-step.apkg")
    assert len(anki.notes()) == 3_102
    assert anki.col.card_count() == 3_100 + 2 + 3
    assert len(anki.deck_names()) == 71
