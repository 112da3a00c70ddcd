"""A sync plan note by note: new, unchanged, edited in Anki (kept), or updated, and moves.

Notes and tags are compared as Anki stores them: NFC text, tags without regard to case. A note's
fields that differ from what the last sync wrote were edited in Anki: unless the files are to
win, the note is kept as it is. An import replaces a note's tags, so the tags the user added in
Anki are put back after an update; qadeck's own are those the last sync gave it (or, before any
sync, those under the deck's tag).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from qadeck.deck.model import Kind
from qadeck.package.baseline import FIELD_SEPARATOR, BaselineNote, fields_digest
from qadeck.package.kinds import field_values
from qadeck.package.notetype import NoteType
from qadeck.render.notes import RenderedNote
from qadeck.sync.planned import (
    ChangeOptions,
    PlannedMove,
    PlannedNote,
    PlannedRetype,
    plain_text,
)
from qadeck.sync.record import RecordedNote, SyncRecord, digest
from qadeck.sync.snapshot import CollectionNote, deck_key

FORCE_UPDATE = b""  # a baseline digest no note has: the package writer makes the note newer


@dataclass
class NotesPlan:
    """The notes of the sources, one at a time: new, unchanged, kept or updated, and moves.

    Each note is compared as its kind's note type stores it; one whose note type in the
    collection is another is retyped: named, and left as it is.
    """

    root_tag: str
    record: SyncRecord
    options: ChangeOptions
    note_types: Mapping[Kind, NoteType]
    names: Mapping[int, str]  # of every note type a note may have, by id
    new: list[PlannedNote] = field(default_factory=list)
    updated: list[PlannedNote] = field(default_factory=list)
    kept: list[PlannedNote] = field(default_factory=list)
    unchanged: int = 0
    package: list[RenderedNote] = field(default_factory=list)
    moves: list[PlannedMove] = field(default_factory=list)
    retyped: list[PlannedRetype] = field(default_factory=list)
    restore: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)
    baseline: dict[str, BaselineNote] = field(default_factory=dict)
    recorded: dict[str, RecordedNote] = field(default_factory=dict)

    def add(self, note: RenderedNote, existing: CollectionNote | None) -> None:
        """Plan one note of the sources, given what the collection holds under its GUID."""
        planned = PlannedNote(plain_text(note.fields[0]), note.deck)
        values = field_values(note.kind, note.fields)
        written = RecordedNote(digest(values), note.tags)
        if existing is None:  # its id is known once it is imported
            self.recorded[note.guid] = written
            self.new.append(planned)
            self.package.append(note)
            return
        written = written._replace(note_id=existing.note_id)
        self.moves.extend(_moves(planned.question, existing, note.deck))
        before = self.record.notes.get(note.guid)
        target = self.note_types[note.kind]
        if existing.model_id and existing.model_id != target.model_id:
            old = self.names.get(existing.model_id, "?")
            # Not recorded: once its type is changed in Anki, the next sync updates it. Not in
            # the package either: AnkiConnect's import would try to merge the two note types.
            self.retyped.append(PlannedRetype(planned.question, note.deck, old, target.name))
            return
        self.recorded[note.guid] = written
        ours = _folded(before.tags if before else _in_tag_tree(existing.tags, self.root_tag))
        tags, wanted = _folded(existing.tags), _folded(note.tags)
        stale_tags = (ours - wanted) & tags
        if existing.fields == values and wanted <= tags and not stale_tags:
            self.unchanged += 1
        elif edited_in_anki(existing, before) and not self.options.overwrite_edits:
            self.kept.append(planned)
            self.recorded[note.guid] = (
                before._replace(note_id=existing.note_id) if before else written
            )
        else:
            self.updated.append(planned)
            self.package.append(note)
            # An import replaces a note's tags: the user's own are put back after it.
            theirs = tuple(t for t in existing.tags if t.casefold() not in ours | wanted)
            if theirs:
                self.restore.append((existing.note_id, theirs))
            self.baseline[note.guid] = baseline_note(existing)._replace(digest=FORCE_UPDATE)


def as_stored(note: RenderedNote) -> RenderedNote:
    """The note as Anki stores it: Anki normalises text to NFC."""
    fields = tuple(unicodedata.normalize("NFC", value) for value in note.fields)
    tags = tuple(unicodedata.normalize("NFC", tag) for tag in note.tags)
    deck = unicodedata.normalize("NFC", note.deck)
    return note._replace(fields=fields, tags=tags, deck=deck)  # type: ignore[arg-type]


def baseline_note(note: CollectionNote) -> BaselineNote:
    """The note as the package writer's baseline: its id, `mod` and new-card position."""
    fields = note.fields or ("",)
    return BaselineNote(
        note.note_id,
        note.mod,
        max((card.position for card in note.cards), default=0),
        fields_digest(FIELD_SEPARATOR.join(fields)),
        fields[0],
        fields[-1],
        " ".join(note.tags),
        note.deck,
        note.model_id,
    )


def _moves(question: str, note: CollectionNote, deck: str) -> list[PlannedMove]:
    """A move for each deck of the tree that holds cards of the note and is not `deck`."""
    by_deck: dict[str, list[int]] = {}
    for card in note.cards:
        if card.deck and deck_key(card.deck) != deck_key(deck):
            by_deck.setdefault(card.deck, []).append(card.card_id)
    return [PlannedMove(question, old, deck, tuple(cards)) for old, cards in by_deck.items()]


def edited_in_anki(note: CollectionNote, before: RecordedNote | None) -> bool:
    """Whether the note's fields changed in Anki since the last sync wrote them."""
    return before is not None and before.digest != digest(note.fields)


def _folded(tags: Sequence[str]) -> set[str]:
    return {tag.casefold() for tag in tags}


def _in_tag_tree(tags: Sequence[str], root_tag: str) -> tuple[str, ...]:
    """The tags qadeck gives by section: the deck's tag and those below it."""
    top = root_tag.casefold()
    return tuple(t for t in tags if t.casefold() == top or t.casefold().startswith(top + "::"))
