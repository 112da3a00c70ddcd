"""`qadeck check`: its output formats, the seed's real defects, anchors, and very large inputs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from qadeck.checks.anchors import github_anchor, heading_anchors
from qadeck.checks.renderable import link_scan_cost
from qadeck.cli.main import cli

from conftest import ANSWERS

SEED = Path(__file__).parent / "data" / "seed_questions.md"
Write = Callable[..., Path]


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def test_the_shipped_answers_are_clean(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", str(ANSWERS), "--strict"])
    assert (result.exit_code, result.stdout) == (0, "0 errors, 0 warnings in 4 files\n")


def test_seed_defects_are_found(runner: CliRunner) -> None:
    shutil.copy(SEED, "seed.md")
    result = runner.invoke(cli, ["check", "seed.md"])
    assert result.exit_code == 0
    lines = [line for line in result.stdout.splitlines() if "no answer" not in line]
    assert lines == [
        "seed.md:9:3: warning: link to #explain-about-model-concept-drift matches no heading "
        "(did you mean #explain-about-modelconcept-drift?)",
        "seed.md:10:3: warning: link to #train-serve-skew matches no heading "
        "(did you mean #trainserve-skew?)",
        "seed.md:22:3: warning: link to #stream-processing-vs-batch-processing matches no "
        "heading (the heading at line 76 looks broken across lines)",
        "seed.md:76:1: warning: heading looks broken across lines (line 78 continues it); "
        'did you mean "## Stream Processing vs Batch Processing"?',
        "0 errors, 37 warnings in 1 file",
    ]
    strict = runner.invoke(cli, ["check", "seed.md", "--strict"])
    summary = strict.stdout.splitlines()[-1]
    assert (strict.exit_code, summary) == (1, "37 errors, 0 warnings in 1 file")


def test_json_format(runner: CliRunner, write: Write) -> None:
    write("doc.md", "# T\n## Q\n## R {#k}\nA\n## S {#k}\nB\n")
    result = runner.invoke(cli, ["check", "doc.md", "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "diagnostics": [
            {
                "path": "doc.md",
                "line": 2,
                "column": 1,
                "severity": "warning",
                "message": "question has no answer; no card made: "
                "write an answer under it, or remove the heading",
            },
            {
                "path": "doc.md",
                "line": 5,
                "column": 1,
                "severity": "error",
                "message": "duplicate key {#k}: also used by doc.md:3",
            },
        ],
        "errors": 1,
        "warnings": 1,
        "files": 1,
    }


def test_json_format_without_line(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", "nowhere.md", "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["diagnostics"] == [
        {
            "path": "nowhere.md",
            "line": None,
            "column": None,
            "severity": "error",
            "message": "no such file or folder",
        }
    ]


@pytest.mark.parametrize(
    "args", [["check", "x.md"], ["check", "--format", "json", "x.md"], ["build", "x.md"]]
)
def test_internal_errors_are_one_line_in_every_command(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    def explode(*_: object, **__: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("qadeck.commands.build.check", explode)
    monkeypatch.setattr("qadeck.commands.build.build", explode)
    result = runner.invoke(cli, args)
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == (
        "qadeck: internal error (RecursionError: maximum recursion depth exceeded); "
        "please report this bug with the input that caused it\n"
    )


def test_max_words_zero_turns_the_warning_off(runner: CliRunner, write: Write) -> None:
    write("doc.md", "## Q\n" + "word " * 300 + "\n")
    assert runner.invoke(cli, ["check", "doc.md"]).stdout.splitlines()[0] == (
        "doc.md:1:1: warning: answer has 300 words (limit 200): "
        "move the detail below <!-- more --> or split the question"
    )
    quiet = runner.invoke(cli, ["check", "doc.md", "--max-words", "0"])
    assert quiet.stdout == "0 errors, 0 warnings in 1 file\n"
    negative = runner.invoke(cli, ["check", "doc.md", "--max-words", "-1"])
    assert negative.exit_code == 2


def test_build_strict_writes_nothing(runner: CliRunner, write: Write) -> None:
    write("doc.md", "## Q\n## R\nA\n")
    result = runner.invoke(cli, ["build", "doc.md", "-o", "out.apkg", "--strict"])
    assert (result.exit_code, result.stderr) == (
        1,
        "doc.md:1:1: error: question has no answer; no card made: "
        "write an answer under it, or remove the heading\n",
    )
    assert not Path("out.apkg").exists()


@pytest.mark.parametrize(
    ("title", "anchor"),
    [
        ("Stream Processing vs Batch Processing", "stream-processing-vs-batch-processing"),
        ("Explain about Model/Concept Drift", "explain-about-modelconcept-drift"),
        ("What’s the Difference Between CI, Delivery?", "whats-the-difference-between-ci-delivery"),
        ("What Is “Immutable Infrastructure”?", "what-is-immutable-infrastructure"),
        ("snake_case and C++ -- A - B", "snake_case-and-c----a---b"),
        ("Что такое Docker?", "что-такое-docker"),
        ("`code` **bold**", "code-bold"),
    ],
)
def test_github_anchor(title: str, anchor: str) -> None:
    assert github_anchor(title) == anchor


def test_repeated_headings_are_numbered() -> None:
    assert heading_anchors(["Summary", "Summary", "Summary"]) == {
        "summary",
        "summary-1",
        "summary-2",
    }


def test_link_scan_cost_counts_what_python_markdown_reads() -> None:
    assert link_scan_cost("[a](b) [c]") == 2 + 2 + 2
    assert link_scan_cost("[[[") == 3 + 2 + 1
    assert link_scan_cost("[" * 20_000) == 20_000 * 20_001 // 2


def test_twenty_thousand_questions(runner: CliRunner, write: Write) -> None:
    write("doc.md", "".join(f"## How does step {i} work?\nAnswer *{i}*.\n" for i in range(20_000)))
    result = runner.invoke(cli, ["build", "doc.md", "-o", "out.apkg"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "20000 notes: 20000 new -> out.apkg\n"


def test_a_thousand_headings_nested_as_deep_as_markdown_goes(
    runner: CliRunner, write: Write
) -> None:
    # ATX headings stop at level 6: climb 1..6 over and over, a section at every step.
    write("doc.md", "".join(f"{'#' * (1 + i % 6)} Level {i}\ntext {i}\n" for i in range(1000)))
    result = runner.invoke(cli, ["build", "doc.md", "-o", "out.apkg"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "1000 notes in 833 subdecks: 1000 new -> out.apkg\n"


def test_a_list_nested_a_thousand_deep_is_refused_at_its_line(
    runner: CliRunner, write: Write
) -> None:
    write("doc.md", "## Q\n" + "".join("  " * i + "- item\n" for i in range(1000)))
    result = runner.invoke(cli, ["check", "doc.md", "--max-words", "0"])
    assert (result.exit_code, result.stdout) == (
        1,
        "doc.md:202:401: error: Markdown nested 101 levels deep (limit 100) cannot be rendered; "
        "flatten the lists or quotes\n1 error, 0 warnings in 1 file\n",
    )


README_SAMPLE = """\
# Docker

