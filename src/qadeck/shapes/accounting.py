"""Every line of a document accounted for in one reading: what it is, and what nothing read.

A reading (a shape's items, and which of them became cards or were reported) gives each line
a kind: front matter, title, section, question, answer, unanswered (a question reported
without an answer), navigation, prose (text outside any question) or blank. A line that reads
as a question (a heading, bold line, `Q:` line or list item that asks) and is neither in a
card nor reported is skipped in silence: `silent` lists those, and the score of the reading
counts them against it (see choose).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from qadeck.diagnostics import Diagnostics, Location
from qadeck.shapes.contents import link_targets, listed_level
from qadeck.shapes.items import CardItem, Item, SectionItem, SkipItem
from qadeck.shapes.lines import LIST_ITEM, question_parts
from qadeck.shapes.markup import (
    ANCHOR_LINK,
    LIST_HEADING,
    TAG,
    Doc,
    is_answer_part,
    is_answer_word,
    looks_like_question,
    plain,
)
from qadeck.shapes.remembered import remembered
from qadeck.sources.files import SourceFile
from qadeck.sources.headings import ATX_HEADING

FRONT, TITLE, SECTION, QUESTION, ANSWER = "front matter", "title", "section", "question", "answer"
UNANSWERED, NAVIGATION, PROSE, BLANK = "unanswered", "navigation", "prose", "blank"
LINE_SHAPES = ("lines", "list")  # shapes whose questions are lines, not headings
SUMMARY_LINE = re.compile(r"<summary\b[^>]*>(.*?)(?:</summary|$)", re.IGNORECASE)
BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")


@dataclass(frozen=True)
class Reading:
    """A document as one shape reads it: each line's kind, the cards and what they ask."""

    shape: str
    kinds: tuple[str, ...]
    cards: frozenset[int]  # 1-based lines of the questions made into cards
    asking: tuple[int, ...]  # 1-based lines that read as questions
    silent: tuple[int, ...]  # of those, the ones neither in a card nor reported
    reported: int  # questions reported without an answer (not against it: they are told)
    inside: int  # question-like lines inside another question's answer
    duplicates: int  # cards named like another of their section without asking anything
    loose_headings: int  # headings that are neither a section nor in a question
    weight: float  # the cards, each as much a card as its front reads like a question
    naming: int  # cards whose front names a topic and asks nothing

    @property
    def score(self) -> float:
        """How well the reading explains the document: higher is better."""
        return (
            self.weight
            - len(self.silent)
            - 0.5 * self.inside
            - 1.5 * self.duplicates
            - 0.25 * self.loose_headings
        )


@remembered
def asks(line: str) -> bool:
    """Whether a line reads as a question: a heading, `<summary>`, bold line, `Q:` line or
    list item."""
    if ANCHOR_LINK.search(line) and not re.search(r"\]\((?!#)", line):
        return False  # an entry of a table of contents points at a question, it is none
    heading = ATX_HEADING.match(line)
    if heading or (heading := LIST_HEADING.match(line)):
        title = heading.groups()[-1] or ""
        return looks_like_question(title) and not is_answer_word(title)
    if summary := SUMMARY_LINE.search(line):
        text = TAG.sub("", summary[1])
        return looks_like_question(text) and not is_answer_word(text)
    if question_parts(line) is not None:
        return True
    item = BULLET.match(line)
    return bool(item and LIST_ITEM.match(line.lstrip()) and looks_like_question(item[1]))


def account(
    source: SourceFile,
    shape: str,
    doc: Doc,
    items: Sequence[Item],
    made: dict[int, str],
    reported: set[int],
    navigation: bool = True,
    within: bool = False,
) -> Reading:
    """The reading of `doc` made of `items`: `made` maps each card's line to its front,
    `reported` holds the lines reported without a card; `navigation` says whether the lines
    the scan blanked (tables of contents, links to the top) are navigation; `within`, that
    the whole document is one question's answer (a file that is one question), which every
    card that does not ask is then a part of."""
    raw = source.lines
    count = len(raw)
    kinds = [PROSE] * count
    ordered = sorted(items, key=lambda item: item.line)
    stack: list[tuple[int, bool, str]] = [(0, True, "")] if within else []  # open sections:
    # level, whether its title asks (or the table of contents lists it), title
    # the level the table of contents names: each heading of it one question
    listed = listed_level(doc.heads, link_targets(raw))
    weights: list[tuple[str, bool, bool]] = []  # front, under a question, listed
    names: list[tuple[tuple[str, ...], str]] = []  # each card's section path and front
    section_text: dict[int, bool] = {}
    for number, item in enumerate(ordered):
        start = item.line - 1
        stop = ordered[number + 1].line - 1 if number + 1 < len(ordered) else count
        stop = max(stop, start + 1)
        if isinstance(item, SectionItem):
            while stack and stack[-1][0] >= item.level:
                stack.pop()
            entry = item.level == listed or looks_like_question(item.title)
            stack.append((item.level, entry, _name(item.title)))
            kinds[start] = SECTION
            section_text[start] = any(raw[n].strip() and doc.lines[n].strip()
                                      for n in range(start + 1, min(stop, count)))  # fmt: skip
            continue
        if isinstance(item, SkipItem):
            kinds[start] = UNANSWERED
            continue
        end = _card_end(doc, item, start, stop)
        if item.line in made:
            kinds[start] = QUESTION
            for index in range(start + 1, end):
                kinds[index] = QUESTION if index < item.answer_line - 1 else ANSWER
            level = item.level if item.level is not None else 99
            under = any(asking for open_level, asking, _ in stack if open_level < level)
            weights.append((made[item.line], under, listed is not None and level == listed))
            path = tuple(title for open_level, _, title in stack if open_level <= level)
            names.append((path, _name(made[item.line])))
        elif item.line in reported:
            for index in range(start, end):
                kinds[index] = UNANSWERED
    title = doc.title.index if doc.title is not None else None
    for index in range(count):
        if index < source.front.end_line:
            kinds[index] = FRONT
        elif not raw[index].strip():
            kinds[index] = BLANK
        elif index == title:
            kinds[index] = TITLE
        elif navigation and not doc.code[index] and not doc.lines[index].strip():
            kinds[index] = NAVIGATION
    asking = [n for n in range(count) if not doc.code[n] and asks(raw[n])]
    silent = [
        n + 1
        for n in asking
        if kinds[n] in (PROSE, NAVIGATION) or (kinds[n] == SECTION and section_text.get(n))
    ]
    # "Reference" or "Answer" over and over in one section are parts of answers; the same
    # "Definition" under each term of a glossary is no repeat, and neither is a question
    # asked again (a quiz that asks "What is the output?" of every snippet)
    repeats = [name for name in names if not looks_like_question(name[1])]
    return Reading(
        shape,
        tuple(kinds),
        frozenset(made),
        tuple(n + 1 for n in asking),
        tuple(silent),
        len(reported),
        sum(kinds[n] == ANSWER for n in asking),
        len(repeats) - len(set(repeats)),
        sum(
            1
            for n in range(count)
            if kinds[n] == PROSE and not doc.code[n] and ATX_HEADING.match(raw[n])
        ),
        _weight(weights, topics=shape not in LINE_SHAPES, asking_lines=len(asking)),
        sum(not looks_like_question(front) for front in made.values()),
    )


