"""`build` and `check`: the whole pipeline in one place. The sources are prepared (read, checked,
rendered, remembered: see prepare), then the package is written against the previous one."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from qadeck.background import Forked
from qadeck.checks.output import check_output, check_package_name
from qadeck.commands.prepare import ReadOptions, prepare
from qadeck.deck.identity import slug
from qadeck.deck.model import Account, Deck
from qadeck.diagnostics import Diagnostic, Diagnostics, Location
from qadeck.incremental.store import RenderCache
from qadeck.package.baseline import Baseline, DeckMark, NotAPackage, read_baseline
from qadeck.package.changes import Changes, compare, own_baseline, unchanged_notes
from qadeck.package.continued import baseline_copies, continued
from qadeck.package.kinds import note_types
from qadeck.package.writer import write_package
from qadeck.render.notes import RenderedDeck
from qadeck.shapes.read import Inputs


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


@dataclass(frozen=True)
class BuildOptions:
    """What `build` is asked: how to read the sources, where to write and the package's time
    (None: SOURCE_DATE_EPOCH, else the clock)."""

    read: ReadOptions
    output: Path | None = None
    now: int | None = None


def check(options: ReadOptions) -> CheckReport:
    """Run every check `build` runs and write nothing; findings are returned, not raised."""
    diagnostics = Diagnostics()
    cache = RenderCache()
    try:
        inputs, _ = prepare(options, diagnostics, cache)
    finally:
        cache.wait()
    return CheckReport(inputs.file_count, tuple(diagnostics.items))


def default_output(deck: Deck) -> Path:
    """`dist/<slug of the deck's identity>.apkg`: a new title or --deck finds the same package."""
    return Path("dist") / f"{slug(deck.identity)}.apkg"


def build(options: BuildOptions, progress: Callable[[int, int], None] | None = None) -> BuildReport:
    """Build the package; on any error raise QadeckError and leave the output untouched."""
    diagnostics = Diagnostics()
    output = options.output
    if output is not None:  # before any work: a wrong -o is known without reading anything
        check_output(output, diagnostics)
        diagnostics.raise_if_errors()
        check_package_name(output, diagnostics)
    cache = RenderCache() if options.read.use_cache else None
    # The previous package is read while the sources are, when its path is known already.
    previous = Forked(partial(read_baseline, output)) if output else None
    try:
        inputs, rendered = prepare(options.read, diagnostics, cache, progress)
        if cache is not None:
            cache.flush()  # written while the package is
        return _package(inputs, rendered, diagnostics, output, options.now, previous)
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
    deck, notes = continued(deck, notes, baseline_copies(baseline))  # repeats keep their notes
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


def build_time() -> int:
    """Seconds since the epoch: SOURCE_DATE_EPOCH when set, else the clock."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else int(time.time())
