"""The deck model: sections and questions from the outlines, and every id they will carry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from qadeck.deck.identity import note_guid, tag_part
from qadeck.diagnostics import Diagnostics, Location
from qadeck.sources.files import SourceFile
from qadeck.sources.outline import Outline

SECTION_SEPARATOR = " › "


@dataclass(frozen=True)
class Question:
    """One future note: front and back as Markdown, where it sits, and where it came from.

    A question of a document remembered from an earlier build (see documents) comes with the
    HTML of its title, answer and extra part in `html`, and without their Markdown: `answer`
    and `extra` are empty, as nothing is rendered or checked again.
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
    html: tuple[str, str, str] | None = None

    @property
    def location(self) -> Location:
        return Location(self.source.display, self.line)


OutlineReader = Callable[
    [SourceFile, Outline, bool, list[tuple[str, ...]], list[Question], Diagnostics], None
]


@dataclass(frozen=True)
class Deck:
    """The root deck: its name, the identity that seeds every GUID, sections and questions."""

    name: str
    identity: str
    sections: tuple[tuple[str, ...], ...]
    questions: tuple[Question, ...]

    def full_name(self, section: tuple[str, ...]) -> str:
        """Anki's name for the deck of a section: `Root::Section::Sub`."""
        return "::".join((self.name, *section))

    def tag(self, section: tuple[str, ...]) -> str:
        """The hierarchical tag for a section path, rooted at the deck's name."""
        return "::".join(tag_part(part) for part in (self.name, *section))

    def guid(self, question: Question) -> str:
        """The note's GUID: the deck's identity and the question's key, nothing else."""
        return note_guid(self.identity, question.key)
