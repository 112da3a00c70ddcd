"""Write the .apkg: the only module that imports `genanki`.

Real Anki updates a re-imported note only when the package's note `mod` is strictly newer than
its own copy, and a note type only when the note type's `mod` is. So each note carries the `mod`
of its last content change, taken from the previous package (the baseline): unchanged notes keep
their value and their bytes, changed and new ones get the build time.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import genanki

from qadeck.deck import deck_id
from qadeck.media import MediaFile
from qadeck.notetype import NoteType
from qadeck.render import RenderedNote

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# The fastest deflate: a quarter of the time of the default level for a package about a
# quarter larger (10,000 notes: 0.05 s and 2.3 MB against 0.22 s and 1.9 MB).
COMPRESS_LEVEL = 1


@dataclass(frozen=True)
class BaselineNote:
    """A note as the previous package holds it."""

    note_id: int
    mod: int
    due: int
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    deck: str


@dataclass(frozen=True)
class Baseline:
    """What the previous package says about each note and about the note type."""

    notes: dict[str, BaselineNote] = field(default_factory=dict)
    model_mod: int | None = None
    model_look: tuple[str, ...] | None = None


class NotAPackage(Exception):
    """The file at the output path cannot serve as a baseline."""


def read_baseline(path: Path, note_type: NoteType) -> Baseline:
    """Read the previous package at `path`; a missing file is an empty baseline."""
    try:
        with zipfile.ZipFile(path) as package:
            data = package.read("collection.anki2")
    except FileNotFoundError:
        return Baseline()
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise NotAPackage(str(exc)) from None
    connection = sqlite3.connect(":memory:")
    try:
        connection.deserialize(data)
        models_json, decks_json = connection.execute("SELECT models, decks FROM col").fetchone()
        models = json.loads(models_json)
        decks = {int(k): v["name"] for k, v in json.loads(decks_json).items()}
        cards = {
            nid: (did, due)
            for nid, did, due in connection.execute("SELECT nid, did, due FROM cards")
        }
        rows = connection.execute(
            "SELECT id, guid, mod, flds, tags FROM notes WHERE mid = ?", (note_type.model_id,)
        ).fetchall()
    except (sqlite3.DatabaseError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise NotAPackage(str(exc)) from None
    finally:
        connection.close()
    model = models.get(str(note_type.model_id))
    notes = {
        guid: BaselineNote(
            note_id,
            mod,
            cards.get(note_id, (0, 0))[1],
            tuple(fields.split("\x1f")),
            tuple(tags.split()),
            decks.get(cards.get(note_id, (0, 0))[0], ""),
        )
        for note_id, guid, mod, fields, tags in rows
    }
    if model is None:
        return Baseline(notes)
    return Baseline(notes, int(model["mod"]), _model_look_of_json(model))


def package_bytes(
    note_type: NoteType,
    deck_names: Sequence[str],
    notes: Sequence[RenderedNote],
    baseline: Baseline,
    now: int,
    media: Sequence[MediaFile] = (),
) -> bytes:
    """The whole .apkg as bytes: the same inputs and baseline always give the same bytes."""
    model = _Model(note_type, _model_mod(note_type, baseline, now))
    rows = _Rows()
    decks = {name: _Deck(deck_id(name), name, rows) for name in deck_names}
    stamps = _note_stamps(notes, baseline, now)
    for note, (note_id, mod, due) in zip(notes, stamps, strict=True):
        decks[note.deck].add_note(
            _Note(
                note_id=note_id,
                mod=mod,
                model=model,
                fields=list(note.fields),
                tags=list(note.tags),
                guid=note.guid,
                due=due,
            )
        )
    collection = _collection_bytes(genanki.Package(list(decks.values())), rows)
    return _zip(collection, media)


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step; on any failure the old file stays as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def model_look(note_type: NoteType) -> tuple[str, ...]:
    """What Anki applies in place when the note type's `mod` grows: name, CSS, template text."""
    return (note_type.name, note_type.css, note_type.front, note_type.back)


def _model_look_of_json(model: dict[str, Any]) -> tuple[str, ...]:
    template = model["tmpls"][0]
    return (model["name"], model["css"], template["qfmt"], template["afmt"])


def _model_mod(note_type: NoteType, baseline: Baseline, now: int) -> int:
    if baseline.model_mod is None:
        return now
    if baseline.model_look == model_look(note_type):
        return baseline.model_mod
    return max(now, baseline.model_mod + 1)


def _note_stamps(
    notes: Sequence[RenderedNote], baseline: Baseline, now: int
) -> list[tuple[int, int, int]]:
    """(note id, mod, due) for each note: kept when unchanged, newer when changed, fresh when new.

    Anki keeps a new card's `due` from the package, so a question added since the baseline is
    placed after every earlier one rather than tying with an existing position.
    """
    used = {old.note_id for old in baseline.notes.values()}
    fresh_ids = (i for i in itertools.count(now * 1000) if i not in used)
    fresh_dues = itertools.count(max((old.due for old in baseline.notes.values()), default=-1) + 1)
    stamps = []
    for note in notes:
        old = baseline.notes.get(note.guid)
        if old is None:
            due = next(fresh_dues) if baseline.notes else note.due
            stamps.append((next(fresh_ids), now, due))
        elif old.fields == note.fields and old.tags == note.tags:
            stamps.append((old.note_id, old.mod, old.due))
        else:
            stamps.append((old.note_id, max(now, old.mod + 1), old.due))
    return stamps


