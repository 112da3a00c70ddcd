"""How counts read in what qadeck tells people: `1 note`, `2 notes`, `3 other stretches`."""

from __future__ import annotations


def count(number: int, noun: str, plural: str | None = None) -> str:
    """`number` and the noun, plural unless the number is one (`plural`, else noun + s)."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
