"""Write the .apkg: with rows, the only modules that import `genanki`.

Real Anki updates a re-imported note only when the package's note `mod` is strictly newer than
its own copy, and a note type only when the note type's `mod` is. So each note carries the `mod`
of its last content change, taken from the previous package (the baseline, see baseline):
unchanged notes keep their value and their bytes, changed and new ones get the build time.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

import genanki

from qadeck.deck.identity import deck_id
from qadeck.deck.model import Kind
from qadeck.package.baseline import (
    CHUNK,
    MARK_KEY,
    Baseline,
    DeckMark,
    is_unchanged,
    model_look,
)
from qadeck.package.deflate import BLOCK, BlockDeflate
from qadeck.package.kinds import field_values
from qadeck.package.notetype import NoteType
from qadeck.package.rows import NoteRows, PackageModel
from qadeck.render.media import MediaFile
from qadeck.render.notes import RenderedNote

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# The fastest deflate: a quarter of the time of the default level for a package about a
# quarter larger (10,000 notes: 0.05 s and 2.3 MB against 0.22 s and 1.9 MB).
COMPRESS_LEVEL = 1


def write_package(
    path: Path,
    note_types: Mapping[Kind, NoteType],
    deck_names: Sequence[str],
    notes: Sequence[RenderedNote],
    baseline: Baseline,
    now: int,
    media: Sequence[MediaFile] = (),
    mark: DeckMark | None = None,
    unchanged: Sequence[bool] | None = None,
) -> None:
    """Write the .apkg to `path` in one step: the same inputs and baseline give the same bytes.

    Only the note types some note uses are written. `mark` records which deck the package
    holds, for the next build to see; `unchanged` says for each note whether the baseline holds
    it as it is (changes.unchanged_notes), when worked out already. On any failure the file at
    `path` stays as it was and nothing temporary is left.
    """
    models = {
        kind: PackageModel(note_types[kind], _model_mod(note_types[kind], baseline, now))
        for kind in dict.fromkeys(note.kind for note in notes)
    }
    decks = {name: _Deck(deck_id(name), name) for name in deck_names}
    for name, kind in dict.fromkeys((note.deck, note.kind) for note in notes):
        decks[name].add_model(models[kind])
    values = [field_values(note.kind, note.fields) for note in notes]
    stamps = _note_stamps(notes, values, models, baseline, now, unchanged)
    placed = [
        (n, v, models[n.kind], decks[n.deck].deck_id, *s)
        for n, v, s in zip(notes, values, stamps, strict=True)
    ]
    rows = NoteRows(placed)
    with _collection(genanki.Package(list(decks.values())), rows, mark) as collection:
        write_atomically(path, partial(_zip, collection, media))


def write_atomically(path: Path, data: bytes | Callable[[BinaryIO], None]) -> None:
    """Replace `path` with `data` (or what `data` writes) in one step; on any failure the old
    file stays as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            if isinstance(data, bytes):
                file.write(data)
            else:
                data(file)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _model_mod(note_type: NoteType, baseline: Baseline, now: int) -> int:
    old = baseline.models.get(note_type.model_id)
    if old is None:
        return now
    if old.look == model_look(note_type):
        return old.mod
    return max(now, old.mod + 1)


