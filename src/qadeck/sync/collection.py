"""A sync's way into a collection file: the official `anki` library, the one module using it.

`anki` is an optional dependency (`pip install 'qadeck[anki]'`), imported only when a
collection is opened, so that `build` and AnkiConnect syncs never need it. The library creates
a collection in any empty or foreign SQLite file it is given, so a file is checked to be a
collection, read-only, before the library sees it; and it refuses a collection that Anki (or
anything else) holds open, which is then left untouched.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qadeck.diagnostics import Location, QadeckError
from qadeck.package.baseline import look_of_json
from qadeck.sync.snapshot import (
    CollectionCard,
    CollectionNote,
    DeckNotes,
    NoteTypeState,
    Snapshot,
    deck_search,
    in_tree,
    split_fields,
    split_tags,
)

if TYPE_CHECKING:
    from anki.collection import Collection

INSTALL = "pip install 'qadeck[anki]'"
SQLITE_HEADER = b"SQLite format 3\x00"
NEW = 0  # a card's type while it was never studied: its `due` is its position

# A deck's notes with their cards: those with a card whose home deck is in the tree, or of the
# given GUIDs. The notes table has no index on guid: a GUID lookup scans it, in SQLite.
CARDS = """
SELECT n.id, n.guid, n.mod, n.flds, n.tags, n.mid, c.id, c.odid, c.did, c.type, c.due, c.odue,
c.data FROM notes n JOIN cards c ON c.nid = n.id WHERE n.mid IN ({models}) AND {which}
ORDER BY n.id, c.ord
"""
IN_TREE = "n.id IN (SELECT nid FROM cards WHERE did IN ({decks}) OR odid IN ({decks}))"
OF_GUIDS = "n.guid IN ({guids})"
GUIDS = "SELECT guid, id FROM notes WHERE guid IN ({guids})"
CHUNK = 500  # GUIDs per query, well below SQLite's limit of parameters


@contextmanager
def open_collection(path: Path) -> Iterator[CollectionBackend]:
    """The collection at `path` (a file, or a profile folder holding `collection.anki2`),
    open for the whole sync and closed after it; refused with one clear error otherwise."""
    if path.is_dir() and (path / "collection.anki2").is_file():
        path = path / "collection.anki2"
    where = Location(str(path))
    try:
        from anki.collection import Collection
        from anki.errors import DBError
    except ImportError:
        message = f"opening a collection needs the anki library: {INSTALL}"
        raise QadeckError.at(where, message) from None
    _check_is_collection(path, where)
    try:
        col = Collection(str(path.resolve()))
    except DBError as exc:
        if "already open" in str(exc):
            raise QadeckError.at(
                where,
                "the collection is open in Anki (or its media are syncing); close Anki and try "
                "again, or leave out --collection to sync through AnkiConnect",
            ) from None
        raise QadeckError.at(where, f"cannot open the collection: {exc}") from None
    try:
        yield CollectionBackend(col, str(path))
    finally:
        col.close()


def _check_is_collection(path: Path, where: Location) -> None:
    """Refuse anything but an existing Anki collection, without writing to it."""
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        raise QadeckError.at(where, "no such collection file") from None
    except IsADirectoryError:
        raise QadeckError.at(where, "is a folder without a collection.anki2") from None
    except OSError as exc:
        raise QadeckError.at(where, f"cannot read: {exc.strerror or exc}") from None
    tables: set[str] = set()
    if header == SQLITE_HEADER:
        try:
            # immutable: no lock taken and no journal created beside the file
            uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
            connection = sqlite3.connect(uri, uri=True)
            try:
                rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                tables = {name for (name,) in rows}
            finally:
                connection.close()
        except sqlite3.DatabaseError:
            tables = set()
    if not {"col", "notes", "cards"} <= tables:
        raise QadeckError.at(where, "is not an Anki collection")


class CollectionBackend:
    """The operations a sync needs, on an open collection."""

    def __init__(self, col: Collection, target: str) -> None:
        self.col, self.target = col, target

    def snapshot(self, root: str, model_ids: Sequence[int], ours: DeckNotes) -> Snapshot:
        """The notes of `model_ids` with a card in `root`'s tree, the deck's own notes (`ours`,
        by GUID) elsewhere, every deck name and those note types."""
        names = {entry.id: entry.name for entry in self.col.decks.all_names_and_ids()}
        tree_ids = [deck_id for deck_id, name in names.items() if in_tree(name, root)]
        tree = self._notes(names, model_ids, IN_TREE, tree_ids) if tree_ids else []
        missing = sorted(ours.guids - {note.guid for note in tree})
        elsewhere = [
            note
            for start in range(0, len(missing), CHUNK)
            for note in self._notes(names, model_ids, OF_GUIDS, missing[start : start + CHUNK])
            if not any(in_tree(card.deck, root) for card in note.cards)
        ]
        states = {}
        for model_id in model_ids:
            model = self.col.models.get(model_id)  # type: ignore[arg-type]
            if model is not None:
                states[model_id] = NoteTypeState(int(model["mod"]), look_of_json(model))
        return Snapshot(tuple(tree), frozenset(names.values()), states, tuple(elsewhere))

    def _notes(
        self, names: Mapping[int, str], model_ids: Sequence[int], which: str, values: Sequence[Any]
    ) -> list[CollectionNote]:
        """The notes of `model_ids` that `which` (IN_TREE for deck ids, OF_GUIDS) selects."""
        assert self.col.db is not None, "the collection is open"
        marks = ",".join("?" * len(values))
        query = CARDS.format(
            models=",".join("?" * len(model_ids)), which=which.format(decks=marks, guids=marks)
        )
        repeat = 2 if which == IN_TREE else 1
        notes: dict[int, tuple[Any, ...]] = {}
        cards: dict[int, list[CollectionCard]] = {}
        for row in self.col.db.all(query, *model_ids, *(list(values) * repeat)):
            note_id, guid, mod, flds, tags, mid, card_id, odid, did, kind, due, odue, data = row
            notes.setdefault(note_id, (guid, mod, split_fields(flds), split_tags(tags), mid))
            home = names.get(odid or did, "")
            position = (odue if odid else due) if kind == NEW else _position(data)
            cards.setdefault(note_id, []).append(CollectionCard(card_id, home, position))
        return [
            CollectionNote(note_id, guid, mod, fields, tags, tuple(cards[note_id]), mid)
            for note_id, (guid, mod, fields, tags, mid) in notes.items()
        ]

    def note_ids(self, root: str, model_ids: Sequence[int], guids: Sequence[str]) -> dict[str, int]:
        """The id of each note of `guids` (the notes a sync added), by GUID."""
        assert self.col.db is not None, "the collection is open"
        found: dict[str, int] = {}
        for start in range(0, len(guids), CHUNK):
            chunk = guids[start : start + CHUNK]
            query = GUIDS.format(guids=",".join("?" * len(chunk)))
            found.update((guid, note_id) for guid, note_id in self.col.db.all(query, *chunk))
        return found

    def read_media(self, name: str) -> bytes | None:
        """A file of the media folder, or None."""
        path = Path(self.col.media.dir()) / name
        return path.read_bytes() if path.is_file() else None

    def write_media(self, name: str, data: bytes) -> None:
        """Replace a file of the media folder (the old one goes to Anki's media trash)."""
        if (Path(self.col.media.dir()) / name).exists():
            self.col.media.trash_files([name])
        written = self.col.media.write_data(name, data)
        assert written == name, f"Anki renamed media file {name} to {written}"

    def set_look(self, model_id: int, css: str, templates: Sequence[tuple[str, str, str]]) -> None:
        """Give the note type new CSS and template text (each template's name, front and
        back, in the note type's order), in place."""
        model = self.col.models.get(model_id)  # type: ignore[arg-type]
        assert model is not None, "the plan sets the look of an existing note type only"
        model["css"] = css
        for template, (_, front, back) in zip(model["tmpls"], templates, strict=True):
            template["qfmt"], template["afmt"] = front, back
        self.col.models.update_dict(model)

    def import_package(self, path: Path) -> None:
        """Import new and changed notes as File > Import does, keeping the package's new-card
        positions; note types and deck options are left as they are."""
        from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

        options = ImportAnkiPackageOptions(
            merge_notetypes=False, with_scheduling=True, with_deck_configs=False
        )
        request = ImportAnkiPackageRequest(package_path=str(path.resolve()), options=options)
        self.col.import_anki_package(request)

    def move_cards(self, moves: Mapping[str, Sequence[int]]) -> None:
        """Move cards to decks by name, creating the decks that are missing."""
        for deck, card_ids in moves.items():
            deck_id = self.col.decks.id(deck)
            assert deck_id is not None
            self.col.set_deck(list(card_ids), deck_id)  # type: ignore[arg-type]

    def copy_options(self, pairs: Sequence[tuple[str, str]]) -> None:
        """Give each new deck the options group of the deck it replaces."""
        for old, new in pairs:
            source, target = self.col.decks.by_name(old), self.col.decks.by_name(new)
            if source and target and not source["dyn"] and not target["dyn"]:
                target["conf"] = source["conf"]
                self.col.decks.save(target)

    def add_tags(self, tags: Sequence[tuple[int, tuple[str, ...]]]) -> None:
        """Add tags to notes."""
        for note_id, names in tags:
            self.col.tags.bulk_add([note_id], " ".join(names))  # type: ignore[list-item]

    def remove_notes(self, note_ids: Sequence[int]) -> None:
        """Delete notes and their cards (their review log stays, as in Anki)."""
        if note_ids:
            self.col.remove_notes(list(note_ids))  # type: ignore[arg-type]

    def remove_empty_decks(self, names: Sequence[str]) -> tuple[str, ...]:
        """Remove each deck (deepest first) that holds no card, subdecks included."""
        removed = []
        for name in names:
            deck_id = self.col.decks.id_for_name(name)
            if deck_id is not None and not self.col.find_cards(deck_search(name)):
                self.col.decks.remove([deck_id])
                removed.append(name)
        return tuple(removed)


def _position(data: str) -> int:
    """A studied card's original new-card position, which Anki keeps in the card's data."""
    try:
        value = json.loads(data or "{}").get("pos", 0)
    except (ValueError, AttributeError):
        return 0
    return value if isinstance(value, int) else 0
