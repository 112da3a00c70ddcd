"""Documents read in an earlier build, so that a rebuild reads, checks and renders only new text.

A document is remembered when its build found nothing to say about it (no finding at its path)
and it holds no images (whose files may change on their own): its sections, its questions (with
their keys before duplicates across files are numbered) and the HTML of their fields, but not
their Markdown, which nothing after the checks and rendering reads. The key is a hash of
everything that result depends on: the file's text, path and name, the shape it is read as, the
word limit of the checks, and every version and setting the render cache keys include. So a
changed input is a new key, never a stale hit. The entries live in the render cache's file
(see render.cache), as marshal data of plain tuples and strings.
"""

from __future__ import annotations

import marshal
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from qadeck.deck.model import Account, OutlineReader, Question
from qadeck.diagnostics import Diagnostics
from qadeck.render.cache import RenderCache, key_hasher
from qadeck.render.fragments import uses_media
from qadeck.sources.files import SourceFile
from qadeck.sources.outline import Outline

# Raise when the meaning of an entry changes.
FORMAT = 3

Section = tuple[str, ...]
# A question without its file and its Markdown: title, key, explicit, section, context, line,
# answer line, whether it asks for a reversed card (None: it does not say), its tags.
QuestionData = tuple[str, str, bool, Section, Section, int, int, bool | None, tuple[str, ...]]
Fields = tuple[str, str, str]  # the HTML of the title, the answer and the extra part
EMPTY_OUTLINE = Outline(())  # what stands for a remembered document's outline


@dataclass(frozen=True)
class Document:
    """What a clean document gave: its sections, its questions and their fields' HTML, and
    the shape it was read in."""

    sections: tuple[Section, ...]
    questions: tuple[QuestionData, ...]
    fields: tuple[Fields, ...]
    shape: str = "outline"

    def encode(self) -> bytes:
        """The entry as stored."""
        return marshal.dumps((FORMAT, self.sections, self.questions, self.fields, self.shape))

    @staticmethod
    def decode(data: bytes) -> Document | None:
        """The entry stored as `data`, or None when it is not one of this format."""
        try:
            version, sections, questions, fields, shape = marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            return None
        shaped = all(isinstance(part, tuple) for part in (sections, questions, fields))
        if version != FORMAT or not shaped or len(questions) != len(fields):
            return None
        return Document(sections, questions, fields, str(shape))


def document_key(source: SourceFile, reading: str) -> bytes:
    """The key of a document's entry: its text, path and name, how it is read, and everything
    the keys of rendered fragments hold."""
    digest = key_hasher()
    for part in (FORMAT, reading, source.display, source.name):
        digest.update(f"{part}\x00".encode("utf-8", "surrogatepass"))
    digest.update(source.front.block.encode("utf-8", "surrogatepass") + b"\x00")
    digest.update(source.text.encode("utf-8", "surrogatepass"))
    return digest.digest()


@dataclass
class Reading:
    """A deck reader that takes remembered documents as they were and records the others."""

    read: OutlineReader
    remembered: Mapping[str, Document]
    # What each document not remembered gave: its sections and questions, in order, and the
    # shape it was read in.
    fresh: dict[str, tuple[list[Section], list[Question], str]] = field(default_factory=dict)

    def __call__(
        self,
        source: SourceFile,
        outline: Outline,
        has_title: bool,
        sections: list[Section],
        questions: list[Question],
        diagnostics: Diagnostics,
    ) -> Account:
        """Append the document's sections and questions, from memory when it can."""
        document = self.remembered.get(source.display)
        if document is not None:
            count = len(document.questions)
            sections.extend(document.sections)
            questions.extend(
                Question(title, key, explicit, "", "", section, context, source, line, at, html,
                         reversed_card, tags)
                for (title, key, explicit, section, context, line, at, reversed_card, tags), html
                in zip(document.questions, document.fields, strict=True)
            )  # fmt: skip
            return Account(source.display, document.shape, count, count)
        first_section, first_question = len(sections), len(questions)
        account = self.read(source, outline, has_title, sections, questions, diagnostics)
        self.fresh[source.display] = (
            sections[first_section:],
            questions[first_question:],
            account.shape,
        )
        return account


def document_of(
    sections: Sequence[Section],
    questions: Sequence[Question],
    fields: Sequence[Fields],
    shape: str = "outline",
) -> Document:
    """The entry for a document read in this build."""
    data = tuple(
        (
            q.title,
            q.key,
            q.explicit,
            q.section,
            q.context,
            q.line,
            q.answer_line,
            q.reversed,
            q.tags,
        )
        for q in questions
    )
    return Document(tuple(sections), data, tuple(fields), shape)


class DocumentMemory:
    """The documents of earlier builds, in the render cache, for one way of reading them."""

    def __init__(self, cache: RenderCache, reading: str) -> None:
        self.cache, self.reading = cache, reading
        self.keys: dict[str, bytes] = {}

    def recall(self, sources: Sequence[SourceFile]) -> dict[str, Document]:
        """The remembered documents among `sources`, by display path."""
        self.keys = {s.display: document_key(s, self.reading) for s in sources}
        stored = self.cache.documents(list(self.keys.values()), Document.decode)
        return {display: stored[key] for display, key in self.keys.items() if key in stored}

    def remember(
        self,
        fresh: Mapping[str, tuple[list[Section], list[Question], str]],
        fields: Mapping[tuple[str, int], Fields],
        diagnostics: Diagnostics,
    ) -> None:
        """Store each document read in this build that had no finding and holds no image.

        `fields` are the HTML fields of each rendered question, by display path and line.
        """
        noted = {item.location.path for item in diagnostics.items}
        entries = []
        for display, (sections, questions, shape) in fresh.items():
            if display in noted or display not in self.keys:
                continue
            texts = (text for q in questions for text in (q.title, q.answer, q.extra))
            if any(uses_media(text) for text in texts):
                continue  # an image's file can change with the text unchanged
            rendered = [fields.get((display, q.line)) for q in questions]
            if None in rendered:
                continue
            document = document_of(sections, questions, rendered, shape)  # type: ignore[arg-type]
            entries.append((self.keys[display], document.encode))
        self.cache.put_documents(entries)  # encoded one at a time as they are written
