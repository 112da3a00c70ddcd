"""What qadeck understood of a document, shown before anything is built."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from qadeck.checks.findings import finish
from qadeck.checks.renderable import unrenderable
from qadeck.commands.prepare import ReadOptions
from qadeck.deck.model import Deck, Kind
from qadeck.diagnostics import Diagnostic, Diagnostics, Severity
from qadeck.render.cloze import cloze_numbers
from qadeck.render.fragment_renderer import FragmentRenderer
from qadeck.render.notes import note_kind
from qadeck.shapes.choose import CANDIDATES, trial
from qadeck.shapes.detect import SHAPES, scan_with_title
from qadeck.shapes.parts import DocumentReading
from qadeck.shapes.read import read_inputs
from qadeck.wording import count

SHOWN_QUESTIONS = 3
WIDTH = 72
FIRST_WORDS, WORDS_WIDTH = 8, 56


@dataclass(frozen=True)
class InspectReport:
    """The report's lines, and the findings made on the way (errors among them: the CLI
    prints the report, then fails)."""

    lines: tuple[str, ...]
    diagnostics: tuple[Diagnostic, ...]

    @property
    def failed(self) -> bool:
        """Whether a finding is an error."""
        return any(d.severity is Severity.ERROR for d in self.diagnostics)


def inspect(options: ReadOptions, lines: bool = False) -> InspectReport:
    """Detect the shape of every document and summarise the deck it would become; with
    `lines`, what every line of each document was read as."""
    diagnostics = Diagnostics()
    style = options.style
    inputs = read_inputs(
        options.sources, diagnostics, options.deck_name, style, selection=options.selection
    )
    finish(diagnostics, inputs, strict=False)  # columns and order, as check and build print
    if not inputs.documents:  # nothing read: nothing else to say
        diagnostics.raise_if_errors()
    deck = inputs.deck
    accounts = [account.summary() for account in inputs.accounts]
    kinds = _kinds(deck)
    shown = [*_shape_lines(inputs.documents, deck, style), *_reading_lines(inputs.documents)]
    shown += [*accounts, *_deck_lines(deck, kinds)]
    if lines:
        for document in inputs.documents:
            shown += line_kinds(document)
    return InspectReport(tuple(shown), tuple(diagnostics.items))


def _reading_lines(documents: Sequence[DocumentReading]) -> list[str]:
    """For each document whose shape was chosen among readings: the winner and runner-up."""
    shown = []
    for document in documents:
        if len(document.readings) < 2:
            continue
        chosen = next(r for r in document.readings if r.shape == document.shape)
        other = next(r for r in document.readings if r.shape != document.shape)
        made = count(len(chosen.cards), "card")
        if document.asks_only:
            made = f"{made} read, none made: its questions have no answers"
        shown.append(
            f"reading: {document.source.display}: {chosen.shape} (score {chosen.score:.1f}, "
            f"{made}); runner-up {other.shape} "
            f"(score {other.score:.1f}, {count(len(other.cards), 'card')})"
        )
    return shown


def line_kinds(document: DocumentReading) -> list[str]:
    """Every line of a document: its number, what it was read as, its first words."""
    source = document.source
    reading = next((r for r in document.readings if r.shape == document.shape), None)
    if reading is None:
        if document.shape not in CANDIDATES:
            return [f"lines: {source.display}: read by {document.shape}, not line by line"]
        has_title = document.title is not None
        scan = scan_with_title(None, source.text, has_title)
        reading = trial(source, document.shape, scan, has_title)
    shown = [f"lines: {source.display} ({document.shape})"]
    kinds = reading.kinds
    if source.text.endswith("\n"):
        kinds = kinds[:-1]  # the empty line after the last newline is no line of the file
    for number, kind in enumerate(kinds, 1):
        words = " ".join(source.lines[number - 1].split()[:FIRST_WORDS])
        mark = " (question-like, skipped)" if number in reading.silent else ""
        shown.append(f"{number:>6}  {kind:<12}  {_clip(words)}{mark}".rstrip())
    return shown


def _clip(text: str) -> str:
    return text if len(text) <= WORDS_WIDTH else text[: WORDS_WIDTH - 1].rstrip() + "…"


def _shape_lines(documents: Sequence[DocumentReading], deck: Deck, style: str | None) -> list[str]:
    asked = {question.source.display for question in deck.questions}
    shapes = Counter(
        {d.source.display: d.shape for d in documents if d.source.display in asked}.values()
    )
    forced = " (forced by --style)" if style else ""
    if len(asked) == 1:
        name = next(iter(shapes))
        return [f"shape: {name}{forced}: {SHAPES[name].summary}"]
    counts = ", ".join(f"{name} ({count(n, 'file')})" for name, n in sorted(shapes.items()))
    return [f"shapes: {counts}{forced}"]


def _kinds(deck: Deck) -> dict[int, tuple[Kind, int]]:
    """The kind of each question and how many cards it makes, by its index in the deck.

    Only a question that may hold cloze markup is rendered (code hides markup): most are not.
    """
    renderer, quiet = FragmentRenderer(), Diagnostics()
    kinds = {}
    for index, question in enumerate(deck.questions):
        texts = (question.title, question.answer, question.extra)
        rendered = ("", "", "")
        if any("{{c" in text for text in texts) and not unrenderable(question, quiet):
            rendered = (
                renderer.render(question.title, inline=True).html,
                renderer.render(question.answer, inline=False).html,
                renderer.render(question.extra, inline=False).html,
            )
        kind = note_kind(deck, question, rendered, quiet)
        if kind is Kind.CLOZE:
            cards = len(set(cloze_numbers(rendered[0]) + cloze_numbers(rendered[1])))
        else:
            cards = 2 if kind is Kind.REVERSED and question.answer else 1
        kinds[index] = (kind, cards)
    return kinds


def _deck_lines(deck: Deck, kinds: dict[int, tuple[Kind, int]]) -> list[str]:
    notes = count(len(deck.questions), "note")
    lines = [f"deck: {deck.name}: {notes} in {count(len(deck.sections), 'subdeck')}"]
    counts = Counter(kind for kind, _ in kinds.values())
    if set(counts) - {Kind.BASIC}:
        parts = ", ".join(f"{counts[kind]} {kind}" for kind in Kind if counts[kind])
        cards = count(sum(cards for _, cards in kinds.values()), "card")
        lines.append(f"kinds: {parts}; {cards}")
    index = {id(question): i for i, question in enumerate(deck.questions)}
    sections = list(deck.sections)
    if any(not q.section for q in deck.questions):
        sections.insert(0, ())
    for section in sections:
        direct = [q for q in deck.questions if q.section == section]
        inside = [q for q in deck.questions if section and q.section[: len(section)] == section]
        inside = inside or direct
        indent = "  " * max(len(section), 1)
        label = section[-1] if section else "(top level)"
        lines.append(f"{indent}{label}: {count(len(inside), 'question')}")
        for question in direct[:SHOWN_QUESTIONS]:
            kind = kinds[index[id(question)]][0]
            shown = "" if kind is Kind.BASIC else f" ({kind})"
            lines.append(f"{indent}  - {_first_line(question.title)}{shown}")
        if len(direct) > SHOWN_QUESTIONS:
            lines.append(f"{indent}  … and {len(direct) - SHOWN_QUESTIONS} more")
    return lines


def _first_line(text: str) -> str:
    line = text.strip().split("\n", 1)[0].strip()
    return line if len(line) <= WIDTH else line[: WIDTH - 1].rstrip() + "…"
