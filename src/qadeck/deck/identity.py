"""Every id a deck carries: note GUIDs, deck ids, question keys and slugs."""

from __future__ import annotations

import hashlib
import re
import unicodedata


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
    text = re.sub(r"[^\w]+|_+", "-", text)
    return text.strip("-") or "untitled"


def slug(text: str) -> str:
    """A file-name slug: `MLOps Questions` -> `mlops-questions`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "deck"


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
