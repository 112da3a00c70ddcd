"""Which note a repeated question keeps: the one of the same question in the same place, else
the one with the same answer, before a key by its position.

A question text may repeat in a deck (`### Definition` under `## Mean`, `## Median`, ...). Its
key is then the text's key and an ordinal (`definition~2`: see shapes.read.unique_keys), which
alone would hand a note to another question as soon as a section is inserted above it. Given
the notes of the previous build (of the package, or in the collection) as plain values, every
copy takes the key of the previous note of the same text in the same section and document,
else of the one with the same content (a renamed section), else the first ordinal no previous
note of the text holds: an existing note never gets another question's content.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

ORDINAL = re.compile(r"~\d+$")


class Copy(NamedTuple):
    """A question of this build, or a note of the previous one: its key, whether the key is
    explicit (an explicit key is the question's own), where it sits (section and document)
    and a digest of its content."""

    key: str
    explicit: bool
    place: tuple[str, str]
    content: bytes


def base_key(key: str) -> str:
    """The key of a question's text, without the ordinal of a repeat."""
    return ORDINAL.sub("", key)


def kept_keys(current: Sequence[Copy], previous: Sequence[Copy]) -> list[str]:
    """The key of each question of `current`: the key of the previous note it continues."""
    keys = [copy.key for copy in current]
    groups: dict[str, list[int]] = {}
    for index, copy in enumerate(current):
        if not copy.explicit:
            groups.setdefault(base_key(copy.key), []).append(index)
    earlier: dict[str, list[Copy]] = {}
    for copy in previous:
        earlier.setdefault(base_key(copy.key), []).append(copy)
    for base, members in groups.items():
        before = earlier.get(base, [])
        if len(members) > 1 or len(before) > 1:
            for index, key in zip(members, _matched(current, members, before), strict=True):
                keys[index] = key
    return keys


def _matched(current: Sequence[Copy], members: list[int], before: list[Copy]) -> list[str]:
    """The keys of one repeated text's copies, in order."""
    chosen: dict[int, str] = {}
    free = {copy.key: copy for copy in before}
    for field in ("place", "content"):
        for index in members:
            if index in chosen:
                continue
            wanted = getattr(current[index], field)
            found = next((c for c in free.values() if getattr(c, field) == wanted), None)
            if found is not None:
                chosen[index] = found.key
                del free[found.key]
    held = {copy.key for copy in before}
    base = base_key(current[members[0]].key)
    ordinals = (f"{base}~{n}" if n > 1 else base for n in range(1, len(members) + len(held) + 2))
    unused = (key for key in ordinals if key not in held)
    return [chosen[index] if index in chosen else next(unused) for index in members]
