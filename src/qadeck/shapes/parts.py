"""Documents read in parts, each part from memory when it can (see cache.documents).

A document in qadeck's outline is cut at headings into parts of about PART_HEADINGS headings.
Where it is cut depends on the text of the headings alone (a heading starts a part when a hash
of its text and the one before says so), so an edit moves no cut but at the headings it
changes. A part is read as reading the whole document reads it: from a heading's line, outside
code and comments (see sources.outline.heading_marks), with the sections open where it starts
and the level of the heading after it. A document in any other shape is one part. Without a
memory, every document is one part: the reading that the parts must agree with.
"""

from __future__ import annotations

import zlib
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from qadeck.deck.model import Account, Question
from qadeck.diagnostics import Diagnostic, Diagnostics
from qadeck.incremental.documents import (
    Counts,
    DocumentMemory,
    Fields,
    Layout,
    PartEntry,
    PartRead,
    Stack,
    recalled,
)
from qadeck.shapes.options import document_reversed
from qadeck.shapes.outline import read_outline_part
from qadeck.sources.files import SourceFile, SourceSet
from qadeck.sources.headings import Outline, heading_marks, parse_heading, parse_outline

PART_HEADINGS = 32
MOST_HEADINGS = 4 * PART_HEADINGS  # a part ends after this many headings, whatever they say
Section = tuple[str, ...]
OnRead = Callable[[Sequence[Question]], None]


@dataclass
class Part:
    """A part of a document: where it is, and what it gave, from memory or read in this build.

    `findings` are what reading and checking it reported ("read", "check"), and `reported`
    what rendering each of its questions reported, by the question's line: recorded as the
    build goes for a part read now; for one remembered, reported again at the same stage.
    `html` are the fields of its questions read now, in order, as rendered.
    """

    start: int
    end: int
    line: int
    last: int | None  # its last line; None: it runs to the end of the document
    after: int | None  # the level of the heading after it
    key: bytes | None = None
    remembered: bool = False
    outline: Outline | None = None  # read in this build, for the checks
    sections: list[Section] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    findings: list[tuple[str, Diagnostic]] = field(default_factory=list)
    reported: dict[int, list[Diagnostic]] = field(default_factory=dict)
    html: list[Fields] = field(default_factory=list)  # of its questions, once rendered
    counts: Counts = (0, 0, 0, 0)  # questions, notes, unanswered questions, other stretches
    landmarks: tuple[Any, ...] | None = None  # see checks.landmarks
    stack: Stack = ()  # the sections open after it

    def replay(self, stage: str, diagnostics: Diagnostics) -> None:
        """Report again what a remembered part reported at this stage."""
        if self.remembered:
            diagnostics.extend(found for at, found in self.findings if at == stage)


@dataclass
class DocumentReading:
    """A document as read in its shape: its title (when the deck may take it) and its parts."""

    source: SourceFile
    shape: str
    title: str | None
    parts: list[Part]
    layout: bytes | None = None  # the key its layout is remembered under, if it is to be
    _lines: list[int] = field(default_factory=list, repr=False)  # where each part starts

    @property
    def account(self) -> Account:
        """What the document gave (see deck.model)."""
        counts = [part.counts for part in self.parts]
        found, notes, unanswered, other = (sum(c[n] for c in counts) for n in range(4))
        return Account(self.source.display, self.shape, found, notes, unanswered, other)

    def part_at(self, line: int) -> Part:
        """The part that holds a line."""
        if len(self.parts) == 1:
            return self.parts[0]
        if len(self._lines) != len(self.parts):
            self._lines = [part.line for part in self.parts]
        return self.parts[max(bisect_right(self._lines, line) - 1, 0)]

    def layout_entry(self) -> Layout:
        places = tuple((p.key or b"", p.start, p.end, p.line, p.after) for p in self.parts)
        return Layout(self.shape, self.title, places)


def read_documents(
    source_set: SourceSet,
    style: str | None,
    memory: DocumentMemory | None,
    diagnostics: Diagnostics,
    on_read: OnRead | None = None,
) -> list[DocumentReading]:
    """Read every document in its shape (`style`, or each one's detected shape), handing the
    questions of each part read (not remembered) to `on_read` as soon as it is read."""
    single = source_set.single_document
    files = source_set.files
    keys = [memory.layout_key(source, single) for source in files] if memory else []
    known = memory.layouts(keys) if memory else {}
    documents = []
    for index, source in enumerate(files):
        found = known.get(keys[index]) if memory else None
        if found is not None:
            documents.append(_recall_document(source, *found, diagnostics))
            continue
        document = _read(source, style, single, memory, diagnostics, on_read)
        document.layout = keys[index] if memory else None
        documents.append(document)
    if memory is not None:
        memory.close()
    return documents


