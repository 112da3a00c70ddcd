"""`qadeck inspect`: what a document becomes, printed before anything is built."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from qadeck.cli.main import STYLES, cli
from qadeck.shapes.detect import SHAPES

FIXTURES = Path(__file__).parent / "fixtures" / "shapes"


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def test_inspect_numbered_document(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["inspect", str(FIXTURES / "numbered.md")])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "shape: numbered: numbered question headings; the numbers are dropped\n"
        f"reading: {FIXTURES / 'numbered.md'}: numbered (score 5.0, 5 cards); "
        "runner-up headings (score 4.0, 4 cards)\n"
        f"{FIXTURES / 'numbered.md'}: numbered shape: 5 questions, 5 notes\n"
        "deck: Вопросы по Python: 5 notes in 2 subdecks\n"
        "  Основы: 2 questions\n"
        "    - Что такое GIL?\n"
        "    - Чем список отличается от кортежа?\n"
        "  Функции: 3 questions\n"
        "    - Что делает `*args`?\n"
        "    - Что такое декоратор?\n"
        "    - Зачем нужен `functools.wraps`?\n"
    )
    assert not Path("dist").exists()


def test_inspect_answer_blocks_below_questions(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["inspect", str(FIXTURES / "details-below.md")])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "shape: details: <details> blocks; the summary or the text above is the question\n"
        f"reading: {FIXTURES / 'details-below.md'}: details (score 4.0, 4 cards); "
        "runner-up headings (score 4.0, 4 cards)\n"
        f"{FIXTURES / 'details-below.md'}: details shape: 4 questions, 4 notes\n"
        "deck: Quiz: JavaScript Output: 4 notes in 1 subdeck\n"
        "  (top level): 2 questions\n"
        "    - What does this print?\n"
        "    - What does this print?\n"
        "  Short ones: 2 questions\n"
        "    - Is `NaN === NaN` true?\n"
        "    - What does `0.1 + 0.2 === 0.3` give?\n"
    )


def test_inspect_forced_style_and_folder(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["inspect", str(FIXTURES / "files"), "--style", "files"])
    assert result.exit_code == 0, result.output
    files = FIXTURES / "files"
    assert result.stdout.splitlines()[:5] == [
        "shapes: files (3 files) (forced by --style)",
        f"{files}/basics/image-vs-container.md: files shape: 1 question, 1 note",
        f"{files}/basics/what-is-a-container.md: files shape: 1 question, 1 note",
        f"{files}/tools/how-do-you-see-logs.md: files shape: 1 question, 1 note",
        "deck: files: 3 notes in 2 subdecks",
    ]


def test_build_with_style(runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["build", str(FIXTURES / "headings.md"), "--style", "outline", "-o", "o.apkg"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "8 notes in 3 subdecks: 8 new -> o.apkg\n"


def test_unknown_style_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["inspect", "x.md", "--style", "yaml"])
    assert result.exit_code == 2
    assert "'yaml' is not one of 'outline', 'headings'," in result.stderr


def test_inspect_reports_missing_files_like_build(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["inspect", "nowhere.md"])
    assert (result.exit_code, result.stderr) == (1, "nowhere.md: error: no such file or folder\n")


def test_cli_styles_are_the_shapes() -> None:
    assert tuple(SHAPES) == STYLES


def test_inspect_lines_says_what_every_line_was_read_as(runner: CliRunner) -> None:
    path = FIXTURES / "corpus" / "stubs.md"
    result = runner.invoke(cli, ["inspect", str(path), "--lines"])
    assert result.exit_code == 0, result.output
    shown = result.stdout.splitlines()
    start = shown.index(f"lines: {path} (headings)")
    table = shown[start + 1 :]
    assert len(table) == len(path.read_text(encoding="utf-8").splitlines())
    assert table[:4] == [
        "     1  title         # Data structures",
        "     2  blank",
        "     3  navigation    **:book: Contents**",
        "     4  navigation    * [Array](#array)",
    ]
    assert table[11:20] == [
        "    12  unanswered    ### Array",
        "    13  blank",
        "    14  navigation    > :arrow_double_up:[Top](#data-structures) :leftwards_a…",
        "    15  unanswered    > - []()",
        "    16  blank",
        "    17  question      ### Stack",
        "    18  blank",
        "    19  answer        * A last-in, first-out collection.",
        "    20  answer        * Push and pop work on the top",
    ]


def test_inspect_lines_marks_question_like_lines_skipped(runner: CliRunner) -> None:
    path = FIXTURES / "corpus" / "placeholders.md"
    result = runner.invoke(cli, ["inspect", str(path), "--lines", "--style", "list"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"{path}:10:1: warning: 5 question-like lines under 'Basics' outside any question; "
        "no card made (--style headings reads them)"
    )
