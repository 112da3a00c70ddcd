"""Obsidian's embeds, `![[…]]`, made into what the converter reads, before it reads a fragment.

`![[plot.png]]` and `![[plot.png|300]]` become an `<img>` (300 wide), `![[a.mp3]]` an `<audio>`
(then `[sound:…]`, see sounds), each pointing at the file Obsidian would show: next to the
note, else the one of that name anywhere in the vault, the nearest to its root when several
are (a warning names the others). `![[Other note]]` and `![[Other note#Heading]]` become the
text of that note, or of its section under that heading, embeds in it included, once: a note
that embeds itself again further down (a cycle) is left out there, with a warning. Embeds
inside code stay as written.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

from qadeck.diagnostics import Diagnostics
from qadeck.render.media import Place
from qadeck.render.sounds import is_sound
from qadeck.sources.frontmatter import split_front_matter
from qadeck.sources.headings import FENCE, closes_fence, parse_outline
from qadeck.sources.notetext import note_text
from qadeck.sources.text import DecodeError, decode
from qadeck.sources.vault import VaultIndex

EMBED = re.compile(r"(`+)(?:(?!\1).)+?\1|!\[\[([^\[\]\n]+)\]\]")
IMAGE_SUFFIXES = frozenset((".png", ".jpg", ".jpeg", ".gif", ".bmp", ".svg", ".webp", ".avif"))
DEEPEST = 10  # embeds within embeds, as far as any note needs


class Embeds:
    """Embeds resolved against the vault of the note being rendered (or its source folder)."""

    def __init__(self, diagnostics: Diagnostics) -> None:
        self.diagnostics = diagnostics
        self._indexes: dict[Path, VaultIndex] = {}

    def expand(self, text: str, place: Place) -> str:
        """`text` with every embed outside code replaced (see the module's docstring)."""
        if "![[" not in text:
            return text
        return self._expand(text, place, (place.source.path.resolve(),))

    def _expand(self, text: str, place: Place, chain: tuple[Path, ...]) -> str:
        lines = text.split("\n")
        fence: str | None = None
        for number, line in enumerate(lines):
            if fence is not None:
                fence = None if closes_fence(line, fence) else fence
            elif opened := FENCE.match(line):
                fence = opened[1]
            elif "![[" in line:
                lines[number] = EMBED.sub(lambda m: self._embed(m, place, chain), line)
        return "\n".join(lines)

    def _embed(self, found: re.Match[str], place: Place, chain: tuple[Path, ...]) -> str:
        if found[2] is None:
            return found[0]  # inline code
        target, _, size = found[2].partition("|")
        name, _, heading = target.partition("#")
        suffix = Path(name.strip()).suffix.lower()
        media = suffix in IMAGE_SUFFIXES or is_sound(name.strip())
        if suffix not in ("", ".md") and not media:
            return html.escape(name.strip(), quote=False)  # a PDF, a canvas: not for a card
        where = self._find(name, place, found[0], "" if suffix else ".md")
        if media:
            src = html.escape(self._relative(where, place) if where else name.strip())
            if is_sound(name.strip()):
                return f'<audio src="{src}"></audio>'
            width = f' width="{html.escape(size.strip())}"' if size.strip().isdigit() else ""
            return f'<img src="{src}" alt="{html.escape(name.strip())}"{width}>'
        if where is None:
            self.diagnostics.warning(
                place.location(found[0]), f"embedded note not found: {found[0]}; left out"
            )
            return ""
        if where in chain or len(chain) > DEEPEST:
            self.diagnostics.warning(
                place.location(found[0]),
                f"{found[0]} would show {where.stem} inside itself (a cycle): left out there",
            )
            return ""
        embedded = self._read(where, heading.strip(), place, found[0])
        return f"\n\n{self._expand(embedded, place, (*chain, where))}\n\n" if embedded else ""

    def _find(self, name: str, place: Place, written: str, suffix: str) -> Path | None:
        source = place.source
        root = (source.vault or source.root).resolve()
        index = self._indexes.get(root)
        if index is None:
            index = self._indexes[root] = VaultIndex(root)
        found = index.find(name, source.path.parent, suffix)
        if found.others:
            others = ", ".join(os.path.relpath(path, root) for path in found.others)
            self.diagnostics.warning(
                place.location(written),
                f"{written} names more than one file: using "
                f"{os.path.relpath(found.path or root, root)} (also {others})",
            )
        return found.path

    def _relative(self, path: Path, place: Place) -> str:
        return Path(os.path.relpath(path, place.source.path.parent.resolve())).as_posix()

    def _read(self, path: Path, heading: str, place: Place, written: str) -> str:
        """The text of an embedded note, or of its section under `heading`."""
        try:
            text = decode(path.read_bytes(), str(path))
        except (OSError, DecodeError) as exc:
            self.diagnostics.warning(place.location(written), f"cannot read {written}: {exc}")
            return ""
        _, text = split_front_matter(text, str(path), Diagnostics())
        text, _ = note_text(text)
        if not heading:
            return text.strip("\n")
        wanted = heading.casefold()
        blocks = [b for b in parse_outline(text).blocks if b.heading is not None]
        for index, block in enumerate(blocks):
            assert block.heading is not None
            if block.heading.title.casefold() != wanted:
                continue
            level = block.heading.level
            parts = [f"{'#' * level} {block.heading.title}", block.body]
            for later in blocks[index + 1 :]:
                assert later.heading is not None
                if later.heading.level <= level:
                    break
                parts += [f"{'#' * later.heading.level} {later.heading.title}", later.body]
            return "\n".join(parts).strip("\n")
        self.diagnostics.warning(
            place.location(written), f"{written}: no heading {heading!r} in that note; left out"
        )
        return ""
