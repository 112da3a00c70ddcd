"""One recognizer per shape: a scanned document in, its sections and question cards out."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, replace
from pathlib import PurePosixPath

from qadeck.details import Details, find_details
from qadeck.markup import (
    NUMBER,
    QUESTION_END,
    Doc,
    Head,
    is_answer_part,
    is_answer_word,
    looks_like_question,
    plain,
    strip_number,
    trim_answer,
)
from qadeck.sources import SourceFile

MARKER = r"^ {0,3}(?:[-*+][ \t]+|\d+[.)][ \t]+)?"
BOLD_LINE = re.compile(MARKER + r"(\*\*|__)(?P<q>[^*_].*?)\1\s*$")
LABEL_LINE = re.compile(
    MARKER + r"(?:\*\*|__)?(?:Q|Question|Вопрос|问|問)[ \t]*\d*[ \t]*[:：.)]"
    r"[ \t]*(?:\*\*|__)?[ \t]*(?P<q>\S.*)$",
    re.IGNORECASE,
)
ANSWER_LABEL = re.compile(
    MARKER + r"(?:\*\*|__)?(?:A|Answer|Ans|Ответ|答)[ \t]*\d*[ \t]*[:：.)][ \t]*(?:\*\*|__)?[ \t]*",
    re.IGNORECASE,
)
LIST_ITEM = re.compile(r"^( {0,3})([-*+]|\d+[.)])([ \t]+)(\S.*)$")


@dataclass(frozen=True)
class SectionItem:
    """A heading that groups the questions below it (until one of the same or a higher level)."""

    level: int
    title: str
    line: int


@dataclass(frozen=True)
class CardItem:
    """A question found in a document: front and answer as Markdown, with their lines."""

    front: str
    answer: str
    line: int
    answer_line: int
    key: str | None = None
    key_text: str | None = None
    level: int | None = None  # a heading's level: it closes sections at that level and below


Item = SectionItem | CardItem


def read_headings(source: SourceFile, doc: Doc) -> list[Item]:
    """Leaf headings are questions; a question's own sub-headings stay in its answer."""
    heads = doc.heads
    items: list[Item] = []
    index = 0
    while index < len(heads):
        head = heads[index]
        end = _subtree_end(heads, index)
        children = heads[index + 1 : end]
        if children and not _folds(head, children):
            items.append(SectionItem(head.level, strip_number(head.title)[1], head.line))
            index += 1
            continue
        stop = heads[end].index if end < len(heads) else len(doc.lines)
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
        numbered = _is_numbered(head)
        if (
            question
            and head.level > question.level
            and not (numbered and _continues(heads, index, question))
        ):
            continue  # a sub-heading of the answer, numbered or not
        if question:
            items.append(heading_card(doc, question, head.index))
            question = None
        if numbered:
            question = head
        else:
            items.append(SectionItem(head.level, head.title, head.line))
    if question:
        items.append(heading_card(doc, question, len(doc.lines)))
    return items


def read_details(source: SourceFile, doc: Doc) -> list[Item]:
    """A summary is the question, or, if it only says "Answer", the heading or text above."""
    starts = [h.index for h in doc.heads] + [len(doc.lines)]
    items: list[Item] = []
    for number, head in enumerate(doc.heads):
        blocks = find_details(doc, head.index + 1, starts[number + 1])
        hidden = [block for block in blocks if is_answer_word(block.summary)]
        if len(hidden) == 1 and len(blocks) == 1:
            items.append(heading_card(doc, head, starts[number + 1]))
            continue
        items.append(SectionItem(head.level, head.title, head.line))
        items.extend(_details_cards(doc, head.index + 1, blocks))
    first = starts[0] if doc.heads else len(doc.lines)
    begin = doc.title.index + 1 if doc.title else 0
    preamble = _details_cards(doc, begin, find_details(doc, begin, first))
    return _card_headings([*preamble, *items])