def _name(title: str) -> str:
    """A front or a section's title as a repeat of another is told: its words, in any case."""
    return " ".join(plain(title).casefold().split())


def _card_end(doc: Doc, card: CardItem, start: int, stop: int) -> int:
    """Where a card's lines end (exclusive): its answer, and markup closing it, up to `stop`."""
    end = max(start + 1, card.answer_line - 1 + card.answer.count("\n") + 1)
    end = min(end, stop)
    while end < stop and (not doc.lines[end].strip() or not TAG.sub("", doc.lines[end]).strip()):
        end += 1
    return end


def _weight(cards: list[tuple[str, bool, bool]], topics: bool, asking_lines: int) -> float:
    """A card that asks counts 1; one that does not counts 1 in a cheat sheet (under a quarter
    of the cards ask, and the document asks under a quarter as many times as it has cards:
    `asking_lines` read as questions, in cards or not), nothing among questions or as a line
    (a line is a question only when it asks: a heading may name a topic), and against the
    reading under a section that asks (it is a part of that question's answer). An entry of
    the table of contents that is no part of another answer counts as a question too."""
    asking = [looks_like_question(front) for front, _, _ in cards]
    others = 1.0 if topics and max(sum(asking), asking_lines) * 4 < len(cards) else 0.0
    return sum(
        1.0 if asked else -0.5 if under or _answer_part(front) else 1.0 if listed else others
        for asked, (front, under, listed) in zip(asking, cards, strict=True)
    )


def _answer_part(front: str) -> bool:
    """A card named "Answer: D" or "Reference" is a part of an answer, never a question."""
    name = re.split(r"[:：]", plain(front))[0].strip()
    return is_answer_word(name) or is_answer_part(name)


def stretches(reading: Reading) -> list[tuple[int, int, str]]:
    """The silent lines in runs: first line, how many, and the kind they were read as.

    A run ends at a card or a reported question; lines between the silent ones that ask
    nothing do not end it.
    """
    runs: list[tuple[int, int, str]] = []
    last = 0
    for line in reading.silent:
        kind = reading.kinds[line - 1]
        between = reading.kinds[last : line - 1] if runs else ()
        broken = any(k in (QUESTION, ANSWER, UNANSWERED) for k in between)
        if runs and runs[-1][2] == kind and not broken:
            first, many, _ = runs[-1]
            runs[-1] = (first, many + 1, kind)
        else:
            runs.append((line, 1, kind))
        last = line
    return runs


WHY = {
    NAVIGATION: "read as navigation",
    PROSE: "outside any question",
    SECTION: "read as section headings, their own text in no card",
}


def report_silent(
    source: SourceFile, reading: Reading, others: Sequence[Reading], diagnostics: Diagnostics
) -> None:
    """One warning per stretch of question-like lines that no card holds and none reported:
    where, how many, why, and the `--style` whose reading makes cards of most of them."""
    for first, many, kind in stretches(reading):
        lines = [line for line in reading.silent if line >= first][:many]
        headings = all(ATX_HEADING.match(source.lines[line - 1]) for line in lines)
        noun = ("heading" if headings else "line") + ("" if many == 1 else "s")
        under = _heading_above(source, first)
        where = f" under '{under}'" if under else ""
        best = max(others, key=lambda other: len(other.cards & set(lines)), default=None)
        hint = ""
        if best is not None and best.shape != reading.shape and best.cards & set(lines):
            hint = f" (--style {best.shape} reads them)"
        diagnostics.warning(
            Location(source.display, first),
            f"{many} question-like {noun}{where} {WHY[kind]}; no card made{hint}",
        )


def _heading_above(source: SourceFile, line: int) -> str:
    """The text of the nearest heading above a line, if any."""
    for index in range(line - 2, -1, -1):
        if found := ATX_HEADING.match(source.lines[index]):
            return plain(found[2] or "")
    return ""
