"""Findings about the sources, each tied to the place it was found, and the one error type."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Location:
    """A place in a source: the path as the user named it, and a 1-based line and column."""

    path: str
    line: int | None = None
    col: int | None = None

    def __str__(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)


@dataclass(frozen=True)
class Diagnostic:
    """One finding: `path:line:col: severity: message`."""

    severity: Severity
    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.severity.value}: {self.message}"


@dataclass
class Diagnostics:
    """Collects every finding of a run so that all of them are reported at once."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, location: Location, message: str) -> None:
        """Record an error: the run will write nothing."""
        self.items.append(Diagnostic(Severity.ERROR, location, message))

    def warning(self, location: Location, message: str) -> None:
        """Record a warning: reported, but the run goes on."""
        self.items.append(Diagnostic(Severity.WARNING, location, message))

    def extend(self, items: Iterable[Diagnostic]) -> None:
        """Add findings made elsewhere."""
        self.items.extend(items)

    def replace_all(self, items: Iterable[Diagnostic]) -> None:
        """Hold these findings instead (the same ones, put in order or made errors)."""
        self.items[:] = items

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    def raise_if_errors(self) -> None:
        """Stop the run with every finding so far if any of them is an error."""
        if self.errors:
            raise QadeckError(list(self.items))


class QadeckError(Exception):
    """The sources or options are wrong; carries every finding, errors and warnings alike."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))

    @classmethod
    def at(cls, location: Location, message: str) -> QadeckError:
        """A single error at one place."""
        return cls([Diagnostic(Severity.ERROR, location, message)])
