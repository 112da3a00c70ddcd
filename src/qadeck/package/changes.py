"""What changed since the previous package that a re-import into Anki cannot express."""

from __future__ import annotations

import difflib
import html
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from qadeck.deck.model import Deck, Kind, Question
from qadeck.diagnostics import Diagnostics
from qadeck.package.baseline import Baseline, BaselineNote, DeckMark, is_unchanged
from qadeck.package.notetype import NoteType
from qadeck.render.notes import RenderedNote

SIMILAR = 0.6
FIELD_QUESTION = 0


@dataclass(frozen=True)
class Move:
    """A question now in another section: Anki leaves its existing card where it was."""

    question: str
    old_deck: str
    new_deck: str


@dataclass(frozen=True)
class DeckChange:
    """A deck gone from this build whose questions went to one other deck.

    Renamed when that deck is new (rename it in Anki to follow), merged when it had questions
    already (move the cards by hand). `old_deck` is the deck's name once the renames before it
    are done (a subdeck follows its parent); `questions` counts its notes in both builds.
    """

    old_deck: str
    new_deck: str
    questions: int


@dataclass(frozen=True)
class Removal:
    """A question gone from the sources: Anki keeps its note."""

    question: str
    deck: str


@dataclass(frozen=True)
class Named:
    """A question named in the change list: its text and its deck."""

    question: str
    deck: str


@dataclass(frozen=True)
class Retype:
    """A question now of another note type (another kind, or the deck's own style): Anki
    cannot change a note's type on import, so it leaves the note as it was."""

    question: str
    deck: str
    old_type: str
    new_type: str


@dataclass(frozen=True)
class Changes:
    """What the build changed since the previous package, note by note, and what a re-import
    cannot do by itself: renamed decks, moves, removals and changes of note type, in the order
    to act on."""

    moved: tuple[Move, ...] = ()
    removed: tuple[Removal, ...] = ()
    renamed: tuple[DeckChange, ...] = ()
    merged: tuple[DeckChange, ...] = ()
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    # Another deck whose package was at the output path: replaced, its notes not "removed".
    replaced: DeckMark | None = None
    retyped: tuple[Retype, ...] = ()
    # The new and the updated questions, in document order.
    added: tuple[Named, ...] = ()
    changed: tuple[Named, ...] = ()


def own_baseline(baseline: Baseline, mark: DeckMark) -> tuple[Baseline, DeckMark | None]:
    """The previous package as this deck's baseline, or an empty one (and the other deck's
    mark) when the package at the output path was built from another deck."""
    if baseline.deck is None or baseline.deck.identity == mark.identity:
        return baseline, None  # this deck's, or from a qadeck that did not mark its packages
    return Baseline(), baseline.deck


def unchanged_notes(
    notes: Sequence[RenderedNote], note_types: Mapping[Kind, NoteType], baseline: Baseline
) -> list[bool]:
    """For each note, whether the previous package holds it as it is, note type included (see
    is_unchanged): worked out once for compare and the package writer."""
    found = []
    for note in notes:
        old = baseline.notes.get(note.guid)
        found.append(old is not None and is_unchanged(old, note, note_types[note.kind].model_id))
    return found


def compare(
    deck: Deck,
    notes: Sequence[RenderedNote],
    note_types: Mapping[Kind, NoteType],
    baseline: Baseline,
    diagnostics: Diagnostics,
    replaced: DeckMark | None = None,
    unchanged: Sequence[bool] | None = None,
) -> Changes:
    """Report renamed and merged decks, moves, removals and changes of note type; warn where
    a removal looks reworded.

    A deck gone from this build with (at least half of) its notes in one deck that is new is
    reported once, as renamed, rather than each of its notes as moved; its notes that went
    elsewhere are moves from the deck's new name. A gone deck whose notes all went to one deck
    that was there before (or is another's new name) is reported once too, as merged. The
    root deck is renamed when the previous package, built from the same deck, calls it otherwise.
    New, updated and unchanged notes are counted as the package writer decides their `mod`;
    `unchanged` is unchanged_notes for `notes`, when worked out already.
    """
    current = {note.guid: note for note in notes}
    kept = [
        (old.deck, note.deck)
        for note in notes
        if (old := baseline.notes.get(note.guid)) is not None and old.deck
    ]
    decks = {deck.name, *(deck.full_name(section) for section in deck.sections)}
    renamed, merged = _deck_changes(
        kept, decks, {old.deck for old in baseline.notes.values()}, _root_rename(deck, baseline)
    )
    merged_decks = {merge.old_deck for merge in merged}
    moved = tuple(
        Move(_text(note.fields[FIELD_QUESTION]), was, note.deck)
        for note in notes
        if (old := baseline.notes.get(note.guid)) is not None
        and old.deck
        and (was := renamed_deck(old.deck, renamed)) != note.deck
        and was not in merged_decks
    )
    if unchanged is None:
        unchanged = unchanged_notes(notes, note_types, baseline)
    retyped = _retyped(notes, note_types, baseline)
    retyped_guids = {
        note.guid
        for note in notes
        if (old := baseline.notes.get(note.guid)) is not None
        and old.model_id != note_types[note.kind].model_id
    }
    gone = {guid: old for guid, old in baseline.notes.items() if guid not in current}
    new = [
        (question, note)
        for question, note in zip(deck.questions, notes, strict=True)
        if note.guid not in baseline.notes
    ]
    for question, note in new:
        old = None if question.explicit else _likely_original(question, note, gone, renamed)
        if old is not None:
            key = _text(old.source).rpartition("#")[2]
            diagnostics.warning(
                question.location,
                f'reworded question? "{_text(old.question)}" is gone from this '
                f"section; to keep its note and review history, write the heading as "
                f'"{question.title} {{#{html.unescape(key)}}}"',
            )
    # In the previous build's order, which was its document order.
    removed = tuple(Removal(_text(old.question), old.deck) for old in gone.values())
    same = sum(unchanged)
    updated = len(notes) - len(new) - same
    added = tuple(Named(_text(note.fields[FIELD_QUESTION]), note.deck) for _, note in new)
    changed = tuple(
        Named(_text(note.fields[FIELD_QUESTION]), note.deck)
        for note, same_note in zip(notes, unchanged, strict=True)
        if not same_note and note.guid in baseline.notes and note.guid not in retyped_guids
    )
    return Changes(
        moved, removed, renamed, merged, len(new), updated, same, replaced, retyped, added, changed
    )


