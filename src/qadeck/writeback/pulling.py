"""What to pull of each note: the notes a sync wrote and Anki changed since, sorted into those
to pull, those edited on both sides (conflicts), and those that cannot be pulled, with the
edit of each question to pull.

The sync record says what the last sync wrote of a note (a digest of its fields, and the tags
qadeck gave it). A note whose fields no longer match it was edited in Anki; when the fields
the files render no longer match it either, both sides changed, and nothing is written for the
note. Tags are merged rather than compared: those added in Anki are added, those removed there
removed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from qadeck.deck.model import Question
from qadeck.package.kinds import field_values
from qadeck.render.notes import RenderedNote
from qadeck.sync.note_plan import as_stored
from qadeck.sync.planned import plain_text
from qadeck.sync.record import RecordedNote, digest
from qadeck.sync.snapshot import CollectionNote
from qadeck.writeback.edits import QuestionEdit, differs, edit_question
from qadeck.writeback.rewrite import Replacement
from qadeck.writeback.spots import NotFound, find_spot
from qadeck.writeback.stored import Parts, parts_of
from qadeck.writeback.tagline import TagChange, tag_change
from qadeck.writeback.tomarkdown import Hints, to_markdown


@dataclass(frozen=True)
class NotePull:
    """A note to pull: its question, the lines to replace, what changed."""

    guid: str
    question: Question
    replacements: tuple[Replacement, ...]
    changed: tuple[str, ...]
    exact: bool
    tags: TagChange | None


@dataclass(frozen=True)
class Conflict:
    """A note changed in the files and in Anki since the last sync: both versions, as
    Markdown."""

    question: Question
    files: str
    anki: str


@dataclass(frozen=True)
class Unpulled:
    """A note edited in Anki that is not pulled, and why."""

    question: str
    where: str
    reason: str


Outcome = NotePull | Conflict | Unpulled | None
HintsFor = Callable[[Question, Parts], Hints]


def pull_note(
    rendered: RenderedNote,
    question: Question,
    anki: CollectionNote,
    recorded: RecordedNote,
    root_tag: str,
    hints_for: HintsFor,
) -> Outcome:
    """What to do about one note the last sync wrote; None when Anki changed nothing."""
    stored = as_stored(rendered)
    values = field_values(stored.kind, stored.fields)
    edited = digest(anki.fields) != recorded.digest and anki.fields != values
    where = str(question.location)
    lines = question.source.lines
    try:
        spot = find_spot(question, lines)
    except NotFound as exc:
        spot = None
        problem = str(exc)
    tags = None
    if spot is not None:
        tags = tag_change(spot, lines, anki.tags, recorded.tags, stored.tags, root_tag)
        if not tags.added and not tags.removed:
            tags = None
    if not edited and tags is None:
        return None
    if spot is None:
        return Unpulled(question.title, where, f"its source cannot be found ({problem})")
    ours, theirs = parts_of(stored.kind, values), parts_of(stored.kind, anki.fields)
    if ours is None or theirs is None:
        return Unpulled(question.title, where, "its fields in Anki are not laid out as qadeck's")
    hints = hints_for(question, theirs)
    if edited and digest(values) != recorded.digest:
        return Conflict(question, _files_version(question), _anki_version(theirs, hints))
    edit = edit_question(question, spot, lines, ours, theirs, hints) if edited else None
    made = any(differs(a, b) for a, b in zip(ours.made, theirs.made, strict=True))
    if edited and edit is not None and not edit.changed and made:
        reason = "only its Section or Source field was edited; these come from the files"
        return Unpulled(question.title, where, reason)
    pulled = _note_pull(rendered.guid, question, edit, tags)
    if not pulled.replacements and tags is not None and tags.inherited:
        given = " ".join(tags.inherited)
        return Unpulled(question.title, where, f"tags removed in Anki come from the file: {given}")
    return pulled


def _note_pull(
    guid: str, question: Question, edit: QuestionEdit | None, tags: TagChange | None
) -> NotePull:
    replacements = list(edit.replacements if edit else ())
    if tags is not None and tags.replacement is not None:
        replacements.append(tags.replacement)
    changed = (*(edit.changed if edit else ()), *(("tags",) if tags and tags.replacement else ()))
    return NotePull(guid, question, tuple(replacements), changed, edit is None or edit.exact, tags)


def _files_version(question: Question) -> str:
    text = question.title
    if question.answer:
        text += "\n\n" + question.answer
    if question.extra:
        text += "\n\n<!-- more -->\n\n" + question.extra
    return text


def _anki_version(theirs: Parts, hints: Hints) -> str:
    text = to_markdown(theirs.title, hints, inline=True)
    for part, before in ((theirs.answer, "\n\n"), (theirs.extra, "\n\n<!-- more -->\n\n")):
        if part:
            text += before + to_markdown(part, hints)
    return text


def removed_from_sources(anki: CollectionNote, recorded: RecordedNote) -> Unpulled | None:
    """A note the last sync wrote, edited in Anki, whose question the sources no longer have."""
    if digest(anki.fields) == recorded.digest:
        return None
    title = plain_text(anki.fields[0]) if anki.fields else str(anki.note_id)
    reason = "its question is no longer in the sources (reworded or removed there)"
    return Unpulled(title, anki.deck, reason)
