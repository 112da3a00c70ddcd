"""What a command reads when it is given no sources."""

from __future__ import annotations

from pathlib import Path

from qadeck.sources.files import MARKDOWN_SUFFIXES

DEFAULT_SOURCE = Path("answers")


def default_sources() -> tuple[Path, ...] | None:
    """`answers/` where it exists, else the current folder when it holds Markdown; else None."""
    if DEFAULT_SOURCE.is_dir():
        return (DEFAULT_SOURCE,)
    try:
        here = any(path.suffix.lower() in MARKDOWN_SUFFIXES for path in Path().iterdir())
    except OSError:
        here = False
    return (Path("."),) if here else None
