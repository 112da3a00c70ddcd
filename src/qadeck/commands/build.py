"""The whole pipeline in one place: sources -> shapes (deck model) -> checks -> render -> anki."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from qadeck.background import Forked
from qadeck.checks.document import check_inputs
from qadeck.checks.findings import finish
from qadeck.checks.output import check_output, check_package_name
from qadeck.checks.renderable import plainly_renderable
from qadeck.deck.identity import slug
from qadeck.deck.model import Account, Deck, Question
from qadeck.diagnostics import Diagnostic, Diagnostics, Location
from qadeck.incremental.store import RenderCache
from qadeck.package.baseline import Baseline, DeckMark, NotAPackage, read_baseline
from qadeck.package.changes import Changes, compare, own_baseline, unchanged_notes
from qadeck.package.kinds import note_types
from qadeck.package.writer import write_package
from qadeck.render.ahead import RenderAhead
from qadeck.render.notes import RenderedDeck, render_deck, wanted_fragments
from qadeck.shapes.parts import memories
from qadeck.shapes.read import Inputs, read_inputs
from qadeck.sources.config import DEFAULT_SETTINGS, CheckSettings

# Clean documents in a converted shape named one by one; past this, counted per shape.
FEW_DOCUMENTS = 3


@dataclass(frozen=True)
class BuildReport:
    """What a build wrote and what the user should know about it."""

    output: Path
    notes: int
    subdecks: int
    diagnostics: tuple[Diagnostic, ...]
    changes: Changes
    accounts: tuple[Account, ...] = ()  # what each document gave
    deck: str = ""  # the root deck's name
    identity: str = ""  # the deck's identity, which seeds every GUID


@dataclass(frozen=True)
class CheckReport:
    """Every finding about the sources, and how many files they came from."""

    files: int
    diagnostics: tuple[Diagnostic, ...]


def load_deck(
    sources: Sequence[Path],
    diagnostics: Diagnostics,
    deck_name: str | None = None,
    style: str | None = None,
) -> Deck:
    """Read and parse every source into the deck model, collecting every finding."""
    return read_inputs(sources, diagnostics, deck_name, style).deck


def prepare(
    sources: Sequence[Path],
    diagnostics: Diagnostics,
    deck_name: str | None = None,
    settings: CheckSettings = DEFAULT_SETTINGS,
    style: str | None = None,
    cache: RenderCache | None = None,
    progress: Callable[[int, int], None] | None = None,
    section_numbers: bool | None = None,
) -> tuple[Inputs, RenderedDeck]:
    """Everything before writing: read, check and render, collecting every finding.

    The parts of the documents come back without their outlines, which only the checks need.
    `section_numbers`, when given, overrides deck.toml's `section-numbers`.
    """
    ahead = RenderAhead(cache)  # renders what is read while the rest is being read
    try:
        inputs = read_inputs(
            sources, diagnostics, deck_name, style, settings, cache, partial(_offer, ahead)
        )
        if section_numbers is not None:
            inputs = replace(inputs, deck=replace(inputs.deck, numbered=section_numbers))
        renderable = check_inputs(inputs, diagnostics, settings)
        for document in inputs.documents:
            for part in document.parts:
                part.outline = None  # only the checks need it
        rendered = render_deck(renderable, diagnostics, cache, progress, settings.root, ahead)
    finally:
        ahead.close()
    _note_rendering(inputs, renderable, rendered, diagnostics)
    if inputs.memory is not None:
        inputs.memory.remember(partial(memories, inputs.documents))  # listed when written
    finish(diagnostics, inputs, settings.strict)
    return inputs, rendered


def _offer(ahead: RenderAhead, questions: Sequence[Question]) -> None:
    """Offer the fragments of questions just read to be rendered ahead: those the checks will
    let through without measuring them. The others, once checked, go to the same workers."""
    if ahead.open:  # else the fragments are rendered when asked for
        ahead.offer(wanted_fragments(q for q in questions if plainly_renderable(q)))


def _note_rendering(
    inputs: Inputs, renderable: Deck, rendered: RenderedDeck, diagnostics: Diagnostics
) -> None:
    """Note the HTML of each question read in this build, and what rendering it reported, with
    the part of its document that holds it (a remembered question reports it again itself)."""
    documents = {document.source.display: document for document in inputs.documents}
    spans = rendered.findings
    for question, note, (start, end) in zip(
        renderable.questions, rendered.notes, spans, strict=True
    ):
        if question.html is None:
            part = documents[question.source.display].part_at(question.line)
            part.html.append(note.html)
            if end > start:
                part.reported[question.line] = diagnostics.items[start:end]


def check(
    sources: Sequence[Path],
    deck_name: str | None = None,
    settings: CheckSettings = DEFAULT_SETTINGS,
    style: str | None = None,
) -> CheckReport:
    """Run every check `build` runs and write nothing; findings are returned, not raised."""
    diagnostics = Diagnostics()
    cache = RenderCache()
    try:
        inputs, _ = prepare(sources, diagnostics, deck_name, settings, style, cache)
    finally:
        cache.wait()
    return CheckReport(inputs.file_count, tuple(diagnostics.items))


def default_output(deck: Deck) -> Path:
    """`dist/<slug of the deck's identity>.apkg`: a new title or --deck finds the same package."""
    return Path("dist") / f"{slug(deck.identity)}.apkg"


def build(
    sources: Sequence[Path],
    output: Path | None = None,
    deck_name: str | None = None,
    now: int | None = None,
    style: str | None = None,
    settings: CheckSettings = DEFAULT_SETTINGS,
    use_cache: bool = True,
    progress: Callable[[int, int], None] | None = None,
    section_numbers: bool | None = None,
) -> BuildReport:
    """Build the package; on any error raise QadeckError and leave the output untouched."""
    diagnostics = Diagnostics()
    if output is not None:  # before any work: a wrong -o is known without reading anything
        check_output(output, diagnostics)
        diagnostics.raise_if_errors()
        check_package_name(output, diagnostics)
    cache = RenderCache() if use_cache else None
    # The previous package is read while the sources are, when its path is known already.
    previous = Forked(partial(read_baseline, output)) if output else None
    try:
        inputs, rendered = prepare(
            sources, diagnostics, deck_name, settings, style, cache, progress, section_numbers
        )
        if cache is not None:
            cache.flush()  # written while the package is
        return _package(inputs, rendered, diagnostics, output, now, previous)
    finally:  # nothing of this build goes on after it returns or fails
        if previous is not None:
            previous.wait()
        if cache is not None:
            cache.wait()


def _package(
    inputs: Inputs,
    rendered: RenderedDeck,
    diagnostics: Diagnostics,
    output: Path | None,
    now: int | None,
    previous: Forked[Baseline] | None,
) -> BuildReport:
    """Write the package of a prepared deck: build's second half."""
    deck, notes = inputs.deck, rendered.notes
    target = output or default_output(deck)
    if output is None:
        check_output(target, diagnostics)
    diagnostics.raise_if_errors()

    try:
        baseline = previous.result() if previous is not None else read_baseline(target)
    except NotAPackage as exc:
        diagnostics.error(
            Location(str(target)), f"exists but is not an Anki package ({exc}); not overwritten"
        )
        diagnostics.raise_if_errors()
        raise AssertionError("unreachable") from None
    mark = DeckMark(deck.identity, deck.name)
    baseline, replaced = own_baseline(baseline, mark)
    kinds = note_types(deck.identity, deck.name, deck.style)
    unchanged = unchanged_notes(notes, kinds, baseline)
    changes = compare(deck, notes, kinds, baseline, diagnostics, replaced, unchanged)
    deck_names = [deck.name, *(deck.full_name(section) for section in deck.sections)]
    when = build_time() if now is None else now
    try:
        write_package(
            target, kinds, deck_names, notes, baseline, when, rendered.media, mark, unchanged
        )
    except OSError as exc:
        where = (
            f" ({exc.filename})"
            if exc.filename and Path(exc.filename).parent != target.parent
            else ""
        )
        diagnostics.error(Location(str(target)), f"cannot write: {exc.strerror or exc}{where}")
        diagnostics.raise_if_errors()
    return BuildReport(
        target,
        len(notes),
        len(deck.sections),
        tuple(diagnostics.items),
        changes,
        inputs.accounts,
        deck.name,
        deck.identity,
    )


def worth_telling(accounts: Sequence[Account]) -> list[Account]:
    """The documents a build names: those with stretches skipped, and those read in a converted
    shape; past a few of the latter, one line per shape counts them together.

    A deck in qadeck's own format, with nothing skipped, is told by the summary line alone.
    """
    skipped = [a for a in accounts if a.unanswered or a.other]
    converted = [a for a in accounts if a.shape != "outline" and not (a.unanswered or a.other)]
    if len(converted) > FEW_DOCUMENTS:
        shapes = dict.fromkeys(a.shape for a in converted)
        converted = [
            Account(
                f"{len(same)} documents",
                shape,
                sum(a.questions for a in same),
                sum(a.notes for a in same),
            )
            for shape in shapes
            for same in [[a for a in converted if a.shape == shape]]
        ]
    told = {id(a) for a in skipped}
    return [a for a in accounts if id(a) in told] + converted


def build_time() -> int:
    """Seconds since the epoch: SOURCE_DATE_EPOCH when set, else the clock."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else int(time.time())
