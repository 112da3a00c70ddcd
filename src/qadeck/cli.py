"""The command line: parse options, call the core, report. The only module importing `click`."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from contextlib import suppress
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from qadeck import __version__
from qadeck.diagnostics import Diagnostic, QadeckError, Severity

DEFAULT_SOURCE = Path("answers")
EXIT_ERROR = 1
EXIT_INTERNAL = 3
EXIT_BROKEN_PIPE = 141  # what a shell reports for a process ended by SIGPIPE

F = TypeVar("F", bound=Callable[..., Any])


@click.group(
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="""\b
Examples:
  qadeck build                      answers/ -> dist/mlops-questions.apkg
  qadeck build notes.md --deck Go   one document, deck named "Go"
  qadeck build answers -o my.apkg   choose where the package goes
  qadeck check notes.md --strict    report every problem, write nothing
""",
)
@click.version_option(__version__, "--version", prog_name="qadeck")
def cli() -> None:
    """Turn Markdown question-and-answer documents into Anki decks.

    Headings are the structure: a heading with sub-headings is a section (a subdeck), a heading
    without them is a question, and the Markdown under it is the answer.
    """


def reports_errors(command: F) -> F:
    """Turn QadeckError into one line per finding and exit 1; anything else into a bug line."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except QadeckError as exc:
            _print_diagnostics(exc.diagnostics)
            sys.exit(EXIT_ERROR)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:
            # The reader has gone (`qadeck check | head`): not a bug, so stop quietly, and
            # keep Python from failing again while it flushes stdout at exit.
            with suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_BROKEN_PIPE)
        except KeyboardInterrupt:
            click.echo("qadeck: interrupted; nothing written", err=True)
            sys.exit(130)
        except Exception as exc:  # the one place where an unexpected failure becomes a line
            click.echo(
                f"qadeck: internal error ({type(exc).__name__}: {exc}); "
                "please report this bug with the input that caused it",
                err=True,
            )
            sys.exit(EXIT_INTERNAL)

    return run  # type: ignore[return-value]


def check_options(command: F) -> F:
    """The options that tune the checks, shared by `check` and `build`."""
    command = click.option(
        "--max-words",
        type=click.IntRange(min=0),
        metavar="N",
        help="Warn about answers longer than N words (0: never; default: deck.toml or 200).",
    )(command)
    command = click.option("--strict", is_flag=True, help="Treat warnings as errors.")(command)
    return command


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path, readable=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, readable=False),
    help="Where to write the .apkg.",
)
@click.option("--deck", "deck_name", metavar="NAME", help="Name of the root deck.")
@check_options
@reports_errors
def build(
    sources: tuple[Path, ...],
    output: Path | None,
    deck_name: str | None,
    strict: bool,
    max_words: int | None,
) -> None:
    """Build an Anki package from SOURCES (files or folders; default: answers/)."""
    from qadeck.build import build as run_build
    from qadeck.checks import CheckSettings

    settings = CheckSettings(max_words, strict)
    report = run_build(sources or (DEFAULT_SOURCE,), output, deck_name, settings=settings)
    _print_diagnostics(report.diagnostics)
    notes = _count(report.notes, "note")
    click.echo(f"{notes} in {_count(report.subdecks, 'subdeck')} -> {report.output}")


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path, readable=False))
@click.option("--deck", "deck_name", metavar="NAME", help="Name of the root deck.")
@check_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="`path:line:col: severity: message` lines, or one JSON document.",
)
@reports_errors
def check(
    sources: tuple[Path, ...],
    deck_name: str | None,
    strict: bool,
    max_words: int | None,
    output_format: str,
) -> None:
    """Check SOURCES as `build` would, and write nothing. Exit 1 if there is an error."""
    from qadeck.build import check as run_check
    from qadeck.checks import CheckSettings
    from qadeck.report import as_json, summary

    report = run_check(sources or (DEFAULT_SOURCE,), deck_name, CheckSettings(max_words, strict))
    if output_format == "json":
        click.echo(as_json(report.diagnostics, report.files))
    else:
        for diagnostic in report.diagnostics:
            click.echo(str(diagnostic))
        click.echo(summary(report.diagnostics, report.files))
    if any(d.severity is Severity.ERROR for d in report.diagnostics):
        sys.exit(EXIT_ERROR)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _print_diagnostics(diagnostics: Iterable[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        click.echo(str(diagnostic), err=True)


def main() -> None:
    """Console entry point."""
    cli(prog_name="qadeck")