def read_lines(source: SourceFile, doc: Doc) -> list[Item]:
    """Bold question lines (`**What is X?**`, `**Q:** …`) and `Q:`/`A:` pairs."""
    heads = {head.index: head for head in doc.heads}
    items: list[Item] = []
    question: tuple[str, int] | None = None
    for index, line in enumerate(doc.lines):
        found = None if doc.code[index] or index in heads else question_line(line)
        if index not in heads and found is None:
            continue
        if question:
            items.append(_line_card(doc, *question, index))
            question = None
        if index in heads:
            items.append(SectionItem(heads[index].level, heads[index].title, index + 1))
        else:
            question = (found or "", index)
    if question:
        items.append(_line_card(doc, *question, len(doc.lines)))
    return _card_headings(items)


def read_list(source: SourceFile, doc: Doc) -> list[Item]:
    """A top-level list item is the question; what is nested under it is the answer."""
    return _list_items(doc)


def _list_items(doc: Doc) -> list[Item]:
    heads = {head.index: head for head in doc.heads}
    items: list[Item] = []
    index = 0
    while index < len(doc.lines):
        if index in heads:
            items.append(SectionItem(heads[index].level, heads[index].title, index + 1))
        elif found := (None if doc.code[index] else LIST_ITEM.match(doc.lines[index])):
            stop = _nested_end(doc, index)
            body = doc.text(index + 1, stop)
            if body.strip():
                front = strip_number(_unbold(found[4]))[1]
                items.append(CardItem(front, body, index + 1, index + 2))
                index = stop
                continue
        index += 1
    return _card_headings(items)


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
        block = hidden[0]
        above, _ = trim_answer(doc.text(start, block.start))
        title = "\n\n".join(part for part in (title, above) if part)
        answer = "\n".join((block.body, doc.text(block.end + 1, stop)))
        answer_line = block.body_line + 1
    else:
        answer = doc.text(start, stop)
    if not title:
        title, answer, answer_line = _first_paragraph(answer, answer_line)
    return CardItem(title, answer, head.line, answer_line, head.key, level=head.level)


def question_line(line: str) -> str | None:
    """The question on a line such as `**What is X?**`, `**Q:** What is X?` or `Q: What…`."""
    if labelled := LABEL_LINE.match(line):
        return re.sub(r"(?:\*\*|__)\s*$", "", labelled["q"]).strip()
    bold = BOLD_LINE.match(line)
    if bold and (QUESTION_END.search(plain(bold["q"])) or NUMBER.match(bold["q"])):
        return strip_number(bold["q"].strip())[1]
    return None


def count_features(doc: Doc) -> dict[str, int]:
    """How many questions each shape would see: what detection compares."""
    heads = doc.heads
    leaves = [h for n, h in enumerate(heads) if _subtree_end(heads, n) == n + 1]
    blocks = find_details(doc)
    hidden = sum(is_answer_word(block.summary) for block in blocks)
    lines = sum(
        1
        for index, line in enumerate(doc.lines)
        if not doc.code[index] and question_line(line) is not None
    )
    cards = [item for item in _list_items(doc) if isinstance(item, CardItem)]
    listed = sum(looks_like_question(card.front) for card in cards)
    folded = sum(
        1
        for n, head in enumerate(heads)
        if (end := _subtree_end(heads, n)) > n + 1 and _folds(head, heads[n + 1 : end])
    )
    numbered = sum(_is_numbered(head) for head in heads)
    first = doc.title or (heads[0] if heads else None)
    rest = [h for h in heads if h is not first]
    single = (
        first is not None
        and (first.level == 1 or not rest)
        and looks_like_question(first.title)
        and not any(looks_like_question(h.title) or _is_numbered(h) for h in rest)
        and max(len(blocks), lines, listed) < 2
    )
    return {
        "leaves": len(leaves),
        "details": len(blocks) - hidden,
        "answer_details": hidden,
        "lines": lines,
        "list": listed,
        "folded": folded,
        "numbered": numbered,
        "file": int(single),
    }


