"""How findings and builds are shown to people and to programs: summary lines, JSON, and what
a build tells about changes Anki cannot make by itself."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from qadeck.diagnostics import Diagnostic, Severity
from qadeck.wording import count

if TYPE_CHECKING:
    from qadeck.commands.build import BuildReport
    from qadeck.package.changes import Changes, Retype


def summary(diagnostics: Sequence[Diagnostic], files: int) -> str:
    """The closing line of `qadeck check`: `2 errors, 1 warning in 4 files`."""
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    return f"{count(errors, 'error')}, {count(warnings, 'warning')} in {count(files, 'file')}"


def as_json(diagnostics: Sequence[Diagnostic], files: int) -> str:
    """Every finding as one JSON document, for editors and CI."""
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    document = {
        "diagnostics": [_diagnostic(d) for d in diagnostics],
        "errors": errors,
        "warnings": len(diagnostics) - errors,
        "files": files,
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def build_summary(report: BuildReport) -> str:
    """The line after every build: `35 notes in 2 subdecks: 1 new, 2 updated, 32 unchanged;
    1 moved, 1 removed -> dist/go-notes.apkg`, counted against the previous package."""
    changes = report.changes
    where = f" in {count(report.subdecks, 'subdeck')}" if report.subdecks else ""
    moved = len(changes.moved) + sum(merge.questions for merge in changes.merged)
    counted = [
        f"{number} {what}"
        for number, what in (
            (changes.new, "new"),
            (changes.updated, "updated"),
            (changes.unchanged, "unchanged"),
        )
        if number
    ]
    lost = [
        f"{number} {what}"
        for number, what in ((moved, "moved"), (len(changes.removed), "removed"))
        if number
    ]
    told = ", ".join(counted) + ("; " + ", ".join(lost) if lost else "")
    return f"{count(report.notes, 'note')}{where}: {told or 'none'} -> {report.output}"


def build_lines(
    report: BuildReport, prefix: str = "", quiet: bool = False, listing: bool = True
) -> list[str]:
    """What a build prints: the summary line (unless quiet), the new and updated questions
    (with `listing`), then one line per change Anki cannot make by itself."""
    summary = [] if quiet else [prefix + build_summary(report)]
    return [*summary, *change_lines(report.changes, report.output, listing)]


NAMED = 10  # questions named per kind of change in the text; JSON names them all


def listed(lines: Sequence[str], what: str) -> list[str]:
    """The first NAMED of a kind of change, then `what: and N more`."""
    if len(lines) <= NAMED:
        return list(lines)
    return [*lines[:NAMED], f"{what}: and {len(lines) - NAMED} more"]


def change_lines(
    changes: Changes, output: object = "the package", listing: bool = True
) -> Iterator[str]:
    """One line for a replaced package, per renamed or merged deck, then the new and updated
    questions (with `listing`; not on a first build, where every one is new), the moved and
    removed ones, and changes of note type."""
    if changes.replaced is not None:
        yield (
            f'replaced: {output} held another deck, "{changes.replaced.name}" '
            f"(id {changes.replaced.identity}); none of its notes are counted as removed"
        )
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
    if listing and (changes.updated or changes.unchanged or changes.removed):
        yield from listed([f'new: "{n.question}" ({n.deck})' for n in changes.added], "new")
    if listing:
        changed = [f'updated: "{n.question}" ({n.deck})' for n in changes.changed]
        yield from listed(changed, "updated")
    moves = [
        f'moved: "{move.question}" is now in "{move.new_deck}"; Anki keeps existing '
        f'cards in "{move.old_deck}" (move them there by hand)'
        for move in changes.moved
    ]
    yield from listed(moves, "moved")
    removals = [
        f'removed: "{removal.question}" ({removal.deck}) is gone from the sources; '
        "Anki keeps the note (delete it there if you want it gone)"
        for removal in changes.removed
    ]
    yield from listed(removals, "removed")
    yield from retype_lines(changes.retyped)


def build_json(report: BuildReport, indent: int | None = 2) -> str:
    """The build's summary and its changes as one JSON document."""
    changes = report.changes
    document = {
        "output": str(report.output),
        "deck": report.deck,
        "id": report.identity,
        "notes": report.notes,
        "subdecks": report.subdecks,
        "new": changes.new,
        "updated": changes.updated,
        "unchanged": changes.unchanged,
        "new_questions": [{"question": n.question, "deck": n.deck} for n in changes.added],
        "updated_questions": [{"question": n.question, "deck": n.deck} for n in changes.changed],
        "moved": [
            {"question": m.question, "from": m.old_deck, "to": m.new_deck} for m in changes.moved
        ],
        "removed": [{"question": r.question, "deck": r.deck} for r in changes.removed],
        "renamed": [
            {"from": r.old_deck, "to": r.new_deck, "questions": r.questions}
            for r in changes.renamed
        ],
        "merged": [
            {"from": m.old_deck, "to": m.new_deck, "questions": m.questions} for m in changes.merged
        ],
        "replaced": (
            {"deck": changes.replaced.name, "id": changes.replaced.identity}
            if changes.replaced
            else None
        ),
        "retyped": [
            {"question": r.question, "deck": r.deck, "from": r.old_type, "to": r.new_type}
            for r in changes.retyped
        ],
        **findings(report.diagnostics),
    }
    return json.dumps(document, ensure_ascii=False, indent=indent)


def failed_json(
    diagnostics: Sequence[Diagnostic], indent: int | None = 2, written: str = "output"
) -> str:
    """A build (or, with `written="target"`, a sync) that wrote nothing, as JSON: no output,
    and every finding."""
    document = {written: None, **findings(diagnostics)}
    return json.dumps(document, ensure_ascii=False, indent=indent)


def findings(diagnostics: Sequence[Diagnostic]) -> dict[str, object]:
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    return {
        "diagnostics": [_diagnostic(d) for d in diagnostics],
        "errors": errors,
        "warnings": len(diagnostics) - errors,
    }


def _diagnostic(d: Diagnostic) -> dict[str, object]:
    return {
        "path": d.location.path,
        "line": d.location.line,
        "column": d.location.col,
        "severity": d.severity.value,
        "message": d.message,
    }


RETYPES_NAMED = 3  # notes named one by one; more of the same change are one line


def retype_lines(retyped: Sequence[Retype]) -> list[str]:
    """One line per note whose note type changed, or per change when many notes share it."""
    advice = (
        "Anki cannot change a note's type on import and leaves the note as it was: to keep "
        "its reviews, change its type in Anki (Browse, Notes > Change Note Type) and import "
        'again with "Update notes: Always"; or delete it there and import again'
    )
    changes: dict[tuple[str, str], list[Retype]] = {}
    for retype in retyped:
        changes.setdefault((retype.old_type, retype.new_type), []).append(retype)
    lines = []
    for (old, new), notes in changes.items():
        if len(notes) > RETYPES_NAMED:
            first = ", ".join(f'"{n.question}"' for n in notes[:RETYPES_NAMED])
            lines.append(
                f'note type changed: {len(notes)} notes ({first}, …) are now "{new}" notes, '
                f'were "{old}"; {advice}'
            )
        else:
            lines += [
                f'note type changed: "{n.question}" ({n.deck}) is now a "{new}" note, '
                f'was "{old}"; {advice}'
                for n in notes
            ]
    return lines
