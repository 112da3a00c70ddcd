"""`qadeck pull` against the real Anki backend: edits made in a collection come back into the
Markdown, only their lines change, and the next sync finds nothing to do."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from anki.collection import Collection
from click.testing import CliRunner

from qadeck.cli.main import cli
from qadeck.commands.prepare import ReadOptions
from qadeck.commands.pull import PullOptions, PullReport, pull
from qadeck.commands.sync import SyncReport, SyncTarget
from qadeck.sync.record import decode_record, record_name

from ankiconnect_server import serve
from synced import sync_into

T1, T2 = 1_767_225_600, 1_767_312_000
PASTED = b"\x89PNG\r\n\x1a\n pasted in Anki"

DOCUMENT = """\
---
deck-id: notes
tags: [docker]
---
# Docker

## What is a container?
Tags: basics
An isolated process with its own filesystem.

- one
- two

```python
x = 1
y = 2
```

![plot](img/plot.png)

## What is an image?
A read-only template for containers.

<!-- more -->

More about images, kept  as written.

## Capital of France
The capital of France is {{c1::Paris}}, on the {{c2::Seine}}.

## Bonjour {.reversed}
Hello, in French.
"""
PULLED = (
    DOCUMENT.replace(
        "## What is a container?\nTags: basics\nAn isolated process with its own filesystem.\n",
        "## What is a Linux container? {#what-is-a-container}\nTags: basics runtime\n"
        "An isolated process with its own root filesystem.\n\n![](img/paste-1f2e.png)\n",
    )
    .replace("- two\n", "- two\n- three\n")
    .replace("y = 2", "y = 3")
    .replace("{{c2::Seine}}.", "{{c2::Seine}}, a {{c3::river}}.")
    .replace("Hello, in French.", "Hello, in *French*.")
)


def edit_in_anki(col: Collection) -> None:
    """What a learner changes in Anki: a word, a list item, a code line, the question, a tag,
    a pasted image, a cloze deletion, and the answer of a reversed note."""
    for note_id in col.find_notes(""):
        note = col.get_note(note_id)
        fields = note.fields
        if "container" in fields[0]:
            fields[0] = "What is a Linux container?"
            answer = fields[1].replace("own filesystem", "own root filesystem")
            answer = answer.replace("<li>two</li>", "<li>two</li>\n<li>three</li>")
            answer = answer.replace('<span class="mi">2</span>', '<span class="mi">3</span>')
            fields[1] = answer.replace(
                "</p>\n<ul>", '</p>\n<p><img src="paste-1f2e.png"></p>\n<ul>'
            )
            note.tags.append("runtime")
            col.media.write_data("paste-1f2e.png", PASTED)
        elif "France" in fields[0]:
            fields[0] = fields[0].replace("{{c2::Seine}}.", "{{c2::Seine}}, a {{c3::river}}.")
        elif "Bonjour" in fields[0]:
            fields[1] = "Hello, in <i>French</i>."
        col.update_note(note)


@contextmanager
def way_in(col_path: Path, way: str) -> Iterator[SyncTarget]:
    """The target of a sync or pull: the collection file, or AnkiConnect over it."""
    if way == "collection":
        yield SyncTarget(collection=col_path)
        return
    col = Collection(str(col_path))
    try:
        with serve(col) as (url, _):
            yield SyncTarget(url=url)
    finally:
        col.close()


@pytest.fixture
def synced(tmp_path: Path) -> Callable[..., tuple[Path, Path]]:
    """A document (with the given line endings) synced into a new collection."""

    def make(text: str = DOCUMENT, ending: str = "\n", way: str = "collection") -> Any:
        (tmp_path / "src" / "img").mkdir(parents=True)
        (tmp_path / "src" / "img" / "plot.png").write_bytes(b"\x89PNG\r\n\x1a\n a plot")
        document = tmp_path / "src" / "notes.md"
        document.write_bytes(text.replace("\n", ending).encode())
        col_path = tmp_path / "anki" / "collection.anki2"
        col_path.parent.mkdir()
        Collection(str(col_path)).close()
        with way_in(col_path, way) as target:
            assert sync_into([document], target, now=T1).plan.new
        return document, col_path

    return make


def run_pull(document: Path, col_path: Path, way: str, dry_run: bool = False) -> PullReport:
    with way_in(col_path, way) as target:
        return pull(PullOptions(ReadOptions([document]), target, dry_run, now=T2))


def run_sync(document: Path, col_path: Path, way: str) -> SyncReport:
    with way_in(col_path, way) as target:
        return sync_into([document], target, now=None, dry_run=True)


def edit(col_path: Path, change: Callable[[Collection], None] = edit_in_anki) -> None:
    col = Collection(str(col_path))
    try:
        change(col)
    finally:
        col.close()


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
@pytest.mark.parametrize("way", ["collection", "ankiconnect"])
def test_edits_made_in_anki_come_back_into_their_lines(
    synced: Callable[..., tuple[Path, Path]], ending: str, way: str
) -> None:
    document, col_path = synced(ending=ending, way=way)
    edit(col_path)

    dry = run_pull(document, col_path, way, dry_run=True)
    assert document.read_bytes() == DOCUMENT.replace("\n", ending).encode()
    assert not (document.parent / "img" / "paste-1f2e.png").exists()
    assert "+- three" in "".join(dry.diffs).replace("\r", "")

    report = run_pull(document, col_path, way)
    assert document.read_bytes() == PULLED.replace("\n", ending).encode()
    assert (document.parent / "img" / "paste-1f2e.png").read_bytes() == PASTED
    assert [(n.question.line, n.changed) for n in report.pulled] == [
        (7, ("question", "answer", "tags")),
        (28, ("answer",)),
        (31, ("answer",)),
    ]
    assert (report.conflicts, report.unpulled) == ((), ())

    after = run_sync(document, col_path, way).plan
    assert (after.unchanged, after.new, after.updated, after.kept) == (4, (), (), ())
    assert run_pull(document, col_path, way).pulled == ()


def test_a_note_changed_on_both_sides_is_a_conflict(
    synced: Callable[..., tuple[Path, Path]],
) -> None:
    document, col_path = synced()
    edit(col_path)
    text = DOCUMENT.replace("y = 2", "y = 20")
    document.write_text(text, encoding="utf-8")

    result = CliRunner().invoke(cli, ["pull", str(document), "--collection", str(col_path)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    conflict = lines.index(
        f'conflict: {document}:7: "What is a container?" was changed in the files and in Anki '
        "since the last sync; nothing written for it"
    )
    assert lines[conflict + 1] == "  in the files:"
    assert "    y = 20" in lines and "    y = 3" in lines
    assert lines[-1] == f"2 notes pulled into 1 file, 1 conflict <- {col_path}"
    written = document.read_text(encoding="utf-8")
    assert written.startswith(text[: text.index("## What is an image?")])  # untouched
    assert "{{c3::river}}" in written and "Hello, in *French*." in written


def test_an_edited_note_whose_question_is_gone_is_reported(
    synced: Callable[..., tuple[Path, Path]],
) -> None:
    document, col_path = synced()
    edit(col_path)
    text = DOCUMENT.replace("## Bonjour {.reversed}\nHello, in French.\n", "")
    document.write_text(text, encoding="utf-8")
    report = run_pull(document, col_path, "collection")
    assert [(u.question, u.where) for u in report.unpulled] == [("Bonjour", "Docker")]
    assert "Hello" not in document.read_text(encoding="utf-8")


def test_pull_records_the_notes_and_writes_nothing_in_a_dry_run(
    synced: Callable[..., tuple[Path, Path]],
) -> None:
    document, col_path = synced()
    edit(col_path)
    name = record_name("notes")
    media = col_path.parent / "collection.media" / name
    before = media.read_bytes()
    run_pull(document, col_path, "collection", dry_run=True)
    assert media.read_bytes() == before
    run_pull(document, col_path, "collection")
    assert decode_record(media.read_bytes()) != decode_record(before)


def test_a_file_changed_while_pulling_is_left_alone(tmp_path: Path) -> None:
    from qadeck.writeback.atomic import ChangedOnDisk, replace_file

    path = tmp_path / "notes.md"
    path.write_bytes(b"changed meanwhile\n")
    with pytest.raises(ChangedOnDisk):
        replace_file(path, b"as read\n", b"pulled\n")
    assert path.read_bytes() == b"changed meanwhile\n"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.md"]  # no temporary file left


def test_pull_names_one_target(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["pull", str(tmp_path), "--collection", "c.anki2", "--url", "http://127.0.0.1:1"]
    )
    assert result.exit_code == 2
    assert "--collection and --url name two different targets; give one" in result.stderr


def test_sources_with_an_error_pull_nothing(tmp_path: Path) -> None:
    document = tmp_path / "notes.md"
    document.write_text("# T\n## One {#k}\na\n## Two {#k}\nb\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["pull", str(document), "--collection", "none.anki2"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert (
        result.stderr == f"{document}:4:1: error: duplicate key {{#k}}: also used by {document}:2\n"
    )


def test_a_tag_removed_in_anki_leaves_the_tags_line(
    synced: Callable[..., tuple[Path, Path]],
) -> None:
    document, col_path = synced(DOCUMENT.replace("Tags: basics", "Tags: basics, intro"))

    def untag(col: Collection) -> None:
        for note_id in col.find_notes("tag:intro"):
            note = col.get_note(note_id)
            note.tags = [tag for tag in note.tags if tag not in ("intro", "docker")]
            col.update_note(note)

    edit(col_path, untag)
    report = run_pull(document, col_path, "collection")
    written = document.read_text(encoding="utf-8")
    assert written == DOCUMENT.replace("Tags: basics", "Tags: basics")
    assert [(n.changed, n.tags.removed) for n in report.pulled if n.tags] == [
        (("tags",), ("intro",))
    ]
    plan = run_sync(document, col_path, "collection").plan
    assert plan.unchanged == 4