def _card_headings(items: list[Item]) -> list[Item]:
    """A heading such as `### Card 3` over a single question names the card, not a subdeck."""
    result = list(items)
    for index, item in enumerate(items):
        if not isinstance(item, SectionItem):
            continue
        below: list[Item] = []
        for later in items[index + 1 :]:
            if isinstance(later, SectionItem) and later.level <= item.level:
                break
            below.append(later)
        cards = [later for later in below if isinstance(later, CardItem)]
        title = plain(item.title)
        if len(cards) == len(below) == 1 and (
            re.search(r"\d\s*$", title) or NUMBER.match(title) or looks_like_question(title)
        ):
            result[index] = replace(item, title="")
    return result


def _details_cards(doc: Doc, start: int, blocks: list[Details]) -> list[Item]:
    cards: list[Item] = []
    boundary = start
    for block in blocks:
        if is_answer_word(block.summary):
            above, skipped = trim_answer(doc.text(boundary, block.start))
            front = strip_number(_unbold(above))[1]
            line = boundary + skipped + 1
        else:
            front = strip_number(block.summary)[1]
            line = block.start + 1
        cards.append(CardItem(front, block.body, line, block.body_line + 1))
        boundary = block.end + 1
    return cards


def _line_card(doc: Doc, question: str, index: int, stop: int) -> CardItem:
    lines = list(doc.lines[index + 1 : stop])
    label = next((n for n, line in enumerate(lines) if ANSWER_LABEL.match(line)), None)
    front = question
    if label is not None:
        above = "\n".join(lines[:label]).strip()
        front = "\n\n".join(part for part in (question, above) if part)
        lines[label] = _after_label(lines[label])
        lines = lines[label:]
        return CardItem(front, "\n".join(lines), index + 1, index + label + 2)
    return CardItem(front, "\n".join(lines), index + 1, index + 2)


def _after_label(line: str) -> str:
    rest = ANSWER_LABEL.sub("", line, count=1).rstrip()
    if line.lstrip().startswith(("**", "__")) and rest.endswith(("**", "__")):
        rest = rest[:-2].rstrip()  # `**Answer: B**`
    return rest


def _nested_end(doc: Doc, index: int) -> int:
    stop = index + 1
    end = index + 1
    while stop < len(doc.lines):
        line = doc.lines[stop]
        if line.strip() and not doc.code[stop] and len(line) - len(line.lstrip()) < 2:
            break
        stop += 1
        if line.strip():
            end = stop
    return end


def _first_paragraph(text: str, line: int) -> tuple[str, str, int]:
    lines = text.split("\n")
    start = next((n for n, value in enumerate(lines) if value.strip()), len(lines))
    end = next((n for n in range(start, len(lines)) if not lines[n].strip()), len(lines))
    front = textwrap.dedent("\n".join(lines[start:end])).strip()
    return front, "\n".join(lines[end:]), line + end


def _unbold(text: str) -> str:
    bold = re.fullmatch(r"(\*\*|__)(.+)\1\s*", text.strip())
    return bold[2] if bold else text


def _continues(heads: tuple[Head, ...], index: int, question: Head) -> bool:
    """Whether a numbered heading below a question is the next question, not a numbered step."""
    if question.number is None or heads[index].number != question.number + 1:
        return False
    return not any(
        later.level <= question.level and later.number == question.number + 1
        for later in heads[index + 1 :]
    )


def _is_numbered(head: Head) -> bool:
    return head.listed or head.number is not None


def _subtree_end(heads: tuple[Head, ...], index: int) -> int:
    level = heads[index].level
    end = index + 1
    while end < len(heads) and heads[end].level > level:
        end += 1
    return end


def _folds(head: Head, children: tuple[Head, ...]) -> bool:
    """Whether the sub-headings are parts of this question's answer rather than questions."""
    if any(_is_numbered(child) for child in children):
        return False
    if all(is_answer_part(child.title) for child in children):
        return True
    return looks_like_question(head.title) and not any(
        looks_like_question(child.title) for child in children
    )
