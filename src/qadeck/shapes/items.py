"""What a recognizer finds in a document: section headings and question cards, in order."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from qadeck.shapes.markup import NUMBER, looks_like_question, plain


@dataclass(frozen=True)
class SectionItem:
    """A heading that groups the questions below it (until one of the same or a higher level)."""

    level: int
    title: str
    line: int


@dataclass(frozen=True)
class CardItem:
    """A question found in a document: front and answer as Markdown, with their lines."""

    front: str
    answer: str
    line: int
    answer_line: int
    key: str | None = None
    key_text: str | None = None
    level: int | None = None  # a heading's level: it closes sections at that level and below
    classes: tuple[str, ...] = ()  # a heading's attributes, such as `reversed`


UNANSWERED = "question has no answer"
# What the warning about a question without an answer tells the user to do.
UNANSWERED_HINT = f"{UNANSWERED}; no card made: write an answer under it, or remove the heading"
# Why a question of a document whose questions have no answers makes no card (see choose).
ASKS_ONLY = f"{UNANSWERED}: the document lists its questions without answers; no card made"


@dataclass(frozen=True)
class SkipItem:
    """A stretch that looked like a question or an answer but makes no card, and why."""

    line: int
    why: str


Item = SectionItem | CardItem | SkipItem


def card_headings(items: list[Item]) -> list[Item]:
    """A heading such as `### Card 3` over a single question names the card, not a subdeck."""
    result = list(items)
    for index, item in enumerate(items):
        if not isinstance(item, SectionItem):
            continue
        below: list[Item] = []
        for position in range(index + 1, len(items)):  # not items[index + 1:]: no copy
            later = items[position]
            if isinstance(later, SectionItem) and later.level <= item.level:
                break
            if not isinstance(later, SkipItem):
                below.append(later)
        cards = [later for later in below if isinstance(later, CardItem)]
        title = plain(item.title)
        if len(cards) == len(below) == 1 and (
            re.search(r"\d\s*$", title) or NUMBER.match(title) or looks_like_question(title)
        ):
            result[index] = replace(item, title="")
    return result
