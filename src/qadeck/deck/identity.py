"""Every id a deck carries: note GUIDs, deck ids, question keys, slugs and heading anchors."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

ASCII_DROPPED = re.compile(r"[^a-z0-9 _-]")
KEY_SEPARATORS = re.compile(r"[^\w]+|_+")  # a question key's words are joined by one `-`


def note_guid(identity: str, key: str) -> str:
    """A stable Anki GUID (base91, like Anki's own) from the deck identity and question key."""
    digest = hashlib.sha256(f"qadeck\x1f{identity}\x1f{key}".encode()).digest()
    return _base91(int.from_bytes(digest[:8], "big"))


def deck_id(full_name: str) -> int:
    """A 63-bit id from the full deck name (Anki matches decks by name; ids must only differ)."""
    digest = hashlib.sha256(f"qadeck-deck\x1f{full_name}".encode()).digest()
    return max(int.from_bytes(digest[:8], "big") >> 1, 2)


def question_key(title: str) -> str:
    """A slug that survives changes of case, quotes, punctuation and Markdown emphasis."""
    text = unicodedata.normalize("NFKC", title).casefold()
    text = KEY_SEPARATORS.sub("-", text)
    return text.strip("-") or "untitled"


def source_identity(name: str) -> str:
    """The identity of a deck that states none, from its file or folder name: `Go Notes` and
    `go-notes` are one deck; `操作系统` stays itself, so that distinct names stay distinct."""
    key = question_key(name)
    return "deck" if key == "untitled" else key


SLUG_LENGTH = 60


def slug(text: str) -> str:
    """A readable ASCII file name for any script: `MLOps Questions` -> `mlops-questions`,
    `操作系统` -> `cao-zuo-xi-tong-<hash>`.

    Transliteration (anyascii) loses tones, accents and letters, so two names of another
    script can read alike: a name that is not plain ASCII gets a short hash of itself.
    """
    from anyascii import anyascii  # its tables load only for a name that needs them

    text = unicodedata.normalize("NFC", text).strip()
    if text.isascii():
        readable = text
    else:
        # A syllable of CJK or Hangul reads as a word of its own: `cao-zuo`, not `caozuo`.
        readable = "".join(
            f"-{ascii_text}-" if len(ascii_text) > 1 and unicodedata.category(char) == "Lo"
            else ascii_text
            for char in text
            for ascii_text in (anyascii(char),)
        )  # fmt: skip
    name = re.sub(r"[^a-z0-9]+", "-", readable.lower()).strip("-")
    exact = text.isascii() and len(name) <= SLUG_LENGTH
    name = name[:SLUG_LENGTH].strip("-")
    if exact:
        return name or "deck"
    digest = hashlib.sha256(text.encode()).hexdigest()[:6]
    return f"{name}-{digest}" if name else f"deck-{digest}"


# What GitHub leaves out of a heading's text: images, link targets and HTML tags.
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def heading_text(title: str) -> str:
    """A heading's text as GitHub shows it: a link's text without its target, no images, no
    HTML tags."""
    if "](" in title or "<" in title:
        return _TAG.sub("", _LINK.sub(r"\1", _IMAGE.sub("", title)))
    return title


def github_anchor(title: str) -> str:
    """GitHub's heading id: lower case, punctuation and symbols dropped, spaces to hyphens."""
    title = heading_text(title)
    if title.isascii():  # the same, faster: the ASCII letters, marks and numbers are [a-z0-9]
        return ASCII_DROPPED.sub("", title.lower()).replace(" ", "-")
    kept = (
        char
        for char in title.lower()
        if char in " -_" or unicodedata.category(char)[0] in "LNM"  # letters, numbers, marks
    )
    return "".join(kept).replace(" ", "-")


def github_anchors(titles: Iterable[str]) -> list[str]:
    """The id GitHub gives each heading of a document, in order: repeats get `-1`, `-2`, ..."""
    # As github-slugger does: count per base, so 20,000 equal headings stay linear.
    occurrences: dict[str, int] = {}
    anchors = []
    for title in titles:
        base = anchor = github_anchor(title)
        while anchor in occurrences:
            occurrences[base] += 1
            anchor = f"{base}-{occurrences[base]}"
        occurrences[anchor] = 0
        anchors.append(anchor)
    return anchors


def deck_part(title: str) -> str:
    """A title as one part of an Anki deck name: `::` would split it, so it becomes `:`."""
    return re.sub(r":{2,}", ":", title).strip()


def tag_part(title: str) -> str:
    return re.sub(r"\s+", "_", deck_part(title).replace('"', ""))


_BASE91 = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"
)


def _base91(number: int) -> str:
    chars = []
    while True:
        number, digit = divmod(number, len(_BASE91))
        chars.append(_BASE91[digit])
        if number == 0:
            return "".join(reversed(chars))
