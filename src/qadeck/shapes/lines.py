"""Questions that are lines, not headings: bold lines, Q:/A: pairs and list items."""

from __future__ import annotations

import re

from qadeck.shapes.items import UNANSWERED, CardItem, Item, SectionItem, SkipItem, card_headings
from qadeck.shapes.markup import (
    NUMBER,
    Doc,
    looks_like_question,
    plain,
    strip_number,
)
from qadeck.shapes.questionwords import QUESTION_END
from qadeck.shapes.remembered import remembered
from qadeck.shapes.trimming import RULE
from qadeck.sources.files import SourceFile

MARKER = r"^ {0,3}(?:[-*+][ \t]+|\d+[.)][ \t]+)?"
BOLD_LINE = re.compile(MARKER + r"(\*\*|__)(?P<q>[^*_].*?)\1\s*$")
LABEL_LINE = re.compile(
    MARKER + r"(?:\*\*|__)?(?:Q|Question|Вопрос|问|問)[ \t]*(?:\d+[ \t]*)?[:：.)]"
    # the closing `**` takes its own spaces: `[ \t]*(**)?[ \t]*` split 20,000 spaces every way
    r"[ \t]*(?:(?:\*\*|__)[ \t]*)?(?P<q>\S.*)$",
    re.IGNORECASE,
)
EMPHASIS = r"(?:\*\*|__|\*|_)?"
ANSWER_LABEL = re.compile(
    MARKER
    + EMPHASIS
    + r"(?:Answer|Ans|Ответ|参考答案|答案|答)[ \t]*(?:\d+[ \t]*)?[:：.)]"
    + EMPHASIS
    + r"[ \t]*",
    re.IGNORECASE,
)
SHORT_LABEL = re.compile(MARKER + EMPHASIS + r"A[ \t]*[:：.)]" + EMPHASIS + r"[ \t]*")
# NeuraCache's one-line cards: `Who was the first president? : George Washington ⚡️ #tag`.
COLON_CARD = re.compile(r"^ {0,3}(?P<q>[^\s:][^:]*?[?？]) +: +(?P<rest>\S.*)$")
# Its longer cards: the question line marked `⚡️`, `🧠` or `#flashcard` (then any tags), the
# answer the lines below it up to a rule (`- - -`, `***`).
MARKED_CARD = re.compile(r"^ {0,3}(?P<q>[^\s#>].*?)\s+(?:⚡️?|🧠|#flashcard)(?:\s+#[\w/-]+)*\s*$")
INLINE_BOLD = re.compile(MARKER + r"(\*\*|__)(?P<q>[^*_][^*]*?[?？])\1[ \t]+(?P<rest>\S.*)$")
# `> **Q:** …` with its `> **A:** …` below: a labelled pair in a quote is read out of it.
QUOTE = re.compile(r"^ {0,3}>[ \t]?")
LIST_ITEM = re.compile(r"^( {0,3})([-*+]|\d+[.)])([ \t]+)(\S.*)$")


def read_lines(source: SourceFile, doc: Doc) -> list[Item]:
    """Bold question lines (`**What is X?**`, `**Q:** …`) and `Q:`/`A:` pairs."""
    heads = {head.index: head for head in doc.heads}
    items: list[Item] = []
    question: tuple[tuple[str, str], int] | None = None
    for index, line in enumerate(doc.lines):
        found = None if doc.code[index] or index in heads else question_parts(line)
        if index not in heads and found is None:
            continue
        if question:
            items.append(_line_card(doc, *question, index))
            question = None
        if index in heads:
            items.append(SectionItem(heads[index].level, heads[index].title, index + 1))
        elif found:
            question = (found, index)
    if question:
        items.append(_line_card(doc, *question, len(doc.lines)))
    return card_headings(items)


def read_list(source: SourceFile, doc: Doc) -> list[Item]:
    """A top-level list item is the question; what is nested under it is the answer."""
    return list_items(doc)


def list_items(doc: Doc) -> list[Item]:
    """Headings as sections, and every top-level list item with nested content as a card.

    When most such items read as questions, the others (a cheat sheet, a list of links) make
    no card; a question item with nothing nested under it is a question without an answer.
    """
    heads = {head.index: head for head in doc.heads}
    items: list[Item] = []
    index = 0
    while index < len(doc.lines):
        if index in heads:
            items.append(SectionItem(heads[index].level, heads[index].title, index + 1))
        elif found := (None if doc.code[index] else LIST_ITEM.match(doc.lines[index])):
            stop = _nested_end(doc, index)
            body = doc.text(index + 1, stop)
            lines = body.split("\n")
            first = next((n for n, line in enumerate(lines) if line.strip()), None)
            if first is not None and _labelled(lines[first].lstrip()):
                lines[first] = _after_label(lines[first].lstrip())  # `- *Answer:* …`, `- A: …`
                body = "\n".join(lines)
            front = strip_number(unbold(found[4]))[1]
            if not body.strip() and (quoted := _quoted_answer(doc, stop)):
                body, stop = quoted  # `- Question?`, then `> Answer: …` below it
            if body.strip():
                items.append(CardItem(front, body, index + 1, index + 2))
                index = stop
                continue
            if looks_like_question(front):
                items.append(SkipItem(index + 1, UNANSWERED))
        index += 1
    cards = [item for item in items if isinstance(item, CardItem)]
    if sum(looks_like_question(card.front) for card in cards) * 2 > len(cards):
        items = [
            item
            for item in items
            if not isinstance(item, CardItem) or looks_like_question(item.front)
        ]
    return card_headings(items)


