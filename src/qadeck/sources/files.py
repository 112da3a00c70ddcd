"""Read the source files and the deck config: bytes in, normalised text out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from qadeck.diagnostics import Diagnostics, Location
from qadeck.sources.config import DeckConfig, cloze_marks, read_config
from qadeck.sources.frontmatter import NO_FRONT_MATTER, FrontMatter, split_front_matter
from qadeck.sources.headingforms import as_atx
from qadeck.sources.notetext import note_text, obsidian_tag
from qadeck.sources.style import StyleSheet, read_style
from qadeck.sources.text import display_path, read_text
from qadeck.sources.vault import excluded, find_vault, has_tag, template_folders

MARKDOWN_SUFFIXES = (".md", ".markdown")


@dataclass(frozen=True)
class SourceFile:
    """One Markdown file: where it is, how to name it to the user, and its text."""

    path: Path
    display: str
    name: str
    root: Path
    text: str  # with the lines of its front matter blanked (in a vault: see sources.notetext)
    front: FrontMatter = NO_FRONT_MATTER
    vault: Path | None = None  # the Obsidian vault it is a note of
    # Spaced Repetition's cloze marks that make deletions here (see config.CLOZE_SWITCHES)
    cloze_marks: tuple[str, ...] = ("braces",)
    # the lines of setext and HTML headings, read as `#` headings (see sources.headingforms)
    rewritten_headings: frozenset[int] = frozenset()
    heading_ids: frozenset[str] = frozenset()  # the `id`s of its HTML headings

    @cached_property
    def lines(self) -> list[str]:
        """The text split into lines, once: findings and images look lines up by number."""
        return self.text.split("\n")


@dataclass(frozen=True)
class SourceSet:
    """Everything read from the sources named on the command line."""

    files: tuple[SourceFile, ...]
    config: DeckConfig
    single_document: bool
    fallback_name: str
    skipped: tuple[str, ...] = ()  # files found but not readable as UTF-8 text
    style: str = ""  # the CSS of the stylesheets deck.toml and front matter name
    vault: Path | None = None  # the Obsidian vault the sources are notes of
    left_out: int = 0  # files that are not tagged as --tag (or deck.toml's `tag`) asks


@dataclass(frozen=True)
class Selection:
    """Which files of the sources to read besides deck.toml's say: none matching `exclude`
    (globs), and only those tagged with one of `tags` when there are any."""

    exclude: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


EVERY_FILE = Selection()


def read_sources(
    paths: Sequence[Path], diagnostics: Diagnostics, selection: Selection = EVERY_FILE
) -> SourceSet:
    """Read every named file and folder (folders recursively, in sorted order), leaving out
    what `selection` and deck.toml leave out."""
    files: list[SourceFile] = []
    skipped: list[str] = []
    config = DeckConfig()
    paths = _distinct(paths)
    seen: set[Path] = set()  # each file is read once, however the command line names it
    for path in paths:
        kind = _kind(path)
        if kind == "folder":
            if not config.name and not config.identity:
                config = read_config(path, diagnostics)
            vault = find_vault(path)
            skip = template_folders(vault) if vault else ()
            patterns = (*selection.exclude, *config.exclude)
            found = sorted(
                _markdown_files(path, skip), key=lambda p: p.relative_to(path).as_posix()
            )
            found = [f for f in found if not excluded(f.relative_to(path).as_posix(), patterns)]
            if not found:
                diagnostics.error(Location(str(path)), "no Markdown (.md) files in this folder")
            for file in found:
                if not _first_time(file, seen):
                    continue
                name = file.relative_to(path).as_posix()
                display = display_path(path, name)
                source = _read_file(file, display, name, path, diagnostics, vault, config)
                if source:
                    files.append(source)
                else:
                    skipped.append(display_path(path, name))
        elif kind == "file":
            if not _first_time(path, seen):
                continue
            source = _read_file(
                path, str(path), path.name, path.parent, diagnostics, find_vault(path)
            )
            if source:
                files.append(source)
            else:
                skipped.append(str(path))
        else:
            diagnostics.error(Location(str(path)), kind)
    single = len(paths) == 1 and _kind(paths[0]) != "folder"
    fallback = _fallback_name(paths[0]) if paths else "Deck"
    wanted = selection.tags or config.tags
    kept = [source for source in files if not wanted or has_tag(source.front.tags, wanted)]
    style = read_style(_stylesheets(config, kept, diagnostics), diagnostics)
    vault = next((source.vault for source in kept if source.vault), None)
    return SourceSet(
        tuple(kept), config, single, fallback, tuple(skipped), style, vault, len(files) - len(kept)
    )


def _stylesheets(
    config: DeckConfig, files: Sequence[SourceFile], diagnostics: Diagnostics
) -> list[StyleSheet]:
    """deck.toml's stylesheet, then each one front matter names, in file order."""
    sheets = [config.css] if config.css is not None else []
    for source in files:
        name = source.front.data.get("css")
        if name is None:
            continue
        where = Location(source.display, source.front.line("css"))
        if not isinstance(name, str) or not name.strip():
            diagnostics.error(where, "'css' must be the name of a stylesheet")
            continue
        sheets.append(StyleSheet(name.strip(), source.path.parent, source.root, where))
    return sheets


def _distinct(paths: Sequence[Path]) -> list[Path]:
    """The paths without repeats of the same file or folder (`notes.md ./notes.md`)."""
    seen: set[Path] = set()
    return [path for path in paths if _first_time(path, seen)]


def _first_time(path: Path, seen: set[Path]) -> bool:
    try:
        resolved = path.resolve()
    except OSError:  # a loop of symlinks, say: reading it reports what is wrong
        return True
    if resolved in seen:
        return False
    seen.add(resolved)
    return True


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


def _read_file(
    path: Path,
    display: str,
    name: str,
    root: Path,
    diagnostics: Diagnostics,
    vault: Path | None = None,
    config: DeckConfig | None = None,
) -> SourceFile | None:
    text = read_text(path, display, diagnostics, Location(display))
    if text is None:
        return None
    front, text = split_front_matter(text, display, diagnostics)
    if vault is not None:  # a note: its comments and lines of tags are not for the cards
        text, tags = note_text(text)
        if any("/" in tag for tag in front.tags):  # Obsidian nests tags with `/`, Anki with `::`
            front = replace(front, tags=tuple(obsidian_tag(t) for t in front.tags))
        known = {tag.casefold() for tag in front.tags}
        new = tuple(tag for tag in tags if tag.casefold() not in known)
        if new:
            front = replace(front, tags=(*front.tags, *new))
    marks = cloze_marks(config.clozes if config else (), front, display, diagnostics)
    atx = as_atx(text)
    return SourceFile(path, display, name, root, atx.text, front, vault, marks, atx.lines, atx.ids)


def _markdown_files(folder: Path, skip: Sequence[Path] = ()) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if skip and any(path.resolve().is_relative_to(template) for template in skip):
            continue
        if path.suffix.lower() in MARKDOWN_SUFFIXES and path.is_file():
            found.append(path)
    return found


def _fallback_name(path: Path) -> str:
    resolved = path.resolve()
    folder = _kind(path) == "folder"
    if not folder and resolved.stem.lower() in ("readme", "index") and resolved.parent.name:
        return resolved.parent.name  # a repository's README is named by its folder
    return (resolved.name if folder else resolved.stem) or "Deck"
