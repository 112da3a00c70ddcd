"""Render fragments: the fast path first, Python-Markdown (loaded only then) for the rest."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qadeck.render.fastpath import Highlighter, fast_html
from qadeck.render.fragments import (
    Fragment,
    finish,
    heading_or_blocks,
    needs_all_extensions,
    plain_heading,
)
from qadeck.render.highlight import highlight
from qadeck.render.sanitize import as_sanitized

if TYPE_CHECKING:
    import markdown


class FragmentRenderer:
    """Converters for fragments without images, reused (and reset) for each of them."""

    def __init__(self, highlighter: Highlighter = highlight) -> None:
        self._converters: dict[bool, markdown.Markdown] = {}
        self.highlighter = highlighter

    def render(self, text: str, inline: bool) -> Fragment:
        """The fragment of `text`: a heading when `inline`, else blocks."""
        plain = plain_heading(text, inline)
        if plain is not None:
            return plain
        converted = fast_html(text, self.highlighter)
        if converted is not None:
            # Only allowed tags and attributes: nothing to remove, and nh3's changes are known.
            ready = as_sanitized(converted.strip())
            if ready is not None:
                return heading_or_blocks(ready, (), inline)
            return finish(converted.strip(), text, inline)
        # Python-Markdown is loaded only when the fast path declines a text.
        from qadeck.render.converter import convert, markdown_converter

        lean = not needs_all_extensions(text)
        md = self._converters.get(lean)
        if md is None:
            md = self._converters[lean] = markdown_converter(lean=lean)
        return convert(md, text, inline)
