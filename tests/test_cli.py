"""The command line as a user meets it: exact messages, exit codes, nothing written on error."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from qadeck import __version__
from qadeck.cli.main import cli

from conftest import ANSWERS

Write = Callable[..., Path]


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def test_build_writes_default_output_and_one_summary_line(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["build", str(ANSWERS)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "34 notes in 4 subdecks: 34 new -> dist/mlops-questions.apkg\n"
    assert Path("dist/mlops-questions.apkg").is_file()


def test_build_tells_what_to_do_in_anki_about_renamed_moved_and_removed(
    runner: CliRunner, write: Write
) -> None:
    write("notes/a.md", "# Basics\n## Q one?\nA.\n## Q two?\nB.\n# Ops\n## Q three?\nC.\n")
    write("notes/b.md", "# Misc\n## Q four?\nD.\n## Q five?\nE.\n")
    assert runner.invoke(cli, ["build", "notes", "-o", "n.apkg", "-q"]).exit_code == 0
    write("notes/a.md", "# Basics\n## Q one?\nA.\n# Ops\n## Q three?\nC.\n## Q two?\nB.\n")
    write("notes/b.md", "# Misc\n## Q four?\nD.\n")
    result = runner.invoke(
        cli, ["build", "notes", "-o", "n.apkg", "-q", "--section-numbers", "--max-words", "0"]
    )
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        'renamed: "notes::Basics" is now "notes::1 Basics" (2 questions); Anki keeps their cards '
        "in the old deck: rename it in Anki before you import (or, after, delete the new empty "
        "deck first)",
        'renamed: "notes::Misc" is now "notes::3 Misc" (1 question); Anki keeps their cards in '
        "the old deck: rename it in Anki before you import (or, after, delete the new empty "
        "deck first)",
        'renamed: "notes::Ops" is now "notes::2 Ops" (1 question); Anki keeps their cards in the '
        "old deck: rename it in Anki before you import (or, after, delete the new empty deck "
        "first)",
        'updated: "Q two?" (notes::2 Ops)',
        'moved: "Q two?" is now in "notes::2 Ops"; Anki keeps existing cards in "notes::1 Basics" '
        "(move them there by hand)",
        'removed: "Q five?" (notes::Misc) is gone from the sources; Anki keeps the note (delete '
        "it there if you want it gone)",
    ]


def test_missing_source(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["build", "nowhere.md"])
    assert result.exit_code == 1
    assert result.stderr == "nowhere.md: error: no such file or folder\n"
    assert not Path("dist").exists()


def test_without_sources_and_nothing_to_read_says_what_to_pass(runner: CliRunner) -> None:
    for command in ("build", "check", "preview", "inspect"):
        result = runner.invoke(cli, [command])
        assert (result.exit_code, result.stdout, result.stderr) == (
            1,
            "",
            f"qadeck {command}: no SOURCES given, and there is neither an answers/ folder nor a "
            f"Markdown file here; name the files or folders to read, as in "
            f"`qadeck {command} notes.md`\n",
        )
    assert not Path("dist").exists()


def test_default_source_is_answers_where_it_exists(runner: CliRunner, write: Write) -> None:
    write("answers/a.md", "## What is Go?\nA language.\n")
    write("notes.md", "## What is Rust?\nAnother language.\n")
    result = runner.invoke(cli, ["build"])
    assert (result.exit_code, result.stdout) == (
        0,
        "answers/a.md: files shape: 1 question, 1 note\n1 note: 1 new -> dist/answers.apkg\n",
    )


def test_default_source_is_the_current_folder_when_it_holds_markdown(
    runner: CliRunner, write: Write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("Go Notes/README.md", "## What is Go?\nA language.\n")
    write("Go Notes/rust.md", "## What is Rust?\nAnother language.\n")
    monkeypatch.chdir(tmp_path / "Go Notes")
    result = runner.invoke(cli, ["build"])
    assert (result.exit_code, result.stdout) == (
        0,
        "./README.md: files shape: 1 question, 1 note\n./rust.md: files shape: 1 question, 1 note\n"
        "2 notes: 2 new -> dist/go-notes.apkg\n",
    )


def test_a_file_named_without_a_command_is_pointed_to_build(
    runner: CliRunner, write: Write
) -> None:
    write("my notes.md", "## Q\nA\n")
    result = runner.invoke(cli, ["my notes.md", "--deck", "Go"])
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: No such command 'my notes.md'; to build it: qadeck build 'my notes.md' --deck Go\n"
    )
    assert "No such command 'bulid'. Did you mean 'build'?" in runner.invoke(cli, ["bulid"]).stderr


def test_output_without_apkg_warns(runner: CliRunner, write: Write) -> None:
    write("doc.md", "## Q\nA\n")
    result = runner.invoke(cli, ["build", "doc.md", "-o", "out"])
    assert (result.exit_code, result.stdout) == (0, "1 note: 1 new -> out\n")
    assert result.stderr == (
        "out: warning: does not end in .apkg; Anki's import dialog looks for .apkg files\n"
    )


def test_help_states_defaults_in_whole_sentences() -> None:
    runner = CliRunner()
    top = runner.invoke(cli, ["--help"]).stdout
    assert "  build    Build an Anki package (.apkg) from Markdown files or folders.\n" in top
    assert "default:..." not in top and ";..." not in top
    commands = top.split("Commands:\n")[1].split("\n\n")[0].splitlines()
    assert len(commands) == 6 and all(line.endswith(".") for line in commands), commands
    assert not any(line.endswith("...") for line in commands), commands
    build_help = " ".join(runner.invoke(cli, ["build", "--help"]).stdout.split())
    assert "default: answers/ where it exists, else the current folder when it holds Markdown" in (
        build_help
    )
    assert "(default: dist/<id>.apkg, the id being deck.toml's `id`" in build_help
    assert "N being 0 or more" in build_help and "x>=0" not in build_help
    result = runner.invoke(cli, ["build", "x.md", "--max-words", "-1"])
    assert result.exit_code == 2
    assert "Invalid value for '--max-words': -1 is below 0; give 0 or more" in result.stderr


def test_duplicate_key_names_both_lines(runner: CliRunner, write: Write) -> None:
    write("doc.md", "# T\n## One {#k}\na\n## Two {#k}\nb\n")
    result = runner.invoke(cli, ["build", "doc.md", "-o", "out.apkg"])
    assert result.exit_code == 1
    assert result.stderr == "doc.md:4:1: error: duplicate key {#k}: also used by doc.md:2\n"
    assert not Path("out.apkg").exists()


def test_deck_option_names_the_deck_and_output(runner: CliRunner, write: Write) -> None:
    write("doc.md", "## What is Go?\nA language.\n")
    result = runner.invoke(cli, ["build", "doc.md", "--deck", "Go Basics"])
    assert result.exit_code == 0, result.output
    # The file names the package: another --deck finds the same one.
    assert (
        result.stdout == "doc.md: files shape: 1 question, 1 note\n1 note: 1 new -> dist/doc.apkg\n"
    )


def test_usage_error_exits_2(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["build", "--no-such-option"])
    assert result.exit_code == 2
    assert "No such option '--no-such-option'" in result.stderr


def test_version_and_help() -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["--version"]).stdout == f"qadeck, version {__version__}\n"
    help_text = runner.invoke(cli, ["--help"]).stdout
    assert "Examples:" in help_text and "qadeck build" in help_text


def test_internal_errors_are_one_line(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("qadeck.commands.build.build", explode)
    result = runner.invoke(cli, ["build", "x.md"])
    assert result.exit_code == 3
    assert result.stderr == (
        "qadeck: internal error (RuntimeError: boom); "
        "please report this bug with the input that caused it\n"
    )


@pytest.mark.parametrize(
    ("arguments", "code", "stdout_has", "stderr_has"),
    [
        (["--version"], 0, "qadeck, version", ""),
        (["check", "--format", "json", "ANSWERS"], 0, '"diagnostics": []', ""),
        (["build", "no-such-folder"], 1, "", "no-such-folder: error: no such file or folder"),
        (["no-such-command"], 2, "", "No such command"),
    ],
)
def test_the_console_entry_flushes_everything_and_keeps_the_exit_status(
    arguments: list[str], code: int, stdout_has: str, stderr_has: str, tmp_path: Path
) -> None:
    arguments = [str(ANSWERS) if a == "ANSWERS" else a for a in arguments]
    done = subprocess.run(
        [sys.executable, "-m", "qadeck", *arguments],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == code
    assert stdout_has in done.stdout and stderr_has in done.stderr
    if arguments[:2] == ["check", "--format"]:
        json.loads(done.stdout)  # complete: everything written was flushed
