"""The change list after `sync`: the questions new, updated, moved and removed, up to ten of
each then `and N more`, and every one of them with `--format json`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from anki.collection import Collection
from click.testing import CliRunner, Result

from qadeck.cli.main import cli

from conftest import Anki
from synced import FIRST_EDITED, SECOND_EDITED, Studied, make_studied


@pytest.fixture
def studied(tmp_path: Path, anki: Anki) -> Iterator[Studied]:
    result = make_studied(tmp_path, anki, "collection")
    anki.close()
    yield result
    anki.col = Collection(str(result.path))


def run(studied: Studied, *arguments: str) -> Result:
    return CliRunner().invoke(
        cli, ["sync", str(studied.src), "--collection", str(studied.path), *arguments]
    )


def many(count: int) -> str:
    return "# Extra\n" + "".join(f"## What is thing {n}?\nThing {n}.\n" for n in range(count))


def test_more_than_ten_of_a_kind_are_counted_after_the_tenth(studied: Studied) -> None:
    studied.write("c.md", many(12))
    result = run(studied, "--dry-run")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:10] == [f'new: "What is thing {n}?" in "Docker::Extra"' for n in range(10)]
    assert lines[10:] == [
        "new: and 2 more",
        f"18 notes: 12 new, 6 unchanged -> {studied.path} (dry run: nothing written)",
    ]
    assert run(studied).exit_code == 0
    (studied.src / "c.md").unlink()
    lines = run(studied).stdout.splitlines()
    every = {
        f'removed: "What is thing {n}?" (Docker::Extra) is gone from the sources; Anki keeps '
        "the note (--delete deletes it)"
        for n in range(12)
    }
    assert len(set(lines[:10])) == 10 and set(lines[:10]) <= every
    assert lines[10:] == [
        "removed: and 2 more",
        f"6 notes: 6 unchanged; 12 removed -> {studied.path}",
    ]


def test_the_json_names_every_change(studied: Studied) -> None:
    studied.write("a.md", FIRST_EDITED)
    studied.write("b.md", SECOND_EDITED)
    studied.write("c.md", many(12))
    result = run(studied, "--dry-run", "--format", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    report = json.loads(result.stdout)
    assert report["counts"] == {"new": 13, "updated": 3, "moved": 1, "unchanged": 1, "kept": 0}
    assert sum(report["counts"].values()) == report["notes"] == 18
    assert len(report["new_questions"]) == 13
    assert {"question": "What is a tag?", "deck": "Docker::Basics"} in report["new_questions"]
    assert [q["question"] for q in report["updated_questions"]] == [
        "What is a container?", "What is a registry?", "What is a network?", "What is a layer?"
    ]  # fmt: skip
    assert report["moved"] == [
        {"question": "What is a layer?", "from": "Docker::Basics", "to": "Docker::Storage"}
    ]
    assert report["renamed"] == [
        {"from": "Docker::Operations", "to": "Docker::Storage", "questions": 2}
    ]
    assert report["removed"] == [
        {"question": "What is a volume?", "deck": "Docker::Operations", "deleted": False}
    ]
    assert report["dry_run"] is True and report["target"] == str(studied.path)
    assert (report["errors"], report["warnings"]) == (0, 0)


def test_a_failed_sync_in_json_is_one_document(studied: Studied) -> None:
    studied.write("c.md", "# Extra\n## Broken {#k}\nOne.\n## Again {#k}\nTwo.\n")
    before = studied.path.read_bytes()
    result = run(studied, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["target"] is None and report["errors"] >= 1
    assert studied.path.read_bytes() == before


def test_a_first_sync_names_no_new_question(tmp_path: Path, anki: Anki) -> None:
    source = tmp_path / "extra.md"
    source.write_text(many(3), encoding="utf-8")
    path = Path(anki.col.path)
    anki.close()
    result = CliRunner().invoke(cli, ["sync", str(source), "--collection", str(path)])
    anki.col = Collection(str(path))
    assert result.stdout.splitlines() == [f"3 notes: 3 new -> {path}"]
    assert len(anki.notes()) == 3
