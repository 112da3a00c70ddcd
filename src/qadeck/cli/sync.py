"""`qadeck sync`: its options, and the lines that say what it changed."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from qadeck.cli.common import EXIT_ERROR, print_diagnostics, reports_errors
from qadeck.cli.options import (
    SECTION_NUMBERS,
    URL_OPTION,
    ankiconnect_url,
    check_options,
    print_accounts,
    selection,
    style_option,
)
from qadeck.cli.report import failed_json, findings, listed
from qadeck.cli.usage import DECK_HELP, default_sources, format_option
from qadeck.diagnostics import QadeckError
from qadeck.wording import count

if TYPE_CHECKING:
    from qadeck.commands.sync import SyncReport
    from qadeck.sync.planned import PlannedNote

EXIT_INTERRUPTED = 130


@click.command(short_help="Apply the deck to Anki itself: add, update, move, rename, delete.")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path, readable=False))
@click.option(
    "--collection",
    type=click.Path(path_type=Path, readable=False),
    metavar="PATH",
    help="Write into this collection file (collection.anki2) directly; Anki must be closed.",
)
@URL_OPTION
@click.option("--deck", "deck_name", metavar="NAME", help=DECK_HELP)
@style_option
@check_options
@SECTION_NUMBERS
@click.option("-n", "--dry-run", is_flag=True, help="Print what would change; write nothing.")
@click.option("--delete", is_flag=True, help="Delete the notes whose question is gone.")
@click.option(
    "--overwrite-edits",
    is_flag=True,
    help="Let the files win over notes edited in Anki since the last sync.",
)
@click.option(
    "--no-cache", is_flag=True, help="Render everything; neither read nor fill the cache."
)
@format_option("The changes and a summary line, or one JSON document naming every change.")
@click.option("-q", "--quiet", is_flag=True, help="Only what needs attention; no progress bar.")
@click.pass_context
@reports_errors
def sync(
    context: click.Context,
    sources: tuple[Path, ...],
    collection: Path | None,
    url: str,
    deck_name: str | None,
    style: str | None,
    strict: bool,
    max_words: int | None,
    section_numbers: bool | None,
    dry_run: bool,
    delete: bool,
    overwrite_edits: bool,
    no_cache: bool,
    output_format: str,
    quiet: bool,
    root: Path | None,
) -> None:
    """Make the Anki deck match SOURCES (default: as for build): add, update, move and rename,
    keeping every card's history; delete only with --delete.

    Through AnkiConnect in the running Anki, or into a collection file with --collection.
    """
    from qadeck.cli.progress import ProgressBar
    from qadeck.commands.prepare import ReadOptions
    from qadeck.commands.sync import SyncInterrupted, SyncOptions, SyncTarget
    from qadeck.commands.sync import sync as run_sync
    from qadeck.commands.telling import worth_telling
    from qadeck.sources.config import CheckSettings
    from qadeck.sync.planned import ChangeOptions

    url = ankiconnect_url(context, collection, url)
    read = ReadOptions(
        sources or default_sources("sync"),
        deck_name,
        style,
        CheckSettings(max_words, strict, root),
        section_numbers,
        not no_cache,
        selection(),
    )
    target = SyncTarget(collection, url)
    options = SyncOptions(read, target, ChangeOptions(delete, overwrite_edits), dry_run)
    as_json = output_format == "json"
    bar = ProgressBar(sys.stderr, enabled=not (quiet or as_json))
    try:
        report = run_sync(options, bar)
    except QadeckError as exc:
        if not as_json:
            raise
        click.echo(failed_json(exc.diagnostics, written="target"))
        sys.exit(EXIT_ERROR)
    except SyncInterrupted:
        click.echo("qadeck: interrupted; sync again to finish what this one began", err=True)
        sys.exit(EXIT_INTERRUPTED)
    finally:
        bar.close()
    if as_json:
        click.echo(sync_json(report))
        return
    print_diagnostics(report.diagnostics)
    if not quiet:
        print_accounts(worth_telling(report.accounts))
    for line in report_lines(report, quiet):
        click.echo(line)


def report_lines(report: SyncReport, quiet: bool = False) -> list[str]:
    """What the sync changed, one line each (up to NAMED questions of each kind of change, then
    `and N more`), and the summary line last."""
    plan, lines = report.plan, []
    if not quiet:  # a dry run and a sync print the same lines
        if len(plan.new) < plan.notes or plan.removals:  # not on a first sync: all are new
            lines += listed([f'new: "{n.question}" in "{n.deck}"' for n in plan.new], "new")
        lines += listed([f'updated: "{n.question}" ({n.deck})' for n in plan.updated], "updated")
    lines += [
        f'kept: "{n.question}" ({n.deck}) was edited in Anki since the last sync; the files\' '
        "version is not applied (--overwrite-edits applies it)"
        for n in plan.kept
    ]
    lines += [
        f'kept: the CSS and templates of the note type "{name}" were edited in Anki since the '
        "last sync (--overwrite-edits replaces them)"
        for name in plan.looks_kept
    ]
    lines += [
        f'note type changed: "{r.question}" ({r.deck}) is now a "{r.new_type}" note, was '
        f'"{r.old_type}"; Anki cannot change a note\'s type on import, so the note is left as '
        "it was: change its type in Anki (Browse, Notes > Change Note Type) to keep its "
        "reviews, or delete it there, and sync again"
        for r in plan.retyped
    ]
    lines += [
        f'renamed: "{r.old}" is now "{r.new}" ({count(r.questions, "question")})'
        for r in plan.renames
    ]
    moves = [f'moved: "{m.question}" from "{m.old_deck}" to "{m.new_deck}"' for m in plan.moved]
    lines += listed(moves, "moved")
    deleting = "to delete" if report.dry_run else "deleted"
    deleted, removed = [], []
    for removal in plan.removals:
        where = f'"{removal.question}" ({removal.deck})'
        if removal.delete:
            deleted.append(f"{deleting}: {where}")
        elif removal.edited and report.changes.delete:
            removed.append(
                f"removed: {where} is gone from the sources; not deleted, as it was edited in "
                "Anki since the last sync (--overwrite-edits deletes it)"
            )
        else:
            removed.append(
                f"removed: {where} is gone from the sources; Anki keeps the note "
                "(--delete deletes it)"
            )
    lines += listed(deleted, deleting) + listed(removed, "removed")
    renamed = {rename.old for rename in plan.renames}
    lines += [f'removed empty deck: "{d}"' for d in report.removed_decks if d not in renamed]
    if not quiet:
        lines.append(summary(report))
    return lines


def sync_json(report: SyncReport) -> str:
    """The sync's counts and every change, named, as one JSON document."""
    plan = report.plan

    def named(notes: Iterable[PlannedNote]) -> list[dict[str, str]]:
        return [{"question": n.question, "deck": n.deck} for n in notes]

    document = {
        "target": report.target,
        "dry_run": report.dry_run,
        "notes": plan.notes,
        "counts": plan.counts,  # each note once: new, updated, moved, unchanged, kept
        "new_questions": named(plan.new),
        "updated_questions": named(plan.updated),
        "kept_questions": named(plan.kept),
        "moved": [
            {"question": m.question, "from": m.old_deck, "to": m.new_deck} for m in plan.moved
        ],
        "renamed": [{"from": r.old, "to": r.new, "questions": r.questions} for r in plan.renames],
        "removed": [
            {"question": r.question, "deck": r.deck, "deleted": r.delete} for r in plan.removals
        ],
        "removed_decks": list(report.removed_decks),
        "retyped": [
            {"question": r.question, "deck": r.deck, "from": r.old_type, "to": r.new_type}
            for r in plan.retyped
        ],
        "looks_kept": list(plan.looks_kept),
        **findings(report.diagnostics),
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def summary(report: SyncReport) -> str:
    """`6 notes: 1 new, 1 updated, 1 moved, 3 unchanged; 1 renamed, 1 deleted -> target`: each
    note counted once, the counts adding up to the notes of the deck."""
    plan = report.plan
    counts = [(number, what) for what, number in plan.counts.items()]
    deleted = len(plan.deletions)
    changes = [
        (len(plan.renames), "renamed"),
        (len(plan.removals) - deleted, "removed"),
        (deleted, "to delete" if report.dry_run else "deleted"),
    ]
    # Counted as a build counts them: only what happened, "none" when nothing did.
    counted = ", ".join(f"{n} {what}" for n, what in counts if n) or "none"
    line = f"{count(plan.notes, 'note')}: {counted}"
    done = ", ".join(f"{n} {what}" for n, what in changes if n)
    if done:
        line += f"; {done}"
    line += f" -> {report.target}"
    return line + (" (dry run: nothing written)" if report.dry_run else "")