def _note_stamps(
    notes: Sequence[RenderedNote],
    values: Sequence[tuple[str, ...]],
    models: Mapping[Kind, genanki.Model],
    baseline: Baseline,
    now: int,
    unchanged: Sequence[bool] | None = None,
) -> list[tuple[int, int, int]]:
    """(note id, mod, due) for each note: kept when unchanged, newer when changed, fresh when new.

    `due` is a new card's place in Anki's new-card order, which Anki takes from the package for
    a card it adds and ignores for one it has. Dues grow in document order, so that a fresh
    import studies the questions in the order of the sources. A note keeps its due while that
    order allows (an unchanged rebuild is then the same package); a question added since the
    baseline comes after every earlier due, so that in a collection holding the earlier cards
    it arrives after them rather than tying with one of them.
    """
    used = {old.note_id for old in baseline.notes.values()}
    fresh_ids = (i for i in itertools.count(now * 1000) if i not in used)
    latest = max((old.due for old in baseline.notes.values()), default=-1)
    last = -1  # the due of the note before, in document order
    stamps = []
    if unchanged is None:
        unchanged = [
            (old := baseline.notes.get(note.guid)) is not None
            and is_unchanged(old, note, models[note.kind].model_id, fields)
            for note, fields in zip(notes, values, strict=True)
        ]
    for note, same in zip(notes, unchanged, strict=True):
        old = baseline.notes.get(note.guid)
        if old is None:
            last = max(last, latest) + 1 if baseline.notes else note.due
            stamps.append((next(fresh_ids), now, last))
            continue
        last = old.due if old.due > last else last + 1
        if same:
            stamps.append((old.note_id, old.mod, last))
        else:
            stamps.append((old.note_id, max(now, old.mod + 1), last))
    return stamps


class _Deck(genanki.Deck):  # type: ignore[misc]
    """A genanki deck whose notes NoteRows writes; the JSON of all decks is written once, after."""

    def write_to_db(self, cursor: sqlite3.Cursor, timestamp: float, id_gen: Any) -> None:
        # genanki re-reads and rewrites the JSON of every deck and note type once per deck:
        # quadratic in the number of sections (800 subdecks took 2.5 s).
        pass


def _write_deck_and_model_json(
    cursor: sqlite3.Cursor, decks: Sequence[_Deck], mark: DeckMark | None
) -> None:
    """What genanki's Deck.write_to_db stores in `col`, in the same order, written once; and
    the mark of the deck in the collection's conf."""
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
    if mark is not None:
        (conf_json,) = cursor.execute("SELECT conf FROM col").fetchone()
        conf = {**json.loads(conf_json), MARK_KEY: mark.to_json()}
        cursor.execute("UPDATE col SET conf = ?", (json.dumps(conf, ensure_ascii=False),))


@contextmanager
def _collection(package: genanki.Package, rows: NoteRows, mark: DeckMark | None) -> Iterator[Path]:
    """The collection, written to a file in a temporary folder, removed whatever happens."""
    with tempfile.TemporaryDirectory(prefix="qadeck-") as folder:
        collection = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(collection)
        try:
            # Nothing to recover if writing fails: the file is thrown away.
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            connection.execute("PRAGMA cache_size = -512")  # KiB: the file is written in order
            cursor = connection.cursor()
            package.write_to_db(cursor, 0, itertools.count(1))
            rows.insert_into(cursor)
            _write_deck_and_model_json(cursor, package.decks, mark)
            connection.commit()
        finally:
            connection.close()
        yield collection


def _zip(collection: Path, media: Sequence[MediaFile], out: BinaryIO) -> None:
    """Zip into `out` with fixed entry metadata, so that equal content gives equal bytes."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        with collection.open("rb") as file:
            _add(archive, "collection.anki2", file, collection.stat().st_size)
        names = {str(i): item.name for i, item in enumerate(media)}
        index = json.dumps(names, ensure_ascii=False).encode()
        _add(archive, "media", io.BytesIO(index), len(index))
        for i, item in enumerate(media):
            _add(archive, str(i), io.BytesIO(item.data), len(item.data))


def _add(archive: zipfile.ZipFile, name: str, data: BinaryIO, size: int) -> None:
    """One entry, streamed in: as ZipFile.writestr writes it, without the data in memory."""
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o644 << 16
    info.file_size = size  # writestr sets it first too: it decides whether Zip64 is needed
    # The level is a private attribute before Python 3.13 (then `compress_level`).
    level = "compress_level" if hasattr(info, "compress_level") else "_compresslevel"
    setattr(info, level, COMPRESS_LEVEL)
    with archive.open(info, "w") as entry:
        if size > BLOCK and hasattr(entry, "_compressor"):  # zipfile's, private: see deflate
            entry._compressor = BlockDeflate(COMPRESS_LEVEL)
        shutil.copyfileobj(data, entry, CHUNK)
