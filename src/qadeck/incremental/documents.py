"""Documents read in an earlier build, so that a rebuild reads, checks and renders only new text.

A document is remembered in parts (see shapes.parts: a document in qadeck's outline is cut at
headings, one in another shape is one part). A part is remembered with what reading, checking
and rendering it gave: its sections, its questions (with their keys before duplicates across
the deck are numbered, what they ask for besides their text, and what rendering each reported)
and the HTML of their fields, but not their Markdown, which nothing after the checks and
rendering reads; the findings reading and checking it produced, in order, each with the stage
that made it; how many questions, notes and skipped stretches it held; what the whole-document
checks need of it (see checks.landmarks); and the sections open where it ends. Its lines are
kept as offsets from its first line, so a part that an edit above it moved is still
remembered. Its key is a hash of everything that result depends on: its text, the document's
path, name and front matter, whether it is a note of a vault, the shape it is read as, the word
limit of the checks, whether it starts with the document's title (or a file's title whose text
introduces it), the sections open where it starts, the level of the heading after it, and
every version and setting the render cache keys include. So a changed input is a new key,
never a stale hit. An unchanged document is found at once by its layout, kept under a hash of
its whole text: its shape, its title and where each part is. The entries live in the render
cache's file (see render.cache), as marshal data of plain tuples and strings.
"""

from __future__ import annotations

import json
import marshal
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from qadeck import __version__
from qadeck.deck.model import Question
from qadeck.diagnostics import Diagnostic, Location, Severity
from qadeck.incremental.store import Entries, RenderCache
from qadeck.render.fragments import uses_media
from qadeck.render.keys import key_hasher
from qadeck.sources.files import SourceFile

# Raise when the meaning of an entry changes.
FORMAT = 4

Section = tuple[str, ...]
# The open sections (see shapes.outline): each heading's level and deck name part, and the tags
# and the reversed card its questions inherit.
Stack = tuple[tuple[int, str, tuple[str, ...], bool | None], ...]
Fields = tuple[str, str, str]  # the HTML of the title, the answer and the extra part
Counts = tuple[int, int, int, int]  # questions, notes, unanswered questions, other stretches


class Kept(NamedTuple):
    """A finding as remembered: its line and column relative to the part's first line."""

    severity: str
    offset: int | None  # its line, as an offset from the part's first line
    col: int | None
    message: str


class RememberedQuestion(NamedTuple):
    """A question without its file and its Markdown, its lines as offsets in its part."""

    title: str
    key: str
    explicit: bool
    section: Section
    context: Section
    offset: int  # its line
    answer_offset: int  # the line its answer starts on
    reversed: bool | None
    tags: tuple[str, ...]
    reported: tuple[Kept, ...]  # what rendering it reported


Finding = tuple[str, Kept]  # a finding, and the stage that made it ("read" or "check")


@dataclass(frozen=True)
class PartEntry:
    """What a part of a document gave, as remembered."""

    sections: tuple[Section, ...]
    questions: tuple[RememberedQuestion, ...]
    fields: tuple[Fields, ...]
    findings: tuple[Finding, ...]
    counts: Counts
    landmarks: tuple[Any, ...]  # see checks.landmarks
    stack: Stack  # the sections open after it

    def encode(self) -> bytes:
        """The entry as stored."""
        return marshal.dumps(
            (FORMAT, "part", self.sections, _plain_questions(self.questions), self.fields,
             _plain_findings(self.findings), self.counts, self.landmarks, self.stack)
        )  # fmt: skip

    @staticmethod
    def decode(data: bytes) -> PartEntry | None:
        """The entry stored as `data`, or None when it is not one of this format."""
        try:
            version, kind, *parts = marshal.loads(data)
            sections, questions, fields, findings, counts, landmarks, stack = parts
        except (EOFError, ValueError, TypeError):
            return None
        shaped = all(isinstance(part, tuple) for part in parts) and len(counts) == 4
        if (version, kind) != (FORMAT, "part") or not shaped or len(questions) != len(fields):
            return None
        try:
            # Most questions reported nothing: named as stored, without a copy.
            make = RememberedQuestion._make
            named = tuple([make(q) if not q[-1] else _named_question(q) for q in questions])
            kept = tuple((stage, Kept._make(found)) for stage, found in findings)
        except (TypeError, ValueError):
            return None
        return PartEntry(sections, named, fields, kept, counts, landmarks, stack)


@dataclass(frozen=True)
class PartRead:
    """What reading, checking and rendering a part of the document `display` gave in this
    build; the part runs from `line` to `last` (None: the end of the document)."""

    display: str
    line: int
    last: int | None
    sections: Sequence[Section]
    questions: Sequence[Question]
    html: Sequence[Fields]  # of each question, as rendered (none for a question taken out)
    findings: Sequence[tuple[str, Diagnostic]]  # what reading and checking it reported
    reported: Mapping[int, Sequence[Diagnostic]]  # what rendering reported, by question line
    counts: Counts
    landmarks: tuple[Any, ...]
    stack: Stack

    def may_be_remembered(self) -> bool:
        """Whether the part may be remembered: not with a question that was not rendered, nor
        with a finding that is an error, or that lies outside it (whose line an edit elsewhere
        could move), nor with an image (whose file may change with the text unchanged)."""
        if len(self.html) != len(self.questions):
            return False
        every = [found for _, found in self.findings]
        every += [found for q in self.questions for found in self.reported.get(q.line, ())]
        for found in every:
            at, path = found.location.line, found.location.path
            outside = path != self.display or (
                at is not None and (at < self.line or (self.last is not None and at > self.last))
            )
            if found.severity is Severity.ERROR or outside:
                return False
        texts = (text for q in self.questions for text in (q.title, q.answer, q.extra))
        return not any(uses_media(text) for text in texts)

    def encode(self) -> bytes:
        """The part as stored."""
        return self.entry().encode()

    def entry(self) -> PartEntry:
        """The part as remembered (see may_be_remembered)."""
        line = self.line
        data = tuple(
            RememberedQuestion(
                q.title, q.key, q.explicit, q.section, q.context, q.line - line,
                q.answer_line - line, q.reversed, q.tags,
                tuple(_kept(found, line) for found in self.reported.get(q.line, ())),
            )
            for q in self.questions
        )  # fmt: skip
        findings = tuple((stage, _kept(found, line)) for stage, found in self.findings)
        return PartEntry(
            tuple(self.sections), data, tuple(self.html), findings, self.counts,
            self.landmarks, self.stack,
        )  # fmt: skip


