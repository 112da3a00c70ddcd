"""The parts of a sync plan: what the user asked for, and each change the plan names."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class ChangeOptions:
    """What the user asked a sync for beyond making the collection match the files."""

    delete: bool = False
    overwrite_edits: bool = False


@dataclass(frozen=True)
class PlannedNote:
    """A note the plan names: its question as text, and its deck."""

    question: str
    deck: str


@dataclass(frozen=True)
class PlannedMove:
    """Cards to move to the deck of their question's section."""

    question: str
    old_deck: str
    new_deck: str
    card_ids: tuple[int, ...]
    by_rename: bool = False


@dataclass(frozen=True)
class PlannedRetype:
    """A note whose kind (or the deck's style) asks for another note type: Anki cannot change a
    note's type on import, so the sync leaves it as it is."""

    question: str
    deck: str
    old_type: str
    new_type: str


@dataclass(frozen=True)
class PlannedRemoval:
    """A note qadeck made whose question is gone from the sources."""

    note_id: int
    question: str
    deck: str
    edited: bool  # in Anki since the last sync: never deleted unless the files are to win
    delete: bool


def plain_text(field_html: str) -> str:
    """A field's HTML as plain text, for messages."""
    return html.unescape(re.sub(r"<[^>]*>", "", field_html)).strip()
