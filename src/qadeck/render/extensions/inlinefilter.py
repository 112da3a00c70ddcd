"""Python-Markdown's inline processor, trying only the patterns that can match a text.

For every run of text, Python-Markdown tries each of its inline patterns in turn, and most of
the time of a conversion goes into these attempts. Every pattern of a card's Markdown needs a
character of its own to match: a backtick for code, `*` or `_` for emphasis, `[` for links and
footnotes, `<` for HTML and autolinks, and so on. A pattern whose characters are all absent from
the text cannot match it, and trying it changes nothing, so it is skipped; the output is the
same (tests compare both converters). Patterns not listed here are always tried.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any, cast

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import InlineProcessor
from markdown.util import AtomicString

# The characters without which each named pattern cannot match (see markdown.inlinepatterns).
NEEDS = {
    "backtick": "`",
    "qadeck-math": "$\\",
    "escape": "\\",
    "footnote": "[",
    "reference": "[",
    "link": "[",
    "image_link": "[",
    "image_reference": "[",
    "short_reference": "[",
    "short_image_ref": "[",
    "autolink": "<",
    "automail": "<",
    "linebreak": "\n",
    "html": "<",
    "entity": "&",
    "em_strong": "*_",
}
# Python-Markdown's own names for what is overridden here; without them, nothing is.
_HANDLE = "_InlineProcessor__handleInline"
_APPLY = "_InlineProcessor__applyPattern"


class FilteredInlineProcessor(InlineProcessor):  # type: ignore[misc]
    """The inline treeprocessor, skipping patterns whose characters a text does not hold."""

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        self.inlinePatterns._sort()  # the order in which Python-Markdown tries them
        names = [item.name for item in self.inlinePatterns._priority]
        self._patterns = [self.inlinePatterns[name] for name in names]
        self._needs = [frozenset(NEEDS[name]) if name in NEEDS else None for name in names]
        result: etree.Element = super().run(tree, ancestors)
        return result

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        # The loop of Python-Markdown's __handleInline, with the skip added.
        if isinstance(data, AtomicString):
            return cast(str, data)  # as it is: an AtomicString must stay one
        apply = getattr(self, _APPLY)
        patterns, needs = self._patterns, self._needs
        start = 0
        present = set(data)
        while patternIndex < len(patterns):
            need = needs[patternIndex]
            if need is not None and need.isdisjoint(present):
                patternIndex += 1
                start = 0
                continue
            data, matched, start = apply(patterns[patternIndex], data, patternIndex, start)
            if matched:
                present = set(data)
            else:
                patternIndex += 1
        return data


def _supported() -> bool:
    return hasattr(InlineProcessor, _HANDLE) and hasattr(InlineProcessor, _APPLY)


class FilteredInlineExtension(Extension):  # type: ignore[misc]
    """Replace the inline treeprocessor with the filtered one, where this Markdown allows it."""

    def extendMarkdown(self, md: Markdown) -> None:
        if _supported():
            md.treeprocessors.register(FilteredInlineProcessor(md), "inline", 20)


def filtered(md: Any) -> bool:
    """True when `md` uses the filtered inline processor."""
    return isinstance(md.treeprocessors["inline"], FilteredInlineProcessor)
