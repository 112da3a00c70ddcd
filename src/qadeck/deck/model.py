"""The deck model: sections and questions from the outlines, and every id they will carry."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from qadeck.deck.identity import note_guid, tag_part
from qadeck.diagnostics import Location
from qadeck.sources.files import SourceFile
from qadeck.wording import count

SECTION_SEPARATOR = " › "


class Kind(StrEnum):
    """What a question becomes: a Q&A note, a Q&A note with a reversed card, or a cloze note."""

    BASIC = "basic"
    REVERSED = "reversed"
    CLOZE = "cloze"


@dataclass(frozen=True)
class Question:
    """One future note: front and back as Markdown, where it sits, and where it came from.

    A question of a document remembered from an earlier build (see incremental.reading) comes
    without its Markdown: `answer` and `extra` are empty, as nothing is rendered or checked
    again (its HTML is remembered beside it).

    `reversed` is what the question or its document asks for (None: nothing, the deck decides);
    `tags` are its own and its document's, besides the section's.
    """

    title: str
    key: str
    explicit: bool
    answer: str
    extra: str
    section: tuple[str, ...]
    context: tuple[str, ...]
    source: SourceFile
    line: int
    answer_line: int
    reversed: bool | None = None
    tags: tuple[str, ...] = ()

    @property
    def location(self) -> Location:
        return Location(self.source.display, self.line)


@dataclass(frozen=True)
class Account:
    """What one document gave: the shape it was read in, the questions found in it, the notes
    they made (a note makes one card or more, by its kind), and the stretches that made none
    (each also a warning naming its line)."""

    path: str
    shape: str
    questions: int
    notes: int
    unanswered: int = 0  # questions found without an answer
    other: int = 0  # other stretches that looked like a question or an answer

    def summary(self) -> str:
        """`doc.md: details shape: 7 questions, 6 notes; skipped: 1 without an answer, …`."""
        line = f"{self.path}: {self.shape} shape: {count(self.questions, 'question')}, "
        line += count(self.notes, "note")
        skipped = []
        if self.unanswered:
            skipped.append(f"{self.unanswered} without an answer")
        if self.other:
            skipped.append(f"{count(self.other, 'other stretch', 'other stretches')}")
        if skipped:
            line += f"; skipped: {', '.join(skipped)} (see the warnings)"
        return line


@dataclass(frozen=True)
class Deck:
    """The root deck: its name, the identity that seeds every GUID, sections and questions.

    With `numbered`, each subdeck's name starts with its position among its siblings. Anki
    gathers new cards subdeck by subdeck in the order of their names, so numbers are what makes
    it study the sections in document order. Only deck names carry them: the Section field and
    the tags do not, and no GUID depends on a section.

    `reversed` is deck.toml's default for questions that do not say; `style` the CSS of the
    deck's own stylesheets, added to its note types.
    """

    name: str
    identity: str
    sections: tuple[tuple[str, ...], ...]
    questions: tuple[Question, ...]
    numbered: bool = False
    source_url: str | None = None
    reversed: bool = False
    style: str = ""

    def full_name(self, section: tuple[str, ...]) -> str:
        """Anki's name for the deck of a section: `Root::Section::Sub` (`Root::1 Section::…`)."""
        if self.numbered and section:
            section = self._numbered_sections[section]
        return "::".join((self.name, *section))

    @cached_property
    def _numbered_sections(self) -> dict[tuple[str, ...], tuple[str, ...]]:
        return numbered_sections(self.sections)

    def tag(self, section: tuple[str, ...]) -> str:
        """The hierarchical tag for a section path, rooted at the deck's name."""
        return "::".join(tag_part(part) for part in (*self.name.split("::"), *section))

    def wants_reversed(self, question: Question) -> bool:
        """Whether a question asks for a reversed card: itself, its document or the deck."""
        return self.reversed if question.reversed is None else question.reversed

    def guid(self, question: Question) -> str:
        """The note's GUID: the deck's identity and the question's key, nothing else."""
        return note_guid(self.identity, question.key)


def numbered_sections(
    sections: Sequence[tuple[str, ...]],
) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Each section path with every part numbered by its first place among its siblings.

    Numbers are padded to the width of the largest one among the siblings (`01`…`12`):
    Anki compares deck names as text, where `10` would come before `2`.
    """
    siblings: dict[tuple[str, ...], dict[str, int]] = {}
    for section in sections:
        for depth, part in enumerate(section):
            places = siblings.setdefault(section[:depth], {})
            places.setdefault(part, len(places) + 1)
    numbered = {}
    for section in sections:
        parts = []
        for depth, part in enumerate(section):
            places = siblings[section[:depth]]
            parts.append(f"{places[part]:0{len(str(len(places)))}d} {part}")
        numbered[section] = tuple(parts)
    return numbered
