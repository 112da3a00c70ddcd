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
from typing import NamedTuple

from qadeck.render.cloze import literal_in_code
from qadeck.render.sanitize import Removal, removals, sanitize

EXTENSIONS = [
    "tables", "fenced_code", "sane_lists", "def_list", "footnotes", "codehilite", "pymdownx.mark",
]  # fmt: skip


# A heading made of these characters only is plain text to Markdown, whatever their order: no
# emphasis, code, link, HTML, entity, escape, math or list marker can start without one of the
# characters left out, and a list needs a digit or a marker first. Markdown would wrap it in
# <p>, which `inline` strips again, and strip the spaces at either end.
_PLAIN = re.compile(r"(?!\d)[^\W_](?:[^\W_]|[ ,;:?'\"/()%@.\-=’‘“”–—…])*(?<! )")


# Only Markdown's own tags can come out of a text with neither `<` (HTML, autolinks) nor `]`
# (links, images, footnotes): nothing in them is ever removed by the sanitizer.
_MAY_HOLD_HTML_OR_URLS = re.compile(r"[<\]]")


_IMG_TAG = re.compile("<(?:img|audio|video)", re.IGNORECASE)


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
    # `==highlight==` and `%%comment%%` are made of plain characters, yet are markup.
    return _PLAIN.fullmatch(text) is not None and "==" not in text and "%%" not in text


def uses_media(text: str) -> bool:
    """True when the Markdown may refer to an image or a sound, which only the media store can
    resolve."""
    return "![" in text or ("<" in text and _IMG_TAG.search(text) is not None)


def needs_all_extensions(text: str) -> bool:
    """False when no table, footnote or definition list can start anywhere in `text`."""
    return _TABLE_FOOTNOTE_OR_DEFINITION.search(text) is not None
