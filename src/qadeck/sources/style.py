"""A deck's own style: CSS files named by `css = "…"` in deck.toml or `css:` in front matter.

Each is checked like a source file (a missing one is an error naming the line that names it)
and like an image (its path stays inside the source folder). Anki puts a note type's CSS in a
`<style>` element before every card, so a stylesheet holding `</style` could put HTML, and so
scripts, into every card: it is refused.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from qadeck.diagnostics import Diagnostics, Location
from qadeck.sources.text import display_path, read_text

STYLE_END = re.compile(r"</style", re.IGNORECASE)


@dataclass(frozen=True)
class StyleSheet:
    """A stylesheet as named: the name, the folder it is relative to, the folder it must stay
    in, and the line that names it."""

    name: str
    folder: Path
    root: Path
    location: Location


def read_style(sheets: Sequence[StyleSheet], diagnostics: Diagnostics) -> str:
    """The CSS of every stylesheet in order, each file once; an error for each bad one."""
    texts: dict[Path, str] = {}
    for sheet in sheets:
        found = _read(sheet, diagnostics)
        if found is not None:
            texts.setdefault(*found)
    return "\n".join(texts.values())


def _read(sheet: StyleSheet, diagnostics: Diagnostics) -> tuple[Path, str] | None:
    name, where = sheet.name, sheet.location
    if Path(name).is_absolute():
        diagnostics.error(where, f"stylesheet path must be relative to the file: {name}")
        return None
    # resolve() follows symlinks: a link inside the folder pointing out is refused too
    path = (sheet.folder / name).resolve()
    if not path.is_relative_to(sheet.root.resolve()):
        diagnostics.error(where, f"stylesheet is outside the source folder: {name}")
        return None
    if not path.is_file():
        diagnostics.error(where, f"stylesheet not found: {name}")
        return None
    display = display_path(sheet.folder, name)
    text = read_text(path, display, diagnostics, where, f"stylesheet {name}")
    if text is None:
        return None
    end = STYLE_END.search(text)
    if end is not None:
        line = text.count("\n", 0, end.start()) + 1
        diagnostics.error(
            Location(display, line),
            "a stylesheet may not hold </style: it would end the card's style and let HTML "
            "into every card",
        )
        return None
    return path, text.strip("\n") + "\n"
