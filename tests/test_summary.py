"""The line a build prints, and its JSON form, say what changed since the previous package, and
agree with what real Anki then does on import into a collection whose cards were studied."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from qadeck.cli.main import cli

from conftest import Anki

Write = Callable[..., Path]
BASICS = (
    "# Basics\n## What is a container?\nAn isolated process.\n"
    "## What is an image?\nA read-only template.\n"
)
OPERATIONS = "# Operations\n## What is a volume?\nStorage that outlives a container.\n"
TAG = "## What is a tag?\nA name for an image.\n"
OUTPUT = "dist/docker.apkg"


def step(
    name: str,
    counts: tuple[int, int, int, int],
    moved: list[tuple[str, str, str]] = [],  # noqa: B006 - read only
    removed: list[tuple[str, str]] = [],  # noqa: B006 - read only
    added: list[tuple[str, str]] = [],  # noqa: B006 - read only
    changed: list[tuple[str, str]] = [],  # noqa: B006 - read only
) -> dict[str, Any]:
    notes, new, updated, unchanged = counts
    return {
        "name": name,
        "notes": notes,
        "new": new,
        "updated": updated,
        "unchanged": unchanged,
        "moved": moved,
        "removed": removed,
        "added": added,
        "changed": changed,
    }


# Each edit, and what the build then reports: (notes, new, updated, unchanged), moves, removals.
STEPS = [
    step(
        "first build",
        (3, 3, 0, 0),
        added=[
            ("What is a container?", "docker::Basics"),
            ("What is an image?", "docker::Basics"),
            ("What is a volume?", "docker::Operations"),
        ],
    ),
    step("unchanged rebuild", (3, 0, 0, 3)),
    step("one edit", (3, 0, 1, 2), changed=[("What is an image?", "docker::Basics")]),
    step("one addition", (4, 1, 0, 3), added=[("What is a tag?", "docker::Basics")]),
    step(
        "one move",
        (4, 0, 1, 3),
        moved=[("What is a tag?", "docker::Basics", "docker::Operations")],
        changed=[("What is a tag?", "docker::Operations")],
    ),
    step("one removal", (3, 0, 0, 3), removed=[("What is a container?", "docker::Basics")]),
]


def edit(name: str, folder: Path) -> None:
    """Make the edit of the step `name` to the sources."""
    basics, operations = folder / "a.md", folder / "b.md"
    if name == "first build":
        basics.write_text(BASICS, encoding="utf-8")
        operations.write_text(OPERATIONS, encoding="utf-8")
    elif name == "one edit":
        text = basics.read_text(encoding="utf-8")
        basics.write_text(text.replace("A read-only template.", "A layered template."), "utf-8")
    elif name == "one addition":
        basics.write_text(basics.read_text(encoding="utf-8") + TAG, encoding="utf-8")
    elif name == "one move":
        basics.write_text(basics.read_text(encoding="utf-8").replace(TAG, ""), encoding="utf-8")
        operations.write_text(OPERATIONS + TAG, encoding="utf-8")
    elif name == "one removal":
        text = basics.read_text(encoding="utf-8")
        basics.write_text(text.replace("## What is a container?\nAn isolated process.\n", ""))


def expected_text(expected: dict[str, Any]) -> str:
    counts = [
        f"{expected[what]} {what}" for what in ("new", "updated", "unchanged") if expected[what]
    ]
    lost = [f"{len(expected[what])} {what}" for what in ("moved", "removed") if expected[what]]
    told = ", ".join(counts) + ("; " + ", ".join(lost) if lost else "")
    lines = [f"{expected['notes']} notes in 2 subdecks: {told} -> {OUTPUT}"]
    if expected["name"] != "first build":  # where every note is new, none is named
        lines += [f'new: "{question}" ({deck})' for question, deck in expected["added"]]
    lines += [f'updated: "{question}" ({deck})' for question, deck in expected["changed"]]
    lines += [
        f'moved: "{question}" is now in "{new}"; Anki keeps existing cards in "{old}" '
        "(move them there by hand)"
        for question, old, new in expected["moved"]
    ]
    lines += [
        f'removed: "{question}" ({deck}) is gone from the sources; Anki keeps the note '
        "(delete it there if you want it gone)"
        for question, deck in expected["removed"]
    ]
    return "\n".join(lines) + "\n"


def expected_json(expected: dict[str, Any]) -> dict[str, Any]:
    return {
        "output": OUTPUT,
        "deck": "docker",
        "id": "docker",
        "notes": expected["notes"],
        "subdecks": 2,
        "new": expected["new"],
        "updated": expected["updated"],
        "unchanged": expected["unchanged"],
        "new_questions": [{"question": q, "deck": deck} for q, deck in expected["added"]],
        "updated_questions": [{"question": q, "deck": deck} for q, deck in expected["changed"]],
        "moved": [{"question": q, "from": old, "to": new} for q, old, new in expected["moved"]],
        "removed": [{"question": q, "deck": deck} for q, deck in expected["removed"]],
        "renamed": [],
        "merged": [],
        "replaced": None,
        "retyped": [],
        "diagnostics": [],
        "errors": 0,
        "warnings": 0,
    }


def test_pinned_messages_of_the_summary_line() -> None:
    # The exact text of the steps above, as a reader sees it.
    assert [expected_text(s).splitlines()[0] for s in STEPS] == [
        "3 notes in 2 subdecks: 3 new -> dist/docker.apkg",
        "3 notes in 2 subdecks: 3 unchanged -> dist/docker.apkg",
        "3 notes in 2 subdecks: 1 updated, 2 unchanged -> dist/docker.apkg",
        "4 notes in 2 subdecks: 1 new, 3 unchanged -> dist/docker.apkg",
        "4 notes in 2 subdecks: 1 updated, 3 unchanged; 1 moved -> dist/docker.apkg",
        "3 notes in 2 subdecks: 3 unchanged; 1 removed -> dist/docker.apkg",
    ]


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_each_build_says_what_changed_and_anki_agrees(
    output_format: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, anki: Anki
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "docker"
    folder.mkdir()
    history: dict[int, tuple[int, int, int]] = {}
    for expected in STEPS:
        edit(expected["name"], folder)
        result = CliRunner().invoke(cli, ["build", "docker", "--format", output_format])
        assert (result.exit_code, result.stderr) == (0, ""), result.output
        if output_format == "json":
            assert json.loads(result.stdout) == expected_json(expected), expected["name"]
        else:
            assert result.stdout == expected_text(expected), expected["name"]
        log = anki.import_package(Path(OUTPUT))
        # What the build counted is what Anki does: new notes added, updated ones changed.
        assert (len(log.new), len(log.updated)) == (expected["new"], expected["updated"])
        assert anki.review_history().items() >= history.items()  # every study kept
        anki.study_every_card()
        history = anki.review_history()
        assert len(history) == len(anki.notes())


def test_a_failed_build_as_json_names_every_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write: Write
) -> None:
    monkeypatch.chdir(tmp_path)
    write("doc.md", "## One {#k}\na\n## Two {#k}\nb\n")
    result = CliRunner().invoke(cli, ["build", "doc.md", "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "output": None,
        "diagnostics": [
            {
                "path": "doc.md",
                "line": 3,
                "column": 1,
                "severity": "error",
                "message": "duplicate key {#k}: also used by doc.md:1",
            }
        ],
        "errors": 1,
        "warnings": 0,
    }
    assert not Path("dist").exists()


def test_the_change_list_names_ten_of_each_then_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write: Write
) -> None:
    monkeypatch.chdir(tmp_path)
    doc = write(
        "doc.md", "# D\n" + "".join(f"## What is {chr(96 + n)}?\nA{n}\n" for n in range(1, 13))
    )
    CliRunner().invoke(cli, ["build", "doc.md"])
    doc.write_text(
        "# D\n"
        + "".join(f"## What is {chr(96 + n)}?\nB{n}\n" for n in range(1, 13))
        + "## New\nN\n",
        "utf-8",
    )
    result = CliRunner().invoke(cli, ["build", "doc.md"])
    assert result.stdout.splitlines() == [
        "13 notes: 1 new, 12 updated -> dist/doc.apkg",
        'new: "New" (D)',
        *(f'updated: "What is {chr(96 + n)}?" (D)' for n in range(1, 11)),
        "updated: and 2 more",
    ], result.output
    as_json = json.loads(CliRunner().invoke(cli, ["build", "doc.md", "--format", "json"]).stdout)
    assert (as_json["new_questions"], as_json["updated_questions"]) == ([], [])
    doc.write_text(
        "# D\n" + "".join(f"## What is {chr(96 + n)}?\nC{n}\n" for n in range(1, 13)), "utf-8"
    )
    as_json = json.loads(CliRunner().invoke(cli, ["build", "doc.md", "--format", "json"]).stdout)
    assert [q["question"] for q in as_json["updated_questions"]] == [
        f"What is {chr(96 + n)}?" for n in range(1, 13)
    ]
    assert [r["question"] for r in as_json["removed"]] == ["New"]
