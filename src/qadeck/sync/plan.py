"""What a sync will change, worked out before anything is written: a plain plan.

The plan compares the rendered notes with what the collection holds (a Snapshot) and with what
the last sync wrote (the SyncRecord):

- a note whose GUID the deck's tree lacks is new; one whose fields or qadeck's tags differ is
  updated, unless its fields also differ from what the last sync wrote: then it was edited in
  Anki and is kept as it is (unless the files are to win);
- a card whose home deck is not its question's section is moved; when every card of a deck that
  is no longer a section goes to one deck that does not exist yet, the section was renamed;
- a note of the tree that qadeck made and the sources no longer have is removed: listed, and
  deleted only when asked to (never when it was edited in Anki since the last sync).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from qadeck.deck.identity import note_guid
from qadeck.deck.model import Deck, Kind
from qadeck.package.baseline import Baseline
from qadeck.package.kinds import shared_note_types
from qadeck.package.notetype import NoteType
from qadeck.render.notes import RenderedNote
from qadeck.sync.deck_plan import DeckRename, find_renames, stale_decks
from qadeck.sync.look_plan import PlannedLook, plan_looks
from qadeck.sync.note_plan import NotesPlan, as_stored, baseline_note, edited_in_anki
from qadeck.sync.planned import (
    ChangeOptions,
    PlannedMove,
    PlannedNote,
    PlannedRemoval,
    PlannedRetype,
    plain_text,
)
from qadeck.sync.record import RecordedNote, SyncRecord, digest
from qadeck.sync.snapshot import CollectionNote, Snapshot, deck_key, in_tree


@dataclass(frozen=True)
class SyncPlan:
    """Everything a sync will do, and what it will record, before anything is written."""

    notes: int
    new: tuple[PlannedNote, ...] = ()
    updated: tuple[PlannedNote, ...] = ()
    unchanged: int = 0
    kept: tuple[PlannedNote, ...] = ()
    moves: tuple[PlannedMove, ...] = ()
    renames: tuple[DeckRename, ...] = ()
    removals: tuple[PlannedRemoval, ...] = ()
    package: tuple[RenderedNote, ...] = ()  # new and updated notes, imported as a package
    baseline: Baseline = field(default_factory=Baseline)  # ids, mods and positions for it
    looks: tuple[PlannedLook, ...] = ()  # note types' new CSS and templates
    looks_kept: tuple[str, ...] = ()  # note types edited in Anki: their looks stay
    retyped: tuple[PlannedRetype, ...] = ()  # notes of another note type: left as they are
    restore_tags: tuple[tuple[int, tuple[str, ...]], ...] = ()  # the user's, after an update
    stale_decks: tuple[str, ...] = ()  # removed when they end up empty
    record: SyncRecord = field(default_factory=SyncRecord)

    @property
    def moved(self) -> tuple[PlannedMove, ...]:
        """The moves that are not part of a renamed deck."""
        return tuple(move for move in self.moves if not move.by_rename)

    @property
    def counts(self) -> dict[str, int]:
        """The deck's notes counted once each: new, updated (a field or qadeck's tags changed),
        moved (its cards move, besides a renamed deck), unchanged and kept (edited in Anki, or
        of another note type); they add up to `notes`."""
        moved = {(move.question, move.new_deck) for move in self.moved}
        updated = sum((n.question, n.deck) not in moved for n in self.updated)
        left = [*self.kept, *(PlannedNote(r.question, r.deck) for r in self.retyped)]
        kept = sum((n.question, n.deck) not in moved for n in left)
        unchanged = self.unchanged - (
            len(moved) - (len(self.updated) - updated) - (len(left) - kept)
        )
        return {
            "new": len(self.new),
            "updated": updated,
            "moved": len(moved),
            "unchanged": unchanged,
            "kept": kept,
        }

    @property
    def deletions(self) -> tuple[int, ...]:
        """The ids of the notes this sync deletes."""
        return tuple(removal.note_id for removal in self.removals if removal.delete)


def sync_model_ids(note_types: Mapping[Kind, NoteType]) -> tuple[int, ...]:
    """The note types whose notes a sync reads: the deck's, and the shared ones (a note of a
    shared type that the deck's own style now gives another is one whose type changed)."""
    every = (*note_types.values(), *shared_note_types().values())
    return tuple(dict.fromkeys(note_type.model_id for note_type in every))


