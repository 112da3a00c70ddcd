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

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from qadeck.anki.baseline import Baseline, BaselineModel, model_look
from qadeck.anki.notetype import NoteType
from qadeck.anki.snapshot import CollectionNote, Snapshot, deck_key, in_tree
from qadeck.anki.sync_changes import (
    PlannedMove,
    PlannedNote,
    PlannedRemoval,
    SyncOptions,
    plain_text,
)
from qadeck.anki.sync_decks import DeckRename, find_renames, stale_decks
from qadeck.anki.sync_notes import NotesPlan, as_stored, baseline_note, edited_in_anki
from qadeck.anki.sync_record import RecordedNote, SyncRecord, digest
from qadeck.deck.identity import note_guid
from qadeck.deck.model import Deck
from qadeck.render.notes import RenderedNote


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
    look: tuple[str, str, str] | None = None  # the note type's new CSS and templates
    look_kept: bool = False  # the note type was edited in Anki: its look stays
    restore_tags: tuple[tuple[int, tuple[str, ...]], ...] = ()  # the user's, after an update
    stale_decks: tuple[str, ...] = ()  # removed when they end up empty
    record: SyncRecord = field(default_factory=SyncRecord)

    @property
    def moved(self) -> tuple[PlannedMove, ...]:
        """The moves that are not part of a renamed deck."""
        return tuple(move for move in self.moves if not move.by_rename)

    @property
    def deletions(self) -> tuple[int, ...]:
        """The ids of the notes this sync deletes."""
        return tuple(removal.note_id for removal in self.removals if removal.delete)


def plan_sync(
    deck: Deck,
    notes: Sequence[RenderedNote],
    note_type: NoteType,
    snapshot: Snapshot,
    record: SyncRecord,
    options: SyncOptions,
) -> SyncPlan:
    """Compare the rendered notes with the collection and the last sync's record."""
    present = _present(deck, snapshot, {note.guid for note in notes})
    notes_plan = NotesPlan(deck.tag(()), record, options)
    for note in snapshot.notes:
        notes_plan.baseline[note.guid] = baseline_note(note)
    for rendered in map(as_stored, notes):
        notes_plan.add(rendered, present.get(rendered.guid))
    recorded = notes_plan.recorded
    removals = _removals(deck, present, {note.guid for note in notes}, record, options, recorded)
    decks = (deck.name, *(deck.full_name(section) for section in deck.sections))
    renames, moves = find_renames(notes_plan.moves, decks, snapshot.decks)
    renamed = [old for rename in renames for old, _ in rename.decks]
    look, look_kept, look_digest = _look(note_type, snapshot, record, options)
    # The look the package's note type is compared with: always ours, so that the import never
    # changes an existing note type (a sync changes its look itself, see _look).
    package_look = model_look(note_type)
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
        baseline=Baseline(
            notes_plan.baseline,
            {
                note_type.model_id: BaselineModel(
                    note_type.name, snapshot.note_type.mod, package_look
                )
            }
            if snapshot.note_type
            else {},
        ),
        look=look,
        look_kept=look_kept,
        restore_tags=tuple(notes_plan.restore),
        stale_decks=stale_decks(deck, snapshot, record, decks, renamed),
        record=SyncRecord(recorded, decks, look_digest),
    )


def _present(deck: Deck, snapshot: Snapshot, wanted: set[str]) -> dict[str, CollectionNote]:
    """The notes of the tree by GUID, and those of the sources found in other decks (a renamed
    root deck, or cards moved out by hand): their cards are moved back."""
    present = {note.guid: note for note in snapshot.notes}
    for note in snapshot.elsewhere:
        guid = note.guid or _derived_guid(deck, note)
        if guid in wanted and guid not in present:
            present[guid] = replace(note, guid=guid)
    return present


def _derived_guid(deck: Deck, note: CollectionNote) -> str:
    """The GUID qadeck gives the question its Source field names (`file#key`)."""
    key = plain_text(note.fields[-1]).rpartition("#")[2] if note.fields else ""
    return note_guid(deck.identity, key) if key else ""


def _made_by_qadeck(deck: Deck, note: CollectionNote, record: SyncRecord) -> bool:
    """A note is qadeck's when a sync wrote it, or when its GUID is the one qadeck derives
    from this deck's identity and the key its Source field names (as a package import left it).
    """
    return note.guid in record.notes or _derived_guid(deck, note) == note.guid


def _removals(
    deck: Deck,
    present: dict[str, CollectionNote],
    wanted: set[str],
    record: SyncRecord,
    options: SyncOptions,
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
            recorded[guid] = before or RecordedNote(digest(note.fields), ())
        question = plain_text(note.fields[0]) if note.fields else str(note.note_id)
        removals.append(PlannedRemoval(note.note_id, question, note.deck, edited, delete))
    return tuple(sorted(removals, key=lambda r: (deck_key(r.deck), r.question)))


def _look(
    note_type: NoteType, snapshot: Snapshot, record: SyncRecord, options: SyncOptions
) -> tuple[tuple[str, str, str] | None, bool, str | None]:
    """The CSS and templates to set (or None), whether Anki's edited look is kept, and the
    digest of the look to record. The note type's name is the user's to change."""
    ours = (note_type.css, note_type.templates[0].front, note_type.templates[0].back)
    state = snapshot.note_type
    if state is None:
        return None, False, digest(ours)
    theirs = tuple(state.look[1:])
    if theirs == ours:
        return None, False, digest(ours)
    if record.look is not None and record.look != digest(theirs) and not options.overwrite_edits:
        return None, True, record.look
    return ours, False, digest(ours)
