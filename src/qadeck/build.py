"""The whole pipeline in one place: sources -> outline -> deck -> render -> package."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from qadeck.cache import RenderCache
from qadeck.changes import Changes, compare
from qadeck.deck import Deck, make_deck, slug
from qadeck.diagnostics import Diagnostic, Diagnostics, Location
from qadeck.notetype import note_type
from qadeck.outline import parse_outline
from qadeck.package import NotAPackage, package_bytes, read_baseline, write_atomically
from qadeck.render import render_deck
from qadeck.shapes import reader
from qadeck.sources import read_sources


@dataclass(frozen=True)
class BuildReport:
    """What a build wrote and what the user should know about it."""

    output: Path
    notes: int
    subdecks: int
    diagnostics: tuple[Diagnostic, ...]
    changes: Changes


def load_deck(
    sources: Sequence[Path],
    diagnostics: Diagnostics,
    deck_name: str | None = None,
    style: str | None = None,
) -> Deck:
    """Read and parse every source into the deck model, collecting every finding."""
    source_set = read_sources(sources, diagnostics)
    outlines = [parse_outline(source.text) for source in source_set.files]
    deck = make_deck(source_set, outlines, diagnostics, deck_name, reader(style))
    if not deck.questions and not diagnostics.errors:
        read = ", ".join(f.display for f in source_set.files) or "none"
        where = source_set.files[0].display if len(source_set.files) == 1 else str(sources[0])
        diagnostics.error(Location(where), f"no questions found (files read: {read})")
    return deck


def default_output(deck: Deck) -> Path:
    """`dist/<slug of the root deck>.apkg`."""
    return Path("dist") / f"{slug(deck.name)}.apkg"


def build(
    sources: Sequence[Path],
    output: Path | None = None,
    deck_name: str | None = None,
    now: int | None = None,
    style: str | None = None,
    use_cache: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> BuildReport:
    """Build the package; on any error raise QadeckError and leave the output untouched."""
    diagnostics = Diagnostics()
    deck = load_deck(sources, diagnostics, deck_name, style)
    diagnostics.raise_if_errors()
    target = output or default_output(deck)
    if target.is_dir():
        diagnostics.error(Location(str(target)), "output path is a folder")
    diagnostics.raise_if_errors()

    rendered = render_deck(deck, diagnostics, RenderCache() if use_cache else None, progress)
    notes = rendered.notes
    diagnostics.raise_if_errors()

    kind = note_type()
    try:
        baseline = read_baseline(target, kind)
    except NotAPackage as exc:
        diagnostics.error(
            Location(str(target)), f"exists but is not an Anki package ({exc}); not overwritten"
        )
        diagnostics.raise_if_errors()
        raise AssertionError("unreachable") from None
    changes = compare(deck, notes, baseline, diagnostics)
    deck_names = [deck.name, *(deck.full_name(section) for section in deck.sections)]
    when = build_time() if now is None else now
    data = package_bytes(kind, deck_names, notes, baseline, when, rendered.media)
    try:
        write_atomically(target, data)
    except OSError as exc:
        diagnostics.error(Location(str(target)), f"cannot write: {exc.strerror or exc}")
        diagnostics.raise_if_errors()
    return BuildReport(target, len(notes), len(deck.sections), tuple(diagnostics.items), changes)


def build_time() -> int:
    """Seconds since the epoch: SOURCE_DATE_EPOCH when set, else the clock."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else int(time.time())