def _read(
    source: SourceFile,
    style: str | None,
    single: bool,
    memory: DocumentMemory | None,
    diagnostics: Diagnostics,
    on_read: OnRead | None = None,
) -> DocumentReading:
    text = source.text
    # Where the headings are: for the title, detection's sample and the parts, when needed.
    marks = heading_marks(text) if single or memory is not None or not style else []
    title = _title(marks) if single else None
    scan = None
    if style:
        shape = style
    else:
        from qadeck.shapes.detect import detection  # detection takes time to load: only if needed

        found, scan = detection(text, marks)
        shape = found.name
    if shape == "outline" and memory is not None:
        parts = _cut(text, marks)
    else:
        parts = [Part(0, len(text), 1, None, None)]
    # What the front matter asks for, once for the whole document (a finding in every build).
    reversed_document = document_reversed(source, diagnostics) if shape == "outline" else None
    stack: Stack = ()
    for index, part in enumerate(parts):
        titled = index == 0 and title is not None
        if memory is not None:
            part.key = memory.part_key(
                source, shape, titled, stack, part.after, text[part.start : part.end]
            )
            entry = memory.part(part.key)
            if entry is not None:
                _recall(source, part, entry, diagnostics)
                stack = part.stack
                continue
        before = len(diagnostics.items)
        if shape == "outline":
            part.outline = parse_outline(text, part.start, part.end, part.line)
            account, open_sections = read_outline_part(
                source, part.outline, titled, stack, part.after, reversed_document,
                part.sections, part.questions, diagnostics,
            )  # fmt: skip
            part.stack = tuple(open_sections)
        else:
            from qadeck.shapes.detect import SHAPES, read_shape, scan_with_title

            part.outline = parse_outline(text)
            doc = scan_with_title(scan, text, title is not None)
            account = read_shape(
                source, SHAPES[shape], doc, part.sections, part.questions, diagnostics
            )
        part.counts = (account.questions, account.notes, account.unanswered, account.other)
        part.findings = [("read", found) for found in diagnostics.items[before:]]
        stack = part.stack
        if on_read is not None:
            on_read(part.questions)
    return DocumentReading(source, shape, title, parts)


def _title(marks: Sequence[tuple[int, int, int, str]]) -> str | None:
    """The document's title, as the deck takes it: its first heading, the only one of level 1."""
    if not marks or marks[0][2] != 1 or sum(level == 1 for _, _, level, _ in marks) != 1:
        return None
    _, line, level, raw = marks[0]
    return parse_heading(level, raw, line).title


def _cut(text: str, marks: Sequence[tuple[int, int, int, str]]) -> list[Part]:
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
    parts = []
    for (start, line, _), (end, following, level) in zip(
        cuts, [*cuts[1:], (len(text), 0, 0)], strict=True
    ):
        last = following - 1 if end < len(text) else None
        parts.append(Part(start, end, line, last, level if end < len(text) else None))
    return parts


def _recall(source: SourceFile, part: Part, entry: PartEntry, diagnostics: Diagnostics) -> None:
    """Fill a part from memory, and report again what reading it reported."""
    line, display = part.line, source.display
    part.remembered = True
    part.sections = list(entry.sections)
    part.questions = [
        Question(title, key, explicit, "", "", section, context, source, line + at, line + body,
                 html, reversed_card, tags, tuple(recalled(f, display, line) for f in reported))
        for (title, key, explicit, section, context, at, body, reversed_card, tags, reported),
        html in zip(entry.questions, entry.fields, strict=True)
    ]  # fmt: skip
    part.findings = [(stage, recalled(kept, display, line)) for stage, kept in entry.findings]
    part.counts = entry.counts
    part.landmarks = entry.landmarks
    part.stack = entry.stack
    part.replay("read", diagnostics)


def _recall_document(
    source: SourceFile,
    layout: Layout,
    entries: tuple[PartEntry, ...],
    diagnostics: Diagnostics,
) -> DocumentReading:
    if layout.shape == "outline":
        document_reversed(source, diagnostics)  # its findings, as _read reports them
    parts = []
    lines = [line for _, _, _, line, _ in layout.parts[1:]]
    for (key, start, end, line, after), entry, following in zip(
        layout.parts, entries, [*lines, None], strict=True
    ):
        part = Part(start, end, line, None if following is None else following - 1, after, key)
        _recall(source, part, entry, diagnostics)
        parts.append(part)
    return DocumentReading(source, layout.shape, layout.title, parts)


def memories(documents: Sequence[DocumentReading]) -> list[tuple[bytes, Callable[[], bytes]]]:
    """What to remember of the documents read in this build: each part that may be (see
    cache.documents.PartRead), and the layout of each document all of whose parts are; each
    with the function that makes its entry, encoded."""
    found: list[tuple[bytes, Callable[[], bytes]]] = []
    for document in documents:
        if document.layout is None:
            continue  # taken from memory whole, or read without a memory
        complete = True
        for part in document.parts:
            if part.remembered:
                continue
            if part.key is None or part.landmarks is None:
                complete = False
                continue
            read = PartRead(
                document.source.display, part.line, part.last, part.sections, part.questions,
                part.html, part.findings, part.reported, part.counts, part.landmarks, part.stack,
            )  # fmt: skip
            if not read.may_be_remembered():
                complete = False
                continue
            found.append((part.key, partial(_encoded, read)))
        if complete:
            found.append((document.layout, document.layout_entry().encode))
    return found


def _encoded(read: PartRead) -> bytes:
    return read.entry().encode()
