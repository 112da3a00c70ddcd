"""Code blocks highlighted with Pygments, as Python-Markdown's CodeHilite would, only cheaper."""

from __future__ import annotations

from functools import cache
from typing import Any

import pygments
from pygments.formatters.html import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name

CODEHILITE = {"css_class": "highlight", "guess_lang": False}


class HighlightFormatter(HtmlFormatter):  # type: ignore[misc]
    """Pygments' HTML formatter, with its style tables computed once per style, not per block.

    CodeHilite creates a formatter for every code block, and building the class-to-style tables
    is most of the cost of highlighting a short block; they depend only on these options.
    """

    _tables: dict[tuple[Any, ...], tuple[Any, Any]] = {}  # noqa: RUF012 (shared on purpose)
    ttype2class: dict[Any, str]
    class2style: dict[str, Any]

    def _create_stylesheet(self) -> None:
        key = (self.style, self.classprefix, self.nobackground)
        tables = self._tables.get(key)
        if tables is None:
            super()._create_stylesheet()
            self._tables[key] = (self.ttype2class, self.class2style)
        else:
            self.ttype2class, self.class2style = tables


def highlight(code: str, language: str | None) -> str:
    """A fenced code block, highlighted as Python-Markdown's fenced_code has CodeHilite do it.

    CodeHilite's own steps with its options for CODEHILITE (tests compare the two), with the
    lexer and the formatter made once per language instead of once per block: finding the
    lexer among Pygments' was a third of the time of a short block.
    """
    lexer = _lexer(language)
    formatter = _formatter(f"language-{language or lexer.aliases[0]}")
    return pygments.highlight(code.strip("\n"), lexer, formatter)  # type: ignore[no-any-return]


# The options CodeHilite passes to Pygments for CODEHILITE (the rest are Pygments' defaults).
_PYGMENTS_OPTIONS = {
    "style": "default",
    "noclasses": False,
    "linenos": None,
    "cssclass": CODEHILITE["css_class"],
    "wrapcode": True,
    "full": False,
}


@cache
def _formatter(lang_str: str) -> HighlightFormatter:
    # A formatter keeps nothing from one block to the next: one per language will do.
    return HighlightFormatter(lang_str=lang_str, **_PYGMENTS_OPTIONS)


@cache
def _lexer(language: str | None) -> Lexer:
    try:
        return get_lexer_by_name(language, **_PYGMENTS_OPTIONS)
    except ValueError:  # unknown or no language: plain text (guess_lang is off)
        return get_lexer_by_name("text", **_PYGMENTS_OPTIONS)
