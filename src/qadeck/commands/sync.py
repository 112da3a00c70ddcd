"""`qadeck sync`: the pipeline of `build` up to the package, then into a collection.

The sources are read, checked and rendered exactly as `build` does (`prepare`), so the notes are
the package's notes. Then the collection is read (a snapshot of the deck and the record of the
last sync), the changes are planned, and, unless it is a dry run, applied. Nothing is written
when the sources have an error, nor when the collection cannot be opened.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from qadeck.commands.build import build_time
from qadeck.commands.prepare import ReadOptions, prepare
from qadeck.deck.model import Account, Deck
from qadeck.diagnostics import Diagnostic, Diagnostics, Location, QadeckError
from qadeck.incremental.store import RenderCache
from qadeck.package.continued import continued, stored_copies
from qadeck.package.kinds import note_types
from qadeck.render.notes import RenderedNote
from qadeck.sources.config import CONFIG_NAME
from qadeck.sync.apply import Backend, apply_plan
from qadeck.sync.plan import SyncPlan, plan_sync, sync_model_ids
from qadeck.sync.planned import ChangeOptions
from qadeck.sync.record import (
    SyncRecord,
    UnreadableRecord,
    decode_record,
    encode_record,
    record_name,
    with_note_ids,
)
from qadeck.sync.snapshot import DeckNotes, Snapshot


class SyncInterrupted(Exception):
    """Stopped while writing: what was written is consistent, and the next sync completes it."""


@dataclass(frozen=True)
class SyncTarget:
    """Where to sync: a collection file, else AnkiConnect at `url`."""

    collection: Path | None = None
    url: str = "http://127.0.0.1:8765"


@dataclass(frozen=True)
class SyncOptions:
    """What `sync` is asked: how to read the sources, where to write, what to change beyond
    making the collection match, whether to write at all, and the time of the notes it writes
    (None: SOURCE_DATE_EPOCH, else the clock)."""

    read: ReadOptions
    target: SyncTarget = field(default_factory=SyncTarget)
    changes: ChangeOptions = field(default_factory=ChangeOptions)
    dry_run: bool = False
    now: int | None = None


@dataclass(frozen=True)
class SyncReport:
    """What a sync changed (or, in a dry run, would change), and the findings on the way."""

    target: str
    plan: SyncPlan
    changes: ChangeOptions
    dry_run: bool
    diagnostics: tuple[Diagnostic, ...]
    removed_decks: tuple[str, ...] = ()
    accounts: tuple[Account, ...] = ()  # what each document gave


def sync(options: SyncOptions, progress: Callable[[int, int], None] | None = None) -> SyncReport:
    """Make the collection match the sources; on any error raise QadeckError, having written
    nothing."""
    refuse_part_of_a_deck(options.read.sources)
    diagnostics = Diagnostics()
    cache = RenderCache() if options.read.use_cache else None
    try:
        inputs, rendered = prepare(options.read, diagnostics, cache, progress)
    finally:
        if cache is not None:
            cache.wait()
    diagnostics.raise_if_errors()
    deck = inputs.deck
    with open_target(options.target) as backend:
        name, stored, record = read_record(backend, deck.identity)
        kinds = note_types(deck.identity, deck.name, deck.style)
        if isinstance(record, UnreadableRecord):
            diagnostics.warning(
                Location(name),
                f"unreadable sync record ({record}); every note is taken as qadeck wrote it",
            )
            record = SyncRecord()
        model_ids = sync_model_ids(kinds)
        snapshot = backend.snapshot(deck.name, model_ids, deck_notes(rendered.notes, record))
        deck, notes = continued_in(deck, rendered.notes, snapshot)
        plan = plan_sync(deck, notes, kinds, snapshot, record, options.changes)
        removed: tuple[str, ...] = ()
        if not options.dry_run:
            when = build_time() if options.now is None else options.now
            try:
                removed = apply_plan(plan, backend, kinds, rendered.media, when)
                # The ids Anki gave the notes this sync added, for the next sync to find them by.
                added = [guid for guid, note in plan.record.notes.items() if not note.note_id]
                ids = backend.note_ids(deck.name, model_ids, added) if added else {}
                data = encode_record(with_note_ids(plan.record, ids), deck.name, deck.identity)
                if data != stored:
                    backend.write_media(name, data)
            except KeyboardInterrupt:
                raise SyncInterrupted from None
    items = tuple(diagnostics.items)
    return SyncReport(
        backend.target,
        plan,
        options.changes,
        options.dry_run,
        items,
        removed,
        tuple(inputs.accounts),
    )


def refuse_part_of_a_deck(sources: Sequence[Path]) -> None:
    """Refuse a file or sub-folder of a folder deck (one with deck.toml): read alone, it is a
    deck of its own, whose sync would move the folder deck's cards into it."""
    for source in sources:
        start = source if source.is_dir() and (source / CONFIG_NAME).is_file() else source.parent
        if start is source:
            continue
        for folder in (start.absolute(), *start.absolute().parents):
            if (folder / CONFIG_NAME).is_file():
                relative = os.path.relpath(folder)
                shown = folder if relative.startswith("..") else Path(relative)
                message = (
                    f"is part of the deck in {shown} (it has {CONFIG_NAME}); sync the whole "
                    f"deck: qadeck sync {shown}"
                )
                raise QadeckError.at(Location(str(source)), message)


def continued_in(
    deck: Deck, notes: Sequence[RenderedNote], snapshot: Snapshot
) -> tuple[Deck, tuple[RenderedNote, ...]]:
    """The deck and its notes with each repeated question under the key of the collection's
    note it continues (see deck.repeats), so no note takes another question's content."""
    held = ((note.guid, note.fields) for note in (*snapshot.notes, *snapshot.elsewhere))
    return continued(deck, notes, stored_copies(deck.identity, held))


def deck_notes(notes: Sequence[RenderedNote], record: SyncRecord) -> DeckNotes:
    """What makes a note outside the deck's tree one of the deck's: the GUIDs of its notes and
    of the record, and the ids the record knows."""
    guids = frozenset(note.guid for note in notes) | frozenset(record.notes)
    return DeckNotes(guids, record.note_ids)


def read_record(
    backend: Backend, identity: str
) -> tuple[str, bytes | None, SyncRecord | UnreadableRecord]:
    """The name of the deck's sync record, its bytes, and the record (or why it is unreadable)."""
    name = record_name(identity)
    stored = backend.read_media(name)
    try:
        return name, stored, decode_record(stored)
    except UnreadableRecord as exc:
        return name, stored, exc


@contextmanager
def open_target(target: SyncTarget) -> Iterator[Backend]:
    """The way into the collection, open for a sync or a pull."""
    if target.collection is not None:
        from qadeck.sync.collection import open_collection

        with open_collection(target.collection) as backend:
            yield backend
    else:
        from qadeck.sync.ankiconnect import AnkiConnect

        connection = AnkiConnect(target.url)
        connection.check_version()
        yield connection