def plan_sync(
    deck: Deck,
    notes: Sequence[RenderedNote],
    note_types: Mapping[Kind, NoteType],
    snapshot: Snapshot,
    record: SyncRecord,
    options: ChangeOptions,
) -> SyncPlan:
    """Compare the rendered notes with the collection and the last sync's record."""
    present = _present(snapshot, {note.guid for note in notes})
    names = {t.model_id: t.name for t in (*shared_note_types().values(), *note_types.values())}
    notes_plan = NotesPlan(deck.tag(()), record, options, note_types, names)
    for note in snapshot.notes:
        notes_plan.baseline[note.guid] = baseline_note(note)
    for rendered in map(as_stored, notes):
        notes_plan.add(rendered, present.get(rendered.guid))
    recorded = notes_plan.recorded
    removals = _removals(deck, present, {note.guid for note in notes}, record, options, recorded)
    decks = (deck.name, *(deck.full_name(section) for section in deck.sections))
    renames, moves = find_renames(notes_plan.moves, decks, snapshot.decks)
    renamed = [old for rename in renames for old, _ in rename.decks]
    looks = plan_looks(note_types.values(), snapshot.note_types, record.looks, options)
    return SyncPlan(
        notes=len(notes),
        new=tuple(notes_plan.new),
        updated=tuple(notes_plan.updated),
        unchanged=notes_plan.unchanged,
        kept=tuple(notes_plan.kept),
        moves=tuple(moves),
        renames=renames,
        removals=removals,
        package=tuple(notes_plan.package),
        baseline=Baseline(notes_plan.baseline, dict(looks.baseline)),
        looks=looks.planned,
        looks_kept=looks.kept,
        retyped=tuple(notes_plan.retyped),
        restore_tags=tuple(notes_plan.restore),
        stale_decks=stale_decks(deck, snapshot, record, decks, renamed),
        record=SyncRecord(recorded, decks, looks.recorded),
    )


def _present(snapshot: Snapshot, wanted: set[str]) -> dict[str, CollectionNote]:
    """The notes of the tree by GUID, and the deck's own notes found elsewhere (a renamed root
    deck, or cards moved out by hand): their cards are moved back."""
    present = {note.guid: note for note in snapshot.notes}
    for note in snapshot.elsewhere:
        if note.guid in wanted and note.guid not in present:
            present[note.guid] = note
    return present


def _made_by_qadeck(deck: Deck, note: CollectionNote, record: SyncRecord) -> bool:
    """A note is this deck's when its sync wrote it, or when its GUID is the one qadeck gives
    the key its Source field names in this deck (as a package import left it): a GUID read
    from the collection, never one guessed for a note whose GUID is unknown."""
    if not note.guid:
        return False
    if note.guid in record.notes:
        return True
    key = plain_text(note.fields[-1]).rpartition("#")[2] if note.fields else ""
    return bool(key) and note_guid(deck.identity, key) == note.guid


def _removals(
    deck: Deck,
    present: dict[str, CollectionNote],
    wanted: set[str],
    record: SyncRecord,
    options: ChangeOptions,
    recorded: dict[str, RecordedNote],
) -> tuple[PlannedRemoval, ...]:
    removals = []
    for guid, note in present.items():
        if guid in wanted or not _made_by_qadeck(deck, note, record):
            continue
        before = record.notes.get(guid)
        edited = edited_in_anki(note, before)
        outside = any(not in_tree(card.deck, deck.name) for card in note.cards)
        delete = options.delete and not outside and (options.overwrite_edits or not edited)
        if not delete:  # remembered, so that an edit made later still keeps it
            kept = before or RecordedNote(digest(note.fields), ())
            recorded[guid] = kept._replace(note_id=note.note_id)
        question = plain_text(note.fields[0]) if note.fields else str(note.note_id)
        removals.append(PlannedRemoval(note.note_id, question, note.deck, edited, delete))
    return tuple(sorted(removals, key=lambda r: (deck_key(r.deck), r.question)))
