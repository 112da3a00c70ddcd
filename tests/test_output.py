"""Output is written atomically and nothing temporary is left anywhere."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from qadeck.diagnostics import QadeckError
from qadeck.package import writer as package

from conftest import build


@pytest.fixture
def temp_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_build_leaves_no_temporary_files(tmp_path: Path, temp_folder: Path) -> None:
    source = tmp_path / "doc.md"
    source.write_text("# T\n## Q?\nA.\n", encoding="utf-8")
    out = tmp_path / "out" / "deck.apkg"
    build([source], out, now=1)
    build([source], out, now=2)
    assert os.listdir(temp_folder) == []
    assert os.listdir(out.parent) == ["deck.apkg"]


def test_failed_build_keeps_the_previous_package(tmp_path: Path, temp_folder: Path) -> None:
    source = tmp_path / "doc.md"
    source.write_text("# T\n## Q?\nA.\n", encoding="utf-8")
    out = tmp_path / "deck.apkg"
    build([source], out, now=1)
    before = out.read_bytes()
    source.write_text("# T\n## One {#k}\na\n## Two {#k}\nb\n", encoding="utf-8")
    with pytest.raises(QadeckError):
        build([source], out, now=2)
    assert out.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["deck.apkg", "doc.md", "temp"]


def test_interrupted_write_keeps_the_previous_package(
    tmp_path: Path, temp_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "doc.md"
    source.write_text("# T\n## Q?\nA.\n", encoding="utf-8")
    out = tmp_path / "deck.apkg"
    build([source], out, now=1)
    before = out.read_bytes()
    source.write_text("# T\n## Q?\nB.\n", encoding="utf-8")

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build([source], out, now=2)
    assert out.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["deck.apkg", "doc.md", "temp"]


def test_an_interrupted_collection_write_leaves_no_temporary_database(
    tmp_path: Path, temp_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "doc.md"
    source.write_text("# T\n## Q?\nA.\n", encoding="utf-8")

    def interrupted(*_: object) -> None:
        assert len(os.listdir(temp_folder)) == 1  # the collection being written
        raise KeyboardInterrupt

    monkeypatch.setattr(package, "_write_deck_and_model_json", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build([source], tmp_path / "deck.apkg", now=1)
    assert os.listdir(temp_folder) == []
    assert sorted(os.listdir(tmp_path)) == ["doc.md", "temp"]
