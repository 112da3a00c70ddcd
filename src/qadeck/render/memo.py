"""What rendering asks of a memory of earlier builds: fragments and highlighted blocks by key.

Rendering never knows where that memory lives (see incremental.store, which is one): it is
handed an object of this shape, or none, and renders everything itself without one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from qadeck.render.fragments import Fragment
from qadeck.render.highlight import highlight
from qadeck.render.keys import block_key

Request = tuple[str, bool]  # a fragment's text, and whether it is a heading


class FragmentMemory(Protocol):
    """Fragments and highlighted code blocks rendered in earlier builds."""

    def get_many(self, requests: Sequence[Request]) -> dict[Request, Fragment]:
        """The remembered fragments among `requests`."""
        ...

    def put_many(self, items: Iterable[tuple[Request, Fragment]]) -> None:
        """Remember fragments rendered in this build."""
        ...

    def block(self, key: bytes) -> str | None:
        """A code block highlighted in an earlier build, by its key (see keys.block_key)."""
        ...

    def put_blocks(self, items: Sequence[tuple[bytes, str]]) -> None:
        """Remember code blocks highlighted in this build."""
        ...

    def close_reader(self) -> None:
        """Done looking things up for this build."""
        ...


class Blocks:
    """`highlight`, taking blocks highlighted in earlier builds from the memory and keeping the
    new ones: an edit around a code block then costs no lexing (Pygments compiles a language's
    lexer on first use, 25 ms for Python)."""

    def __init__(self, memory: FragmentMemory | None = None) -> None:
        self.memory = memory
        self.new: list[tuple[bytes, str]] = []

    def __call__(self, code: str, language: str | None) -> str:
        key = block_key(code, language)
        if self.memory is not None:
            found = self.memory.block(key)
            if found is not None:
                return found
        highlighted = highlight(code, language)
        self.new.append((key, highlighted))
        return highlighted
