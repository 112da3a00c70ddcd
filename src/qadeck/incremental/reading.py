"""Reading that remembers: each part of a document from memory when an earlier build read it,
else read by the shapes (see shapes.parts.read_part); what to remember, assembled afterwards.

The reader wraps the shapes from outside. It plans each document as the shapes would read it
in parts, looks up each part by its key (see documents.DocumentMemory) and reads only those it
does not find. A remembered part comes back as the shapes' own `Part`, without an outline and
with questions without Markdown; what the later stages gave it in its build (its landmarks,
the findings of its checks, the HTML of its questions and what rendering reported) is kept here,
by the part's place, for those stages to take instead of doing the work again. After the build
has checked and rendered, `entries` lists what is worth remembering of the parts read now, from
the values each stage returned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from qadeck.checks.document import Checked
from qadeck.deck.model import Question
from qadeck.diagnostics import Diagnostic, Diagnostics
from qadeck.incremental.documents import (
    DocumentMemory,
    Fields,
    Layout,
    PartEntry,
    PartRead,
    Stack,
    StoredPlace,
    recalled,
)
from qadeck.incremental.store import RenderCache
from qadeck.render.notes import RenderedDeck
from qadeck.shapes.parts import (
    DocumentReading,
    OnRead,
    Part,
    Place,
    Plan,
    plan_document,
    read_part,
    reversed_document,
    whole_files,
)
from qadeck.sources.config import CheckSettings, word_limit
from qadeck.sources.files import SourceFile, SourceSet

PartId = tuple[str, int]  # a part by its document's display path and its first line
QuestionId = tuple[str, int]  # a question by its document's display path and its line


@dataclass(frozen=True)
class Recalled:
    """What the stages after reading gave a remembered part in the build that remembered it."""

    landmarks: tuple[Any, ...]  # see checks.landmarks
    findings: tuple[tuple[str, Diagnostic], ...]  # what reading and checking it reported
    lines: tuple[int, ...]  # the line of each of its questions
    fields: tuple[Fields, ...]  # the HTML of each of its questions
    reported: tuple[tuple[Diagnostic, ...], ...]  # what rendering each question reported


class RememberingReader:
    """A `shapes.read.DocumentReader` that takes what it can from memory (for one way of
    reading: a style and the checks' word limit) and keeps what memory gave, by part."""

    def __init__(self, cache: RenderCache, settings: CheckSettings) -> None:
        self._cache, self._settings = cache, settings
        self.recalled: dict[PartId, Recalled] = {}
        self._keys: dict[PartId, bytes] = {}  # of each part of the documents in _layouts
        self._read_now: set[PartId] = set()  # the parts read in this build
        self._layouts: dict[str, bytes] = {}  # of each document not taken from memory whole
        self.store: DocumentMemory | None = None

    def __call__(
        self,
        source_set: SourceSet,
        style: str | None,
        diagnostics: Diagnostics,
        on_read: OnRead | None = None,
    ) -> list[DocumentReading]:
        """Read every document, each part from memory when it can."""
        # What a part gives depends on the style and the checks' word limit besides its text.
        limit = word_limit(self._settings, source_set.config)
        clozes = source_set.config.clozes  # what plugin cards of the deck make clozes of
        reading = f"style={style} max-words={limit} clozes={clozes}"
        memory = self.store = DocumentMemory(self._cache, reading)
        single = source_set.single_document
        wholes = whole_files(source_set, style)  # files that are one question each
        keys = [
            memory.layout_key(source, single, source.name in wholes) for source in source_set.files
        ]
        known = memory.layouts(keys)
        documents = []
        for key, source in zip(keys, source_set.files, strict=True):
            found = known.get(key)
            if found is not None:
                documents.append(self._recall_document(source, *found, diagnostics))
                continue
            self._layouts[source.display] = key
            whole = source.name in wholes
            documents.append(self._read(source, style, single, whole, memory, diagnostics, on_read))
        memory.close()
        return documents

    def _read(
        self,
        source: SourceFile,
        style: str | None,
        single: bool,
        whole: bool,
        memory: DocumentMemory,
        diagnostics: Diagnostics,
        on_read: OnRead | None,
    ) -> DocumentReading:
        plan = plan_document(source, style, single, True, whole)
        wants_reversed = reversed_document(plan, diagnostics)
        stack: Stack = ()
        parts = []
        for index, place in enumerate(plan.places):
            titled = index == 0 and plan.title is not None
            text = source.text[place.start : place.end]
            # a title's text is no card in a file of a folder (see shapes.parts.Plan)
            titled_as = "introduced" if index == 0 and plan.introduced else titled
            key = memory.part_key(
                source, plan.shape, titled_as, stack, place.after, text, plan.asks_only
            )
            entry = memory.part(key)
            self._keys[(source.display, place.line)] = key
            if entry is not None:
                part = self._recall(source, place, entry, diagnostics)
            else:
                part = read_part(plan, index, stack, wants_reversed, diagnostics)
                self._read_now.add((source.display, place.line))
                if on_read is not None:
                    on_read(part.questions)
            stack = part.stack
            parts.append(part)
        return DocumentReading(
            source, plan.shape, plan.title, tuple(parts), plan.readings, plan.asks_only
        )

    def _recall(
        self, source: SourceFile, place: Place, entry: PartEntry, diagnostics: Diagnostics
    ) -> Part:
        """A part from memory; what reading it reported is reported again."""
        line, display = place.line, source.display
        questions, lines, reported = [], [], []
        for q in entry.questions:  # one pass: a rebuild of a large deck makes every one
            at = line + q.offset
            questions.append(
                Question(
                    q.title, q.key, q.explicit, "", "", q.section, q.context, source, at,
                    line + q.answer_offset, q.reversed, q.tags,
                )
            )  # fmt: skip
            lines.append(at)
            reported.append(
                tuple(recalled(f, display, line) for f in q.reported) if q.reported else ()
            )
        findings = tuple((stage, recalled(kept, display, line)) for stage, kept in entry.findings)
        self.recalled[(display, line)] = Recalled(
            entry.landmarks, findings, tuple(lines), entry.fields, tuple(reported)
        )
        read = tuple(found for stage, found in findings if stage == "read")
        diagnostics.extend(read)
        return Part(place, entry.sections, tuple(questions), read, entry.counts, entry.stack)

    def _recall_document(
        self,
        source: SourceFile,
        layout: Layout,
        entries: tuple[PartEntry, ...],
        diagnostics: Diagnostics,
    ) -> DocumentReading:
        plan = Plan(source, layout.shape, layout.title, ())
        reversed_document(plan, diagnostics)  # its findings, as reading reports them
        lines = [place.line for place in layout.parts[1:]]
        parts = []
        for (_, start, end, line, after), entry, following in zip(
            layout.parts, entries, [*lines, None], strict=True
        ):
            last = None if following is None else following - 1
            place = Place(start, end, line, last, after)
            parts.append(self._recall(source, place, entry, diagnostics))
        return DocumentReading(source, layout.shape, layout.title, tuple(parts))

    def replay(self, stage: str, diagnostics: Diagnostics) -> None:
        """Report again what the remembered parts reported at this stage, in document order."""
        for recall in self.recalled.values():
            diagnostics.extend(found for at, found in recall.findings if at == stage)

    def landmarks(self) -> dict[PartId, tuple[Any, ...]]:
        """The landmarks of each remembered part (see checks.landmarks)."""
        return {part: recall.landmarks for part, recall in self.recalled.items()}

    def rendered(self) -> dict[QuestionId, tuple[Fields, tuple[Diagnostic, ...]]]:
        """The HTML of each remembered question, with what rendering it reported."""
        known = {}
        for (display, _), recall in self.recalled.items():
            for line, fields, reported in zip(
                recall.lines, recall.fields, recall.reported, strict=True
            ):
                known[(display, line)] = (fields, reported)
        return known

    def remember(
        self,
        documents: Sequence[DocumentReading],
        checked: Checked,
        rendered: RenderedDeck,
        diagnostics: Diagnostics,
    ) -> None:
        """Remember the parts read in this build, with what checking them (landmarks and
        findings, by part) and rendering their questions (HTML and the findings among
        `diagnostics` that each note's span names) gave; listed and encoded when the memory is
        written."""
        if self.store is None:
            return
        now: dict[QuestionId, tuple[Fields, tuple[Diagnostic, ...]]] = {}
        if self._read_now:  # else every question is remembered already
            remembered = {
                (display, line)
                for (display, _), recall in self.recalled.items()
                for line in recall.lines
            }
            for question, note, (start, end) in zip(
                checked.deck.questions, rendered.notes, rendered.findings, strict=True
            ):
                where = (question.source.display, question.line)
                if where not in remembered:
                    now[where] = (note.html, tuple(diagnostics.items[start:end]))
        self.store.remember(partial(self._entries, documents, checked.parts, now))

    def _entries(
        self,
        documents: Sequence[DocumentReading],
        checked: Mapping[PartId, tuple[tuple[Any, ...], tuple[Diagnostic, ...]]],
        rendered: Mapping[QuestionId, tuple[Fields, Sequence[Diagnostic]]],
    ) -> Iterator[tuple[bytes, Callable[[], bytes]]]:
        """Each part read now that may be remembered (see documents.PartRead), and the layout
        of each document all of whose parts are; each with the function that encodes it."""
        for document in documents:
            display = document.source.display
            layout = self._layouts.get(display)
            if layout is None:
                continue  # taken from memory whole
            complete = True
            places = []
            for part in document.parts:
                place, where = part.place, (display, part.line)
                key = self._keys[where]
                places.append(StoredPlace(key, place.start, place.end, place.line, place.after))
                if where not in self._read_now:
                    continue
                read = _part_read(display, part, checked.get(where), rendered)
                if read is None or not read.may_be_remembered():
                    complete = False
                    continue
                yield key, read.encode
            if complete:
                yield layout, Layout(document.shape, document.title, tuple(places)).encode


def _part_read(
    display: str,
    part: Part,
    checked: tuple[tuple[Any, ...], tuple[Diagnostic, ...]] | None,
    rendered: Mapping[QuestionId, tuple[Fields, Sequence[Diagnostic]]],
) -> PartRead | None:
    """What reading, checking and rendering a part read now gave, as remembered."""
    if checked is None:
        return None
    landmarks, check_findings = checked
    html, reported = [], {}
    for question in part.questions:
        found = rendered.get((display, question.line))
        if found is not None:
            html.append(found[0])
            reported[question.line] = found[1]
    findings = [("read", found) for found in part.findings]
    findings += [("check", found) for found in check_findings]
    place = part.place
    return PartRead(
        display, place.line, place.last, part.sections, part.questions, html, findings,
        reported, part.counts, landmarks, part.stack,
    )  # fmt: skip
