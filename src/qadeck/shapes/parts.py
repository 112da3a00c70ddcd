"""Documents read in parts: where a document is cut, and what each part gives when read.

A document in qadeck's outline may be cut at headings into parts of about PART_HEADINGS
headings. Where it is cut depends on the text of the headings alone (a heading starts a part
when a hash of its text and the one before says so), so an edit moves no cut but at the
headings it changes. A part is read as reading the whole document reads it: from a heading's
line, outside code and comments (see sources.headings.heading_marks), with the sections open
where it starts and the level of the heading after it. A document in any other shape is one
part. Reading a part is a function of the part and what is open where it starts: whoever
remembers parts between builds (see incremental.reading) reads the ones it does not remember
with `read_part`, and reading without a memory reads every document as one part.
"""

from __future__ import annotations

import zlib
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from qadeck.deck.model import Account, Question
from qadeck.diagnostics import Diagnostic, Diagnostics
from qadeck.shapes.attributes import document_reversed
from qadeck.shapes.outline import Stack, introduced_outline, read_outline_part
from qadeck.shapes.vaultnotes import note_sections, note_stack, titled_outline, untitled_name
from qadeck.sources.files import SourceFile, SourceSet
from qadeck.sources.headings import Outline, heading_marks, parse_heading, parse_outline
from qadeck.sources.vault import has_tag

if TYPE_CHECKING:
    from qadeck.shapes.accounting import Reading
    from qadeck.shapes.markup import Doc

PART_HEADINGS = 32
MOST_HEADINGS = 4 * PART_HEADINGS  # a part ends after this many headings, whatever they say
Section = tuple[str, ...]
Counts = tuple[int, int, int, int]  # questions, notes, unanswered questions, other stretches
OnRead = Callable[[Sequence[Question]], None]
HeadingMarks = Sequence[tuple[int, int, int, str]]


@dataclass(frozen=True)
class Place:
    """Where a part of a document is: its start and end in the text, its first line, its last
    line (None: it runs to the end of the document) and the level of the heading after it."""

    start: int
    end: int
    line: int
    last: int | None
    after: int | None


@dataclass(frozen=True)
class Part:
    """A part of a document and what it gave: its sections and questions, what reading it
    reported, how many questions, notes and skipped stretches it held, and the sections open
    after it. A part read in this build has its outline (the checks read it); one taken from
    memory has none, and its questions no Markdown."""

    place: Place
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    findings: tuple[Diagnostic, ...]
    counts: Counts
    stack: tuple[tuple[int, str, tuple[str, ...], bool | None], ...] = ()
    outline: Outline | None = None

    @property
    def line(self) -> int:
        return self.place.line


@dataclass(frozen=True)
class Plan:
    """How a document is to be read: its shape, its title (when the deck may take it), where
    each part is, and the scan that detected its shape (see detect), when it was read whole."""

    source: SourceFile
    shape: str
    title: str | None
    places: tuple[Place, ...]
    scan: Doc | None = None
    note: bool = False  # a note of a vault, in a folder: read as Obsidian shows it
    note_title: str | None = None  # its file name, when it has no title (see vaultnotes)
    readings: tuple[Reading, ...] = ()  # the shapes tried on the whole document, best first
    converted: bool = False  # read in the outline, not written in it: no card without answer
    introduced: bool = False  # a file of a folder under its title: the title's text is no card
    asks_only: bool = False  # its questions have no answers: none makes a card (see choose)


@dataclass(frozen=True)
class DocumentReading:
    """A document as read in its shape: its title (when the deck may take it) and its parts."""

    source: SourceFile
    shape: str
    title: str | None
    parts: tuple[Part, ...]
    readings: tuple[Reading, ...] = ()  # the shapes tried on it, best first (see choose)
    asks_only: bool = False  # its questions have no answers: none made a card (see choose)

    @property
    def account(self) -> Account:
        """What the document gave (see deck.model)."""
        counts = [part.counts for part in self.parts]
        found, notes, unanswered, other = (sum(c[n] for c in counts) for n in range(4))
        return Account(self.source.display, self.shape, found, notes, unanswered, other)

    @cached_property
    def _starts(self) -> list[int]:
        return [part.line for part in self.parts]

    def part_index(self, line: int) -> int:
        """The index of the part that holds a line."""
        if len(self.parts) == 1:
            return 0
        return max(bisect_right(self._starts, line) - 1, 0)


def plan_document(
    source: SourceFile, style: str | None, single: bool, cut: bool, whole: bool = False
) -> Plan:
    """How to read a document: in `style`, or the shape detected from a sample; in parts when
    `cut` and the document is in the outline, else whole. `whole` says the file is one
    question of a folder of one question per file (see folders): evidence for the readings."""
    text = source.text
    # Where the headings are: for the title, detection's sample and the parts, when needed.
    note = source.vault is not None and not single
    marks = heading_marks(text) if single or cut or not style or note else []
    title = _title(marks) if single else None
    # a file of a folder under its title, detected: the title's text introduces it
    introduced = not (single or style or note) and _title(marks) is not None
    scan = None
    readings: tuple[Reading, ...] = ()
    converted = asks_only = False
    if style:
        shape = style
    else:
        from qadeck.shapes.detect import detection  # detection takes time to load: only if needed
        from qadeck.shapes.spaced import FLASHCARDS

        flashcards = has_tag(source.front.tags, (FLASHCARDS,))
        found, scan = detection(text, marks, flashcards)
        shape = found.name
        if source.vault is None:
            from qadeck.shapes.choose import choose
            from qadeck.shapes.detect import scan_with_title

            scan = scan_with_title(scan, text, title is not None)
            choice = choose(source, shape, scan, title is not None, whole, introduced)
            shape, readings, asks_only = choice.shape, choice.readings, choice.questions_only
            # Read in the outline although detected in another shape: not written in it. A
            # document detected as the outline (a user's own list of questions still waiting
            # for answers) keeps a card for every question.
            converted = shape == "outline" and found.name != "outline"
    if shape == "outline" and cut:
        places = tuple(_cut(text, marks))
    else:
        places = (Place(0, len(text), 1, None, None),)
    note_title = untitled_name(source, marks[0][2] if marks else None) if note else None
    return Plan(
        source, shape, title, places, scan, note, note_title, readings, converted, introduced,
        asks_only,
    )  # fmt: skip


