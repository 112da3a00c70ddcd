"""Local images: checked, read and named for Anki's media folder; remote images stay remote.

Anki keeps media in one flat folder and rewrites names it does not like (it drops
`\\ [ ] < > : " ? * ^ |`, and a `/` makes the whole import fail), while genanki stores files by
basename, so two `img/a.png` would overwrite each other. A packaged image is therefore named
`<stem>-<first 12 hex digits of its SHA-256>.<ext>` in lowercase ASCII: equal bytes share one
file, different bytes never collide, and Anki keeps the name as it is.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from qadeck.diagnostics import Diagnostics, Location
from qadeck.render.sounds import is_sound
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


@dataclass(frozen=True)
class Missing:
    """A local image or sound whose file is not there: the card shows its alt text and path."""

    src: str

    def text(self, alt: str) -> str:
        """What stands where the picture would be: `[image: alt (path)]` (`[sound: …]`)."""
        shown = f"{alt.strip()} ({self.src})" if alt.strip() else self.src
        return f"[{'sound' if is_sound(self.src) else 'image'}: {shown}]"


@dataclass
class MediaStore:
    """Every image the deck uses, read once, under its packaged name.

    Local files may come from anywhere inside the boundary: `root` when given (`--root`), else
    the repository the document lives in (the nearest folder with `.git`), else its Obsidian
    vault, else the folder the sources were named by.
    """

    diagnostics: Diagnostics
    root: Path | None = None
    files: dict[str, MediaFile] = field(default_factory=dict)
    _names: dict[Path, str] = field(default_factory=dict)
    _boundaries: dict[Path, tuple[Path, str]] = field(default_factory=dict)

    def image(self, src: str, place: Place) -> str | Missing | None:
        """The name a field should use for `src`: Missing (and a warning) when its file is not
        there, lies outside the boundary or is absolute, None (and an error) when unreadable."""
        if urlsplit(src).scheme or src.startswith("//"):
            return src  # remote (or a scheme the sanitizer will judge): not ours to package
        relative = unquote(src.split("#", 1)[0].split("?", 1)[0])
        where = place.location(src)
        if Path(relative).is_absolute():
            # GitHub reads `/img/x.png` from the repository's root; qadeck reads no absolute
            # path, but the rest of the document still builds (--strict: an error).
            self.diagnostics.warning(
                where,
                f"image path must be relative to the file: {src}; the card shows its alt text "
                "and path instead",
            )
            return Missing(src)
        boundary, named = self.boundary(place.source)
        # resolve() follows symlinks: a link inside the boundary pointing out is refused too
        path = (place.source.path.parent / relative).resolve()
        if not path.is_relative_to(boundary):
            # Never read: a README saved on its own points at `../img/…`. Like a missing image,
            # the card shows the alt text and path; --strict makes it an error.
            wider = Path(os.path.commonpath([boundary, path]))
            self.diagnostics.warning(
                where,
                f"image is outside {named}: {src} points to {path}; the card shows its alt "
                f"text and path instead (--root {wider} allows it)",
            )
            return Missing(src)
        if path in self._names:
            return self._names[path]
        if not path.is_file():
            what = "sound" if is_sound(src) else "image"
            self.diagnostics.warning(
                where, f"{what} not found: {src}; the card shows its alt text and path instead"
            )
            return Missing(src)
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.diagnostics.error(where, f"cannot read image {src}: {exc.strerror or exc}")
            return None
        name = media_name(path.name, data)
        self.files.setdefault(name, MediaFile(name, data))
        self._names[path] = name
        return name

    def boundary(self, source: SourceFile) -> tuple[Path, str]:
        """The folder local images of `source` must stay inside, and how to name it."""
        folder = source.path.parent
        known = self._boundaries.get(folder)
        if known is None:
            known = _boundary(folder, source.root, self.root, source.vault)
            self._boundaries[folder] = known
        return known

    def packaged(self) -> tuple[MediaFile, ...]:
        """Every packaged file, in name order so that builds are byte-identical."""
        return tuple(self.files[name] for name in sorted(self.files))


def _boundary(
    folder: Path, sources: Path, root: Path | None, vault: Path | None = None
) -> tuple[Path, str]:
    if root is not None:
        return root.resolve(), f"--root {root}"
    resolved = folder.resolve()
    for candidate in (resolved, *resolved.parents):
        if vault is not None and candidate == vault.resolve():
            break  # a vault inside a repository: the repository is wider still
        if (candidate / ".git").exists():
            return candidate, f"the repository {candidate}"
    for candidate in (vault.resolve(), *vault.resolve().parents) if vault is not None else ():
        if (candidate / ".git").exists():
            return candidate, f"the repository {candidate}"
    if vault is not None:
        return vault.resolve(), f"the vault {vault}"
    return sources.resolve(), "the source folder"


def media_name(filename: str, data: bytes) -> str:
    """`My Plot.PNG` + bytes -> `my-plot-1a2b3c4d5e6f.png`: safe for Anki, unique per content."""
    stem, _, suffix = filename.rpartition(".") if "." in filename else (filename, "", "")
    ascii_stem = unicodedata.normalize("NFKD", stem.casefold()).encode("ascii", "ignore").decode()
    readable = re.sub(r"[^a-z0-9]+", "-", ascii_stem).strip("-")[:40] or "image"
    extension = re.sub(r"[^a-z0-9]", "", suffix.lower())[:8]
    digest = hashlib.sha256(data).hexdigest()[:12]
    return f"{readable}-{digest}" + (f".{extension}" if extension else "")
