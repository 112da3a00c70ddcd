"""The files `pull` changes: each note's outcome, and each file's new bytes with the images
pasted in Anki that go beside it.

A file's text is split into lines with their own endings (see writeback.rewrite); the lines a
question's edit replaces are checked to be those the sources were read with, so a file that
changed since is reported rather than edited blind.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from qadeck.deck.model import Deck, Kind, Question
from qadeck.diagnostics import Diagnostics
from qadeck.package.notetype import NoteType
from qadeck.render.media import Place
from qadeck.render.notes import MediaRenderer, RenderedNote
from qadeck.sync.apply import Backend
from qadeck.sync.record import SyncRecord
from qadeck.sync.snapshot import Snapshot
from qadeck.writeback.atomic import decoded
from qadeck.writeback.blocks import fence_languages
from qadeck.writeback.images import (
    image_folder,
    image_sources,
    pasted,
    place_for,
    relative_src,
)
from qadeck.writeback.pulling import NotePull, Outcome, Unpulled, pull_note, removed_from_sources
from qadeck.writeback.rewrite import apply, split_lines
from qadeck.writeback.stored import Parts
from qadeck.writeback.tomarkdown import Hints


@dataclass(frozen=True)
class FilePlan:
    """A source file's bytes as read and as they will be, the notes pulled into it, and the
    pasted images to copy beside it."""

    path: Path
    display: str
    before: bytes
    after: bytes
    notes: tuple[NotePull, ...]
    images: tuple[tuple[Path, bytes], ...] = ()


@dataclass
class NoteHints:
    """What converting a note's HTML needs from its document, and the pasted images found."""

    backend: Backend
    root: Path | None
    renderer: MediaRenderer = field(init=False)
    images: dict[Path, list[tuple[Path, bytes]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.renderer = MediaRenderer(Diagnostics(), self.root)

    def __call__(self, question: Question, theirs: Parts) -> Hints:
        place = Place(question.source, question.line)
        known: dict[str, str] = {}
        for src in image_sources(f"{question.title}\n{question.answer}\n{question.extra}"):
            name = self.renderer.media.image(src, place)
            if isinstance(name, str):
                known[name] = src
        document = question.source.path
        folder = image_folder(document, image_sources(question.source.text))
        new: dict[str, str] = {}
        for name in pasted(theirs.title + theirs.answer + theirs.extra, known):
            data = self.backend.read_media(name)
            if data is None:
                continue
            target = place_for(document, folder, name, data)
            new[name] = relative_src(document, target)
            self.images.setdefault(document, []).append((target, data))

        def render(text: str, inline: bool) -> str:
            done = self.renderer.inline(text, place) if inline else self.renderer.block(text, place)
            return _as_pasted(done, new)

        languages = fence_languages(question.source.text)
        return Hints({**known, **new}, languages, render)


def _as_pasted(rendered: str, pasted: Mapping[str, str]) -> str:
    """Rendered HTML with each pasted image (not copied yet, so shown as missing) as Anki's."""
    for name, src in pasted.items():
        shown = re.escape(html.escape(src, quote=False))
        missing = rf'<span class="missing-image">\[image: (?:(.*?) \({shown}\)|{shown})\]</span>'
        rendered = re.sub(missing, _image_of(name), rendered)
    return rendered


def _image_of(name: str) -> Callable[[re.Match[str]], str]:
    def image(found: re.Match[str]) -> str:
        return f'<img alt="{found[1] or ""}" src="{html.escape(name)}">'

    return image


def hints_maker(backend: Backend, root: Path | None) -> NoteHints:
    """The hints for each note's conversion, for one pull."""
    return NoteHints(backend, root)


def file_plans(
    deck: Deck,
    notes: Sequence[RenderedNote],
    snapshot: Snapshot,
    record: SyncRecord,
    kinds: Mapping[Kind, NoteType],
    hints: NoteHints,
) -> tuple[list[FilePlan], list[Outcome]]:
    """Each note's outcome, and the new bytes of each file with a note to pull."""
    questions = {deck.guid(question): question for question in deck.questions}
    held = {note.guid: note for note in snapshot.notes}
    outcomes: list[Outcome] = []
    for rendered in notes:
        anki, recorded = held.get(rendered.guid), record.notes.get(rendered.guid)
        if anki is None or recorded is None:
            continue
        if anki.model_id and anki.model_id != kinds[rendered.kind].model_id:
            continue  # its type changed: sync names it, and pulls nothing
        question = questions[rendered.guid]
        outcomes.append(pull_note(rendered, question, anki, recorded, deck.tag(()), hints))
    for guid, anki in held.items():
        if guid in record.notes and guid not in questions:
            outcomes.append(removed_from_sources(anki, record.notes[guid]))
    by_file: dict[Path, list[NotePull]] = {}
    for outcome in outcomes:
        if isinstance(outcome, NotePull) and outcome.replacements:
            by_file.setdefault(outcome.question.source.path, []).append(outcome)
    plans = []
    for path, pulls in by_file.items():
        plan = _file_plan(path, pulls, hints.images.get(path, []))
        if isinstance(plan, FilePlan):
            plans.append(plan)
        else:
            outcomes.extend(plan)
    return plans, [o for o in outcomes if o is not None]


def _file_plan(
    path: Path, pulls: list[NotePull], images: list[tuple[Path, bytes]]
) -> FilePlan | list[Unpulled]:
    source = pulls[0].question.source
    before = path.read_bytes()
    bom, text = decoded(before)
    lines = split_lines(text)
    replacements = [r for pull in pulls for r in pull.replacements]
    for replacement in replacements:
        for index in range(replacement.start, replacement.end):
            if index >= len(lines) or lines[index][0] != source.lines[index]:
                reason = "its file changed since it was read; pull again"
                return [Unpulled(p.question.title, str(p.question.location), reason) for p in pulls]
    after = (bom + apply(text, replacements)).encode("utf-8")
    return FilePlan(path, source.display, before, after, tuple(pulls), tuple(images))
