"""Repeated questions continue their earlier notes (see deck.repeats): their keys, GUIDs and
Source fields as the earlier notes of the same question had them. The earlier notes are the
previous package's (`build`) or the collection's (`sync`)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from qadeck.deck.identity import note_guid
from qadeck.deck.model import Deck
from qadeck.deck.repeats import Copy, kept_keys
from qadeck.package.baseline import Baseline, content_digest
from qadeck.package.kinds import SOURCE, field_values
from qadeck.render.notes import RenderedNote

TAG = re.compile(r"<[^>]*>")


def baseline_copies(baseline: Baseline) -> list[Copy]:
    """The previous package's notes as copies to continue."""
    copies = []
    for old in baseline.notes.values():
        document, key = _source(old.source)
        copies.append(Copy(key, False, (old.section, document), old.content))
    return copies


def stored_copies(identity: str, stored: Iterable[tuple[str, Sequence[str]]]) -> list[Copy]:
    """A collection's notes (GUID, fields as their note type stores them) as copies to continue:
    only those whose GUID is the one their Source's key gives in this deck, so a note of the
    user's own, or of another deck, never lends its key."""
    copies = []
    for guid, values in stored:
        if len(values) < 3:
            continue
        document, key = _source(values[-1])
        if key and note_guid(identity, key) == guid:
            copies.append(Copy(key, False, (values[2], document), content_digest(values)))
    return copies


def continued(
    deck: Deck, notes: Sequence[RenderedNote], previous: Sequence[Copy]
) -> tuple[Deck, tuple[RenderedNote, ...]]:
    """The deck and its notes with each repeated question under the key of the earlier note
    it continues (`previous`: see baseline_copies and stored_copies)."""
    current = []
    for question, note in zip(deck.questions, notes, strict=True):
        values = field_values(note.kind, note.fields)
        place = (values[2], _document(note.fields[SOURCE]))
        current.append(Copy(question.key, question.explicit, place, content_digest(values)))
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
