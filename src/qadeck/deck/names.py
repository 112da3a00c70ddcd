"""Names as Anki shows them: titles reduced to their text, and deck paths (`Parent::Child`)."""

from __future__ import annotations

import html
import re

# Only a title's first characters are looked at: the patterns below rescan from every `[`
# or `<`, and no deck name is this long.
TITLE_LIMIT = 1_000
IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)|!\[[^\]\n]*\]\[[^\]\n]*\]")
IMAGE_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)|\[([^\]\n]*)\]\[[^\]\n]*\]")
TAG = re.compile(r"</?[A-Za-z][^<>]*>")
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def clean_title(title: str) -> str:
    """A title's text alone, for deck names, tags and file names: badges and images dropped,
    links reduced to their text, inline HTML to what it shows.

    `Kubernetes Questions [![Stars](https://img.shields.io/…)](…) <sup>new</sup>` reads
    `Kubernetes Questions new`.
    """
    text = title[:TITLE_LIMIT]
    if "[" not in text and "<" not in text and "&" not in text:
        return title.strip()
    text = IMAGE_TAG.sub("", IMAGE.sub("", text))
    for _ in range(3):  # a link around a link's text, as badges nest: inside out
        text, count = LINK.subn(lambda m: m[1] if m[1] is not None else m[2], text)
        if not count:
            break
    text = html.unescape(TAG.sub("", text))
    return re.sub(r"\s+", " ", text).strip()


def deck_path(name: str) -> tuple[str, str | None]:
    """A root deck name as Anki stores it, and what is wrong with it (None when nothing).

    `::` nests the deck as Anki does (`Parent::Child`); spaces around each part are dropped.
    """
    found = CONTROL.search(name)
    if found is not None:
        return name, f"deck name {name!r} holds the control character U+{ord(found[0]):04X}"
    parts = [part.strip() for part in name.split("::")]
    if not all(parts):
        return name, (
            f"deck name {name!r} has an empty part; "
            'write the parent and child deck around "::", as in "Parent::Child"'
        )
    return "::".join(parts), None