class _Model(genanki.Model):  # type: ignore[misc]
    """A genanki model whose `mod` is ours rather than the package-wide build time."""

    def __init__(self, note_type: NoteType, mod: int) -> None:
        super().__init__(
            note_type.model_id,
            note_type.name,
            fields=[{"name": name} for name in note_type.fields],
            templates=[
                {"name": note_type.template_name, "qfmt": note_type.front, "afmt": note_type.back}
            ],
            css=note_type.css,
        )
        self._mod = mod

    def to_json(self, timestamp: float, deck_id: int) -> dict[str, Any]:
        return super().to_json(self._mod, deck_id)  # type: ignore[no-any-return]


class _Note(genanki.Note):  # type: ignore[misc]
    """A genanki note with its own id and `mod`; its single card shares the id."""

    def __init__(self, *, note_id: int, mod: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._note_id = note_id
        self._mod = mod

    def _check_invalid_html_tags_in_fields(self) -> None:
        # Fields come sanitized from render; genanki's own tag regex takes quadratic time on a
        # long field (15 s on a 2 MB answer) only to warn about what nh3 already guarantees.
        pass

    def write_to_db(
        self, cursor: sqlite3.Cursor, timestamp: float, deck_id: int, id_gen: Any
    ) -> None:
        # genanki stamps every note with one package-wide time and draws ids from one counter.
        super().write_to_db(cursor, self._mod, deck_id, iter((self._note_id, self._note_id)))


class _Deck(genanki.Deck):  # type: ignore[misc]
    """A genanki deck that writes only its notes, into `rows`; the JSON is written once, after."""

    def __init__(self, deck_id: int, name: str, rows: _Rows) -> None:
        super().__init__(deck_id, name)
        self.rows = rows

    def write_to_db(self, cursor: sqlite3.Cursor, timestamp: float, id_gen: Any) -> None:
        # genanki re-reads and rewrites the JSON of every deck and note type once per deck:
        # quadratic in the number of sections (800 subdecks took 2.5 s).
        for note in self.notes:
            self.add_model(note.model)
            note.write_to_db(self.rows, timestamp, self.deck_id, id_gen)


class _Rows:
    """A cursor for genanki's write_to_db that inserts its rows a batch at a time per table.

    genanki runs one INSERT per note and per card; executemany takes a third of the time.
    Note ids are given (the first column), so they are the `lastrowid` genanki reads.
    """

    BATCH = 1_000  # enough to be fast, small enough not to hold every field twice

    def __init__(self) -> None:
        self.cursor: sqlite3.Cursor | None = None
        self.rows: dict[str, list[tuple[Any, ...]]] = {}
        self.lastrowid: int | None = None

    def execute(self, statement: str, row: tuple[Any, ...]) -> None:
        if not statement.startswith("INSERT INTO"):
            raise AssertionError(f"genanki wrote more than rows: {statement}")
        batch = self.rows.setdefault(statement, [])
        batch.append(row)
        self.lastrowid = row[0]
        if len(batch) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        assert self.cursor is not None, "rows are written only while the collection is open"
        for statement, rows in self.rows.items():
            self.cursor.executemany(statement, rows)
            rows.clear()


def _write_deck_and_model_json(cursor: sqlite3.Cursor, decks: Sequence[_Deck]) -> None:
    """What genanki's Deck.write_to_db stores in `col`, in the same order, written once."""
    (decks_json,) = cursor.execute("SELECT decks FROM col").fetchone()
    (models_json,) = cursor.execute("SELECT models FROM col").fetchone()
    deck_rows, model_rows = json.loads(decks_json), json.loads(models_json)
    for deck in decks:
        deck_rows[str(deck.deck_id)] = deck.to_json()
        for model in deck.models.values():
            model_rows[str(model.model_id)] = model.to_json(0, deck.deck_id)
    cursor.execute(
        "UPDATE col SET decks = ?, models = ?", (json.dumps(deck_rows), json.dumps(model_rows))
    )


def _collection_bytes(package: genanki.Package, rows: _Rows) -> bytes:
    """Write the collection into memory, so that no temporary database is left anywhere."""
    connection = sqlite3.connect(":memory:")
    try:
        cursor = rows.cursor = connection.cursor()
        package.write_to_db(cursor, 0, itertools.count(1))
        rows.flush()
        _write_deck_and_model_json(cursor, package.decks)
        connection.commit()
        return connection.serialize()
    finally:
        connection.close()


def _zip(collection: bytes, media: Sequence[MediaFile]) -> bytes:
    """Zip with fixed entry metadata so that equal content gives equal bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        _add(archive, "collection.anki2", collection)
        index = {str(i): item.name for i, item in enumerate(media)}
        _add(archive, "media", json.dumps(index, ensure_ascii=False).encode())
        for i, item in enumerate(media):
            _add(archive, str(i), item.data)
    return buffer.getvalue()


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o644 << 16
    archive.writestr(info, data, compresslevel=COMPRESS_LEVEL)