def reversed_document(plan: Plan, diagnostics: Diagnostics) -> bool | None:
    """What the front matter of a document in the outline asks for, once for the whole
    document (its findings are reported in every build, remembered or not)."""
    return document_reversed(plan.source, diagnostics) if plan.shape == "outline" else None


def read_part(
    plan: Plan,
    index: int,
    stack: Stack,
    reversed_document: bool | None,
    diagnostics: Diagnostics,
) -> Part:
    """Read one part of a planned document, with the sections open where it starts."""
    source, text, place = plan.source, plan.source.text, plan.places[index]
    titled = index == 0 and plan.title is not None
    before = len(diagnostics.items)
    sections: list[Section] = []
    questions: list[Question] = []
    open_after: Stack = ()
    if plan.shape == "outline":
        outline = parse_outline(text, place.start, place.end, place.line)
        reading = outline
        if index == 0 and plan.note:
            stack = note_stack(source, reversed_document)
            if plan.note_title:
                reading = titled_outline(outline, plan.note_title)
        elif index == 0 and plan.introduced:
            reading = introduced_outline(outline)
        account, open_after = read_outline_part(
            source, reading, titled, stack, place.after, reversed_document,
            sections, questions, diagnostics, plan.converted or bool(plan.readings),
            plan.asks_only,
        )  # fmt: skip
        if index == 0 and plan.note and (questions or len(plan.places) > 1):
            sections[:0] = note_sections(source)
        if index == 0 and plan.readings:  # chosen among readings: say what none of it read
            from qadeck.shapes.accounting import report_silent

            chosen = next(r for r in plan.readings if r.shape == "outline")
            report_silent(source, chosen, plan.readings, diagnostics)
    else:
        from qadeck.shapes.choose import CANDIDATES, trial
        from qadeck.shapes.detect import SHAPES, read_shape, scan_with_title

        outline = parse_outline(text)
        doc = scan_with_title(plan.scan, text, plan.title is not None)

        def readings() -> Sequence[Reading]:
            # the readings tried when the shape was chosen, or, in a --style, tried now
            has_title = plan.title is not None
            return plan.readings or [trial(source, name, doc, has_title) for name in CANDIDATES]

        account = read_shape(
            source, SHAPES[plan.shape], doc, sections, questions, diagnostics, plan.note, readings,
            plan.asks_only,
        )  # fmt: skip
    counts = (account.questions, account.notes, account.unanswered, account.other)
    return Part(
        place,
        tuple(sections),
        tuple(questions),
        tuple(diagnostics.items[before:]),
        counts,
        tuple(open_after),
        outline,
    )


def read_documents(
    source_set: SourceSet,
    style: str | None,
    diagnostics: Diagnostics,
    on_read: OnRead | None = None,
) -> list[DocumentReading]:
    """Read every document whole in its shape (`style`, or each one's detected shape), handing
    the questions of each to `on_read` as soon as it is read."""
    documents = []
    wholes = whole_files(source_set, style)
    for source in source_set.files:
        plan = plan_document(
            source, style, source_set.single_document, False, source.name in wholes
        )
        part = read_part(plan, 0, (), reversed_document(plan, diagnostics), diagnostics)
        if on_read is not None:
            on_read(part.questions)
        documents.append(
            DocumentReading(source, plan.shape, plan.title, (part,), plan.readings, plan.asks_only)
        )
    return documents


def whole_files(source_set: SourceSet, style: str | None) -> frozenset[str]:
    """The names of the files that are one question each (see folders), when shapes are
    detected in a folder."""
    if style or source_set.single_document:
        return frozenset()
    from qadeck.shapes.folders import one_question_files

    return one_question_files(source_set.files)


def _title(marks: HeadingMarks) -> str | None:
    """The document's title, as the deck takes it: its first heading, the only one of level 1."""
    if not marks or marks[0][2] != 1 or sum(level == 1 for _, _, level, _ in marks) != 1:
        return None
    _, line, level, raw = marks[0]
    return parse_heading(level, raw, line).title


def _cut(text: str, marks: HeadingMarks) -> list[Place]:
    """The parts of a document in the outline: each from a heading chosen by its text on."""
    cuts = [(0, 1, 0)]  # where each part starts, its line and the level of its first heading
    count = 0
    previous = marks[0][3] if marks else ""
    for start, line, level, title in marks[1:]:
        count += 1
        sign = zlib.crc32(f"{previous}\n{title}".encode("utf-8", "surrogatepass"))
        previous = title
        if count >= MOST_HEADINGS or sign % PART_HEADINGS == 0:
            cuts.append((start, line, level))
            count = 0
    places = []
    for (start, line, _), (end, following, level) in zip(
        cuts, [*cuts[1:], (len(text), 0, 0)], strict=True
    ):
        last = following - 1 if end < len(text) else None
        places.append(Place(start, end, line, last, level if end < len(text) else None))
    return places
