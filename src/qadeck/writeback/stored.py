"""A note's parts as its note type stores them: the question, the answer and the extra part.

A Q&A note (and a reversed one) keeps each in a field of its own; a cloze note keeps the
question and the answer in its one Text field, each in the `<div>` rendering put it in (see
package.kinds), and its extra part in Extra. Anki's other fields, Section and Source, are made
from the files and never pulled.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from qadeck.deck.model import Kind
from qadeck.package.kinds import QUESTION_END, QUESTION_START

CLOZE_TEXT = re.compile(
    re.escape(QUESTION_START)
    + r"(?P<title>.*?)"
    + re.escape(QUESTION_END)
    + r'(?:\s*<div class="qd-answer">(?P<answer>.*)</div>)?\s*',
    re.DOTALL,
)


class Parts(NamedTuple):
    """The HTML of a note's question, answer and extra part, and of the fields made from the
    files (Section, Source)."""

    title: str
    answer: str
    extra: str
    made: tuple[str, ...]


def parts_of(kind: Kind, fields: tuple[str, ...]) -> Parts | None:
    """The parts of a note of `kind` from its fields as stored; None when a cloze note's Text
    no longer has the question's `<div>` first."""
    if kind is not Kind.CLOZE:
        if len(fields) != 5:
            return None
        return Parts(fields[0], fields[1], fields[3], (fields[2], fields[4]))
    if len(fields) != 4:
        return None
    found = CLOZE_TEXT.fullmatch(fields[0])
    if found is None:
        return None
    return Parts(found["title"], found["answer"] or "", fields[1], (fields[2], fields[3]))
