"""The output path: refused before anything is built when it cannot be written."""

from __future__ import annotations

import os
from pathlib import Path

from qadeck.diagnostics import Diagnostics, Location


def check_output(target: Path, diagnostics: Diagnostics) -> None:
    """Refuse an output path that is a folder, a device or in a folder we cannot write."""
    where = Location(str(target))
    try:
        if target.is_dir():
            diagnostics.error(where, "output path is a folder")
            return
        if target.exists() and not target.is_file():
            diagnostics.error(where, "output path exists and is not a regular file")
            return
        folder = target.parent
        while not folder.exists():
            folder = folder.parent
        if not folder.is_dir():
            diagnostics.error(where, f"cannot write: {folder} is not a folder")
        elif not os.access(folder, os.W_OK | os.X_OK):
            diagnostics.error(where, f"cannot write: folder {folder} is not writable")
    except OSError as exc:
        diagnostics.error(where, f"cannot write: {exc.strerror or exc}")


def check_package_name(target: Path, diagnostics: Diagnostics) -> None:
    """Warn about a package name that Anki's import dialog would not list."""
    if target.suffix.lower() != ".apkg":
        diagnostics.warning(
            Location(str(target)),
            "does not end in .apkg; Anki's import dialog looks for .apkg files",
        )
