"""Findings put in order for people: a column for each, file and line order, `--strict`."""

from __future__ import annotations

from dataclasses import replace

from qadeck.diagnostics import Diagnostic, Diagnostics, Severity
from qadeck.shapes.read import Inputs


def finish(diagnostics: Diagnostics, inputs: Inputs, strict: bool) -> None:
    """Give every finding a column, put them in file and line order, apply `--strict`."""
    rank = {source.display: i for i, source in enumerate(inputs.sources.files)}
    files = {source.display: source for source in inputs.sources.files}
    items = []
    for item in diagnostics.items:
        where = item.location
        if where.line is not None and where.col is None and where.path in files:
            lines = files[where.path].lines  # split only for files with findings
            text = lines[where.line - 1] if where.line <= len(lines) else ""
            where = replace(where, col=len(text) - len(text.lstrip()) + 1)
        severity = Severity.ERROR if strict else item.severity
        items.append(Diagnostic(severity, where, item.message))
    items.sort(key=lambda d: (rank.get(d.location.path, -1), d.location.line or 0))
    diagnostics.replace_all(items)
