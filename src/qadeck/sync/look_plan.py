"""The note types' looks in a sync: each of the deck's note types gets qadeck's CSS and template
text, in place, unless it was edited in Anki since the last sync (then it stays, unless the
files are to win). A note type's name is the user's to change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from qadeck.package.baseline import BaselineModel, model_look
from qadeck.package.notetype import NoteType
from qadeck.sync.planned import ChangeOptions
from qadeck.sync.record import digest
from qadeck.sync.snapshot import NoteTypeState


@dataclass(frozen=True)
class PlannedLook:
    """New CSS and template text for a note type: each template's name, front and back."""

    model_id: int
    name: str
    css: str
    templates: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class Looks:
    """The looks to set, the names of the note types whose look stays (edited in Anki), the
    digests to record, and the note types as the package's baseline."""

    planned: tuple[PlannedLook, ...] = ()
    kept: tuple[str, ...] = ()
    recorded: Mapping[int, str] = field(default_factory=dict)
    baseline: Mapping[int, BaselineModel] = field(default_factory=dict)


def plan_looks(
    note_types: Iterable[NoteType],
    states: Mapping[int, NoteTypeState],
    recorded: Mapping[int, str],
    options: ChangeOptions,
) -> Looks:
    """What to do about each note type's look, given the collection's and the last sync's."""
    planned: list[PlannedLook] = []
    kept: list[str] = []
    digests: dict[int, str] = {}
    baseline: dict[int, BaselineModel] = {}
    for note_type in note_types:
        texts = tuple(text for t in note_type.templates for text in (t.front, t.back))
        ours = (note_type.css, *texts)
        state = states.get(note_type.model_id)
        digests[note_type.model_id] = digest(ours)
        if state is None:
            continue  # the package brings it
        # The look the package's note type is compared with: always ours, so that the import
        # never changes an existing note type (the sync sets the look itself, here).
        baseline[note_type.model_id] = BaselineModel(
            note_type.name, state.mod, model_look(note_type)
        )
        theirs = tuple(state.look[1:])
        before = recorded.get(note_type.model_id)
        if theirs == ours:
            continue
        if before is not None and before != digest(theirs) and not options.overwrite_edits:
            kept.append(state.look[0])
            digests[note_type.model_id] = before
            continue
        templates = tuple((t.name, t.front, t.back) for t in note_type.templates)
        planned.append(PlannedLook(note_type.model_id, state.look[0], note_type.css, templates))
    return Looks(tuple(planned), tuple(kept), digests, baseline)
