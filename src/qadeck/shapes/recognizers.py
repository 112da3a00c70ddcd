"""Recognizers for headings, numbered headings, <details> blocks and one-question files."""

from __future__ import annotations

import re
import textwrap
from dataclasses import replace
from pathlib import PurePosixPath

from qadeck.shapes.details import Details, find_details
from qadeck.shapes.items import CardItem, Item, SectionItem, card_headings
from qadeck.shapes.lines import (
    line_cards,
    question_front,
    question_lines,
    unbold,
)
from qadeck.shapes.markup import (
    Doc,
    Head,
    is_answer_part,
    is_answer_word,
    is_hint,
    looks_like_question,
    strip_number,
    trim_answer,
)
from qadeck.sources.files import SourceFile

QUESTION_LABEL = re.compile(r"(?:^|\s)(?:Q|Question)\s*\d*\s*[:：]", re.IGNORECASE)


def read_headings(source: SourceFile, doc: Doc) -> list[Item]:
    """Leaf headings are questions; a question's own sub-headings stay in its answer."""
    heads = doc.heads
    items: list[Item] = []
    index = 0
    while index < len(heads):
        head = heads[index]
        end = subtree_end(heads, index)
        children = heads[index + 1 : end]
        if children and not folds(head, children):
            items.append(SectionItem(head.level, strip_number(head.title)[1], head.line))
            own = heading_card(doc, head, children[0].index)
            if _followed_up(head, children) and trim_answer(own.answer)[0]:
                items.append(own)  # a question answered above its follow-up questions
            index += 1
            continue
        stop = heads[end].index if end < len(heads) else len(doc.lines)
        found = question_lines(doc, head.index + 1, stop)
        if len(found) >= 2 and not looks_like_question(head.title):
            # `## Questions and Answers` over `**Q:** …` / `**A:** …` pairs: a section of them
            items.append(SectionItem(head.level, strip_number(head.title)[1], head.line))
            items.extend(line_cards(doc, found, stop))
            index = end
            continue
        card = heading_card(doc, head, stop)
        if not trim_answer(card.answer)[0] and not looks_like_question(head.title):
            # `## 1. INTRODUCTION` with nothing below it, then questions at the same level
            items.append(SectionItem(head.level, strip_number(head.title)[1], head.line))
            index = end
            continue
        items.append(card)
        index = end
    return items


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


def read_file(source: SourceFile, doc: Doc) -> list[Item]:
    """The document's first heading is the question, everything below it the answer."""
    head = doc.title or (doc.heads[0] if doc.heads else None)
    if head is None:
        return []
    folders = PurePosixPath(source.name).parent.parts
    items: list[Item] = [SectionItem(level, part, 1) for level, part in enumerate(folders, 1)]
    return [*items, replace(heading_card(doc, head, len(doc.lines)), level=None)]


def heading_card(doc: Doc, head: Head, stop: int) -> CardItem:
    """A question heading: its text without the number; an "Answer" block splits the body."""
    title = strip_number(head.title)[1]
    start = head.index + 1
    hidden = [block for block in find_details(doc, start, stop) if is_answer_word(block.summary)]
    answer_line = start + 1
    if hidden:
        # a hint before the answer stays on the front, folded as it is in the document
        block = next((b for b in hidden if not is_hint(b.summary)), hidden[0])
        above, _ = trim_answer(doc.text(start, block.start))
        title = "\n\n".join(part for part in (title, above) if part)
        answer = "\n".join((block.body, doc.text(block.end + 1, stop)))
        answer_line = block.body_line + 1
    else:
        answer = doc.text(start, stop)
    if not title:
        title, answer, answer_line = _first_paragraph(answer, answer_line)
    return CardItem(title, answer, head.line, answer_line, head.key, None, head.level, head.classes)


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


def _first_paragraph(text: str, line: int) -> tuple[str, str, int]:
    lines = text.split("\n")
    start = next((n for n, value in enumerate(lines) if value.strip()), len(lines))
    end = next((n for n in range(start, len(lines)) if not lines[n].strip()), len(lines))
    front = textwrap.dedent("\n".join(lines[start:end])).strip()
    return front, "\n".join(lines[end:]), line + end


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


def is_numbered(head: Head) -> bool:
    """A heading written as a list item or with a number: a numbered question."""
    return head.listed or head.number is not None


def subtree_end(heads: tuple[Head, ...], index: int) -> int:
    """Where the sub-headings of a heading end: the index of the next one not below it."""
    level = heads[index].level
    end = index + 1
    while end < len(heads) and heads[end].level > level:
        end += 1
    return end


def _followed_up(head: Head, children: tuple[Head, ...]) -> bool:
    """Whether a question's sub-headings include questions labelled as such (`### Follow-up
    Q: …`): questions of their own, not parts of its answer."""
    return looks_like_question(head.title) and any(
        QUESTION_LABEL.search(child.title.replace("*", "")) for child in children
    )


def folds(head: Head, children: tuple[Head, ...]) -> bool:
    """Whether the sub-headings are parts of this question's answer rather than questions."""
    if any(is_numbered(child) for child in children):
        return False
    if all(is_answer_part(child.title) for child in children):
        return True
    return looks_like_question(head.title) and not any(
        looks_like_question(child.title) for child in children
    )
