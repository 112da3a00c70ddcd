"""The root deck's name and identity, titles reduced to their text, deck paths (`A::B`)."""

from __future__ import annotations

import html
import re

from qadeck.deck.identity import deck_part, source_identity
from qadeck.diagnostics import Diagnostics, Location
from qadeck.sources.files import SourceSet

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


def root_name(
    sources: SourceSet, title: str | None, deck_name: str | None, diagnostics: Diagnostics
) -> str:
    """The root deck's name: --deck, deck.toml's name, a single file's front matter (`deck:`,
    else `title:`), its title heading, else the file or folder name.

    A name given as such is a deck path (`Parent::Child`); a title is one part of one.
    """
    front = sources.files[0].front if sources.single_document and sources.files else None
    if deck_name is not None:
        given, where = deck_name, Location("--deck")
    elif sources.config.name:
        given, where = sources.config.name, sources.config.where or Location("deck.toml")
    elif front is not None and front.deck:
        given, where = front.deck, Location(sources.files[0].display, front.line("deck"))
    else:
        title = front.title if front is not None and front.title else title
        cleaned = clean_title(title) if title else ""
        return deck_part(cleaned) or deck_part(sources.fallback_name) or "Deck"
    name, problem = deck_path(given)
    if problem is not None:
        diagnostics.error(where, problem)
    return name


def deck_identity(sources: SourceSet, diagnostics: Diagnostics) -> str:
    """The identity that seeds every GUID: deck.toml's `id`, a single file's `deck-id:`, else
    the name of the file or folder the deck is read from, which a new title or --deck leaves
    alone."""
    if not sources.single_document:
        for source in sources.files:  # a file of a larger deck does not name the deck
            for key in ("deck", "deck-id"):
                if key in source.front.data:
                    setting = "name" if key == "deck" else "id"
                    diagnostics.warning(
                        Location(source.display, source.front.line(key)),
                        f"front matter {key!r} names the deck of a single file and is ignored "
                        f"here; set {setting!r} in the folder's deck.toml",
                    )
    elif sources.files and sources.files[0].front.identity:
        return sources.files[0].front.identity
    return sources.config.identity or source_identity(sources.fallback_name)
