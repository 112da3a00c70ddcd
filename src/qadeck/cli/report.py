"""How findings are shown to people and to programs: the summary line and the JSON document."""

from __future__ import annotations

import json
from collections.abc import Sequence

from qadeck.diagnostics import Diagnostic, Severity


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
