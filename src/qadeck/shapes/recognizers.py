"""Recognizers for headings, numbered headings and <details> blocks."""

from __future__ import annotations

from qadeck.shapes.details import Details, find_details
from qadeck.shapes.items import CardItem, Item, SectionItem, card_headings
from qadeck.shapes.leaves import heading_card, is_numbered
from qadeck.shapes.lines import (
    line_cards,
    question_front,
    question_lines,
    unbold,
)
from qadeck.shapes.markup import (
    Doc,
    Head,
    is_answer_word,
    is_hint,
    looks_like_question,
    strip_number,
    trim_answer,
)
from qadeck.sources.files import SourceFile


def read_numbered(source: SourceFile, doc: Doc) -> list[Item]:
    """Numbered headings are questions at whatever level; other headings are sections."""
    items: list[Item] = []
    question: Head | None = None
    heads = doc.heads
    for index, head in enumerate(heads):
        numbered = is_numbered(head)
        if (
            question
            and head.level > question.level
            and not (numbered and _continues(heads, index, question))
        ):
            continue  # a sub-heading of the answer, numbered or not
        if question:
            items.append(_numbered_item(doc, question, head.index))
            question = None
        if numbered or _unnumbered_question(doc, index):
            question = head
        else:
            items.append(SectionItem(head.level, head.title, head.line))
    if question:
        items.append(_numbered_item(doc, question, len(doc.lines)))
    return items


def read_details(source: SourceFile, doc: Doc) -> list[Item]:
    """A summary is the question, or, if it only says "Answer", the heading or text above."""
    heads = doc.heads
    starts = [h.index for h in heads] + [len(doc.lines)]
    items: list[Item] = []
    for number, head in enumerate(heads):
        stop = starts[number + 1]
        blocks = find_details(doc, head.index + 1, stop)
        leaf = number + 1 == len(heads) or heads[number + 1].level <= head.level
        if leaf and _answered_below(blocks):
            items.append(heading_card(doc, head, stop))
            continue
        first = blocks[0].start if blocks else stop
        if (
            leaf
            and looks_like_question(head.title)
            and trim_answer(doc.text(head.index + 1, first))[0]
        ):
            # the answer is plain text under the heading: whatever blocks follow are questions
            items.append(heading_card(doc, head, first))
            items.extend(_details_cards(doc, first, blocks, stop))
            continue
        items.append(SectionItem(head.level, head.title, head.line))
        items.extend(_details_cards(doc, head.index + 1, blocks, stop))
    first = starts[0] if heads else len(doc.lines)
    begin = doc.title.index + 1 if doc.title else 0
    preamble = _details_cards(doc, begin, find_details(doc, begin, first), first)
    return card_headings([*preamble, *items])


def _answered_below(blocks: list[Details]) -> bool:
    """Whether the blocks under a heading are its answer (and hints), not questions."""
    if not blocks or not all(is_answer_word(block.summary) for block in blocks):
        return False
    return sum(not is_hint(block.summary) for block in blocks) == 1


def _details_cards(doc: Doc, start: int, blocks: list[Details], stop: int) -> list[Item]:
    """Cards of the blocks from `start`, and of question lines between them (their answers
    in the text below, or in the block they lead to) up to `stop`."""
    cards: list[Item] = []
    boundary = start
    for block in blocks:
        found = question_lines(doc, boundary, block.start)
        if is_answer_word(block.summary):
            if found:
                cards.extend(line_cards(doc, found[:-1], found[-1][0]))
                boundary = found[-1][0]
            above, skipped = trim_answer(doc.text(boundary, block.start))
            front = strip_number(unbold(question_front(above)))[1]
            line = boundary + skipped + 1 if front else block.start + 1
        else:
            cards.extend(line_cards(doc, found, block.start))
            front = strip_number(block.summary)[1]
            line = block.start + 1
        cards.append(CardItem(front, block.body, line, block.body_line + 1))
        boundary = block.end + 1
    cards.extend(line_cards(doc, question_lines(doc, boundary, stop), stop))
    return cards


def _numbered_item(doc: Doc, head: Head, stop: int) -> Item:
    """A numbered question, or, empty and asking nothing (`## # 1. SETUP`), a section."""
    card = heading_card(doc, head, stop)
    if trim_answer(card.answer)[0] or looks_like_question(head.title):
        return card
    return SectionItem(head.level, strip_number(head.title)[1], head.line)


def _unnumbered_question(doc: Doc, index: int) -> bool:
    """A heading without a number among numbered ones that still asks and answers a question."""
    heads, head = doc.heads, doc.heads[index]
    if index + 1 < len(heads) and heads[index + 1].level > head.level:
        return False  # a section
    stop = heads[index + 1].index if index + 1 < len(heads) else len(doc.lines)
    return looks_like_question(head.title) and bool(trim_answer(doc.text(head.index + 1, stop))[0])


def _continues(heads: tuple[Head, ...], index: int, question: Head) -> bool:
    """Whether a numbered heading below a question is the next question, not a numbered step."""
    if question.number is None or heads[index].number != question.number + 1:
        return False
    return not any(
        later.level <= question.level and later.number == question.number + 1
        for later in heads[index + 1 :]
    )
