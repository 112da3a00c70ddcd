"""`qadeck pull`: edits made in Anki since the last sync, written back into the Markdown.

The sources are read and rendered as `sync` reads them (without the cache: a remembered part
has no Markdown to edit), the collection's notes and the record of the last sync are read, and
each note edited in Anki is pulled into the lines of its question (see writeback). Nothing is
written when the sources have an error. Then each file is replaced at once, unless it changed
on disk meanwhile; pasted images are copied beside it first. Last, the pulled notes are
settled: updated in Anki to exactly what the files now build (the same content; a pasted image
under its packaged name), and recorded as written, so that the next sync finds nothing to do.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, replace

from qadeck.commands.build import build_time
from qadeck.commands.prepare import ReadOptions, prepare
from qadeck.commands.pulled import FilePlan, file_plans, hints_maker
from qadeck.commands.sync import SyncTarget, continued_in, deck_notes, open_target, read_record
from qadeck.diagnostics import Diagnostic, Diagnostics, Location
from qadeck.package.kinds import note_types
from qadeck.sync.apply import Backend, apply_plan
from qadeck.sync.plan import plan_sync, sync_model_ids
from qadeck.sync.planned import ChangeOptions
from qadeck.sync.record import (
    RecordedNote,
    SyncRecord,
    UnreadableRecord,
    digest,
    encode_record,
)
from qadeck.sync.snapshot import Snapshot
from qadeck.writeback.atomic import ChangedOnDisk, replace_file, write_new
from qadeck.writeback.pulling import Conflict, NotePull, Unpulled


@dataclass(frozen=True)
class PullOptions:
    """What to read, where Anki is, and whether to write."""

    read: ReadOptions
    target: SyncTarget
    dry_run: bool = False
    now: int | None = None


@dataclass(frozen=True)
class PullReport:
    """What was pulled (or, in a dry run, would be: `diffs`), what was not and why."""

    target: str
    dry_run: bool
    pulled: tuple[NotePull, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    unpulled: tuple[Unpulled, ...] = ()
    changed_on_disk: tuple[str, ...] = ()
    copied: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    diffs: tuple[str, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()


def pull(options: PullOptions) -> PullReport:
    """Write the edits made in Anki into the sources; on an error in the sources raise
    QadeckError, having written nothing."""
    diagnostics = Diagnostics()
    read = replace(options.read, use_cache=False)
    inputs, rendered = prepare(read, diagnostics)
    diagnostics.raise_if_errors()
    deck = inputs.deck
    kinds = note_types(deck.identity, deck.name, deck.style)
    with open_target(options.target) as backend:
        name, stored, record = read_record(backend, deck.identity)
        if isinstance(record, UnreadableRecord):
            diagnostics.warning(
                Location(name), f"unreadable sync record ({record}); nothing pulled"
            )
            return PullReport(backend.target, options.dry_run, diagnostics=tuple(diagnostics.items))
        ours = deck_notes(rendered.notes, record)
        snapshot = backend.snapshot(deck.name, sync_model_ids(kinds), ours)
        hints_for = hints_maker(backend, read.settings.root)
        deck, notes = continued_in(deck, rendered.notes, snapshot)
        plans, outcomes = file_plans(deck, notes, snapshot, record, kinds, hints_for)
        conflicts = tuple(o for o in outcomes if isinstance(o, Conflict))
        unpulled = tuple(o for o in outcomes if isinstance(o, Unpulled))
        if options.dry_run:
            diffs = tuple(_diff(plan) for plan in plans if plan.after != plan.before)
            pulled = tuple(note for plan in plans for note in plan.notes)
            return PullReport(
                backend.target, True, pulled, conflicts, unpulled,
                files=tuple(p.display for p in plans if p.after != p.before), diffs=diffs,
                copied=tuple(str(t) for p in plans for t, _ in p.images),
                diagnostics=tuple(diagnostics.items),
            )  # fmt: skip
        written, changed, copied = _write(plans)
        pulled = tuple(note for plan in written for note in plan.notes)
        # Notes whose HTML Anki's editor only wrote another way: nothing to write, settled too.
        same = {
            o.guid
            for o in outcomes
            if isinstance(o, NotePull) and not o.replacements and not o.tags
        }
        if pulled or same:
            when = build_time() if options.now is None else options.now
            guids = {note.guid for note in pulled} | same
            settled = _settle(read, snapshot, record, guids, backend, when)
            data = encode_record(settled, deck.name, deck.identity)
            if data != stored:
                backend.write_media(name, data)
    return PullReport(
        backend.target, False, pulled, conflicts, unpulled, changed, copied,
        tuple(plan.display for plan in written if plan.after != plan.before),
        diagnostics=tuple(diagnostics.items),
    )  # fmt: skip


def _diff(plan: FilePlan) -> str:
    before = plan.before.decode("utf-8").splitlines(keepends=True)
    after = plan.after.decode("utf-8").splitlines(keepends=True)
    lines = difflib.unified_diff(before, after, plan.display, plan.display)
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _write(plans: Sequence[FilePlan]) -> tuple[list[FilePlan], tuple[str, ...], tuple[str, ...]]:
    """Each file replaced (its pasted images copied first); those changed on disk left alone."""
    written, changed, copied = [], [], []
    for plan in plans:
        try:
            for target, data in plan.images:
                write_new(target, data)
                copied.append(str(target))
            if plan.after != plan.before:
                replace_file(plan.path, plan.before, plan.after)
        except ChangedOnDisk:
            changed.append(plan.display)
            continue
        written.append(plan)
    return written, tuple(changed), tuple(copied)


def _settle(
    read: ReadOptions,
    snapshot: Snapshot,
    record: SyncRecord,
    guids: set[str],
    backend: Backend,
    now: int,
) -> SyncRecord:
    """Update the pulled notes in Anki to what the files now build, and record them."""
    diagnostics = Diagnostics()
    inputs, rendered = prepare(read, diagnostics)
    deck, every = continued_in(inputs.deck, rendered.notes, snapshot)
    kinds = note_types(deck.identity, deck.name, deck.style)
    notes = [note for note in every if note.guid in guids]
    ours = tuple(note for note in snapshot.notes if note.guid in guids)
    # As Anki holds them now: so the plan takes them as changed in the files, not in Anki.
    held = {
        note.guid: RecordedNote(digest(note.fields), record.notes[note.guid].tags) for note in ours
    }
    subset = SyncRecord(held, record.decks, record.looks)
    plan = plan_sync(deck, notes, kinds, replace(snapshot, notes=ours), subset, ChangeOptions())
    plan = replace(plan, moves=(), renames=(), removals=(), looks=(), stale_decks=())
    apply_plan(plan, backend, kinds, rendered.media, now)
    return replace(record, notes={**record.notes, **plan.record.notes})
