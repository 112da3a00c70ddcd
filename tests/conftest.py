"""Shared fixtures: source trees written for a test, and a real Anki collection to import into."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

from qadeck.commands import build as build_command
from qadeck.commands.build import BuildOptions, BuildReport
from qadeck.commands.prepare import ReadOptions
from qadeck.deck.model import Deck
from qadeck.diagnostics import Diagnostics
from qadeck.shapes.read import read_inputs
from qadeck.sources.config import DEFAULT_SETTINGS, CheckSettings

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = ROOT / "answers"


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
    """`qadeck build`, its options given one by one."""
    read = ReadOptions(sources, deck_name, style, settings, section_numbers, use_cache)
    return build_command.build(BuildOptions(read, output, now), progress)


def load_deck(
    sources: Sequence[Path],
    diagnostics: Diagnostics,
    deck_name: str | None = None,
    style: str | None = None,
) -> Deck:
    """The deck the sources read as, before any check."""
    return read_inputs(sources, diagnostics, deck_name, style).deck


@pytest.fixture(autouse=True, scope="session")
def render_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The tests' render cache: never the user's, even for module-scoped fixtures."""
    folder = tmp_path_factory.mktemp("render-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QADECK_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write dedented text to a path below tmp_path and return the path."""

    def write_file(name: str, text: str = "") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write_file


class Anki:
    """A fresh collection of the real Anki backend."""

    def __init__(self, path: Path) -> None:
        self.col = Collection(str(path))

    def import_package(self, apkg: Path) -> Any:
        """Import with Anki's default options and return the import log."""
        response = self.col.import_anki_package(
            ImportAnkiPackageRequest(
                package_path=str(apkg.resolve()), options=ImportAnkiPackageOptions()
            )
        )
        self.col.models._clear_cache()
        return response.log

    def notes(self) -> list[Any]:
        return [self.col.get_note(nid) for nid in self.col.find_notes("")]

    def deck_names(self) -> set[str]:
        return {d.name for d in self.col.decks.all_names_and_ids()} - {"Default"}

    def study_every_card(self) -> None:
        """Answer every card not yet studied once ("good"), as a learner's first session."""
        for card_id in self.col.find_cards("-is:review -is:learn"):
            card = self.col.get_card(card_id)
            card.start_timer()
            self.col.sched.answerCard(card, 3)

    def review_history(self) -> dict[int, tuple[int, int, int]]:
        """Each studied card's id with its repetitions, type and count of review log entries."""
        rows = self.col.db.all(
            "SELECT c.id, c.reps, c.type, (SELECT count() FROM revlog r WHERE r.cid = c.id) "
            "FROM cards c WHERE c.reps > 0"
        )
        return {cid: (reps, ctype, logs) for cid, reps, ctype, logs in rows}

    def close(self) -> None:
        self.col.close()


@pytest.fixture
def anki(tmp_path: Path) -> Iterator[Anki]:
    """A new, empty collection; closed after the test."""
    folder = tmp_path / "anki"
    folder.mkdir()
    collection = Anki(folder / "collection.anki2")
    yield collection
    collection.close()