def _quoted_answer(doc: Doc, start: int) -> tuple[str, int] | None:
    """A quote after blank lines from `start` whose first line is labelled as an answer: its
    text without the quote marks and the label, and where it ends; None when there is none."""
    begin = start
    while begin < len(doc.lines) and not doc.lines[begin].strip():
        begin += 1
    end = begin
    while end < len(doc.lines) and not doc.code[end] and QUOTE.match(doc.lines[end]):
        end += 1
    lines = [QUOTE.sub("", line, count=1) for line in doc.lines[begin:end]]
    if not lines or not _labelled(lines[0]):
        return None
    lines[0] = _after_label(lines[0])
    return "\n".join(lines), end


def _labelled(line: str) -> bool:
    return bool(ANSWER_LABEL.match(line) or SHORT_LABEL.match(line))


def question_line(line: str) -> str | None:
    """The question on a line such as `**What is X?**`, `**Q:** What is X?` or `Q: What…`."""
    parts = question_parts(line)
    return parts[0] if parts else None


@remembered
def question_parts(line: str) -> tuple[str, str] | None:
    """The question on a line and what follows it there (`**What is X?** It is …`)."""
    if labelled := LABEL_LINE.match(QUOTE.sub("", line, count=1)):
        return re.sub(r"(?:\*\*|__)\s*$", "", labelled["q"]).strip(), ""
    bold = BOLD_LINE.match(line)
    if bold and (QUESTION_END.search(plain(bold["q"])) or NUMBER.match(bold["q"])):
        return strip_number(bold["q"].strip())[1], ""
    if inline := INLINE_BOLD.match(line):
        return strip_number(inline["q"].strip())[1], inline["rest"]
    if one := COLON_CARD.match(line):
        rest = re.sub(r"\s*(?:⚡️?|🧠)(?:\s+#[\w/-]+)*\s*$", "", one["rest"])
        return one["q"].strip(), rest
    if marked := MARKED_CARD.match(line):
        return marked["q"].strip(), ""
    return None


def question_front(text: str) -> str:
    """`**What is X?**` and what follows it, with the question line's own bold taken off."""
    first, _, rest = text.partition("\n")
    parts = question_parts(first)
    if parts is None or parts[1]:
        return text
    return "\n".join((parts[0], rest)) if rest.strip() else parts[0]


def answer_label(lines: list[str]) -> int | None:
    """The line that starts the answer: `Answer:` anywhere, or `A:` right at the start."""
    found = next((n for n, line in enumerate(lines) if ANSWER_LABEL.match(line)), None)
    if found is not None:
        return found
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    return first if first is not None and SHORT_LABEL.match(lines[first]) else None


def question_lines(doc: Doc, start: int, stop: int) -> list[tuple[int, tuple[str, str]]]:
    """Each question line between two lines (outside code), with its question and the rest."""
    found = []
    for index in range(start, stop):
        if not doc.code[index] and (parts := question_parts(doc.lines[index])) is not None:
            found.append((index, parts))
    return found


def line_cards(doc: Doc, found: list[tuple[int, tuple[str, str]]], stop: int) -> list[Item]:
    """A card for each question line found, its answer running to the next one or `stop`."""
    if not found:
        return []
    ends = [index for index, _ in found[1:]] + [stop]
    return [
        _line_card(doc, parts, index, end) for (index, parts), end in zip(found, ends, strict=True)
    ]


def _line_card(doc: Doc, parts: tuple[str, str], index: int, stop: int) -> CardItem:
    question, rest = parts
    if rest and COLON_CARD.match(doc.lines[index]):
        stop = index + 1  # a one-line card: what follows is prose, not its answer
    elif MARKED_CARD.match(doc.lines[index]):
        # a marked card's answer ends at a rule: what follows it is prose
        stop = next((n for n in range(index + 1, stop) if RULE.match(doc.lines[n])), stop)
    if LIST_ITEM.match(doc.lines[index]) and (nested := _nested_end(doc, index)) > index + 1:
        stop = min(stop, nested)  # a list item's answer is nested in it: what follows is not
    lines = [rest, *doc.lines[index + 1 : stop]]
    if QUOTE.match(doc.lines[index]):
        # the pair is the quote: what follows it is not its answer
        inside = [QUOTE.match(line) is not None for line in doc.lines[index + 1 : stop]]
        stop = index + 1 + (inside.index(False) if False in inside else len(inside))
        lines = [rest, *(QUOTE.sub("", line, count=1) for line in doc.lines[index + 1 : stop])]
    label = answer_label(lines)
    if label is None:
        return CardItem(question, "\n".join(lines), index + 1, index + 1 if rest else index + 2)
    above = "\n".join(lines[:label]).strip()
    front = "\n\n".join(part for part in (question, above) if part)
    lines[label] = _after_label(lines[label])
    return CardItem(front, "\n".join(lines[label:]), index + 1, index + label + 1)


def _after_label(line: str) -> str:
    label = ANSWER_LABEL if ANSWER_LABEL.match(line) else SHORT_LABEL
    rest = label.sub("", line, count=1).rstrip()
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


def unbold(text: str) -> str:
    """`**What is X?**` -> `What is X?`; text that is not bold throughout is left alone."""
    bold = re.fullmatch(r"(\*\*|__)(.+)\1\s*", text.strip())
    return bold[2] if bold else text
