"""The shapes Q&A documents come in: pick one per document, read it into questions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from qadeck.deck.identity import question_key
from qadeck.deck.model import Account, OutlineReader, Question
from qadeck.diagnostics import Diagnostics, Location
from qadeck.shapes import recognizers as r
from qadeck.shapes.items import UNANSWERED, Item, SectionItem, SkipItem
from qadeck.shapes.lines import read_lines, read_list
from qadeck.shapes.markup import Doc, read_doc, trim_answer
from qadeck.shapes.options import document_reversed, take_tags, wants_reversed
from qadeck.shapes.outline import read_outline, section_name, split_answer
from qadeck.shapes.recognizers import count_features
from qadeck.sources.files import SourceFile
from qadeck.sources.outline import Block, Outline

Recognizer = Callable[[SourceFile, Doc], list[Item]]


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
) -> Account:
    """Turn found sections and cards into the deck's questions, like the native outline does.

    Every stretch that makes no card is a warning at its line: a question without an answer,
    an answer without a question, and what the recognizer skipped.
    """
    stack: list[tuple[int, str]] = []
    found = notes = unanswered = other = 0
    reversed_document = document_reversed(source, diagnostics)

    def skip(line: int, why: str) -> None:
        diagnostics.warning(Location(source.display, line), f"{why}; no card made")

    for item in items:
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
                stack.append((item.level, title))
            continue
        while item.level is not None and stack and stack[-1][0] > item.level:
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
        if not (answer or extra):
            unanswered += 1
            skip(item.line, UNANSWERED)
            continue
        section = tuple(title for _, title in stack)
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


def _shapes() -> dict[str, Shape]:
    shapes = [
        Shape("outline", "headings with sub-headings are sections, the others questions", None),
        Shape("headings", "a heading per question under section headings", r.read_headings),
        Shape("numbered", "numbered question headings; the numbers are dropped", r.read_numbered),
        Shape("details", "<details> blocks; the summary or the text above is the question",
              r.read_details),
        Shape("lines", "question lines (**What is X?**, Q: … A: …) followed by their answers",
              read_lines),
        Shape("list", "list items whose nested content is the answer", read_list),
        Shape("files", "one question per file; sub-folders are sections", r.read_file),
    ]  # fmt: skip
    return {shape.name: shape for shape in shapes}


SHAPES = _shapes()


def detect(source: SourceFile, outline: Outline) -> Shape:
    """The shape a document is written in, from what its headings and lines look like."""
    return shape_of(read_doc(source.text, has_title=False))


def shape_of(doc: Doc) -> Shape:
    """The shape of a scanned document: the one whose marks it shows most."""
    found = count_features(doc)
    leaves = found["leaves"]
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


def reader(style: str | None = None) -> OutlineReader:
    """A reader for deck.make_deck: the forced shape, or else each document's detected one."""

    def read(
        source: SourceFile,
        outline: Outline,
        has_title: bool,
        sections: list[tuple[str, ...]],
        questions: list[Question],
        diagnostics: Diagnostics,
    ) -> Account:
        shape = SHAPES[style] if style else detect(source, outline)
        if shape.recognize is None:
            return read_outline(source, outline, has_title, sections, questions, diagnostics)
        items = shape.recognize(source, read_doc(source.text, has_title))
        return assemble(source, items, sections, questions, diagnostics, shape.name)

    return read
