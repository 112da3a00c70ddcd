"""Remembered documents: a rebuild that reads only what changed writes what a full build writes,
and reports what it reports."""

from __future__ import annotations

import marshal
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from qadeck.diagnostics import Diagnostics
from qadeck.incremental.documents import FORMAT, Layout, PartEntry
from qadeck.incremental.reading import RememberingReader
from qadeck.incremental.store import RenderCache
from qadeck.shapes.read import read_inputs
from qadeck.sources.config import DEFAULT_SETTINGS, CheckSettings

from conftest import ANSWERS, build

NOW = 1_767_225_600
Write = Callable[..., Path]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A render cache of this test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("QADECK_CACHE_DIR", str(folder))
    return folder


def remembered(source: Path, settings: CheckSettings = DEFAULT_SETTINGS) -> set[str]:
    """The documents the next build would take from memory whole."""
    reader = RememberingReader(RenderCache(), settings)
    inputs = read_inputs([source], Diagnostics(), reader=reader)
    whole = [d for d in inputs.documents if all(part.outline is None for part in d.parts)]
    return {Path(document.source.display).name for document in whole}


def rebuilt_both_ways(source: Path, previous: Path, tmp_path: Path) -> tuple[bytes, bytes]:
    """The package built from memory and without any cache, each over a copy of `previous`."""
    outputs = []
    for name, use_cache in (("remembered.apkg", True), ("full.apkg", False)):
        output = tmp_path / name
        shutil.copy(previous, output)
        build([source], output, now=NOW + 60, use_cache=use_cache)
        outputs.append(output.read_bytes())
    return outputs[0], outputs[1]


def test_a_rebuild_after_one_edit_reads_one_document_and_writes_the_same_package(
    tmp_path: Path, cache: Path
) -> None:
    source = tmp_path / "answers"
    shutil.copytree(ANSWERS, source)
    build([source], tmp_path / "first.apkg", now=NOW)
    assert remembered(source) == {path.name for path in source.glob("*.md")}
    edited = source / "02-deployment.md"
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("rollback", "roll-back", 1), encoding="utf-8")
    assert remembered(source) == {
        "01-model-monitoring.md",
        "03-docker.md",
        "04-data-engineering.md",
    }
    from_memory, full = rebuilt_both_ways(source, tmp_path / "first.apkg", tmp_path)
    assert from_memory == full
    assert from_memory != (tmp_path / "first.apkg").read_bytes()  # the edit is in it


def test_a_document_with_a_finding_is_remembered_with_it(
    write: Write, tmp_path: Path, cache: Path
) -> None:
    write("deck/a.md", "# A\n\n## Q one?\n\nAnswer.\n\n```\nnever closed\n")
    write("deck/b.md", "# B\n\n## Q two?\n\nAnswer two.\n")
    reports = [build([tmp_path / "deck"], tmp_path / f"{n}.apkg", now=NOW) for n in range(2)]
    first, second = ([str(d) for d in report.diagnostics] for report in reports)
    assert first == second and len(first) == 1 and "a.md:7:1: warning: code block" in first[0]
    assert remembered(tmp_path / "deck") == {"a.md", "b.md"}


def test_the_word_limit_is_part_of_what_is_remembered(write: Write, tmp_path: Path) -> None:
    write("deck/a.md", "# A\n\n## Q?\n\nOne two three four five six seven.\n")
    write("deck/b.md", "# B\n\n## R?\n\nShort.\n")
    build([tmp_path / "deck"], tmp_path / "out.apkg", now=NOW)
    assert remembered(tmp_path / "deck") == {"a.md", "b.md"}
    strict = CheckSettings(max_words=3)
    assert remembered(tmp_path / "deck", strict) == set()
    report = build([tmp_path / "deck"], tmp_path / "out.apkg", now=NOW, settings=strict)
    assert [d.message.split(":")[0] for d in report.diagnostics] == ["answer has 7 words (limit 3)"]


