"""Markdown to safe HTML for note fields: the only module that imports `markdown`."""

from __future__ import annotations

import html
from dataclasses import dataclass

import markdown
import nh3

from qadeck.deck import SECTION_SEPARATOR, Deck, Question
from qadeck.diagnostics import Diagnostics

EXTENSIONS = ["tables", "fenced_code", "sane_lists", "def_list", "footnotes", "codehilite"]
EXTENSION_CONFIGS = {"codehilite": {"css_class": "highlight", "guess_lang": False}}

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "s", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"class", "title"},
    "a": {"href"},
    "img": {"src", "alt"},
    "ol": {"start"},
    "td": {"style"},
    "th": {"style"},
}


@dataclass(frozen=True)
class RenderedNote:
    """A question ready for Anki: its GUID, field values, deck, tags and new-card position."""

    guid: str
    fields: tuple[str, str, str, str, str]
    deck: str
    tags: tuple[str, ...]
    due: int


class Renderer:
    """One Markdown converter, reset between documents so that no state leaks across them."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)

    def block(self, text: str) -> str:
        """Render Markdown blocks to sanitized HTML."""
        self._md.reset()
        return sanitize(self._md.convert(text))

    def inline(self, text: str) -> str:
        """Render one line of Markdown (a heading) without the surrounding paragraph."""
        rendered = self.block(text)
        if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
            rendered = rendered[3:-4]
        return rendered


def sanitize(fragment: str) -> str:
    """Keep only the tags and attributes a card needs; drop scripts, handlers and odd URLs."""
    return str(
        nh3.clean(
            fragment,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            filter_style_properties={"text-align"},
            link_rel="noopener noreferrer",
        )
    )


def render_deck(deck: Deck, diagnostics: Diagnostics) -> list[RenderedNote]:
    """Render every question of the deck into note fields, in document order."""
    renderer = Renderer()
    return [render_question(deck, q, due, renderer) for due, q in enumerate(deck.questions)]


def render_question(deck: Deck, question: Question, due: int, renderer: Renderer) -> RenderedNote:
    """One question's note: no field holds anything that an unrelated edit could change."""
    fields = (
        renderer.inline(question.title),
        renderer.block(question.answer) if question.answer else "",
        html.escape(SECTION_SEPARATOR.join(question.context), quote=False),
        renderer.block(question.extra) if question.extra else "",
        html.escape(f"{question.source.name}#{question.key}", quote=False),
    )
    return RenderedNote(
        deck.guid(question),
        fields,
        deck.full_name(question.section),
        (deck.tag(question.section),),
        due,
    )
