"""Images in an edited note: the packaged names its fields use, back to the paths the document
wrote, and an image pasted in Anki's editor given a place beside the document.

Rendering names a local image by its content (see render.media); each image the question's
Markdown refers to is resolved again, so its packaged name maps back to the path as written. A
name that none of them gives, and that is no address, is a file pasted in Anki: it is copied
into the folder the document's images already use (the one most of them are in; the
document's own folder when it has none) and referred to by its path from the document.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")
HTML_IMAGE = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)


def image_sources(markdown: str) -> list[str]:
    """Every image source the Markdown writes, Markdown's `![]()` and HTML's `<img>`."""
    found = [m[1] for m in MARKDOWN_IMAGE.finditer(markdown)]
    found += [next(g for g in m.groups() if g is not None) for m in HTML_IMAGE.finditer(markdown)]
    return found


def is_local(src: str) -> bool:
    """Whether an image source names a file rather than an address."""
    return bool(src) and not urlsplit(src).scheme and not src.startswith("//")


def pasted(html: str, known: Iterable[str]) -> list[str]:
    """The media names of the field's images that no image of the document gives."""
    names = set(known)
    found = (next(g for g in m.groups() if g is not None) for m in HTML_IMAGE.finditer(html))
    return list(dict.fromkeys(s for s in found if is_local(s) and s not in names))


def image_folder(document: Path, sources: Iterable[str]) -> PurePosixPath:
    """The folder, relative to the document, that most of its local images are in."""
    folders = Counter(
        PurePosixPath(unquote(src.split("#", 1)[0].split("?", 1)[0])).parent
        for src in sources
        if is_local(src) and not PurePosixPath(src).is_absolute()
    )
    if not folders:
        return PurePosixPath(".")
    return max(folders, key=lambda folder: (folders[folder], -len(str(folder))))


def place_for(document: Path, folder: PurePosixPath, name: str, data: bytes) -> Path:
    """Where a pasted file goes: `folder/name` beside the document, or a free variant of the
    name when another file is there already."""
    target = document.parent / folder / name
    stem, suffix = target.stem, target.suffix
    number = 1
    while target.exists() and target.read_bytes() != data:
        number += 1
        target = target.with_name(f"{stem}-{number}{suffix}")
    return target


def relative_src(document: Path, target: Path) -> str:
    """The image's path as the document writes it: relative, with `/`."""
    return target.relative_to(document.parent).as_posix()
