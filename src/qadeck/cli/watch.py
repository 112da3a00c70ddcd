"""Rebuild while editing: poll the sources and call back whenever one of them changes.

Polling (size and modification time of every watched file, twice a second) needs no new
dependency and works the same on every system and file system, network folders included; a
source tree of thousands of files is listed in a few milliseconds. Watched are the named files
and, for a folder, every file under it that is not hidden: Markdown, deck.toml and images. For
a single file, its folder's deck.toml, the local images it refers to and the stylesheet its
front matter names (not its whole folder, which may be a home folder). Packages (.apkg) and
hidden files (such as the temporary file a package is written through) are never watched, so
writing the output into a watched folder does not trigger another build.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from urllib.parse import unquote

INTERVAL = 0.5
Snapshot = dict[Path, tuple[int, int]]
IGNORED_SUFFIXES = {".apkg", ".tmp"}
IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")
# `css: name` in a leading front matter block (see sources.frontmatter)
STYLESHEET = re.compile(
    r"\A---[ \t]*\n(?:(?!---|\.\.\.).*\n)*?css:[ \t]*[\"']?([^\"'\n]+?)[\"']?[ \t]*$", re.M
)


def snapshot(sources: Sequence[Path]) -> Snapshot:
    """Size and modification time of every watched file."""
    found: Snapshot = {}
    for path in _watched(sources):
        try:
            stat = path.stat()
        except OSError:
            continue  # deleted while listing: the next poll sees it gone
        found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


def watch(
    sources: Sequence[Path],
    rebuild: Callable[[], object],
    interval: float | None = None,
    rebuilds: int | None = None,
    seen: Snapshot | None = None,
) -> None:
    """Call `rebuild` after each change to the sources; stop after `rebuilds` (default: never).

    Changes are seen against `seen` when given: a snapshot taken before the first build, so
    that an edit saved while it ran is built too."""
    seen = snapshot(sources) if seen is None else seen
    done = 0
    while rebuilds is None or done < rebuilds:
        time.sleep(INTERVAL if interval is None else interval)
        current = snapshot(sources)
        if current != seen:
            # Taken before the build: an edit saved during the build triggers the next one.
            seen = current
            rebuild()
            done += 1


def _watched(sources: Sequence[Path]) -> Iterator[Path]:
    for source in sources:
        if source.is_dir():
            yield from _files_under(source, lambda path: True)
        else:
            yield source
            yield source.parent / "deck.toml"
            yield from _images_of(source)


def _images_of(document: Path) -> Iterator[Path]:
    try:
        text = document.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return
    if (stylesheet := STYLESHEET.search(text)) is not None:
        yield document.parent / stylesheet[1]
    for match in IMAGE.finditer(text):
        target = unquote(match[1].split("#", 1)[0].split("?", 1)[0])
        if "://" not in target and not target.startswith("data:"):
            yield document.parent / target


def _files_under(folder: Path, wanted: Callable[[Path], bool]) -> Iterator[Path]:
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.suffix.lower() in IGNORED_SUFFIXES or not wanted(path) or not path.is_file():
            continue
        yield path
