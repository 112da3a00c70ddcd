"""The sync record: what the last sync wrote of each note, kept in the collection itself.

A sync must tell a note edited inside Anki from a note whose sources changed. Neither the
collection nor AnkiConnect says who changed a note, so each sync leaves a record of what it
wrote: a digest of each note's fields, the tags qadeck gave it and its note id, the decks it made
and each note type's look. A note whose fields no longer match its digest was edited in Anki. The
note ids find the deck's notes wherever their cards went (AnkiConnect gives no GUIDs: a note
outside the deck is known as this deck's only by its id here).

The record is a media file, `_qadeck-sync-….json`: the one place both ways in (the collection
file and AnkiConnect's `retrieveMediaFile`/`storeMediaFile`) can read and write, and it travels
with the collection through AnkiWeb. Anki's media check never reports files that start with
`_` as unused, and its exports leave them out.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from qadeck.deck.identity import slug
from qadeck.package.baseline import FIELD_SEPARATOR
from qadeck.package.notetype import MODEL_ID

FORMAT = 1


class RecordedNote(NamedTuple):
    """What the last sync wrote of a note: a digest of its fields, qadeck's tags, and the
    note's id in the collection (0: not known)."""

    digest: str
    tags: tuple[str, ...]
    note_id: int = 0


@dataclass(frozen=True)
class SyncRecord:
    """What the last sync wrote: notes by GUID, the decks it made, each note type's look (a
    digest, by note type id)."""

    notes: Mapping[str, RecordedNote] = field(default_factory=dict)
    decks: tuple[str, ...] = ()
    looks: Mapping[int, str] = field(default_factory=dict)

    @property
    def note_ids(self) -> dict[int, str]:
        """The GUID of each note the record knows the id of, by id."""
        return {note.note_id: guid for guid, note in self.notes.items() if note.note_id}


def with_note_ids(record: SyncRecord, ids: Mapping[str, int]) -> SyncRecord:
    """The record with the note ids of `ids` (by GUID) filled in."""
    notes = {
        guid: note._replace(note_id=ids[guid]) if guid in ids else note
        for guid, note in record.notes.items()
    }
    return SyncRecord(notes, record.decks, record.looks)


class UnreadableRecord(Exception):
    """A record file that is not one qadeck wrote."""


def record_name(identity: str) -> str:
    """The record's media file name for a deck identity: readable, and distinct per identity."""
    digest = hashlib.sha256(identity.encode()).hexdigest()[:10]
    return f"_qadeck-sync-{slug(identity)[:40]}-{digest}.json"


def digest(values: Sequence[str]) -> str:
    """A short digest of a note's fields or a note type's look."""
    data = FIELD_SEPARATOR.join(values).encode("utf-8", "surrogatepass")
    return base64.b64encode(hashlib.blake2b(data, digest_size=12).digest()).decode()


def encode_record(record: SyncRecord, deck: str, identity: str) -> bytes:
    """The record as bytes: the same record always gives the same bytes."""
    document = {
        "qadeck-sync": FORMAT,
        "deck": deck,
        "identity": identity,
        "looks": {str(model_id): look for model_id, look in sorted(record.looks.items())},
        "decks": list(record.decks),
        "notes": {
            guid: [note.digest, " ".join(note.tags), note.note_id]
            for guid, note in sorted(record.notes.items())
        },
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=0).encode()


def decode_record(data: bytes | None) -> SyncRecord:
    """The record in `data`; no data is an empty record (no sync has written this deck yet)."""
    if data is None:
        return SyncRecord()
    try:
        document = json.loads(data)
        if document.get("qadeck-sync") != FORMAT:
            raise UnreadableRecord(f"unknown format {document.get('qadeck-sync')!r}")
        notes = {
            str(guid): RecordedNote(
                str(entry[0]), tuple(str(entry[1]).split()), int(entry[2]) if entry[2:] else 0
            )
            for guid, entry in document["notes"].items()
        }
        looks = {int(model_id): str(look) for model_id, look in document.get("looks", {}).items()}
        if document.get("look"):  # written before there was more than the Q&A note type
            looks.setdefault(MODEL_ID, str(document["look"]))
        return SyncRecord(notes, tuple(map(str, document["decks"])), looks)
    except (ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise UnreadableRecord(str(exc)) from None
