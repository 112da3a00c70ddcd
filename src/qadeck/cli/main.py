"""The command line's verbs: parse options, call a command (see commands), print what it says."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path

import click

from qadeck import __version__
from qadeck.cli.common import EXIT_ERROR, print_diagnostics, reports_errors
from qadeck.cli.options import (
    SECTION_NUMBERS,
    STYLES,
    check_options,
    print_accounts,
    selection,
    style_option,
)
from qadeck.cli.pull import pull
from qadeck.cli.sync import sync
from qadeck.cli.usage import DECK_HELP, OUTPUT_HELP, Commands, default_sources, format_option
from qadeck.diagnostics import QadeckError, Severity
from qadeck.wording import count

__all__ = ["STYLES", "cli", "main"]


@click.group(
    cls=Commands,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="""\b
Examples:
  qadeck build                      answers/ (or this folder) -> dist/<deck id>.apkg
  qadeck build notes.md --deck Go   one document, deck named "Go"
  qadeck build answers -o my.apkg   choose where the package goes
  qadeck check notes.md --strict    report every problem, write nothing
  qadeck preview                    every card as an HTML page to review
  qadeck inspect README.md          what a document becomes, before building
  qadeck sync --dry-run             what syncing into Anki (AnkiConnect) would change
  qadeck pull --dry-run             the edits made in Anki, as a diff of the Markdown
""",
)
@click.version_option(__version__, "--version", prog_name="qadeck")
def cli() -> None:
    """Turn Markdown question-and-answer documents into Anki decks.

    Headings are the structure: a heading with sub-headings is a section (a subdeck), a heading
    without them is a question, and the Markdown under it is the answer.
    """


cli.add_command(sync)
cli.add_command(pull)


@cli.command(short_help="Build an Anki package (.apkg) from Markdown files or folders.")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path, readable=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, readable=False),
    metavar="PATH",
    help=OUTPUT_HELP,
)
@click.option("--deck", "deck_name", metavar="NAME", help=DECK_HELP)
@style_option
@check_options
@SECTION_NUMBERS
@click.option(
    "--no-cache", is_flag=True, help="Render everything; neither read nor fill the cache."
)
@click.option(
    "--watch", is_flag=True, help="Rebuild whenever a source, deck.toml or image changes."
)
@format_option("A summary line, or one JSON document (one line each with --watch).")
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
    output_format: str,
    quiet: bool,
    root: Path | None,
) -> None:
    """Build an Anki package from SOURCES: Markdown files or folders (default: answers/ where
    it exists, else the current folder when it holds Markdown).

    After each build one line says what changed since the package at the output path:
    new, updated and unchanged notes, and questions moved or removed.
    """
    from qadeck.cli.progress import ProgressBar
    from qadeck.cli.report import build_json, build_lines, failed_json
    from qadeck.commands.build import BuildOptions
    from qadeck.commands.build import build as run_build
    from qadeck.commands.prepare import ReadOptions
    from qadeck.commands.telling import worth_telling
    from qadeck.sources.config import CheckSettings

    settings = CheckSettings(max_words, strict, root)
    paths = sources or default_sources("build")
    read = ReadOptions(
        paths, deck_name, style, settings, section_numbers, not no_cache, selection()
    )
    as_json = output_format == "json"
    indent = None if watch else 2

    def build_once(prefix: str = "") -> None:
        bar = ProgressBar(sys.stderr, enabled=not (quiet or as_json))
        try:
            report = run_build(BuildOptions(read, output), bar)
        except QadeckError as exc:
            if not as_json:
                raise
            click.echo(failed_json(exc.diagnostics, indent))
            if not watch:
                sys.exit(EXIT_ERROR)
            return
        finally:
            bar.close()
        if as_json:
            click.echo(build_json(report, indent))
            return
        print_diagnostics(report.diagnostics)
        if not quiet:
            print_accounts(worth_telling(report.accounts), prefix)
        for line in build_lines(report, prefix, quiet, listing=not watch):
            click.echo(line)

    if watch:
        _watch(paths, build_once)
    else:
        build_once()


def _watch(paths: Sequence[Path], build_once: Callable[[str], None]) -> None:
    """Build now and after every change, one line each, until Ctrl-C."""
    import time

    from qadeck.cli.watch import snapshot, watch

    def rebuild() -> None:
        prefix = time.strftime("%H:%M:%S ")
        try:
            build_once(prefix)
        except QadeckError as exc:  # a broken edit is reported; the watch goes on
            print_diagnostics(exc.diagnostics)
            click.echo(f"{prefix}build failed, nothing written; waiting for changes", err=True)

    try:
        before = snapshot(paths)  # an edit saved during the first build is seen
        rebuild()
        click.echo("watching for changes (Ctrl-C stops)", err=True)
        watch(paths, rebuild, seen=before)
    except KeyboardInterrupt:
        click.echo("stopped watching", err=True)


@cli.command(short_help="Write one HTML page with every card, to review a deck in a browser.")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Where to write the page.")
@click.option("--deck", "deck_name", metavar="NAME", help=DECK_HELP)
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
    """Write one HTML page of every card of SOURCES (default: as for build), light and dark."""
    from qadeck.commands.prepare import ReadOptions
    from qadeck.commands.preview import PreviewOptions
    from qadeck.commands.preview import preview as run_preview
    from qadeck.commands.telling import worth_telling
    from qadeck.sources.config import CheckSettings

    settings = CheckSettings(max_words, strict, root)
    paths = sources or default_sources("preview")
    read = ReadOptions(paths, deck_name, style, settings, section_numbers, selection=selection())
    report = run_preview(PreviewOptions(read, output))
    print_diagnostics(report.diagnostics)
    if not quiet:
        print_accounts(worth_telling(report.accounts))
        click.echo(f"{count(report.cards, 'card')} -> {report.output}")


@cli.command(short_help="Show what each document becomes; write nothing.")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--deck", "deck_name", metavar="NAME", help=DECK_HELP)
@style_option
@click.option(
    "--lines",
    "show_lines",
    is_flag=True,
    help="Also print every line: its number, what it was read as, its first words.",
)
@reports_errors
def inspect(
    sources: tuple[Path, ...], deck_name: str | None, style: str | None, show_lines: bool
) -> None:
    """Show each document's shape, sections and first questions (SOURCES: as for build)."""
    from qadeck.commands.inspect import inspect as run_inspect
    from qadeck.commands.prepare import ReadOptions

    paths = sources or default_sources("inspect")
    options = ReadOptions(paths, deck_name, style, selection=selection())
    report = run_inspect(options, lines=show_lines)
    print_diagnostics(report.diagnostics)
    for line in report.lines:
        click.echo(line)
    if report.failed:  # everything else in the files is reported all the same
        sys.exit(EXIT_ERROR)


@cli.command(short_help="Report every problem in SOURCES as build would; write nothing.")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path, readable=False))
@click.option("--deck", "deck_name", metavar="NAME", help=DECK_HELP)
@style_option
@check_options
@format_option("`path:line:col: severity: message` lines, or one JSON document.")
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
    """Check SOURCES (default: as for build) as build would; write nothing; exit 1 on an error."""
    from qadeck.cli.report import as_json, summary
    from qadeck.commands.build import check as run_check
    from qadeck.commands.prepare import ReadOptions
    from qadeck.sources.config import CheckSettings

    settings = CheckSettings(max_words, strict, root)
    paths = sources or default_sources("check")
    report = run_check(ReadOptions(paths, deck_name, style, settings, selection=selection()))
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
