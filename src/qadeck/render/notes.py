"""A deck's questions to note fields: the render stage's entry point (see render_deck).

Fragments without images are rendered apart from their file (remembered, in parallel, ahead:
see ahead and fragment_renderer); the ones with images by MediaRenderer, which resolves each
image against its document (see media) with Python-Markdown (see converter and extensions/).
Every fragment passes the allow-list in sanitize before it reaches a field; the warnings about
what the sanitizer removed are located in the file here, in document order.
"""

from __future__ import annotations

import html
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from qadeck.deck.model import SECTION_SEPARATOR, Deck, Kind, Question
from qadeck.diagnostics import Diagnostic, Diagnostics, Location
from qadeck.render.ahead import Fragments, RenderAhead, render_fragments
from qadeck.render.cloze import cloze_numbers, numbered_zero, unclosed
from qadeck.render.embeds import Embeds
from qadeck.render.fragments import uses_media
from qadeck.render.media import MediaFile, MediaStore, Missing, Place
from qadeck.render.memo import Request
from qadeck.render.parallel import Progress
from qadeck.render.sanitize import Removal
from qadeck.render.source import Anchors, source_field

if TYPE_CHECKING:
    import markdown

    from qadeck.render.memo import FragmentMemory


QuestionId = tuple[str, int]  # a question by its document's display path and its line
# A question's HTML (title, answer, extra part) from an earlier build, and what rendering it
# reported then.
Prerendered = tuple[tuple[str, str, str], Sequence[Diagnostic]]


class RenderedNote(NamedTuple):
    """A question ready for Anki: its GUID, field values, deck, tags, new-card position and kind.

    The fields are the question's, whatever its kind; the note type of the kind decides how it
    stores them (see anki.kinds).

    (A tuple rather than a dataclass: a build makes one per question, and this is the cheapest.)
    """

    guid: str
    fields: tuple[str, str, str, str, str]
    deck: str
    tags: tuple[str, ...]
    due: int
    kind: Kind = Kind.BASIC

    @property
    def html(self) -> tuple[str, str, str]:
        """The fields rendered from Markdown: the question, the answer and the extra part."""
        return self.fields[0], self.fields[1], self.fields[3]


@dataclass(frozen=True)
class RenderedDeck:
    """Every note of the deck, and the media files their fields refer to.

    `findings` are, for each note, where the findings that rendering its Markdown reported
    start and end among the build's.
    """

    notes: tuple[RenderedNote, ...]
    media: tuple[MediaFile, ...]
    findings: tuple[tuple[int, int], ...] = ()


class MediaRenderer:
    """Fragments with images: one Markdown converter that resolves each image against the
    question's document (see media) and collects the files to package."""

    def __init__(self, diagnostics: Diagnostics, root: Path | None = None) -> None:
        self.diagnostics = diagnostics
        self.media = MediaStore(diagnostics, root)
        self._place: Place | None = None
        self._md: markdown.Markdown | None = None  # built when a fragment with images comes
        self._embeds = Embeds(diagnostics)

    def block(self, text: str, place: Place) -> str:
        """Render Markdown blocks to sanitized HTML; report what the sanitizer removes."""
        return self._fragment(text, place, inline=False)

    def inline(self, text: str, place: Place) -> str:
        """Render one line of Markdown (a heading) without the surrounding paragraph."""
        return self._fragment(text, place, inline=True)

    def _fragment(self, text: str, place: Place, inline: bool) -> str:
        self._place = place
        try:
            from qadeck.render.converter import ImageExtension, convert, markdown_converter

            if self._md is None:
                self._md = markdown_converter(ImageExtension(self._image))
            fragment = convert(self._md, self._embeds.expand(text, place), inline)
        finally:
            self._place = None
        report_removals(fragment.removals, place, self.diagnostics)
        return fragment.html

    def _image(self, src: str) -> str | Missing | None:
        assert self._place is not None, "images are resolved only while converting"
        return self.media.image(src, self._place)


def report_removals(removals: Sequence[Removal], place: Place, diagnostics: Diagnostics) -> None:
    """Warn about each removal at the line of the source it came from."""
    # Removals come in document order: each is searched from the one before it, and a
    # repeated needle from the line after its last occurrence.
    line = place.line
    seen: dict[str, int] = {}
    for removal in removals:
        start = max(line, seen.get(removal.needle, place.line - 1) + 1)
        line = seen[removal.needle] = place.line_of(removal.needle, start)
        diagnostics.warning(Location(place.source.display, line), removal.message)


def render_deck(
    deck: Deck,
    diagnostics: Diagnostics,
    cache: FragmentMemory | None = None,
    progress: Progress | None = None,
    image_root: Path | None = None,
    ahead: RenderAhead | None = None,
    known: Mapping[QuestionId, Prerendered] | None = None,
) -> RenderedDeck:
    """Render every question of the deck into note fields, in document order, with media.

    Local images must lie inside `image_root` when given (see MediaStore). What `ahead` was
    offered as the sources were read is taken from it. A question `known` (by its document and
    line) from an earlier build comes with its HTML, and what rendering it reported then is
    reported again.
    """
    known = known or {}
    # Fragments without images are rendered first, all at once (cached, in parallel, or
    # ahead, arriving as the notes are made); the ones with images then in document order,
    # so that findings keep their order.
    fragments = render_fragments(wanted_fragments(deck.questions, known), cache, progress, ahead)
    renderer = MediaRenderer(diagnostics, image_root)
    sections = {question.section for question in deck.questions}
    labels = {section: (deck.full_name(section), deck.tag(section)) for section in sections}
    anchors: Anchors = {}
    spans: list[tuple[int, int]] = []
    notes = []
    for due, question in enumerate(deck.questions):
        start = len(diagnostics.items)
        found = known.get((question.source.display, question.line)) if known else None
        if found is not None:
            rendered = found[0]
            diagnostics.extend(found[1])
        else:
            rendered = render_fields(question, renderer, fragments)
        spans.append((start, len(diagnostics.items)))
        notes.append(note_of(deck, question, due, rendered, renderer, labels, anchors))
    fragments.remember(cache)
    return RenderedDeck(tuple(notes), renderer.media.packaged(), tuple(spans))