- [CMD vs Entrypoint](#cmd-vs-entrypoint)
- [Multi-stage builds](#multi-stage-builds)

## CMD

 vs Entrypoint

## Layers {#layers}

Each instruction adds a read-only layer.

## Image layers {#layers}

```dockerfile
FROM python:3.12
"""


def test_readme_sample_is_real_output(runner: CliRunner, write: Write) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    sample = readme.split("$ qadeck check notes\n", 1)[1].split("```", 1)[0]
    write("notes/docker.md", README_SAMPLE)
    result = runner.invoke(cli, ["check", "notes"])
    assert (result.exit_code, result.stdout) == (1, sample)


def test_a_closed_pipe_is_not_a_bug(tmp_path: Path) -> None:
    source = tmp_path / "doc.md"
    long_answer = "word " * 201
    questions = (f"## What is {n}?\n\n{long_answer}\n\n" for n in range(2_000))
    source.write_text("".join(questions))  # 2,000 warnings: more than a pipe buffer holds
    process = subprocess.Popen(
        [sys.executable, "-m", "qadeck", "check", str(source)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # like `| head -1`
    stderr = process.stderr.read()
    process.stderr.close()
    assert (process.wait(), stderr) == (141, b"")


def test_toc_links_follow_github_anchors_in_every_shape(runner: CliRunner, write: Write) -> None:
    write(
        "doc.md",
        """\
        # React Questions

        | No. | Question |
        | --- | --- |
        | 1 | [What is React?](#what-is-react) |
        | 2 | [What is JSX?](#what-is-jsx) |
        | 3 | [Again](#what-is-react-1) |
        | 4 | [Setup](#-1-setup) |
        | 5 | [Linked](#the-docs-page) |
        | 6 | [Tagged](#-anchored) |
        | 7 | [Nowhere](#what-is-vue) |

        ## Core React

        1. ### What is React?

           A library for user interfaces.

        2. ### What is JSX?

           Markup inside JavaScript.

        - ### What is React?

          The same question, asked twice.

        ```md
        3. ### What is Vue?
        ```

        ## # 1. SETUP

        ## [The docs](https://example.org) page

        ## <a name="x"></a> Anchored
        """,
    )
    result = runner.invoke(cli, ["check", "doc.md"])
    assert result.stdout.splitlines() == [
        "doc.md:11:7: warning: link to #what-is-vue matches no heading",
        "doc.md:23:1: warning: duplicate question (also at doc.md:15): kept as a separate note "
        "with key {#what-is-react~2}"
        ", told apart from the other copies by its section and its answer; "
        "give each copy a {#key} of its own to pin its note",
        "0 errors, 2 warnings in 1 file",
    ]
