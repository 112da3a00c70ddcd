"""The command line: parse options, call the core, report. The only module importing `click`."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path

import click

from qadeck import __version__
from qadeck.cli.common import DEFAULT_SOURCE, EXIT_ERROR, reports_errors
from qadeck.cli.common import print_diagnostics as _print_diagnostics
from qadeck.cli.options import SECTION_NUMBERS, STYLES, check_options, print_accounts, style_option
from qadeck.cli.report import count
from qadeck.cli.sync import sync
from qadeck.diagnostics import QadeckError, Severity

__all__ = ["STYLES", "cli", "main"]


@click.group(
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="""\b
Examples:
  qadeck build                      answers/ -> dist/mlops-questions.apkg
  qadeck build notes.md --deck Go   one document, deck named "Go"
  qadeck build answers -o my.apkg   choose where the package goes
  qadeck check notes.md --strict    report every problem, write nothing
  qadeck preview                    every card as an HTML page to review
  qadeck inspect README.md          what a document becomes, before building
  qadeck sync --dry-run             what syncing into Anki (AnkiConnect) would change
""",
)
@click.version_option(__version__, "--version", prog_name="qadeck")
def cli() -> None:
    """Turn Markdown question-and-answer documents into Anki decks.

    Headings are the structure: a heading with sub-headings is a section (a subdeck), a heading
    without them is a question, and the Markdown under it is the answer.
    """


cli.add_command(sync)


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path, readable=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, readable=False),
    help="Where to write the .apkg.",
)
@click.option("--deck", "deck_name", metavar="NAME", help="Name of the root deck.")
@style_option
@check_options
@SECTION_NUMBERS
@click.option(
    "--no-cache", is_flag=True, help="Render everything; neither read nor fill the cache."
)
@click.option(
    "--watch", is_flag=True, help="Rebuild whenever a source, deck.toml or image changes."
)
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and errors; no progress bar.")
@reports_errors
def build(
    sources: tuple[Path, ...],
    output: Path | None,
    deck_name: str | None,
    style: str | None,
    strict: bool,
    max_words: int | None,
    section_numbers: bool | None,
    no_cache: bool,
    watch: bool,
    quiet: bool,
    root: Path | None,
) -> None:
    """Build an Anki package from SOURCES (files or folders; default: answers/)."""
    from qadeck.build import build as run_build
    from qadeck.build import worth_telling
    from qadeck.cli.progress import ProgressBar
    from qadeck.cli.report import change_lines
    from qadeck.sources.config import CheckSettings

    settings = CheckSettings(max_words, strict, root)

    paths = sources or (DEFAULT_SOURCE,)

    def build_once(prefix: str = "") -> None:
        bar = ProgressBar(sys.stderr, enabled=not quiet)
        try:
            report = run_build(
                paths,
                output,
                deck_name,
                style=style,
                settings=settings,
                use_cache=not no_cache,
                progress=bar,
                section_numbers=section_numbers,
            )
        finally:
            bar.close()
        _print_diagnostics(report.diagnostics)
        notes = count(report.notes, "note")
        if not quiet:
            print_accounts(worth_telling(report.accounts), prefix)
            click.echo(f"{prefix}{notes} in {count(report.subdecks, 'subdeck')} -> {report.output}")
        for line in change_lines(report.changes):
            click.echo(line)

    if watch:
        _watch(paths, build_once)
    else:
        build_once()


def _watch(paths: Sequence[Path], build_once: Callable[[str], None]) -> None:
    """Build now and after every change, one line each, until Ctrl-C."""
    import time

    from qadeck.cli.watch import watch

    def rebuild() -> None:
        prefix = time.strftime("%H:%M:%S ")
        try:
            build_once(prefix)
        except QadeckError as exc:  # a broken edit is reported; the watch goes on
            _print_diagnostics(exc.diagnostics)
            click.echo(f"{prefix}build failed, nothing written; waiting for changes", err=True)

    try:
        rebuild()
        click.echo("watching for changes (Ctrl-C stops)", err=True)
        watch(paths, rebuild)
    except KeyboardInterrupt:
        click.echo("stopped watching", err=True)


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Where to write the page.")
@click.option("--deck", "deck_name", metavar="NAME", help="Name of the root deck.")
@SECTION_NUMBERS
@style_option
@check_options
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and errors.")
@reports_errors
def preview(
    sources: tuple[Path, ...],
    output: Path | None,
    deck_name: str | None,
    section_numbers: bool | None,
    style: str | None,
    strict: bool,
    max_words: int | None,
    root: Path | None,
    quiet: bool,
) -> None:
    """Write one HTML page showing every card of SOURCES, front and back, light and dark."""
    from qadeck.build import worth_telling
    from qadeck.cli.preview import preview as run_preview
    from qadeck.sources.config import CheckSettings

    settings = CheckSettings(max_words, strict, root)
    report = run_preview(
        sources or (DEFAULT_SOURCE,), output, deck_name, section_numbers, style, settings
    )
    _print_diagnostics(report.diagnostics)
    if not quiet:
        print_accounts(worth_telling(report.accounts))
        click.echo(f"{count(report.cards, 'card')} -> {report.output}")


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--deck", "deck_name", metavar="NAME", help="Name of the root deck.")
@style_option
@reports_errors
def inspect(sources: tuple[Path, ...], deck_name: str | None, style: str | None) -> None:
    """Show the detected shape, the sections and the first questions; write nothing."""
    from qadeck.cli.inspect import inspect as run_inspect

    report = run_inspect(sources or (DEFAULT_SOURCE,), deck_name, style)
    _print_diagnostics(report.diagnostics)
    for line in report.lines:
        click.echo(line)


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path, readable=False))
@click.option("--deck", "deck_name", metavar="NAME", help="Name of the root deck.")
@style_option
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
    style: str | None,
    strict: bool,
    max_words: int | None,
    root: Path | None,
    output_format: str,
) -> None:
    """Check SOURCES as `build` would, and write nothing. Exit 1 if there is an error."""
    from qadeck.build import check as run_check
    from qadeck.cli.report import as_json, summary
    from qadeck.sources.config import CheckSettings

    settings = CheckSettings(max_words, strict, root)
    report = run_check(sources or (DEFAULT_SOURCE,), deck_name, settings, style)
    if output_format == "json":
        click.echo(as_json(report.diagnostics, report.files))
    else:
        for diagnostic in report.diagnostics:
            click.echo(str(diagnostic))
        click.echo(summary(report.diagnostics, report.files))
    if any(d.severity is Severity.ERROR for d in report.diagnostics):
        sys.exit(EXIT_ERROR)


def main() -> None:
    """Console entry point."""
    # A build keeps a few objects per question alive to the end and makes almost no cycles;
    # with the default thresholds the collector rescans them all dozens of times.
    gc.set_threshold(100_000, 50, 100)
    try:
        cli(prog_name="qadeck")
        code = 0
    except SystemExit as done:
        code = _exit_code(done)
    # Everything is written and waited for. Freeing a large build's objects one by one at
    # exit would take longer than some rebuilds: flush the output and leave at once.
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


def _exit_code(done: SystemExit) -> int:
    """The status sys.exit would give: None is 0, a message is printed and is 1."""
    if done.code is None or isinstance(done.code, int):
        return done.code or 0
    with suppress(OSError, ValueError):
        print(done.code, file=sys.stderr)
    return 1
