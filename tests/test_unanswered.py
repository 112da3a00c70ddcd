"""A question without an answer makes no card: one warning says so and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from qadeck.cli.main import cli

from conftest import Anki

GLOSSARY = """\
# Terms

## Mean
The sum divided by the count.

## Median

## Mode
The most frequent value.
"""
HINT = "question has no answer; no card made: write an answer under it, or remove the heading"


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    Path("terms.md").write_text(GLOSSARY, encoding="utf-8")
    return CliRunner()


def test_a_question_without_an_answer_makes_no_card(runner: CliRunner, anki: Anki) -> None:
    result = runner.invoke(cli, ["build", "terms.md", "-o", "terms.apkg"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == f"terms.md:6:1: warning: {HINT}"
    assert result.stderr.count("no answer") == 1
    anki.import_package(Path("terms.apkg"))
    questions = sorted(note["Question"] for note in anki.notes())
    assert questions == ["Mean", "Mode"]
    assert all(note["Answer"] for note in anki.notes())


def test_strict_makes_it_an_error_and_writes_nothing(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["build", "terms.md", "-o", "terms.apkg", "--strict"])
    assert (result.exit_code, result.stderr) == (1, f"terms.md:6:1: error: {HINT}\n")
    assert not Path("terms.apkg").exists()


def test_inspect_shows_it_skipped(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["inspect", "terms.md"])
    assert result.exit_code == 0, result.output
    assert (
        "terms.md: outline shape: 3 questions, 2 notes; skipped: 1 without an answer "
        "(see the warnings)"
    ) in result.stdout.splitlines()


def test_a_cloze_heading_is_a_card_without_an_answer(runner: CliRunner, anki: Anki) -> None:
    Path("cloze.md").write_text("# C\n\n## The capital of France is {{c1::Paris}}\n")
    result = runner.invoke(cli, ["build", "cloze.md", "-o", "cloze.apkg"])
    assert (result.exit_code, result.stderr) == (0, "")
    anki.import_package(Path("cloze.apkg"))
    assert len(anki.notes()) == 1
