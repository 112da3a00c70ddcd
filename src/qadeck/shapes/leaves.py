"""The headings reading: leaf headings are questions, the headings above them sections.

A heading's sub-headings stay in its answer when they are parts of it ("Example", "Further
information") or when it asks and they do not; a question over sub-questions answers itself too.
"""

from __future__ import annotations

import re
import textwrap

from qadeck.shapes.contents import is_listed, link_targets, listed_level
from qadeck.shapes.details import find_details
from qadeck.shapes.items import CardItem, Item, SectionItem
from qadeck.shapes.lines import line_cards, question_lines
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
from qadeck.shapes.nonanswers import shows_nothing
from qadeck.shapes.peers import folds, question_level
from qadeck.sources.files import SourceFile

QUESTION_LABEL = re.compile(r"(?:^|\s)(?:Q|Question)\s*\d*\s*[:：]", re.IGNORECASE)


def read_headings(source: SourceFile, doc: Doc) -> list[Item]:
    """Leaf headings are questions, and so is each heading of the level whose headings nearly
    all ask (see peers) or the table of contents lists (see contents); a question's own
    sub-headings stay in its answer."""
    heads = doc.heads
    targets = link_targets(source.lines)
    peers = question_level(heads) or listed_level(heads, targets)
    listed = targets if peers is not None else frozenset()
    items: list[Item] = []
    asked: Head | None = None  # the question of the last card, while its answer may go on
    index = 0
    while index < len(heads):
        head = heads[index]
        end = subtree_end(heads, index)
        children = heads[index + 1 : end]
        # a topic whose sub-headings the table of contents lists as entries of their own
        entries = (
            bool(listed)
            and not looks_like_question(head.title)
            and any(is_listed(child, listed) for child in children)
        )
        if children and (
            entries or not folds(head, children, peers) or _followed_up(head, children)
        ):
            items.append(SectionItem(head.level, strip_number(head.title)[1], head.line))
            asked = None
            index += 1
            asks = looks_like_question(head.title) or is_listed(head, listed)
            if asks and (own := _own_answer(doc, head, children)):
                card, parts = own
                items.append(card)
                asked, index = head, index + parts
            continue
        stop = heads[end].index if end < len(heads) else len(doc.lines)
        found = question_lines(doc, head.index + 1, stop)
        if len(found) >= 2 and not looks_like_question(head.title):
            # `## Questions and Answers` over `**Q:** …` / `**A:** …` pairs: a section of them
            items.append(SectionItem(head.level, strip_number(head.title)[1], head.line))
            items.extend(line_cards(doc, found, stop))
            asked, index = None, end
            continue
        if asked is not None and head.level >= asked.level and is_answer_part(head.title):
            # "Further information" after a question's sub-question: more of that answer
            items[-1] = heading_card(doc, asked, stop)
            index = end
            continue
        card = heading_card(doc, head, stop)
        if not trim_answer(card.answer)[0] and not looks_like_question(head.title):
            # `## 1. INTRODUCTION` with nothing below it, then questions at the same level
            items.append(SectionItem(head.level, strip_number(head.title)[1], head.line))
            index = end
            continue
        items.append(card)
        asked, index = head, end
    return items


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


def _first_paragraph(text: str, line: int) -> tuple[str, str, int]:
    lines = text.split("\n")
    start = next((n for n, value in enumerate(lines) if value.strip()), len(lines))
    end = next((n for n in range(start, len(lines)) if not lines[n].strip()), len(lines))
    front = textwrap.dedent("\n".join(lines[start:end])).strip()
    return front, "\n".join(lines[end:]), line + end


def is_numbered(head: Head) -> bool:
    return head.listed or head.number is not None


def subtree_end(heads: tuple[Head, ...], index: int) -> int:
    level = heads[index].level
    end = index + 1
    while end < len(heads) and heads[end].level > level:
        end += 1
    return end


def _own_answer(doc: Doc, head: Head, children: tuple[Head, ...]) -> tuple[CardItem, int] | None:
    """A question heading (one that asks, or an entry of the table of contents) over
    sub-questions answers itself too: its own text, and the parts of that answer ("Further
    information") before the first sub-question, are its card. The card, and how many of the
    children it took; None when it has no text of its own."""
    parts = next((n for n, child in enumerate(children) if not is_answer_part(child.title)), 0)
    card = heading_card(doc, head, children[parts].index)
    if shows_nothing(trim_answer(card.answer)[0]):
        return None  # no text, or only the anchor of the sub-heading after it
    return card, parts


def _followed_up(head: Head, children: tuple[Head, ...]) -> bool:
    """Whether a question's sub-headings include questions labelled as such (`### Follow-up
    Q: …`): questions of their own, not parts of its answer."""
    return looks_like_question(head.title) and any(
        QUESTION_LABEL.search(child.title.replace("*", "")) for child in children
    )