def _retyped(
    notes: Sequence[RenderedNote], note_types: Mapping[Kind, NoteType], baseline: Baseline
) -> tuple[Retype, ...]:
    """The notes now of another note type."""
    retyped = []
    for note in notes:
        old = baseline.notes.get(note.guid)
        if old is None:
            continue
        note_type = note_types[note.kind]
        if old.model_id != note_type.model_id:
            was = baseline.models.get(old.model_id)
            question = _text(note.fields[FIELD_QUESTION])
            retyped.append(Retype(question, note.deck, was.name if was else "?", note_type.name))
    return tuple(retyped)


def _root_rename(deck: Deck, baseline: Baseline) -> DeckChange | None:
    """The root deck under a new name, as the mark of the previous package shows it."""
    if baseline.deck is None or baseline.deck.name == deck.name:
        return None
    old = baseline.deck.name
    below = f"{old}::"
    questions = sum(1 for n in baseline.notes.values() if n.deck == old or n.deck.startswith(below))
    return DeckChange(old, deck.name, questions)


def _deck_changes(
    kept: Iterable[tuple[str, str]],
    decks: set[str],
    old_decks: set[str],
    root: DeckChange | None = None,
) -> tuple[tuple[DeckChange, ...], tuple[DeckChange, ...]]:
    """The decks to rename in Anki, parents first (the root deck, when renamed, before all),
    and the decks merged into another."""
    targets: dict[str, Counter[str]] = {}
    for old, new in kept:
        targets.setdefault(old, Counter())[new] += 1
    renames: list[DeckChange] = [root] if root is not None else []
    merges: list[DeckChange] = []
    taken: set[str] = set()
    for old in sorted(targets):  # a parent's name sorts before its subdecks'
        was = renamed_deck(old, renames)
        if old in decks or was in decks:
            continue  # still there, or right once its parent is renamed
        (new, count), total = targets[old].most_common(1)[0], targets[old].total()
        if new in old_decks or new in taken:
            if count == total:
                merges.append(DeckChange(was, new, total))
        elif 2 * count >= total:  # at least half of it: the rest are moves
            renames.append(DeckChange(was, new, total))
            taken.add(new)
    return tuple(renames), tuple(merges)


def renamed_deck(name: str, renames: Iterable[DeckChange]) -> str:
    """A deck's name once the renames are done in their order (a subdeck goes with its parent)."""
    for rename in renames:
        if name == rename.old_deck or name.startswith(f"{rename.old_deck}::"):
            name = rename.new_deck + name[len(rename.old_deck) :]
    return name


def _likely_original(
    question: Question,
    note: RenderedNote,
    gone: dict[str, BaselineNote],
    renamed: Sequence[DeckChange],
) -> BaselineNote | None:
    """The removed note of the same deck whose question reads most like this new one."""
    best, best_ratio = None, SIMILAR
    for old in gone.values():
        if renamed_deck(old.deck, renamed) != note.deck:
            continue
        ratio = difflib.SequenceMatcher(
            None, _text(old.question).casefold(), question.title.casefold()
        ).ratio()
        if ratio >= best_ratio:
            best, best_ratio = old, ratio
    return best


def _text(field: str) -> str:
    """A field's HTML as plain text, for messages."""
    return html.unescape(re.sub(r"<[^>]*>", "", field)).strip()
