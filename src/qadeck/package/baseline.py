"""The previous package at the output path: what it says about each note and note type.

A build compares its notes with these to give each the `mod` of its last change (see package).
Only what that needs is kept: a digest of each note's fields, its id, `mod`, position, deck and
note type, and what messages quote of it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import tempfile
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from qadeck.package.kinds import QUESTION_END, QUESTION_START, field_values
from qadeck.package.notetype import NoteType
from qadeck.render.notes import RenderedNote

FIELD_SEPARATOR = "\x1f"  # between a note's fields in the notes table
CHUNK = 1 << 16  # how much of a collection is read at a time, to zip or unzip it


class BaselineNote(NamedTuple):
    """A note as the previous package holds it: a digest of its fields, and what messages quote.

    (A tuple rather than a dataclass: a rebuild reads one per note, and this is the cheapest.)
    """

    note_id: int
    mod: int
    due: int
    digest: bytes  # of the fields as the notes table stores them (see fields_digest)
    question: str  # the question's HTML (the first field, or the start of a cloze's Text)
    source: str  # the Source field, `file#key` (the last field)
    tag_text: str  # the tags joined by spaces
    deck: str
    model_id: int = 0  # its note type (0: not known)
    section: str = ""  # the Section field
    content: bytes = b""  # a digest of its fields but the Section and Source (see content_digest)

    @property
    def tags(self) -> tuple[str, ...]:
        """The tags."""
        return tuple(self.tag_text.split())


def fields_digest(flds: str) -> bytes:
    """A digest of a note's fields joined as the notes table stores them."""
    return hashlib.blake2b(flds.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def content_digest(values: Sequence[str]) -> bytes:
    """A digest of what a note says, as its note type stores it: every field but the Section
    (the third of every kind) and the Source (the last). Whatever the section or file."""
    kept = [value for index, value in enumerate(values) if index != 2][:-1]
    return fields_digest(FIELD_SEPARATOR.join(kept))


def is_unchanged(
    old: BaselineNote, note: RenderedNote, model_id: int, fields: tuple[str, ...] | None = None
) -> bool:
    """Whether a note's fields (as its note type `model_id` stores them), tags and note type
    are as the previous package holds them."""
    values = field_values(note.kind, note.fields) if fields is None else fields
    return (
        old.model_id == model_id
        and old.digest == fields_digest(FIELD_SEPARATOR.join(values))
        and old.tags == note.tags
    )


# The key in the collection's `conf` under which a package records the deck it was built
# from. Anki's importer reads notes, cards, decks and note types from a package, never its conf.
MARK_KEY = "qadeck"


@dataclass(frozen=True)
class DeckMark:
    """Which deck a package was built from: its identity (`deck.toml` id, ...) and root name."""

    identity: str
    name: str

    def to_json(self) -> dict[str, str]:
        """As stored in the collection's conf."""
        return {"deck": self.identity, "name": self.name}


class BaselineModel(NamedTuple):
    """A note type as the previous package holds it: its name, `mod`, and what Anki applies in
    place when the `mod` grows (see model_look)."""

    name: str
    mod: int
    look: tuple[str, ...]


@dataclass(frozen=True)
class Baseline:
    """What the previous package says about each note and about each note type (by id), and
    which deck it was built from (None for a package of an earlier qadeck, which did not say)."""

    notes: dict[str, BaselineNote] = field(default_factory=dict)
    models: dict[int, BaselineModel] = field(default_factory=dict)
    deck: DeckMark | None = None


class NotAPackage(Exception):
    """The file at the output path cannot serve as a baseline."""


def read_baseline(path: Path) -> Baseline:
    """Read the previous package at `path`; a missing file is an empty baseline."""
    with tempfile.TemporaryDirectory(prefix="qadeck-") as folder:
        # Unzipped to a file a piece at a time: SQLite then reads what it needs from it,
        # instead of the whole collection sitting in memory twice.
        collection = Path(folder) / "collection.anki2"
        try:
            with (
                zipfile.ZipFile(path) as package,
                package.open("collection.anki2") as stored,
                collection.open("wb") as copy,
            ):
                shutil.copyfileobj(stored, copy, CHUNK)
        except FileNotFoundError:
            return Baseline()
        except (zipfile.BadZipFile, zlib.error, KeyError, OSError) as exc:
            raise NotAPackage(str(exc)) from None
        return _read_collection(collection)


def _read_collection(collection: Path) -> Baseline:
    connection = sqlite3.connect(collection)
    notes = {}
    try:
        models_json, decks_json, conf_json = connection.execute(
            "SELECT models, decks, conf FROM col"
        ).fetchone()
        models = {
            int(model_id): BaselineModel(model["name"], int(model["mod"]), look_of_json(model))
            for model_id, model in json.loads(models_json).items()
        }
        cloze = {model_id for model_id, model in json.loads(models_json).items() if model["type"]}
        mark = _mark(json.loads(conf_json))
        decks = {int(k): v["name"] for k, v in json.loads(decks_json).items()}
        cards = {
            nid: (did, due)
            for nid, did, due in connection.execute("SELECT nid, did, due FROM cards")
        }
        no_card = (0, 0)
        rows = connection.execute("SELECT id, guid, mod, flds, tags, mid FROM notes")
        for note_id, guid, mod, flds, tags, mid in rows:  # one at a time: only digests are kept
            did, due = cards.get(note_id, no_card)
            question = flds.partition(FIELD_SEPARATOR)[0]
            if str(mid) in cloze:
                question = _cloze_question(question)
            values = flds.split(FIELD_SEPARATOR)
            notes[guid] = BaselineNote(
                note_id,
                mod,
                due,
                fields_digest(flds),
                question,
                values[-1],
                tags,
                decks.get(did, ""),
                mid,
                values[2] if len(values) > 2 else "",
                content_digest(values),
            )
    except (sqlite3.DatabaseError, json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise NotAPackage(str(exc)) from None
    finally:
        connection.close()
    return Baseline(notes, models, mark)


def _cloze_question(text: str) -> str:
    """The question's HTML at the start of a cloze note's Text (see kinds.field_values)."""
    return text.removeprefix(QUESTION_START).partition(QUESTION_END)[0]


def _mark(conf: Any) -> DeckMark | None:
    found = conf.get(MARK_KEY) if isinstance(conf, dict) else None
    if not isinstance(found, dict):
        return None
    identity, name = found.get("deck"), found.get("name")
    if not isinstance(identity, str) or not isinstance(name, str):
        return None
    return DeckMark(identity, name)


def model_look(note_type: NoteType) -> tuple[str, ...]:
    """What Anki applies in place when the note type's `mod` grows: name, CSS, template text."""
    texts = (text for t in note_type.templates for text in (t.front, t.back))
    return (note_type.name, note_type.css, *texts)


def look_of_json(model: dict[str, Any]) -> tuple[str, ...]:
    """A note type's look from its JSON (as the legacy `col.models` column stores it): its name,
    CSS and the text of each template, as model_look gives ours."""
    texts = (text for t in model["tmpls"] for text in (t["qfmt"], t["afmt"]))
    return (model["name"], model["css"], *texts)
