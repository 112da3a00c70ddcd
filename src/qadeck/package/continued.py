"""Repeated questions continue their notes of the previous package (see deck.repeats): their
keys, GUIDs and Source fields as the previous notes of the same question had them."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import replace

from qadeck.deck.identity import note_guid
from qadeck.deck.model import Deck
from qadeck.deck.repeats import Copy, kept_keys
from qadeck.package.baseline import Baseline, content_digest
from qadeck.package.kinds import SOURCE, field_values
from qadeck.render.notes import RenderedNote

TAG = re.compile(r"<[^>]*>")


def continued(
    deck: Deck, notes: Sequence[RenderedNote], baseline: Baseline
) -> tuple[Deck, tuple[RenderedNote, ...]]:
    """The deck and its notes with each repeated question under the key of its old note."""
    current = []
    for question, note in zip(deck.questions, notes, strict=True):
        values = field_values(note.kind, note.fields)
        place = (values[2], _document(note.fields[SOURCE]))
        current.append(Copy(question.key, question.explicit, place, content_digest(values)))
    previous = [
        Copy(_source(old.source)[1], False, (old.section, _source(old.source)[0]), old.content)
        for old in baseline.notes.values()
    ]
    keys = kept_keys(current, previous)
    if all(key == copy.key for key, copy in zip(keys, current, strict=True)):
        return deck, tuple(notes)
    questions, rekeyed = [], []
    for question, note, key in zip(deck.questions, notes, keys, strict=True):
        if key != question.key:
            name = _document(note.fields[SOURCE])
            old = html.escape(f"{name}#{question.key}", quote=False)
            head, found, tail = note.fields[SOURCE].rpartition(old)
            assert found
            first, answer, section, extra, _ = note.fields
            source = head + html.escape(f"{name}#{key}", quote=False) + tail
            fields = (first, answer, section, extra, source)
            note = note._replace(guid=note_guid(deck.identity, key), fields=fields)
            question = replace(question, key=key)
        questions.append(question)
        rekeyed.append(note)
    return replace(deck, questions=tuple(questions)), tuple(rekeyed)


def _source(field: str) -> tuple[str, str]:
    """The document and the key a Source field names (`file#key`, maybe as a link)."""
    name, _, key = html.unescape(TAG.sub("", field)).rpartition("#")
    return name, key


def _document(field: str) -> str:
    return _source(field)[0]
