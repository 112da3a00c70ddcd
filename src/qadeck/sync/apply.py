"""Carry out a sync plan through either way into Anki, in an order that any interruption leaves
consistent: every step is complete in itself, and the next sync plans what is left.

New and changed notes arrive as a package built by the package writer, so GUIDs, note ids,
media names and HTML are exactly those a `qadeck build` package has, and the import keeps
cards, scheduling and review history. Moves, the user's tags, deletions and empty decks follow;
the record of what this sync wrote comes last.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from qadeck.deck.model import Kind
from qadeck.package.baseline import FIELD_SEPARATOR
from qadeck.package.notetype import NoteType
from qadeck.package.writer import write_package
from qadeck.render.media import MediaFile
from qadeck.sync.plan import SyncPlan
from qadeck.sync.snapshot import DeckNotes, Snapshot


class Backend(Protocol):
    """A way into a collection: a collection file, or Anki through AnkiConnect."""

    target: str

    def snapshot(self, root: str, model_ids: Sequence[int], ours: DeckNotes) -> Snapshot: ...
    def note_ids(
        self, root: str, model_ids: Sequence[int], guids: Sequence[str]
    ) -> dict[str, int]: ...
    def read_media(self, name: str) -> bytes | None: ...
    def write_media(self, name: str, data: bytes) -> None: ...
    def set_look(
        self, model_id: int, css: str, templates: Sequence[tuple[str, str, str]]
    ) -> None: ...
    def import_package(self, path: Path) -> None: ...
    def move_cards(self, moves: Mapping[str, Sequence[int]]) -> None: ...
    def copy_options(self, pairs: Sequence[tuple[str, str]]) -> None: ...
    def add_tags(self, tags: Sequence[tuple[int, tuple[str, ...]]]) -> None: ...
    def remove_notes(self, note_ids: Sequence[int]) -> None: ...
    def remove_empty_decks(self, names: Sequence[str]) -> tuple[str, ...]: ...


def apply_plan(
    plan: SyncPlan,
    backend: Backend,
    note_types: Mapping[Kind, NoteType],
    media: Sequence[MediaFile],
    now: int,
) -> tuple[str, ...]:
    """Make the collection match the plan; return the decks removed because they were empty."""
    for look in plan.looks:
        backend.set_look(look.model_id, look.css, look.templates)
    if plan.package:
        with tempfile.TemporaryDirectory(prefix="qadeck-") as folder:
            package = Path(folder) / "sync.apkg"
            decks, used = plan.record.decks, _media_of(plan, media)
            write_package(package, note_types, decks, plan.package, plan.baseline, now, used)
            backend.import_package(package)
    moves: dict[str, list[int]] = {}
    for move in plan.moves:
        moves.setdefault(move.new_deck, []).extend(move.card_ids)
    if moves:
        backend.move_cards(moves)
    pairs = [pair for rename in plan.renames for pair in rename.decks]
    if pairs:
        backend.copy_options(pairs)
    if plan.restore_tags:
        backend.add_tags(plan.restore_tags)
    backend.remove_notes(plan.deletions)
    return backend.remove_empty_decks(plan.stale_decks) if plan.stale_decks else ()


def _media_of(plan: SyncPlan, media: Sequence[MediaFile]) -> tuple[MediaFile, ...]:
    """The media files the imported notes refer to (Anki copies only those anyway)."""
    fields = FIELD_SEPARATOR.join(value for note in plan.package for value in note.fields)
    return tuple(item for item in media if item.name in fields)
