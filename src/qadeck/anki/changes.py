"""What changed since the previous package that a re-import into Anki cannot express."""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Sequence
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
class Removal:
    """A question gone from the sources: Anki keeps its note."""

    question: str
    deck: str


@dataclass(frozen=True)
class Changes:
    """Moves and removals since the previous package."""

    moved: tuple[Move, ...] = ()
    removed: tuple[Removal, ...] = ()


def compare(
    deck: Deck, notes: Sequence[RenderedNote], baseline: Baseline, diagnostics: Diagnostics
) -> Changes:
    """Report moves and removals, and warn where a removal looks like a reworded question."""
    current = {note.guid: note for note in notes}
    moved = tuple(
        Move(_text(note.fields[FIELD_QUESTION]), old.deck, note.deck)
        for note in notes
        if (old := baseline.notes.get(note.guid)) is not None and old.deck and old.deck != note.deck
    )
    gone = {guid: old for guid, old in baseline.notes.items() if guid not in current}
    new = [
        (question, note)
        for question, note in zip(deck.questions, notes, strict=True)
        if note.guid not in baseline.notes and not question.explicit
    ]
    for question, note in new:
        old = _likely_original(question, note, gone)
        if old is not None:
            key = old.source.rpartition("#")[2]
            diagnostics.warning(
                question.location,
                f'reworded question? "{_text(old.question)}" is gone from this '
                f"section; to keep its note and review history, write the heading as "
                f'"{question.title} {{#{html.unescape(key)}}}"',
            )
    removed = tuple(Removal(_text(old.question), old.deck) for old in gone.values())
    return Changes(moved, tuple(sorted(removed, key=lambda r: (r.deck, r.question))))


def _likely_original(
    question: Question, note: RenderedNote, gone: dict[str, BaselineNote]
) -> BaselineNote | None:
    """The removed note of the same deck whose question reads most like this new one."""
    best, best_ratio = None, SIMILAR
    for old in gone.values():
        if old.deck != note.deck:
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
