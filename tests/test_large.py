"""Large decks: the one-step collection write holds what genanki's own steps write."""

from __future__ import annotations

import io
import json
import sqlite3
import sys
import zipfile
from pathlib import Path

import genanki
import pytest

from qadeck import package
from qadeck.build import build

from conftest import ROOT, Anki

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


def test_one_step_write_equals_genankis_steps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, anki: Anki
) -> None:
    generate(3_100, tmp_path / "src")  # 62 sections and 7 files: 70 decks
    build([tmp_path / "src"], tmp_path / "one-step.apkg", now=NOW)
    # genanki's own decks: one INSERT per row, and the JSON written once per deck
    monkeypatch.setattr(package, "_Deck", lambda deck_id, name, rows: genanki.Deck(deck_id, name))
    build([tmp_path / "src"], tmp_path / "genanki.apkg", now=NOW)
    assert collection_rows(tmp_path / "one-step.apkg") == collection_rows(tmp_path / "genanki.apkg")
    anki.import_package(tmp_path / "one-step.apkg")
    assert len(anki.notes()) == 3_100
    assert len(anki.deck_names()) == 70
