"""Markdown text to sanitized HTML with no reference to any file: the cacheable part of rendering.

Most text takes the fast path (see fastpath); Python-Markdown (see converter) takes the rest.

A fragment's HTML depends only on its text and on whether it is a heading (inline), so it can be
rendered in another process and kept in the render cache. What the sanitizer removed comes back
as data; the caller turns it into warnings with the fragment's file and line. Fragments with
images are not fragments in this sense: resolving an image reads a file (see notes and media).
"""

from __future__ import annotations

import html
import re
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

import pygments
from pygments.formatters.html import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name

from qadeck.render.cloze import literal_in_code
from qadeck.render.sanitize import Removal, removals, sanitize

if TYPE_CHECKING:
    pass

EXTENSIONS = ["tables", "fenced_code", "sane_lists", "def_list", "footnotes", "codehilite"]


CODEHILITE = {"css_class": "highlight", "guess_lang": False}


# A heading made of these characters only is plain text to Markdown, whatever their order: no
# emphasis, code, link, HTML, entity, escape, math or list marker can start without one of the
# characters left out, and a list needs a digit or a marker first. Markdown would wrap it in
# <p>, which `inline` strips again, and strip the spaces at either end.
_PLAIN = re.compile(r"(?!\d)[^\W_](?:[^\W_]|[ ,;:?'\"/()%@.\-=’‘“”–—…])*(?<! )")


# Only Markdown's own tags can come out of a text with neither `<` (HTML, autolinks) nor `]`
# (links, images, footnotes): nothing in them is ever removed by the sanitizer.
_MAY_HOLD_HTML_OR_URLS = re.compile(r"[<\]]")


_IMG_TAG = re.compile("<img", re.IGNORECASE)


# Tables, footnotes and definition lists cost about a tenth of a conversion even in a text that
# has none. A table needs a `|`, a footnote `[^`, a definition a line whose text starts with `:`
# once list markers, quote marks and indentation are taken away: without any of these, the
# lean converter gives the same HTML (tests compare the two).
LEAN = {"tables", "footnotes", "def_list"}


_TABLE_FOOTNOTE_OR_DEFINITION = re.compile(r"\||\[\^|^[\s>*+\-\d.]*:", re.MULTILINE)


class Fragment(NamedTuple):
    """A fragment's sanitized HTML and what the sanitizer removed from it, in document order.

    (A tuple rather than a dataclass: a build makes one per answer, and this is the cheapest.)
    """

    html: str
    removals: tuple[Removal, ...] = ()


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


def finish(converted: str, text: str, inline: bool) -> Fragment:
    """Sanitize the HTML of `text`, and strip a heading's paragraph."""
    found = removals(converted) if _MAY_HOLD_HTML_OR_URLS.search(text) else []
    return heading_or_blocks(sanitize(converted).strip(), tuple(found), inline)


def heading_or_blocks(rendered: str, found: tuple[Removal, ...], inline: bool) -> Fragment:
    """The fragment of sanitized HTML: a heading's paragraph stripped, cloze markup in code
    made literal (the sanitizer would turn the entities that do it back into braces)."""
    rendered = literal_in_code(rendered)
    paragraph = rendered.startswith("<p>") and rendered.endswith("</p>")
    if inline and paragraph and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    return Fragment(rendered, found)


def plain_heading(text: str, inline: bool) -> Fragment | None:
    """The fragment of a heading that is plain text, escaped; None for anything else."""
    return Fragment(html.escape(text, quote=False)) if inline and is_plain(text) else None


def is_plain(text: str) -> bool:
    """True when a heading is plain text to Markdown, so escaping it gives the same HTML."""
    return _PLAIN.fullmatch(text) is not None


def uses_media(text: str) -> bool:
    """True when the Markdown may refer to an image, which only the media store can resolve."""
    return "![" in text or ("<" in text and _IMG_TAG.search(text) is not None)


def needs_all_extensions(text: str) -> bool:
    """False when no table, footnote or definition list can start anywhere in `text`."""
    return _TABLE_FOOTNOTE_OR_DEFINITION.search(text) is not None
