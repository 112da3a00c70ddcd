"""The allow-list every field passes through, and the list of what it removed.

A field's `<script>` runs in Anki's reviewer, so nothing from a Markdown source reaches a field
without nh3's allow-list. Before cleaning, a parse of the same HTML names the dangerous things
the allow-list is about to drop, so that the author hears about each one with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "s", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"class", "title"},
    "a": {"href"},
    "details": {"open"},  # a callout shown unfolded (`> [!tip]+`)
    "img": {"src", "alt", "width", "height"},
    "li": {"id"},  # footnote targets
    "ol": {"start"},
    "sup": {"id"},  # footnote references
    "td": {"style"},
    "th": {"style"},
}
URL_SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data"}
CONTENT_DROPPED = {"script", "style"}
C0_AND_SPACE = "".join(chr(code) for code in range(0x21))


@dataclass(frozen=True)
class Removal:
    """Something the sanitizer drops: what to tell the author, and text to find its line by."""

    message: str
    needle: str


def sanitize(fragment: str) -> str:
    """Keep only the tags and attributes a card needs; drop scripts, handlers and odd URLs."""
    return str(_cleaner().clean(fragment))


def as_sanitized(allowed: str) -> str | None:
    """What `sanitize` returns for HTML with only allowed tags and attributes, or None.

    For such HTML (the fast path's, see fastpath) nh3 changes only a no-break space, which
    it writes as `&nbsp;`, and a text-align style, which it writes without spaces or `;`;
    characters the HTML parser rewrites (controls, U+FFFD, noncharacters) leave it to nh3.
    Tests compare the two on every answer of the deck and on generated documents.
    """
    if _REWRITTEN_BY_THE_PARSER.search(allowed):
        return None
    if "\xa0" in allowed:
        allowed = allowed.replace("\xa0", "&nbsp;")
    if ' style="' in allowed:
        allowed = _TEXT_ALIGN.sub(r' style="text-align:\1"', allowed)
    return allowed


_REWRITTEN_BY_THE_PARSER = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffd-\uffff]"
)
_TEXT_ALIGN = re.compile(r' style="text-align: (left|right|center);"')


@cache
def _cleaner() -> nh3.Cleaner:
    # One cleaner for every field: building the allow-list is a good part of a clean's cost.
    import nh3  # loaded only when something is cleaned: the fast path's HTML needs no cleaning

    return nh3.Cleaner(
        tags=ALLOWED_TAGS,
        clean_content_tags=CONTENT_DROPPED,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        filter_style_properties={"text-align"},
        link_rel="noopener noreferrer",
    )


def removals(fragment: str) -> list[Removal]:
    """What `sanitize` will remove from `fragment` that an author should know about."""
    finder = _RemovalFinder()
    finder.feed(fragment)
    finder.close()
    return finder.found


class _RemovalFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Removal] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            if tag in CONTENT_DROPPED:
                self._add(f"removed <{tag}> and its content (not allowed in cards)", f"<{tag}")
            else:
                self._add(f"removed <{tag}> (not allowed in cards)", f"<{tag}")
            return
        for name, value in attrs:
            if name.startswith("on"):
                message = f"removed {name}= from <{tag}> (scripts are not allowed in cards)"
                self._add(message, f"{name}=")
            elif name == "style" and "style" not in ALLOWED_ATTRIBUTES.get(tag, set()):
                message = f"removed style= from <{tag}> (inline styles are not allowed)"
                self._add(message, "style=")
            elif name in URL_ATTRIBUTES and value:
                scheme = _scheme(value)
                if scheme and scheme not in URL_SCHEMES:
                    message = f"removed {scheme}: URL from <{tag}> (not allowed in cards)"
                    self._add(message, value.strip()[:60])

    def _add(self, message: str, needle: str) -> None:
        self.found.append(Removal(message, needle))


def _scheme(url: str) -> str:
    # As browsers read a URL: surrounding spaces and controls go, tabs and newlines anywhere
    # (`java\tscript:` is `javascript:`); a space inside the scheme makes it a relative URL.
    squeezed = "".join(ch for ch in url.strip(C0_AND_SPACE) if ch not in "\t\n\r")
    try:
        return urlsplit(squeezed).scheme.lower()
    except ValueError:  # e.g. an unbalanced `[` in the host
        return ""
