"""What a collection holds of one deck, as plain data: the input of a sync plan.

Both ways into Anki (the collection file and AnkiConnect) read the same things, and only those:
the notes of the deck's note types (one per kind) that have a card in the deck's tree (by the
card's home deck, so that a card sitting in a filtered deck still counts), the deck's own notes
whose cards are elsewhere (found by GUID in the collection file, by the ids the sync record
knows through AnkiConnect, which reads no GUIDs), every deck name, and the note types' looks.
Nothing is read of other decks' notes, so a sync costs what the deck does, not the collection.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qadeck.package.baseline import CHUNK, FIELD_SEPARATOR, look_of_json


@dataclass(frozen=True)
class CollectionCard:
    """A card: its id, its home deck (not a filtered deck it may sit in) and new-card position."""

    card_id: int
    deck: str
    position: int


@dataclass(frozen=True)
class CollectionNote:
    """A note of one of qadeck's note types as the collection holds it."""

    note_id: int
    guid: str
    mod: int
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    cards: tuple[CollectionCard, ...]
    model_id: int = 0  # its note type

    @property
    def deck(self) -> str:
        """The home deck of its first card."""
        return self.cards[0].deck if self.cards else ""


@dataclass(frozen=True)
class NoteTypeState:
    """The note type in the collection: its `mod` and what an import changes in place."""

    mod: int
    look: tuple[str, ...]


@dataclass(frozen=True)
class Snapshot:
    """A deck's notes in the collection, every deck name there, and the deck's note types that
    the collection has, by id.

    `notes` have a card in the deck's tree (the user's own notes of those note types there
    too, or another deck's moved there by hand: their GUIDs tell); `elsewhere` are the deck's
    own notes with no card in the tree, each with its GUID.
    """

    notes: tuple[CollectionNote, ...]
    decks: frozenset[str]
    note_types: Mapping[int, NoteTypeState] = field(default_factory=dict)
    elsewhere: tuple[CollectionNote, ...] = ()


@dataclass(frozen=True)
class DeckNotes:
    """What makes a note outside the deck's tree one of the deck's: its GUID (those of the
    sources and of the sync record) or, where GUIDs cannot be read, its id (those the record
    knows, with their GUIDs)."""

    guids: frozenset[str] = frozenset()
    note_ids: Mapping[int, str] = field(default_factory=dict)


def deck_key(name: str) -> str:
    """A deck name as Anki compares them: NFC and without regard to case."""
    return unicodedata.normalize("NFC", name).casefold()


def in_tree(name: str, root: str) -> bool:
    """Whether deck `name` is `root` or one of its subdecks."""
    key, top = deck_key(name), deck_key(root)
    return key == top or key.startswith(top + "::")


def deck_search(name: str) -> str:
    """Anki's search for the cards of a deck and its subdecks, by exact name.

    `*` and `_` are wildcards in Anki's search, `"` and `\\` need escaping inside quotes.
    """
    escaped = "".join("\\" + c if c in '\\"*_' else c for c in name)
    return f'"deck:{escaped}"'


def states_of(models: Mapping[str, Any], model_ids: Sequence[int]) -> dict[int, NoteTypeState]:
    """The state of each of `model_ids` that the models JSON (by id as text) holds."""
    return {
        model_id: NoteTypeState(int(model["mod"]), look_of_json(model))
        for model_id in model_ids
        if (model := models.get(str(model_id))) is not None
    }


@dataclass(frozen=True)
class ExportedNote:
    """What an exported package says about a note: the one place its GUID can be read."""

    guid: str
    mod: int
    position: int
    model_id: int = 0


class NotAnExportError(Exception):
    """An exported package that cannot be read."""


def read_exported(
    package: Path, model_ids: Sequence[int]
) -> tuple[dict[int, ExportedNote], dict[int, NoteTypeState]]:
    """The GUID, `mod`, new-card position and note type of every note of `model_ids` in an
    exported package, by note id, and the state of each of those note types it holds.

    Anki's legacy export (AnkiConnect's `exportPackage`) writes the real collection as
    `collection.anki21` beside a stub `collection.anki2`; its cards are reset to new, so
    their `due` is their position.
    """
    try:
        with tempfile.TemporaryDirectory(prefix="qadeck-") as folder:
            collection = Path(folder) / "collection.sqlite"
            with zipfile.ZipFile(package) as archive:
                names = set(archive.namelist())
                name = "collection.anki21" if "collection.anki21" in names else "collection.anki2"
                with archive.open(name) as stored, collection.open("wb") as copy:
                    shutil.copyfileobj(stored, copy, CHUNK)
            notes, models = _read_collection(collection, model_ids)
        states = states_of(models, model_ids)
    except (zipfile.BadZipFile, zlib.error, OSError, sqlite3.DatabaseError) as exc:
        raise NotAnExportError(str(exc)) from None
    except (json.JSONDecodeError, KeyError, TypeError, IndexError, ValueError) as exc:
        raise NotAnExportError(f"unexpected content ({exc})") from None
    return notes, states


def _read_collection(
    collection: Path, model_ids: Sequence[int]
) -> tuple[dict[int, ExportedNote], dict[str, Any]]:
    connection = sqlite3.connect(collection)
    try:
        (models_json,) = connection.execute("SELECT models FROM col").fetchone()
        positions = dict(connection.execute("SELECT nid, max(due) FROM cards GROUP BY nid"))
        marks = ",".join("?" * len(model_ids))
        query = f"SELECT id, guid, mod, mid FROM notes WHERE mid IN ({marks})"
        notes = {
            note_id: ExportedNote(guid, mod, positions.get(note_id, 0), mid)
            for note_id, guid, mod, mid in connection.execute(query, tuple(model_ids))
        }
    finally:
        connection.close()
    models: dict[str, Any] = json.loads(models_json)
    return notes, models


def split_fields(flds: str) -> tuple[str, ...]:
    """A note's fields as the notes table joins them."""
    return tuple(flds.split(FIELD_SEPARATOR))


def split_tags(tags: str | Iterable[str]) -> tuple[str, ...]:
    """Tags from the notes table's space-separated column, or a list of them."""
    return tuple(tags.split() if isinstance(tags, str) else tags)
