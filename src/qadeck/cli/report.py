"""How findings are shown to people and to programs: the summary line and the JSON document,
and what a build tells about changes Anki cannot make by itself."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from qadeck.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from qadeck.anki.changes import Changes


def count(number: int, noun: str) -> str:
    """`1 error`, `2 errors`, `0 warnings`."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def summary(diagnostics: Sequence[Diagnostic], files: int) -> str:
    """The closing line of `qadeck check`: `2 errors, 1 warning in 4 files`."""
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    return f"{count(errors, 'error')}, {count(warnings, 'warning')} in {count(files, 'file')}"


def as_json(diagnostics: Sequence[Diagnostic], files: int) -> str:
    """Every finding as one JSON document, for editors and CI."""
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    document = {
        "diagnostics": [
            {
                "path": d.location.path,
                "line": d.location.line,
                "column": d.location.col,
                "severity": d.severity.value,
                "message": d.message,
            }
            for d in diagnostics
        ],
        "errors": errors,
        "warnings": len(diagnostics) - errors,
        "files": files,
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def change_lines(changes: Changes) -> Iterator[str]:
    """One line per renamed or merged deck, moved and removed question, in the order to act."""
    for rename in changes.renamed:
        yield (
            f'renamed: "{rename.old_deck}" is now "{rename.new_deck}" '
            f"({count(rename.questions, 'question')}); Anki keeps their cards in the old deck: "
            "rename it in Anki before you import (or, after, delete the new empty deck first)"
        )
    for merge in changes.merged:
        yield (
            f'moved: the {count(merge.questions, "question")} of "{merge.old_deck}" are now in '
            f'"{merge.new_deck}"; Anki keeps existing cards where they are (move them by hand)'
        )
    for move in changes.moved:
        yield (
            f'moved: "{move.question}" is now in "{move.new_deck}"; Anki keeps existing '
            f'cards in "{move.old_deck}" (move them there by hand)'
        )
    for removal in changes.removed:
        yield (
            f'removed: "{removal.question}" ({removal.deck}) is gone from the sources; '
            "Anki keeps the note (delete it there if you want it gone)"
        )
