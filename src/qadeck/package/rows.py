"""The rows of the notes and cards of a package, and the genanki note type they belong to.

genanki (with package, the only module importing it) writes a note type's JSON; the rows of
notes and cards are written here directly, a batch at a time, as genanki's Note and Card
would write them.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Sequence
from functools import cache
from typing import Any

import genanki

from qadeck.package.baseline import FIELD_SEPARATOR
from qadeck.package.notetype import NoteType
from qadeck.render.cloze import cloze_numbers
from qadeck.render.notes import RenderedNote


class PackageModel(genanki.Model):  # type: ignore[misc]
    """A genanki model whose `mod` is ours rather than the package-wide build time."""

    def __init__(self, note_type: NoteType, mod: int) -> None:
        super().__init__(
            note_type.model_id,
            note_type.name,
            fields=[{"name": name} for name in note_type.fields],
            templates=[
                {"name": template.name, "qfmt": template.front, "afmt": template.back}
                for template in note_type.templates
            ],
            css=note_type.css,
            model_type=genanki.Model.CLOZE if note_type.cloze else genanki.Model.FRONT_BACK,
        )
        self._mod = mod

    def to_json(self, timestamp: float, deck_id: int) -> dict[str, Any]:
        return super().to_json(self._mod, deck_id)  # type: ignore[no-any-return]


# A new card's columns after `due`: ivl, factor, reps, lapses, left, odue, odid, flags, data.
NEW = (0, 0, 0, 0, 0, 0, 0, 0, "")
# One note to write: the note, its fields as its note type stores them, its note type, its
# deck's id, and its (note id, mod, due).
Placed = tuple[RenderedNote, tuple[str, ...], genanki.Model, int, int, int, int]


def card_ords(note_type: NoteType, fields: Sequence[str]) -> list[int]:
    """The cards a note of `note_type` with these fields makes, by template (or deletion)."""
    return _ords(_model_of(note_type), fields)


@cache
def _model_of(note_type: NoteType) -> genanki.Model:
    return PackageModel(note_type, 0)


def _ords(model: genanki.Model, fields: Sequence[str]) -> list[int]:
    """The templates a note makes a card of: one per deletion number for a cloze note type,
    else each template whose required fields are filled (genanki's `_req`, Anki's rule)."""
    if model.model_type == genanki.Model.CLOZE:
        return [number - 1 for number in cloze_numbers(fields[0])]
    get = fields.__getitem__
    return [
        card_ord for card_ord, test, required in _requirements(model) if test(map(get, required))
    ]


def _requirements(model: genanki.Model) -> list[tuple[int, Any, list[int]]]:
    """genanki's `_req` with `all` or `any` in place of their names, worked out once a model."""
    found: list[tuple[int, Any, list[int]]] | None = getattr(model, "_requirements", None)
    if found is None:
        found = [(o, all if a == "all" else any, r) for o, a, r in model._req]
        model._requirements = found
    return found


class NoteRows:
    """The rows genanki's Note and Card write for each note, inserted a batch at a time.

    genanki builds a Note object per note and runs an INSERT per note and per card: most of
    the time of writing a large deck. The rows are the same (a test compares them with
    genanki's): a note's first card has the note's id, both carry the note's `mod`, and a card
    exists for each template card_ords names. A note's further cards (reversed, or a cloze
    note's other deletions) take ids after the largest note id, in order: unique in the
    package, and Anki gives a card a new id when its collection has one with the same.
    """

    BATCH = 250  # as fast as larger batches, and only a few fields held twice at once

    def __init__(self, notes: Sequence[Placed]) -> None:
        self.notes = notes

    def insert_into(self, cursor: sqlite3.Cursor) -> None:
        further_ids = itertools.count(max((p[4] for p in self.notes), default=0) + 1)
        for start in range(0, len(self.notes), self.BATCH):
            note_rows, card_rows = [], []
            for note, fields, model, deck, note_id, mod, due in self.notes[
                start : start + self.BATCH
            ]:
                tags = " " + " ".join(note.tags) + " "
                flds = FIELD_SEPARATOR.join(fields)
                note_rows.append(
                    (
                        note_id,
                        note.guid,
                        model.model_id,
                        mod,
                        -1,
                        tags,
                        flds,
                        fields[model.sort_field_index],
                        0,
                        0,
                        "",
                    )
                )
                if model.model_type == genanki.Model.CLOZE:
                    ords = [number - 1 for number in cloze_numbers(fields[0])]
                else:  # as _ords does, without a call per note
                    get = fields.__getitem__
                    ords = [o for o, test, req in _requirements(model) if test(map(get, req))]
                for number, card_ord in enumerate(ords):
                    card_id = note_id if number == 0 else next(further_ids)
                    card_rows.append((card_id, note_id, deck, card_ord, mod, -1, 0, 0, due, *NEW))
            cursor.executemany(f"INSERT INTO notes VALUES({_marks(11)})", note_rows)
            cursor.executemany(f"INSERT INTO cards VALUES({_marks(18)})", card_rows)


def _marks(count: int) -> str:
    return ",".join("?" * count)
