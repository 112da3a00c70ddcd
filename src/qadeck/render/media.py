"""Local images: checked, read and named for Anki's media folder; remote images stay remote.

Anki keeps media in one flat folder and rewrites names it does not like (it drops
`\\ [ ] < > : " ? * ^ |`, and a `/` makes the whole import fail), while genanki stores files by
basename, so two `img/a.png` would overwrite each other. A packaged image is therefore named
`<stem>-<first 12 hex digits of its SHA-256>.<ext>` in lowercase ASCII: equal bytes share one
file, different bytes never collide, and Anki keeps the name as it is.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from qadeck.diagnostics import Diagnostics, Location
from qadeck.sources.files import SourceFile


@dataclass(frozen=True)
class MediaFile:
    """A file packaged beside the notes, under the name the fields use."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Place:
    """Where the Markdown being rendered comes from: its file and first line."""

    source: SourceFile
    line: int

    def line_of(self, needle: str, start: int | None = None) -> int:
        """The first line from `start` (default: this place) on that holds `needle`."""
        lines = self.source.lines
        first = self.line if start is None else start
        for number in range(first, len(lines) + 1):
            if needle.casefold() in lines[number - 1].casefold():
                return number
        return self.line if start is None else self.line_of(needle)

    def location(self, needle: str) -> Location:
        """`path:line` of `needle` as the user wrote it."""
        return Location(self.source.display, self.line_of(needle))


@dataclass
class MediaStore:
    """Every image the deck uses, read once, under its packaged name."""

    diagnostics: Diagnostics
    files: dict[str, MediaFile] = field(default_factory=dict)
    _names: dict[Path, str] = field(default_factory=dict)

    def image(self, src: str, place: Place) -> str | None:
        """The name a field should use for `src`; None (and an error) if it cannot be used."""
        if urlsplit(src).scheme or src.startswith("//"):
            return src  # remote (or a scheme the sanitizer will judge): not ours to package
        relative = unquote(src.split("#", 1)[0].split("?", 1)[0])
        where = place.location(src)
        if Path(relative).is_absolute():
            self.diagnostics.error(where, f"image path must be relative to the file: {src}")
            return None
        root = place.source.root.resolve()
        # resolve() follows symlinks: a link inside the folder pointing out is refused too
        path = (place.source.path.parent / relative).resolve()
        if not path.is_relative_to(root):
            self.diagnostics.error(where, f"image is outside the source folder: {src}")
            return None
        if path in self._names:
            return self._names[path]
        if not path.is_file():
            self.diagnostics.error(where, f"image not found: {src}")
            return None
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.diagnostics.error(where, f"cannot read image {src}: {exc.strerror or exc}")
            return None
        name = media_name(path.name, data)
        self.files.setdefault(name, MediaFile(name, data))
        self._names[path] = name
        return name

    def packaged(self) -> tuple[MediaFile, ...]:
        """Every packaged file, in name order so that builds are byte-identical."""
        return tuple(self.files[name] for name in sorted(self.files))


def media_name(filename: str, data: bytes) -> str:
    """`My Plot.PNG` + bytes -> `my-plot-1a2b3c4d5e6f.png`: safe for Anki, unique per content."""
    stem, _, suffix = filename.rpartition(".") if "." in filename else (filename, "", "")
    ascii_stem = unicodedata.normalize("NFKD", stem.casefold()).encode("ascii", "ignore").decode()
    readable = re.sub(r"[^a-z0-9]+", "-", ascii_stem).strip("-")[:40] or "image"
    extension = re.sub(r"[^a-z0-9]", "", suffix.lower())[:8]
    digest = hashlib.sha256(data).hexdigest()[:12]
    return f"{readable}-{digest}" + (f".{extension}" if extension else "")
