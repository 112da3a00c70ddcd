"""Read the source files and the deck config: bytes in, normalised text out."""

from __future__ import annotations

import codecs
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from qadeck.diagnostics import Diagnostics, Location

CONFIG_NAME = "deck.toml"
MARKDOWN_SUFFIXES = (".md", ".markdown")
CONFIG_KEYS = ("name", "id", "max-words")


@dataclass(frozen=True)
class SourceFile:
    """One Markdown file: where it is, how to name it to the user, and its text."""

    path: Path
    display: str
    name: str
    root: Path
    text: str

    @cached_property
    def lines(self) -> list[str]:
        """The text split into lines, once: findings and images look lines up by number."""
        return self.text.split("\n")


@dataclass(frozen=True)
class DeckConfig:
    """The root deck's name and identity as a folder's `deck.toml` states them."""

    name: str | None = None
    identity: str | None = None
    max_words: int | None = None
    # A folder with a deck.toml is a qadeck deck: its files are in qadeck's own outline format.
    declared: bool = False


@dataclass(frozen=True)
class SourceSet:
    """Everything read from the sources named on the command line."""

    files: tuple[SourceFile, ...]
    config: DeckConfig
    single_document: bool
    fallback_name: str
    skipped: tuple[str, ...] = ()  # files found but not readable as UTF-8 text


def read_sources(paths: Sequence[Path], diagnostics: Diagnostics) -> SourceSet:
    """Read every named file and folder (folders recursively, in sorted order)."""
    files: list[SourceFile] = []
    skipped: list[str] = []
    config = DeckConfig()
    for path in paths:
        kind = _kind(path)
        if kind == "folder":
            if not config.name and not config.identity:
                config = read_config(path, diagnostics)
            found = sorted(_markdown_files(path), key=lambda p: p.relative_to(path).as_posix())
            if not found:
                diagnostics.error(Location(str(path)), "no Markdown (.md) files in this folder")
            for file in found:
                name = file.relative_to(path).as_posix()
                source = _read_file(file, _join(path, name), name, path, diagnostics)
                if source:
                    files.append(source)
                else:
                    skipped.append(_join(path, name))
        elif kind == "file":
            source = _read_file(path, str(path), path.name, path.parent, diagnostics)
            if source:
                files.append(source)
            else:
                skipped.append(str(path))
        else:
            diagnostics.error(Location(str(path)), kind)
    single = len(paths) == 1 and _kind(paths[0]) != "folder"
    fallback = _fallback_name(paths[0]) if paths else "Deck"
    return SourceSet(tuple(files), config, single, fallback, tuple(skipped))


def _kind(path: Path) -> str:
    """'folder', 'file', or what is wrong with the path, as the user should read it."""
    try:
        if path.is_dir():
            return "folder"
        if path.is_file():
            return "file"
        # A pipe or a device would block or never end; only regular files are sources.
        return "not a regular file or folder" if path.exists() else "no such file or folder"
    except OSError as exc:  # a name too long, say: stat fails with something other than ENOENT
        return f"cannot read: {exc.strerror or exc}"


def read_config(folder: Path, diagnostics: Diagnostics) -> DeckConfig:
    """Read `deck.toml` in a source folder; a folder without one has an empty config."""
    path = folder / CONFIG_NAME
    display = _join(folder, CONFIG_NAME)
    if not path.is_file():
        return DeckConfig()
    try:
        text = decode(path.read_bytes(), display)
        data = tomllib.loads(text)
    except DecodeError as exc:
        diagnostics.error(exc.location, exc.message)
        return DeckConfig()
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, col = (int(match[1]), int(match[2])) if match else (None, None)
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        diagnostics.error(Location(display, line, col), f"invalid TOML: {reason}")
        return DeckConfig()
    except OSError as exc:
        diagnostics.error(Location(display), f"cannot read: {exc.strerror}")
        return DeckConfig()
    lines = text.split("\n")
    values: dict[str, str] = {}
    words = None
    for key, value in data.items():
        location = Location(display, _key_line(lines, key))
        if key not in CONFIG_KEYS:
            diagnostics.error(location, f"unknown key {key!r} (known: {', '.join(CONFIG_KEYS)})")
        elif key == "max-words":
            if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
                words = value
            else:
                diagnostics.error(location, f"{key!r} must be a whole number, 0 or more")
        elif not isinstance(value, str) or not value.strip():
            diagnostics.error(location, f"{key!r} must be a non-empty string")
        else:
            values[key] = value.strip()
    return DeckConfig(values.get("name"), values.get("id"), words, declared=True)


class DecodeError(Exception):
    """A file that is not UTF-8 text."""

    def __init__(self, location: Location, message: str) -> None:
        super().__init__(f"{location}: {message}")
        self.location = location
        self.message = message


def decode(data: bytes, display: str) -> str:
    """UTF-8 (with or without BOM) to text with `\\n` line endings."""
    skipped = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[skipped:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + skipped
        line = data.count(b"\n", 0, offset) + 1
        col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
        message = f"not valid UTF-8: byte 0x{data[offset]:02x} at offset {offset}"
        raise DecodeError(Location(display, line, col), message) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_file(
    path: Path, display: str, name: str, root: Path, diagnostics: Diagnostics
) -> SourceFile | None:
    try:
        text = decode(path.read_bytes(), display)
    except DecodeError as exc:
        diagnostics.error(exc.location, exc.message)
        return None
    except OSError as exc:
        diagnostics.error(Location(display), f"cannot read: {exc.strerror or exc}")
        return None
    return SourceFile(path, display, name, root, text)


def _markdown_files(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.suffix.lower() in MARKDOWN_SUFFIXES and path.is_file():
            found.append(path)
    return found


def _key_line(lines: list[str], key: str) -> int | None:
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    return next((i for i, line in enumerate(lines, 1) if pattern.match(line)), None)


def _join(folder: Path, name: str) -> str:
    return f"{str(folder).rstrip('/')}/{name}"


def _fallback_name(path: Path) -> str:
    resolved = path.resolve()
    folder = _kind(path) == "folder"
    if not folder and resolved.stem.lower() in ("readme", "index") and resolved.parent.name:
        return resolved.parent.name  # a repository's README is named by its folder
    return (resolved.name if folder else resolved.stem) or "Deck"