def wanted_fragments(
    questions: Iterable[Question], known: Container[QuestionId] = frozenset()
) -> list[Request]:
    """The fragments render_deck renders all at once for these questions: their texts, but
    those with images (rendered one by one) and those of questions `known` rendered."""
    return [
        (text, inline)
        for question in questions
        if not known or (question.source.display, question.line) not in known
        for text, inline in _texts(question)
        if text and not uses_media(text)
    ]


def _texts(question: Question) -> tuple[tuple[str, bool], ...]:
    return ((question.title, True), (question.answer, False), (question.extra, False))


def render_fields(
    question: Question,
    renderer: MediaRenderer,
    fragments: Fragments | None = None,
) -> tuple[str, str, str]:
    """The HTML of a question's title, answer and extra part."""

    def field(text: str, line: int, inline: bool) -> str:
        fragment = fragments.get((text, inline)) if fragments is not None else None
        if fragment is None:
            place = Place(question.source, line)
            return renderer.inline(text, place) if inline else renderer.block(text, place)
        if fragment.removals:
            report_removals(fragment.removals, Place(question.source, line), renderer.diagnostics)
        return fragment.html

    # The extra part follows the answer in the file: lines are searched from the answer on.
    body = question.answer_line
    return (
        field(question.title, question.line, True),
        field(question.answer, body, False) if question.answer else "",
        field(question.extra, body, False) if question.extra else "",
    )


def note_of(
    deck: Deck,
    question: Question,
    due: int,
    rendered: tuple[str, str, str],
    renderer: MediaRenderer,
    labels: dict[tuple[str, ...], tuple[str, str]] | None = None,
    anchors: Anchors | None = None,
) -> RenderedNote:
    """A question's note, from the HTML of its fields."""
    title, answer, extra = rendered
    fields = (
        title,
        answer,
        html.escape(SECTION_SEPARATOR.join(question.context), quote=False),
        extra,
        source_field(deck, question, {} if anchors is None else anchors),
    )
    # A section's deck name and tag, worked out once per section rather than per question.
    full_name, tag = (labels or {}).get(question.section) or (
        deck.full_name(question.section),
        deck.tag(question.section),
    )
    # The section's tag, then those the file's front matter gives every note of the file, then
    # the question's own. (Anki's tags ignore case: `Go` and `go` would be one.)
    tags: tuple[str, ...] = (tag,)
    if question.source.front.tags or question.tags:
        tags = _without_repeats((tag, *question.source.front.tags, *question.tags))
    if "{{c" in title or "{{c" in answer or "{{c" in extra:
        kind = note_kind(deck, question, rendered, renderer.diagnostics)
    else:  # nearly every question: no cloze markup at all
        kind = Kind.REVERSED if deck.wants_reversed(question) else Kind.BASIC
    return RenderedNote(deck.guid(question), fields, full_name, tags, due, kind)


def note_kind(
    deck: Deck, question: Question, rendered: tuple[str, str, str], diagnostics: Diagnostics
) -> Kind:
    """Cloze when the question or the answer holds a deletion, else what the sources ask for.

    The rendered HTML decides, as it is what Anki reads: markup in code is literal by then.
    """
    title, answer, extra = rendered
    wants_reversed = deck.wants_reversed(question)
    if "{{c" not in title and "{{c" not in answer and "{{c" not in extra:  # nearly every one
        return Kind.REVERSED if wants_reversed else Kind.BASIC
    place = Place(question.source, question.line)
    numbers = cloze_numbers(title) + cloze_numbers(answer)
    for text in (title, answer, extra):
        if unclosed(text):
            diagnostics.warning(
                place.location("{{c"),
                "cloze deletion opened and never closed with }}: Anki drops its text",
            )
        if numbered_zero(text):
            diagnostics.warning(
                place.location("{{c0"), "cloze numbers start at 1: {{c0::…}} makes no card"
            )
    if cloze_numbers(extra):
        diagnostics.warning(
            Place(question.source, question.answer_line).location("{{c"),
            "cloze deletion below <!-- more --> is shown as written: "
            "Anki hides deletions only above it",
        )
    if not numbers:
        return Kind.REVERSED if wants_reversed else Kind.BASIC
    heading = question.source.lines[question.line - 1] if question.line else ""
    if question.reversed and ".reversed" in heading:
        diagnostics.warning(
            question.location,
            "a cloze note makes one card per deletion and no reversed card: {.reversed} ignored",
        )
    return Kind.CLOZE


def _without_repeats(tags: tuple[str, ...]) -> tuple[str, ...]:
    """Each tag once, at its first place, without regard to case (as Anki sees them)."""
    kept: dict[str, str] = {}
    for tag in tags:
        kept.setdefault(tag.casefold(), tag)
    return tuple(kept.values())
