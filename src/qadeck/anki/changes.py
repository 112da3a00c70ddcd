"""What changed since the previous package that a re-import into Anki cannot express."""

from __future__ import annotations

import difflib
import html
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from qadeck.anki.baseline import Baseline, BaselineNote
from qadeck.deck.model import Deck, Question
from qadeck.diagnostics import Diagnostics
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
class Changes:
    """Renamed decks, moves and removals since the previous package, in the order to act on."""

    moved: tuple[Move, ...] = ()
    removed: tuple[Removal, ...] = ()
    renamed: tuple[DeckChange, ...] = ()
    merged: tuple[DeckChange, ...] = ()


def compare(
    deck: Deck, notes: Sequence[RenderedNote], baseline: Baseline, diagnostics: Diagnostics
) -> Changes:
    """Report renamed and merged decks, moves and removals; warn where a removal looks reworded.

    A deck gone from this build with (at least half of) its notes in one deck that is new is
    reported once, as renamed, rather than each of its notes as moved; its notes that went
    elsewhere are moves from the deck's new name. A gone deck whose notes all went to one deck
    that was there before (or is another's new name) is reported once too, as merged.
    """
    current = {note.guid: note for note in notes}
    kept = [
        (old.deck, note.deck)
        for note in notes
        if (old := baseline.notes.get(note.guid)) is not None and old.deck
    ]
    decks = {deck.name, *(deck.full_name(section) for section in deck.sections)}
    renamed, merged = _deck_changes(kept, decks, {old.deck for old in baseline.notes.values()})
    merged_decks = {merge.old_deck for merge in merged}
    moved = tuple(
        Move(_text(note.fields[FIELD_QUESTION]), was, note.deck)
        for note in notes
        if (old := baseline.notes.get(note.guid)) is not None
        and old.deck
        and (was := renamed_deck(old.deck, renamed)) != note.deck
        and was not in merged_decks
    )
    gone = {guid: old for guid, old in baseline.notes.items() if guid not in current}
    new = [
        (question, note)
        for question, note in zip(deck.questions, notes, strict=True)
        if note.guid not in baseline.notes and not question.explicit
    ]
    for question, note in new:
        old = _likely_original(question, note, gone, renamed)
        if old is not None:
            key = _text(old.source).rpartition("#")[2]
            diagnostics.warning(
                question.location,
                f'reworded question? "{_text(old.question)}" is gone from this '
                f"section; to keep its note and review history, write the heading as "
                f'"{question.title} {{#{html.unescape(key)}}}"',
            )
    removed = tuple(Removal(_text(old.question), old.deck) for old in gone.values())
    removed = tuple(sorted(removed, key=lambda r: (r.deck, r.question)))
    return Changes(moved, removed, renamed, merged)


def _deck_changes(
    kept: Iterable[tuple[str, str]], decks: set[str], old_decks: set[str]
) -> tuple[tuple[DeckChange, ...], tuple[DeckChange, ...]]:
    """The decks to rename in Anki, parents first, and the decks merged into another."""
    targets: dict[str, Counter[str]] = {}
    for old, new in kept:
        targets.setdefault(old, Counter())[new] += 1
    renames: list[DeckChange] = []
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