def test_a_document_with_an_image_is_never_remembered(
    write: Write, tmp_path: Path, cache: Path
) -> None:
    write("deck/a.md", "# A\n\n## Q?\n\n![diagram](pic.png)\n")
    write("deck/b.md", "# B\n\n## R?\n\nText.\n")
    image = tmp_path / "deck" / "pic.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"1" * 20)
    build([tmp_path / "deck"], tmp_path / "out.apkg", now=NOW)
    assert remembered(tmp_path / "deck") == {"b.md"}


def test_questions_that_share_a_title_across_files_are_numbered_in_every_build(
    write: Write, tmp_path: Path, cache: Path
) -> None:
    write("deck/a.md", "# A\n\n## Same question?\n\nFirst.\n")
    write("deck/b.md", "# B\n\n## Same question?\n\nSecond.\n")
    reports = [build([tmp_path / "deck"], tmp_path / "out.apkg", now=NOW) for _ in range(2)]
    first, second = ([str(d) for d in report.diagnostics] for report in reports)
    assert first == second and "kept as a separate note with key {#same-question~2}" in first[0]
    assert remembered(tmp_path / "deck") == {"a.md", "b.md"}  # keys are numbered every build


def test_a_damaged_entry_is_read_as_no_entry(tmp_path: Path, cache: Path) -> None:
    source = tmp_path / "answers"
    shutil.copytree(ANSWERS, source)
    build([source], tmp_path / "first.apkg", now=NOW)
    with sqlite3.connect(RenderCache().path) as connection:
        connection.execute("UPDATE documents SET data = x'00ff00'")
    connection.close()
    assert remembered(source) == set()
    from_memory, full = rebuilt_both_ways(source, tmp_path / "first.apkg", tmp_path)
    assert from_memory == full


@pytest.mark.parametrize(
    "stored",
    [
        b"\x00\xff\x00",
        marshal.dumps((FORMAT, "part", "not sections", (), (), (), (), ())),
        marshal.dumps((FORMAT, "part", (), (("q",),), (), (), (), ())),  # a question, no fields
        marshal.dumps((FORMAT + 1, "part", (), (), (), (), (), ())),
        marshal.dumps((FORMAT, "layout", "outline", None, ())),
        marshal.dumps([1, 2, 3]),
    ],
)
def test_an_entry_of_another_shape_or_format_is_no_entry(stored: bytes) -> None:
    assert PartEntry.decode(stored) is None


@pytest.mark.parametrize(
    "stored",
    [
        b"\x00\xff\x00",
        marshal.dumps((FORMAT, "layout", "outline", None, "not parts")),
        marshal.dumps((FORMAT + 1, "layout", "outline", None, ())),
        marshal.dumps((FORMAT, "part", (), (), (), (), (), ())),
        marshal.dumps((1, 2)),
    ],
)
def test_a_layout_of_another_shape_or_format_is_no_layout(stored: bytes) -> None:
    assert Layout.decode(stored) is None


def test_a_new_qadeck_version_reads_every_document_again(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A release may read the same text another way: what an older one read is not replayed.
    source = tmp_path / "doc.md"
    source.write_text("# Deck\n\n## What is a pod?\n\nA group of containers.\n", encoding="utf-8")
    build([source], tmp_path / "out.apkg", now=NOW)
    assert remembered(source) == {"doc.md"}
    monkeypatch.setattr("qadeck.incremental.documents.__version__", "0.0.0-next")
    assert remembered(source) == set()


def test_a_file_leaving_a_folder_of_one_question_per_file_reads_the_others_again(
    tmp_path: Path, cache: Path
) -> None:
    source = tmp_path / "questions"
    shutil.copytree(Path(__file__).parent / "fixtures/shapes/corpus/one-question-files", source)
    topics = source / "topics.md"
    topics.write_text("## Alpha\n\nThe first.\n\n## Beta\n\nThe second.\n", encoding="utf-8")
    build([source], tmp_path / "first.apkg", now=NOW)
    topics.unlink()  # now nearly every file is one question
    assert "What do you know about caching.md" not in remembered(source)
    from_memory, full = rebuilt_both_ways(source, tmp_path / "first.apkg", tmp_path)
    assert from_memory == full
