"""Markdown to safe HTML for note fields: the render stage, the only user of `markdown`.

Python-Markdown is extended through its own processor API (see mathext, listsext, media);
its output then passes the allow-list in sanitize before it reaches a field.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import markdown

from qadeck.deck import SECTION_SEPARATOR, Deck, Question
from qadeck.diagnostics import Diagnostics, Location
from qadeck.listsext import GitHubListsExtension
from qadeck.mathext import MathExtension
from qadeck.media import ImageExtension, MediaFile, MediaStore, Place
from qadeck.sanitize import removals, sanitize

EXTENSIONS = ["tables", "fenced_code", "sane_lists", "def_list", "footnotes", "codehilite"]
EXTENSION_CONFIGS = {"codehilite": {"css_class": "highlight", "guess_lang": False}}


@dataclass(frozen=True)
class RenderedNote:
    """A question ready for Anki: its GUID, field values, deck, tags and new-card position."""

    guid: str
    fields: tuple[str, str, str, str, str]
    deck: str
    tags: tuple[str, ...]
    due: int


@dataclass(frozen=True)
class RenderedDeck:
    """Every note of the deck, and the media files their fields refer to."""

    notes: tuple[RenderedNote, ...]
    media: tuple[MediaFile, ...]


class Renderer:
    """One Markdown converter, reset between documents so that no state leaks across them."""

    def __init__(self, diagnostics: Diagnostics) -> None:
        self.diagnostics = diagnostics
        self.media = MediaStore(diagnostics)
        self._place: Place | None = None
        self._md = markdown.Markdown(
            extensions=[
                *EXTENSIONS,
                MathExtension(),
                GitHubListsExtension(),
                ImageExtension(self._image),
            ],
            extension_configs=EXTENSION_CONFIGS,
        )

    def block(self, text: str, place: Place) -> str:
        """Render Markdown blocks to sanitized HTML; report what the sanitizer removes."""
        self._md.reset()
        self._place = place
        try:
            converted = self._md.convert(text)
        finally:
            self._place = None
        # Removals come in document order: each is searched from the one before it, and a
        # repeated needle from the line after its last occurrence.
        line = place.line
        seen: dict[str, int] = {}
        for removal in removals(converted):
            start = max(line, seen.get(removal.needle, place.line - 1) + 1)
            line = seen[removal.needle] = place.line_of(removal.needle, start)
            self.diagnostics.warning(Location(place.source.display, line), removal.message)
        return sanitize(converted).strip()

    def inline(self, text: str, place: Place) -> str:
        """Render one line of Markdown (a heading) without the surrounding paragraph."""
        rendered = self.block(text, place)
        if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
            rendered = rendered[3:-4]
        return rendered

    def _image(self, src: str) -> str | None:
        assert self._place is not None, "images are resolved only while converting"
        return self.media.image(src, self._place)


def render_deck(deck: Deck, diagnostics: Diagnostics) -> RenderedDeck:
    """Render every question of the deck into note fields, in document order, with media."""
    renderer = Renderer(diagnostics)
    notes = tuple(render_question(deck, q, due, renderer) for due, q in enumerate(deck.questions))
    return RenderedDeck(notes, renderer.media.packaged())


def render_question(deck: Deck, question: Question, due: int, renderer: Renderer) -> RenderedNote:
    """One question's note: no field holds anything that an unrelated edit could change."""
    title = Place(question.source, question.line)
    # The extra part follows the answer in the file, so lines are searched from the answer on.
    body = Place(question.source, question.answer_line)
    fields = (
        renderer.inline(question.title, title),
        renderer.block(question.answer, body) if question.answer else "",
        html.escape(SECTION_SEPARATOR.join(question.context), quote=False),
        renderer.block(question.extra, body) if question.extra else "",
        html.escape(f"{question.source.name}#{question.key}", quote=False),
    )
    return RenderedNote(
        deck.guid(question),
        fields,
        deck.full_name(question.section),
        (deck.tag(question.section),),
        due,
    )
