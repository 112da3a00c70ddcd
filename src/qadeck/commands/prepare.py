"""Everything before writing, shared by every command that reads the sources: read (taking what
it can from memory), check, render, then remember what was new, all collecting every finding.

Each stage hands the next what it returned: the remembering layer (incremental) wraps reading
from outside, gives the checks and rendering what it remembered of a part instead of the
work, and assembles what it stores from the values the stages returned.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import NamedTuple

from qadeck.checks.document import check_inputs
from qadeck.checks.findings import finish
from qadeck.checks.renderable import plainly_renderable
from qadeck.deck.model import Question
from qadeck.diagnostics import Diagnostics
from qadeck.incremental.reading import RememberingReader
from qadeck.incremental.store import RenderCache
from qadeck.render.ahead import RenderAhead
from qadeck.render.notes import RenderedDeck, render_deck, wanted_fragments
from qadeck.shapes.parts import read_documents
from qadeck.shapes.read import Inputs, read_inputs
from qadeck.sources.config import DEFAULT_SETTINGS, CheckSettings
from qadeck.sources.files import EVERY_FILE, Selection


@dataclass(frozen=True)
class ReadOptions:
    """How to read, check and render the sources: what every command that reads them asks.

    `section_numbers`, when given, overrides deck.toml's `section-numbers`; without
    `use_cache`, nothing is taken from or kept for earlier builds.
    """

    sources: Sequence[Path]
    deck_name: str | None = None
    style: str | None = None
    settings: CheckSettings = DEFAULT_SETTINGS
    section_numbers: bool | None = None
    use_cache: bool = True
    selection: Selection = EVERY_FILE  # which files of the sources to read


class Prepared(NamedTuple):
    """The sources as read (without the outlines, which only the checks need) and rendered."""

    inputs: Inputs
    rendered: RenderedDeck


def prepare(
    options: ReadOptions,
    diagnostics: Diagnostics,
    cache: RenderCache | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Prepared:
    """Read, check and render, collecting every finding; remember what is new in `cache`."""
    settings = options.settings
    reader = RememberingReader(cache, settings) if cache is not None else None
    ahead = RenderAhead(cache)  # renders what is read while the rest is being read
    try:
        inputs = read_inputs(
            options.sources,
            diagnostics,
            options.deck_name,
            options.style,
            reader or read_documents,
            partial(_offer, ahead),
            options.selection,
        )
        if options.section_numbers is not None:
            deck = replace(inputs.deck, numbered=options.section_numbers)
            inputs = replace(inputs, deck=deck)
        remembered = reader.landmarks() if reader else None
        checked = check_inputs(inputs, diagnostics, settings, remembered)
        if reader is not None:
            reader.replay("check", diagnostics)
        inputs = inputs.without_outlines()  # only the checks need them
        known = reader.rendered() if reader else None
        rendered = render_deck(
            checked.deck, diagnostics, cache, progress, settings.root, ahead, known
        )
    finally:
        ahead.close()
    if reader is not None:
        reader.remember(inputs.documents, checked, rendered, diagnostics)
    finish(diagnostics, inputs, settings.strict)
    return Prepared(inputs, rendered)


def _offer(ahead: RenderAhead, questions: Sequence[Question]) -> None:
    """Offer the fragments of questions just read to be rendered ahead: those the checks will
    let through without measuring them. The others, once checked, go to the same workers."""
    if ahead.open:  # else the fragments are rendered when asked for
        ahead.offer(wanted_fragments(q for q in questions if plainly_renderable(q)))
