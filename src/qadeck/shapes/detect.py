"""The shapes Q&A documents come in: pick one per document, read it into questions."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from qadeck.deck.identity import question_key
from qadeck.deck.model import Account, Question
from qadeck.diagnostics import Diagnostics, Location
from qadeck.shapes import leaves
from qadeck.shapes import recognizers as r
from qadeck.shapes.accounting import Reading, account, report_silent
from qadeck.shapes.attributes import document_reversed, take_tags, wants_reversed
from qadeck.shapes.features import count_features
from qadeck.shapes.folders import read_file
from qadeck.shapes.items import (
    ASKS_ONLY,
    UNANSWERED,
    UNANSWERED_HINT,
    CardItem,
    Item,
    SectionItem,
    SkipItem,
)
from qadeck.shapes.lines import read_lines, read_list
from qadeck.shapes.markup import Doc, read_doc, trim_answer
from qadeck.shapes.nonanswers import not_an_answer, shows_nothing
from qadeck.shapes.outline import section_name, split_answer
from qadeck.shapes.plugins import plugin_shape
from qadeck.shapes.spaced import read_spaced
from qadeck.shapes.toanki import read_toanki
from qadeck.shapes.vaultnotes import note_items
from qadeck.sources.files import SourceFile
from qadeck.sources.headings import Block, Outline, heading_marks

Recognizer = Callable[[SourceFile, Doc], list[Item]]
# Detection reads a document of up to this many characters whole, and a longer one in
# SAMPLE_PIECES pieces about as long in all (8,000 characters each), spread from its start to
# its end and cut at headings: what it counts are shares of questions, which a document keeps
# throughout, and boilerplate such as a table of contents or a licence sits at either end.
SAMPLE_CHARS = 64_000
SAMPLE_PIECES = 8
NO_CARD = "no card made"
HeadingMarks = Sequence[tuple[int, int, int, str]]


@dataclass(frozen=True)
class Shape:
    """A way of writing questions and answers down; `recognize` is None for the native outline."""

    name: str
    summary: str
    recognize: Recognizer | None


def assemble(
    source: SourceFile,
    items: list[Item],
    sections: list[tuple[str, ...]],
    questions: list[Question],
    diagnostics: Diagnostics,
    shape: str = "",
    asks_only: bool = False,
) -> Account:
    """Turn found sections and cards into the deck's questions, like the native outline does.

    Every stretch that makes no card is a warning at its line: a question without an answer,
    an answer without a question, and what the recognizer skipped; with `asks_only` (see
    choose), every question is one without an answer.
    """
    stack: list[tuple[int, str, bool]] = []  # open sections: level, name, whether it encloses
    found = notes = unanswered = other = 0
    reversed_document = document_reversed(source, diagnostics)

    def skip(line: int, why: str) -> None:
        message = UNANSWERED_HINT if why == UNANSWERED else f"{why}; {NO_CARD}"
        diagnostics.warning(Location(source.display, line), message)

    for index, item in enumerate(items):
        if isinstance(item, SkipItem):
            if item.why == UNANSWERED:
                found += 1
                unanswered += 1
            else:
                other += 1
            skip(item.line, item.why)
            continue
        if isinstance(item, SectionItem):
            while stack and stack[-1][0] >= item.level:
                stack.pop()
            title = section_name(item.title, Location(source.display, item.line), diagnostics)
            if title:
                stack.append((item.level, title, _encloses(items, index)))
            continue
        while item.level is not None and stack and _closes(item.level, stack[-1]):
            stack.pop()
        front = item.front.strip()
        body, skipped = trim_answer(item.answer)
        answer, extra, answer_line = split_answer(Block(None, body, item.answer_line + skipped))
        if not front:
            if answer or extra:
                other += 1
                skip(item.line, "answer without a question")
            continue
        found += 1
        tags, answer, answer_line = take_tags(answer, answer_line, source.display, diagnostics)
        if shows_nothing(f"{answer}\n{extra}"):
            unanswered += 1
            skip(item.line, UNANSWERED)
            continue
        if why := not_an_answer(front, "\n\n".join((answer, extra))):
            unanswered += 1
            skip(item.line, f"{UNANSWERED}: {why}")
            continue
        if asks_only:
            unanswered += 1
            diagnostics.warning(Location(source.display, item.line), ASKS_ONLY)
            continue
        section = tuple(title for _, title, _ in stack)
        for depth in range(1, len(section) + 1):
            if section[:depth] not in sections:
                sections.append(section[:depth])
        key = item.key or question_key(item.key_text or front)
        notes += 1
        where = Location(source.display, item.line)
        reversed_card = reversed_document
        if item.classes:
            reversed_card = wants_reversed(item.classes, where, diagnostics) or reversed_card
        questions.append(
            Question(
                front,
                key,
                item.key is not None,
                answer,
                extra,
                section,
                section,
                source,
                item.line,
                answer_line,
                reversed=reversed_card,
                tags=tuple(tags),
            )
        )
    return Account(source.display, shape, found, notes, unanswered, other)


def _encloses(items: list[Item], index: int) -> bool:
    """Whether the section at `index` holds the headings after it (the next one is deeper), or
    only labels the questions of its own level that follow (`## HTML`, then `## 1. …`)."""
    section = items[index]
    assert isinstance(section, SectionItem)
    for position in range(index + 1, len(items)):  # not items[index + 1:]: no copy each time
        later = items[position]
        if isinstance(later, CardItem) and later.line == section.line:
            continue  # the section's own text, as a card of its own
        if isinstance(later, SectionItem):
            return later.level > section.level
        if isinstance(later, CardItem) and later.level is not None:
            return later.level > section.level
    return False


def _closes(level: int, section: tuple[int, str, bool]) -> bool:
    """Whether a question heading of `level` ends the open section: one of a deeper level
    does, and so does one of its own level when the section held deeper headings."""
    open_level, _, encloses = section
    return open_level > level or (open_level == level and encloses)


def _shapes() -> dict[str, Shape]:
    shapes = [
        Shape("outline", "headings with sub-headings are sections, the others questions", None),
        Shape("headings", "a heading per question under section headings", leaves.read_headings),
        Shape("numbered", "numbered question headings; the numbers are dropped", r.read_numbered),
        Shape("details", "<details> blocks; the summary or the text above is the question",
              r.read_details),
        Shape("lines", "question lines (**What is X?**, Q: … A: …) followed by their answers",
              read_lines),
        Shape("list", "list items whose nested content is the answer", read_list),
        Shape("files", "one question per file; sub-folders are sections", read_file),
        Shape("spaced-repetition", "Obsidian Spaced Repetition cards: Q::A, ? lines, clozes",
              read_spaced),
        Shape("obsidian-to-anki", "Obsidian_to_Anki notes: START/END blocks, Q:/A: lines",
              read_toanki),
    ]  # fmt: skip
    return {shape.name: shape for shape in shapes}


SHAPES = _shapes()


def detect(source: SourceFile, outline: Outline | None = None) -> Shape:
    """The shape a document is written in, from what its headings and lines look like."""
    return detection(source.text)[0]


def detection(
    text: str, marks: HeadingMarks | None = None, flashcards: bool = False
) -> tuple[Shape, Doc | None]:
    """The shape of a document, read from a bounded sample of it (see sample), and the scan of
    the document that decided it when that was all of it, read without a title.

    `marks` are the document's heading_marks, when known already; `flashcards` says the
    document is tagged as Spaced Repetition's notes are (see plugins).
    """
    part = sample(text, marks)
    doc = read_doc(part, has_title=False)
    return shape_of(doc, flashcards), doc if part is text else None


def sample(text: str, marks: HeadingMarks | None = None) -> str:
    """The whole text, or pieces of it from its start to its end, each from a heading on."""
    if len(text) <= SAMPLE_CHARS:
        return text
    starts = [start for start, *_ in (heading_marks(text) if marks is None else marks)]
    width = SAMPLE_CHARS // SAMPLE_PIECES
    pieces: list[tuple[int, int]] = []
    for number in range(SAMPLE_PIECES):
        at = (len(text) - width) * number // (SAMPLE_PIECES - 1)
        first = bisect_right(starts, at) - 1
        begin = starts[first] if number and first >= 0 else 0
        after = bisect_left(starts, at + width)
        end = starts[after] if after < len(starts) else len(text)
        if pieces and begin <= pieces[-1][1]:
            begin = pieces.pop()[0]
        pieces.append((begin, end))
    return "".join(text[begin:end] for begin, end in pieces)


def scan_with_title(doc: Doc | None, text: str, has_title: bool) -> Doc:
    """The scan a recognizer reads: `doc` (read without a title) when the title changes nothing
    or can be taken from it, else a new one."""
    if doc is None or (doc.readme and has_title and doc.title is None):
        return read_doc(text, has_title)
    first = doc.heads[0] if doc.heads else None
    if has_title and doc.title is None and first and first.level == 1 and not first.listed:
        # Nothing was blanked as boilerplate: the first heading is the one read_doc would take.
        return replace(doc, heads=doc.heads[1:], title=first)
    return doc


def shape_of(doc: Doc, flashcards: bool = False) -> Shape:
    """The shape of a scanned document: the one whose marks it shows most."""
    found = count_features(doc)
    leaves = found["leaves"]
    plugin = plugin_shape(doc, leaves, flashcards)
    if plugin is not None:
        return SHAPES[plugin]
    if found["answer_details"] >= 2 or found["details"] >= max(2, leaves):
        return SHAPES["details"]
    if found["file"]:
        return SHAPES["files"]
    if found["numbered"] >= 3 and found["numbered"] >= found["loose"]:
        return SHAPES["numbered"]
    lines = max(("lines", "list"), key=lambda name: found[name])
    if found[lines] >= 2 and found[lines] >= leaves:
        return SHAPES[lines]
    # A list of questions still waiting for answers is the user's own outline, not a README
    # whose unanswered headings are banners: every heading stays a question.
    if (doc.readme or found["folded"]) and found["answered"] * 2 >= leaves:
        return SHAPES["headings"]
    return SHAPES["outline"]


def read_shape(
    source: SourceFile,
    shape: Shape,
    doc: Doc,
    sections: list[tuple[str, ...]],
    questions: list[Question],
    diagnostics: Diagnostics,
    note: bool = False,
    readings: Callable[[], Sequence[Reading]] = tuple,
    asks_only: bool = False,
) -> Account:
    """Read a document scanned as `doc` in a recognizer's shape; a `note` of a vault under its
    folders and title (see vaultnotes). Question-like lines that no card holds and nothing
    reported are warned about, with the `--style` of `readings` that would read them;
    `asks_only` makes every question one without an answer (see assemble)."""
    assert shape.recognize is not None, "the native outline is read by shapes.outline"
    items = shape.recognize(source, doc)
    # One question per file has its folders already; a plugin's deck tag puts the cards of a
    # note in the deck it names (sections at levels 0 and below) instead of its folders.
    named = bool(items) and isinstance(items[0], SectionItem) and items[0].level <= 0
    if note and shape.name != "files" and not named:
        first = doc.title or (doc.heads[0] if doc.heads else None)
        items = [*note_items(source, first.level if first else None), *items]
    made, before = len(questions), len(diagnostics.items)
    found = assemble(source, items, sections, questions, diagnostics, shape.name, asks_only)
    if not note:
        cards = {question.line: question.title for question in questions[made:]}
        skipped = {d.location.line or 0 for d in diagnostics.items[before:] if NO_CARD in d.message}
        reading = account(source, shape.name, doc, items, cards, skipped)
        if reading.silent:  # which shape would read them? (tried only when needed)
            report_silent(source, reading, readings(), diagnostics)
    return found