def _kept(found: Diagnostic, line: int) -> Kept:
    at = found.location.line
    return Kept(
        found.severity.value,
        None if at is None else at - line,
        found.location.col,
        found.message,
    )


def _plain_questions(questions: Sequence[RememberedQuestion]) -> tuple[tuple[Any, ...], ...]:
    return tuple(
        (*question[:9], tuple(tuple(found) for found in question.reported))
        for question in questions
    )


def _plain_findings(findings: Sequence[Finding]) -> tuple[tuple[str, tuple[Any, ...]], ...]:
    return tuple((stage, tuple(found)) for stage, found in findings)


def _named_question(data: Sequence[Any]) -> RememberedQuestion:
    *fields, reported = data
    kept = tuple(map(Kept._make, reported)) if reported else ()
    return RememberedQuestion._make((*fields, kept))


def recalled(kept: Kept, display: str, line: int) -> Diagnostic:
    """A finding kept by a part of the document `display` that starts at `line`."""
    severity, offset, col, message = kept
    at = None if offset is None else line + offset
    return Diagnostic(Severity(severity), Location(display, at, col), message)


class StoredPlace(NamedTuple):
    """Where a part of a remembered document is, and the key it is remembered under."""

    key: bytes
    start: int  # in the document's text
    end: int
    line: int  # its first line
    after: int | None  # the level of the heading after it (None: it ends the document)


@dataclass(frozen=True)
class Layout:
    """How an unchanged document is found: its shape, its title and where each part is."""

    shape: str
    title: str | None
    parts: tuple[StoredPlace, ...]

    def encode(self) -> bytes:
        """The entry as stored."""
        places = tuple(tuple(place) for place in self.parts)
        return marshal.dumps((FORMAT, "layout", self.shape, self.title, places))

    @staticmethod
    def decode(data: bytes) -> Layout | None:
        """The entry stored as `data`, or None when it is not one of this format."""
        try:
            version, kind, shape, title, parts = marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            return None
        if (version, kind) != (FORMAT, "layout") or not isinstance(parts, tuple):
            return None
        try:
            return Layout(shape, title, tuple(StoredPlace._make(place) for place in parts))
        except (TypeError, ValueError):
            return None


class DocumentMemory:
    """The documents of earlier builds, in the render cache, for one way of reading them."""

    def __init__(self, cache: RenderCache, reading: str) -> None:
        self.cache, self.reading = cache, reading

    def layout_key(self, source: SourceFile, single: bool, whole: bool = False) -> bytes:
        """The key of a document's layout: its text, how it is read (`whole`: one question)."""
        return self._key(source, ("layout", single, *("one question",) * whole), source.text)

    def part_key(
        self, source: SourceFile, shape: str, titled: bool | str, stack: Stack,
        after: int | None, text: str, asks_only: bool = False,
    ) -> bytes:  # fmt: skip
        """The key of a part: its text and everything else its reading depends on (`asks_only`:
        the whole document's questions have no answers, see shapes.choose)."""
        only = ("asks only",) if asks_only else ()
        return self._key(source, ("part", shape, titled, stack, after, *only), text)

    def _key(self, source: SourceFile, context: tuple[Any, ...], text: str) -> bytes:
        digest = key_hasher()
        # A note of a vault is read as Obsidian shows it (untitled: by its file name).
        vault = source.vault is not None
        head = [FORMAT, __version__, self.reading, source.display, source.name, vault, *context]
        digest.update(json.dumps(head).encode("utf-8", "surrogatepass") + b"\x00")
        digest.update(source.front.block.encode("utf-8", "surrogatepass") + b"\x00")
        digest.update(text.encode("utf-8", "surrogatepass"))
        return digest.digest()

    def layouts(self, keys: Sequence[bytes]) -> dict[bytes, tuple[Layout, tuple[PartEntry, ...]]]:
        """The documents whose layout and every part are remembered, by layout key."""
        stored = self.cache.documents(list(keys), Layout.decode)
        wanted = [place.key for layout in stored.values() for place in layout.parts]
        parts = self.cache.documents(wanted, PartEntry.decode) if wanted else {}
        return {
            key: (layout, tuple(parts[place.key] for place in layout.parts))
            for key, layout in stored.items()
            if all(place.key in parts for place in layout.parts)
        }

    def part(self, key: bytes) -> PartEntry | None:
        """The remembered part of this key, if any."""
        data = self.cache.document(key)
        return None if data is None else PartEntry.decode(data)

    def close(self) -> None:
        """Done looking parts up one by one."""
        self.cache.close_reader()

    def remember(self, entries: Entries) -> None:
        """Store the parts and layouts `entries` lists, when the cache is written (beside the
        package), each made and encoded by its function as it is written."""
        self.cache.put_documents(entries)
