"""Where several shapes could read a document, the reading that explains it best.

Detection (see detect) guesses a shape from what a sample of the document looks like; here
each shape that could read it reads the whole document, each reading is scored on every line
it accounts for (see accounting: questions found, empty answers, headings left unexplained,
question-like lines skipped) and the best one is taken, unless the detected shape scores
within a margin of it: what detection saw is evidence too.
"""

from __future__ import annotations

from dataclasses import dataclass

from qadeck.deck.model import Question
from qadeck.diagnostics import Diagnostics
from qadeck.shapes.accounting import Reading, account
from qadeck.shapes.items import CardItem, Item, SectionItem
from qadeck.shapes.markup import Doc
from qadeck.shapes.nonanswers import not_an_answer, shows_nothing
from qadeck.shapes.outline import introduced_outline, read_outline
from qadeck.shapes.trimming import trim_answer
from qadeck.sources.files import SourceFile
from qadeck.sources.headings import parse_outline

CANDIDATES = ("outline", "headings", "numbered", "details", "lines", "list", "files")
NO_CARD = "no card made"
MARGIN, SHARE = 2.0, 0.1  # how much better than the detected reading another must score
UNANSWERED_ONLY = 10  # questions reported without an answer that make a list of questions


@dataclass(frozen=True)
class Choice:
    """The shape taken, and every reading tried, best first."""

    shape: str
    readings: tuple[Reading, ...]
    questions_only: bool = False  # the reading taken asks questions and answers none of them


def choose(
    source: SourceFile,
    detected: str,
    doc: Doc,
    has_title: bool,
    whole: bool = False,
    introduced: bool = False,
) -> Choice:
    """Read the document in every candidate shape and take the best-scored reading; `whole`
    says the file is one question of a folder of one question per file (see folders), and
    `introduced` that it is a file of a folder under its title (see outline)."""
    if detected not in CANDIDATES:
        return Choice(detected, ())  # a plugin's cards are marked as such: nothing to weigh
    detected = "files" if whole else detected  # what the folder shows is evidence too
    readings = [trial(source, shape, doc, has_title, whole, introduced) for shape in CANDIDATES]
    # of readings that explain it as well, the one that makes fewer cards of mere topics
    readings.sort(key=lambda reading: (-reading.score, reading.shape != detected, reading.naming))
    best = readings[0]
    guessed = next(reading for reading in readings if reading.shape == detected)
    # What detection saw is evidence too: another reading must explain clearly more.
    if best.score <= guessed.score + max(MARGIN, abs(guessed.score) * SHARE):
        best = guessed
    # A document detected as the outline is the user's own list: its few answers are answers.
    return Choice(best.shape, tuple(readings), detected != "outline" and asks_only(best))


def asks_only(reading: Reading) -> bool:
    """A list of questions without answers: the reading reports ten times as many questions
    without an answer as it makes cards, and ten at least. What it took for the answers of
    the few is the questions' own material (the code they ask about, a list of what to
    explain), so those make no card either."""
    return reading.reported >= UNANSWERED_ONLY and len(reading.cards) * 10 <= reading.reported


def trial(
    source: SourceFile,
    shape: str,
    doc: Doc,
    has_title: bool,
    whole: bool = False,
    introduced: bool = False,
) -> Reading:
    """The document read in one shape, its findings kept apart; when the file is one question
    (`whole`), every other shape's cards are parts of that question's answer."""
    from qadeck.shapes.detect import SHAPES, assemble

    diagnostics = Diagnostics()
    questions: list[Question] = []
    if shape == "outline":
        outline = parse_outline(source.text)
        outline = introduced_outline(outline) if introduced else outline
        read_outline(source, outline, has_title, [], questions, diagnostics)
        items = outline_items(outline, has_title)
    else:
        recognize = SHAPES[shape].recognize
        assert recognize is not None
        items = recognize(source, doc)
        assemble(source, items, [], questions, diagnostics, shape)
    reported = {d.location.line or 0 for d in diagnostics.items if NO_CARD in d.message}
    made: dict[int, str] = {}
    for question in questions:
        # the outline makes a card of a question without an answer: here it counts as one
        text = "\n\n".join((question.answer, question.extra))
        if not shows_nothing(text) and not not_an_answer(question.title, text):
            made[question.line] = question.title
        else:
            reported.add(question.line)
    within = whole and shape != "files"
    return account(source, shape, doc, items, made, reported, shape != "outline", within)


def outline_items(outline: object, has_title: bool) -> list[Item]:
    """The outline's blocks as items: a heading with sub-headings is a section (and a question
    of its own text, when it has some), one without is a question."""
    from qadeck.sources.headings import Outline

    assert isinstance(outline, Outline)
    blocks = [block for block in outline.blocks if block.heading is not None]
    if has_title:
        blocks = blocks[1:]
    items: list[Item] = []
    for number, block in enumerate(blocks):
        heading = block.heading
        assert heading is not None
        following = blocks[number + 1].heading if number + 1 < len(blocks) else None
        body = block.body
        if following is not None and following.level > heading.level:
            items.append(SectionItem(heading.level, heading.title, heading.line))
            if shows_nothing(body) or not trim_answer(body)[0]:
                continue
        items.append(
            CardItem(heading.title, body, heading.line, block.body_line, level=heading.level)
        )
    return items
