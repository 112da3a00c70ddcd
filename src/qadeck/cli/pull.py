"""`qadeck pull`: its options, and the lines that say what it wrote back."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from qadeck.cli.common import EXIT_ERROR, print_diagnostics, reports_errors
from qadeck.cli.options import URL_OPTION, ankiconnect_url, style_option
from qadeck.cli.usage import DECK_HELP, default_sources
from qadeck.wording import count

if TYPE_CHECKING:
    from qadeck.commands.pull import PullReport


@click.command(short_help="Write edits made in Anki since the last sync back into the Markdown.")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path, readable=False))
@click.option(
    "--collection",
    type=click.Path(path_type=Path, readable=False),
    metavar="PATH",
    help="Read this collection file (collection.anki2) directly; Anki must be closed.",
)
@URL_OPTION
@click.option("--deck", "deck_name", metavar="NAME", help=DECK_HELP)
@style_option
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), metavar="DIR",
              help="Local images may come from anywhere inside DIR.")  # fmt: skip
@click.option("-n", "--dry-run", is_flag=True, help="Print the diff of each file; write nothing.")
@click.option("-q", "--quiet", is_flag=True, help="Only what needs attention.")
@click.pass_context
@reports_errors
def pull(
    context: click.Context,
    sources: tuple[Path, ...],
    collection: Path | None,
    url: str,
    dry_run: bool,
    deck_name: str | None,
    style: str | None,
    root: Path | None,
    quiet: bool,
) -> None:
    """Write the edits made in Anki since the last sync back into SOURCES (default: as for
    build): the question, the answer and the tags of each note edited there, changing only
    their lines. A note edited in the files too is a conflict: nothing is written for it, and
    the exit status is 1.

    Through AnkiConnect in the running Anki, or from a collection file with --collection.
    """
    from qadeck.commands.prepare import ReadOptions
    from qadeck.commands.pull import PullOptions
    from qadeck.commands.pull import pull as run_pull
    from qadeck.commands.sync import SyncTarget
    from qadeck.sources.config import CheckSettings

    url = ankiconnect_url(context, collection, url)
    read = ReadOptions(
        sources or default_sources("pull"), deck_name, style, CheckSettings(root=root)
    )
    report = run_pull(PullOptions(read, SyncTarget(collection, url), dry_run))
    print_diagnostics(report.diagnostics)
    for diff in report.diffs:
        click.echo(diff, nl=False)
    for line in report_lines(report, quiet):
        click.echo(line)
    if report.conflicts:
        sys.exit(EXIT_ERROR)


def report_lines(report: PullReport, quiet: bool = False) -> list[str]:
    """What the pull wrote, conflicts with both versions, what it did not pull; a summary."""
    lines = []
    if not quiet:
        for note in report.pulled:
            parts = ", ".join(note.changed) or "nothing"
            verb = "would pull" if report.dry_run else "pulled"
            lines.append(f'{verb}: {note.question.location}: "{note.question.title}" ({parts})')
            if not note.exact:
                lines.append("  (some of Anki's HTML has no Markdown form; the next sync "
                             "writes the files' version of it)")  # fmt: skip
            if note.tags and note.tags.inherited:
                kept = " ".join(note.tags.inherited)
                lines.append(f"  tags removed in Anki but given by the file or section: {kept}")
        copied = "would copy" if report.dry_run else "copied"
        lines += [f"{copied}: {path}" for path in report.copied]
    for conflict in report.conflicts:
        lines.append(
            f'conflict: {conflict.question.location}: "{conflict.question.title}" was changed '
            "in the files and in Anki since the last sync; nothing written for it"
        )
        lines.append("  in the files:")
        lines += [f"    {line}" for line in conflict.files.split("\n")]
        lines.append("  in Anki:")
        lines += [f"    {line}" for line in conflict.anki.split("\n")]
    lines += [f'not pulled: {u.where}: "{u.question}": {u.reason}' for u in report.unpulled]
    lines += [
        f"not pulled: {path} changed on disk while pulling; pull again"
        for path in report.changed_on_disk
    ]
    if not quiet:
        lines.append(summary(report))
    return lines


def summary(report: PullReport) -> str:
    """`2 notes pulled into 1 file, 1 conflict -> target`."""
    pulled = count(len(report.pulled), "note")
    line = f"{pulled} {'to pull' if report.dry_run else 'pulled'}"
    if report.files:
        line += f" into {count(len(report.files), 'file')}"
    if report.conflicts:
        line += f", {count(len(report.conflicts), 'conflict')}"
    line += f" <- {report.target}"
    return line + (" (dry run: nothing written)" if report.dry_run else "")
