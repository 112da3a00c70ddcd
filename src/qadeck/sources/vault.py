"""Obsidian vaults: which folder is one, which of its folders hold no notes, which files a
build leaves out, and how a link's name finds its file, the way Obsidian finds it.

A vault is a folder with `.obsidian/` in it; a source inside one (the folder itself or any
folder below it) reads its notes as Obsidian shows them. Its templates folder (the core
Templates plugin's, or Templater's) holds no notes; `.obsidian/` and `.trash/` are hidden
folders, which no folder source reads.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath

CONFIG_FOLDER = ".obsidian"
_TEMPLATE_SETTINGS = (
    ("templates.json", "folder"),
    ("plugins/templater-obsidian/data.json", "templates_folder"),
)


def find_vault(path: Path) -> Path | None:
    """The vault a file or folder is in: the nearest folder from it up with `.obsidian/`."""
    try:
        start = path.resolve()
    except OSError:
        return None
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        if (candidate / CONFIG_FOLDER).is_dir():
            return candidate
    return None


def template_folders(vault: Path) -> tuple[Path, ...]:
    """The folders a vault's settings name for templates, which are no notes."""
    found = []
    for name, key in _TEMPLATE_SETTINGS:
        try:
            value = json.loads((vault / CONFIG_FOLDER / name).read_text(encoding="utf-8")).get(key)
        except (OSError, ValueError, AttributeError):
            continue
        if isinstance(value, str) and value.strip(" /"):
            found.append((vault / value.strip(" /")).resolve())
    return tuple(found)


def excluded(relative: str, patterns: Sequence[str]) -> bool:
    """Whether a file's path in its source folder, or one of its folders, matches a pattern
    (`Daily`, `Archive/*`, `*.excalidraw.md`, `**/drafts`)."""
    if not patterns:
        return False
    path = PurePosixPath(relative)
    candidates = [relative, *(parent.as_posix() for parent in path.parents if parent.parts)]
    for pattern in patterns:
        wanted = pattern.strip().strip("/")
        loose = wanted.removeprefix("**/")
        if any(fnmatchcase(c, wanted) or fnmatchcase(c, loose) for c in candidates):
            return True
        if "/" not in loose and any(fnmatchcase(part, loose) for part in path.parts):
            return True
    return False


def has_tag(tags: Sequence[str], wanted: Sequence[str]) -> bool:
    """Whether a note is tagged with one of `wanted` or a tag below it (`flashcards` takes
    `flashcards::spanish`), without regard to case, as Anki and Obsidian compare tags."""
    names = [tag.casefold() for tag in tags]
    for tag in wanted:
        tag = tag.removeprefix("#").replace("/", "::").casefold()
        if any(name == tag or name.startswith(tag + "::") for name in names):
            return True
    return False


@dataclass(frozen=True)
class Found:
    """What a link's name finds: the file (None: none), and the others of the same name."""

    path: Path | None
    others: tuple[Path, ...] = ()


@dataclass(frozen=True)
class VaultIndex:
    """Every file of a vault by its name, listed once, when a link is first resolved."""

    root: Path
    _by_name: dict[str, list[Path]] = field(default_factory=dict, repr=False, compare=False)

    def find(self, name: str, folder: Path, suffix: str = "") -> Found:
        """The file a link names from a note in `folder`: a path from the note's folder or the
        vault's root when it has a `/`, else the file next to the note, else the one of that
        name anywhere in the vault (the nearest to the root when several are). `suffix` is
        added to a name without it (`.md` for notes)."""
        name = name.strip().replace("\\", "/")
        if suffix and not name.lower().endswith(suffix):
            name += suffix
        if "/" in name:
            for base in (folder, self.root):
                candidate = (base / name).resolve()
                if candidate.is_file():
                    return Found(candidate)
            return Found(None)
        beside = folder / name
        if beside.is_file():
            return Found(beside.resolve())
        matches = self._names().get(name.casefold(), [])
        if not matches:
            return Found(None)
        return Found(matches[0], tuple(matches[1:]))

    def _names(self) -> dict[str, list[Path]]:
        by_name = self._by_name
        if not by_name:
            for path in sorted(
                self.root.rglob("*"), key=lambda p: (len(p.relative_to(self.root).parts), p)
            ):
                relative = path.relative_to(self.root).parts
                if any(part.startswith(".") for part in relative) or not path.is_file():
                    continue
                by_name.setdefault(path.name.casefold(), []).append(path.resolve())
            by_name.setdefault("", [])  # listed, even when the vault is empty
        return by_name
