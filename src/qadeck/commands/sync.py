"""`qadeck sync`: the pipeline of `build` up to the package, then into a collection.

The sources are read, checked and rendered exactly as `build` does (`prepare`), so the notes are
the package's notes. Then the collection is read (a snapshot of the deck and the record of the
last sync), the changes are planned, and, unless it is a dry run, applied. Nothing is written
when the sources have an error, nor when the collection cannot be opened.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from qadeck.commands.prepare import ReadOptions, prepare
from qadeck.deck.model import Account
from qadeck.diagnostics import Diagnostic, Diagnostics, Location
from qadeck.incremental.store import RenderCache
from qadeck.package.kinds import note_types
from qadeck.sources.config import DEFAULT_SETTINGS, CheckSettings
from qadeck.sources.files import EVERY_FILE, Selection
from qadeck.sync.apply import Backend, apply_plan
from qadeck.sync.plan import SyncPlan, plan_sync, sync_model_ids
from qadeck.sync.planned import SyncOptions
from qadeck.sync.record import UnreadableRecord, decode_record, encode_record, record_name

NO_OPTIONS = SyncOptions()


class SyncInterrupted(Exception):
    """Stopped while writing: what was written is consistent, and the next sync completes it."""


@dataclass(frozen=True)
class SyncTarget:
    """Where to sync: a collection file, else AnkiConnect at `url`."""

    collection: Path | None = None
    url: str = "http://127.0.0.1:8765"


@dataclass(frozen=True)
class SyncReport:
    """What a sync changed (or, in a dry run, would change), and the findings on the way."""

    target: str
    plan: SyncPlan
    options: SyncOptions
    dry_run: bool
    diagnostics: tuple[Diagnostic, ...]
    removed_decks: tuple[str, ...] = ()
    accounts: tuple[Account, ...] = ()  # what each document gave


def sync(
    sources: Sequence[Path],
    target: SyncTarget,
    options: SyncOptions = NO_OPTIONS,
    dry_run: bool = False,
    deck_name: str | None = None,
    style: str | None = None,
    settings: CheckSettings = DEFAULT_SETTINGS,
    use_cache: bool = True,
    progress: Callable[[int, int], None] | None = None,
    now: int | None = None,
    section_numbers: bool | None = None,
    selection: Selection = EVERY_FILE,
) -> SyncReport:
    """Make the collection match the sources; on any error raise QadeckError, having written
    nothing."""
    diagnostics = Diagnostics()
    cache = RenderCache() if use_cache else None
    try:
        read = ReadOptions(
            sources, deck_name, style, settings, section_numbers, use_cache, selection
        )
        inputs, rendered = prepare(read, diagnostics, cache, progress)
    finally:
        if cache is not None:
            cache.wait()
    diagnostics.raise_if_errors()
    deck = inputs.deck
    kinds = note_types(deck.identity, deck.name, deck.style)
    with _open(target) as backend:
        snapshot = backend.snapshot(deck.name, sync_model_ids(kinds))
        name = record_name(deck.identity)
        stored = backend.read_media(name)
        try:
            record = decode_record(stored)
        except UnreadableRecord as exc:
            diagnostics.warning(
                Location(name),
                f"unreadable sync record ({exc}); every note is taken as qadeck wrote it",
            )
            record = decode_record(None)
        plan = plan_sync(deck, rendered.notes, kinds, snapshot, record, options)
        removed: tuple[str, ...] = ()
        if not dry_run:
            when = int(time.time()) if now is None else now
            try:
                removed = apply_plan(plan, backend, kinds, rendered.media, when)
                data = encode_record(plan.record, deck.name, deck.identity)
                if data != stored:
                    backend.write_media(name, data)
            except KeyboardInterrupt:
                raise SyncInterrupted from None
    items = tuple(diagnostics.items)
    return SyncReport(
        backend.target, plan, options, dry_run, items, removed, tuple(inputs.accounts)
    )


@contextmanager
def _open(target: SyncTarget) -> Iterator[Backend]:
    """The way into the collection, open for the sync."""
    if target.collection is not None:
        from qadeck.sync.collection import open_collection

        with open_collection(target.collection) as backend:
            yield backend
    else:
        from qadeck.sync.ankiconnect import AnkiConnect

        connection = AnkiConnect(target.url)
        connection.check_version()
        yield connection
