"""YAML front matter: read for its settings, never shown, and a malformed block named by line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from qadeck.cli.main import cli
from qadeck.diagnostics import Diagnostics
from qadeck.sources.frontmatter import NO_FRONT_MATTER, FrontMatter, split_front_matter
from qadeck.sources.tags import tag_problem

from conftest import load_deck

Write = Callable[..., Path]

OBSIDIAN = """---
title: Go Notes
aliases: [golang]
tags: [go, "lang::go", "#review"]
deck: Go
deck-id: go-notes
created: 2024-03-01
---
# Go

## What does `make` return?

An initialised slice, map or channel.

## What does `new` return?
"""


def split(text: str) -> tuple[FrontMatter, str, list[str]]:
    diagnostics = Diagnostics()
    front, body = split_front_matter(text, "notes.md", diagnostics)
    return front, body, [f"{d.location}: {d.message}" for d in diagnostics.items]


def test_obsidian_front_matter_is_read_and_its_lines_blanked() -> None:
    front, body, findings = split(OBSIDIAN)
    assert findings == []
    assert (front.deck, front.identity, front.title) == ("Go", "go-notes", "Go Notes")
    assert front.tags == ("go", "lang::go", "review")
    assert front.line("deck-id") == 6 and front.line("aliases") == 3
    assert front.data["aliases"] == ["golang"]
    assert body.split("\n")[:9] == [""] * 8 + ["# Go"]
    assert body.count("\n") == OBSIDIAN.count("\n")


def test_the_block_is_never_shown_and_line_numbers_stay(write: Write) -> None:
    path = write("notes.md", OBSIDIAN)
    diagnostics = Diagnostics()
    deck = load_deck([path], diagnostics)
    # `What does `new` return?` has no answer: it makes no card.
    assert [q.title for q in deck.questions] == ["What does `make` return?"]
    assert all("golang" not in q.answer and "deck-id" not in q.answer for q in deck.questions)
    assert [(d.location.line, d.message) for d in diagnostics.items] == [
        (
            15,
            "question has no answer; no card made: write an answer under it, or remove the heading",
        )
    ]


@pytest.mark.parametrize(
    "text",
    [
        "---\n\n# Title\n\n## Q\n\nA\n",  # a thematic break: no closing line
        "---\nSome words first.\n---\n## Q\n\nA\n",  # a setext heading after a break
        "--- \nnot: closed\n\n## Q\n\nA\n",
        "# Title\n---\ntags: [x]\n---\n",  # not at the top
        "---\n# Title\n---\n## Q\n\nA\n",  # a heading between two rules
    ],
)
def test_markdown_that_only_looks_like_front_matter_stays_markdown(text: str) -> None:
    front, body, findings = split(text)
    assert (front, body, findings) == (NO_FRONT_MATTER, text, [])


def test_empty_front_matter_is_allowed() -> None:
    front, body, findings = split("---\n---\n## Q\n\nA\n")
    assert findings == [] and body == "\n\n## Q\n\nA\n"
    front, body, findings = split("---\n# a comment\nlayout: post\n---\n## Q\n")
    assert findings == [] and front.data == {"layout": "post"}


def test_tags_as_a_text_and_unknown_keys_without_noise() -> None:
    front, _, findings = split("---\ntags: go, review  todo\nlayout: post\n---\n")
    assert findings == [] and front.tags == ("go", "review", "todo")


@pytest.mark.parametrize(
    ("block", "finding"),
    [
        ("title: [unclosed\n", "notes.md:2: invalid front matter: unclosed [ in title"),
        ("deck: Go\ntags: [a, b\n", "notes.md:3: invalid front matter: unclosed [ in tags"),
        ('title: "Go\ndeck: x\n', 'notes.md:2: invalid front matter: unclosed " in title'),
        ("tags: {a: [b]\n", "notes.md:2: invalid front matter: unclosed { in tags"),
        ("deck: Go\n  bad: indent\n", "notes.md:3: invalid front matter: "),
        ("deck: ''\n", "notes.md:2: 'deck' must be a non-empty text"),
        ("deck: Go\ndeck-id: [a]\n", "notes.md:3: 'deck-id' must be a non-empty text"),
        ("tags: {a: 1}\n", "notes.md:2: 'tags' must be a list of tags or a text of tags"),
        ("tags: ['two words']\n", "notes.md:2: tag 'two words' holds a space"),
    ],
)
def test_bad_front_matter_is_an_error_naming_its_line(block: str, finding: str) -> None:
    _, _, findings = split(f"---\n{block}---\n## Q\n\nA\n")
    assert len(findings) == 1 and findings[0].startswith(finding), findings


def test_a_malformed_block_fails_the_build_with_one_line(write: Write, tmp_path: Path) -> None:
    write("notes.md", "---\ntitle: Go\ntags: [a, b\n---\n## Q\n\nA\n")
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "notes.md"), "-o", "out.apkg"])
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"{tmp_path / 'notes.md'}:3:1: error: invalid front matter: unclosed [ in tags\n"
    )
    assert "Traceback" not in result.output and not (tmp_path / "out.apkg").exists()


def test_a_valid_multi_line_list_is_no_error() -> None:
    front, _, findings = split("---\ntags: [a,\n  b]\ntitle: it's\n---\n## Q\n\nA\n")
    assert findings == [] and front.tags == ("a", "b")


def test_inspect_and_check_report_the_rest_of_the_file(write: Write, tmp_path: Path) -> None:
    path = write("k8s.md", "---\ntitle: K\ntags: [k8s, ops\n---\n# K\n## Pod\nA group.\n## Q2\n")
    frontmatter = f"{path}:3:1: error: invalid front matter: unclosed [ in tags"
    unanswered = f"{path}:8:1: warning: question has no answer"
    for command in ("inspect", "check"):
        result = CliRunner().invoke(cli, [command, str(path)])
        assert result.exit_code == 1
        found = (result.stderr if command == "inspect" else result.stdout).splitlines()
        assert found[0] == frontmatter and found[1].startswith(unanswered), result.output
    inspected = CliRunner().invoke(cli, ["inspect", str(path)]).stdout.splitlines()
    assert inspected[-3:] == [
        "deck: K: 1 note in 0 subdecks",
        "  (top level): 1 question",
        "    - Pod",
    ]


@pytest.mark.parametrize(
    ("tag", "problem"),
    [
        ("docker", None),
        ("lang::go", None),
        ("数据库", None),
        ("two words", "holds a space"),
        ('say"hi', "holds the character '\"'"),
        ("a::", "has an empty part"),
        ("::a", "has an empty part"),
        ("a:::b", "has an empty part"),
    ],
)
def test_anki_tag_rules(tag: str, problem: str | None) -> None:
    found = tag_problem(tag)
    assert found == problem if problem is None else (found is not None and problem in found)
