"""Read every source into the deck model: files, each document in its shape (see parts),
and the questions of all of them made into one deck.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from qadeck.deck.model import Account, Deck, Question
from qadeck.deck.names import deck_identity, root_name
from qadeck.diagnostics import Diagnostics, Location
from qadeck.shapes.items import UNANSWERED
from qadeck.shapes.parts import DocumentReading, OnRead, read_documents
from qadeck.sources.files import EVERY_FILE, Selection, SourceFile, SourceSet, read_sources

# Reads every document of a set in a style (None: each its detected shape), handing the
# questions of each part read to the callback: shapes.parts.read_documents, or a reader that
# remembers documents between builds (see incremental.reading).
DocumentReader = Callable[
    [SourceSet, str | None, Diagnostics, OnRead | None], Sequence[DocumentReading]
]


def make_deck(
    sources: SourceSet,
    documents: Sequence[DocumentReading],
    diagnostics: Diagnostics,
    deck_name: str | None = None,
) -> Deck:
    """Turn the documents read into one deck of sections and questions."""
    title = documents[0].title if sources.single_document and documents else None
    name = root_name(sources, title, deck_name, diagnostics)
    identity = deck_identity(sources, diagnostics)
    sections: list[tuple[str, ...]] = []
    questions: list[Question] = []
    for document in documents:
        for part in document.parts:
            if document.shape == "outline" and document.source.vault is None:
                sections.extend(part.sections)  # each section heading, as the outline reads it
            else:  # a section the shapes read once, however many documents hold it
                sections.extend(s for s in part.sections if s not in sections)
            questions.extend(part.questions)
    return Deck(
        name,
        identity,
        tuple(sections),
        unique_keys(questions, diagnostics),
        sources.config.section_numbers,
        sources.config.source_url,
        reversed=sources.config.reversed,
        style=sources.style,
    )


def unique_keys(questions: list[Question], diagnostics: Diagnostics) -> tuple[Question, ...]:
    """Give every question a distinct key: duplicate explicit keys are errors."""
    first: dict[str, Question] = {}
    seen: dict[str, int] = {}
    result: list[Question] = []
    for question in questions:
        key = question.key
        earlier = first.get(key)
        if earlier is not None:
            if question.explicit or earlier.explicit:
                diagnostics.error(
                    question.location,
                    f"duplicate key {{#{key}}}: also used by {earlier.location}",
                )
                continue
            seen[key] += 1
            key = f"{key}~{seen[key]}"
            diagnostics.warning(
                question.location,
                f"duplicate question (also at {earlier.location}): "
                f"kept as a separate note with key {{#{key}}}, told apart from the other "
                "copies by its section and its answer; give each copy a {#key} of its own "
                "to pin its note",
            )
            question = replace(question, key=key)
        else:
            first[key] = question
            seen[key] = 1
        result.append(question)
    return tuple(result)


# Anki separates a note's fields with U+001F; other C0 controls are noise from binary files.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")


CONTROL_CHARACTERS = [chr(code) for code in (*range(0x09), *range(0x0B, 0x20))]


@dataclass(frozen=True)
class Inputs:
    """Everything read from the sources: the files, each document as read, and the deck.

    Parts of documents remembered from an earlier build (see incremental.reading) have no
    outline and their questions no Markdown: they are neither read nor checked again.
    """

    sources: SourceSet
    documents: tuple[DocumentReading, ...]
    deck: Deck

    @property
    def accounts(self) -> tuple[Account, ...]:
        """What each document gave, in order."""
        return tuple(document.account for document in self.documents)

    def without_outlines(self) -> Inputs:
        """The same, without the outlines of the parts read (which only the checks need)."""
        documents = tuple(
            replace(document, parts=tuple(replace(part, outline=None) for part in document.parts))
            if any(part.outline is not None for part in document.parts)
            else document
            for document in self.documents
        )
        return replace(self, documents=documents)

    @property
    def file_count(self) -> int:
        """How many Markdown files were looked at, including those that could not be read."""
        return len(self.sources.files) + len(self.sources.skipped)


def read_inputs(
    paths: Sequence[Path],
    diagnostics: Diagnostics,
    deck_name: str | None = None,
    style: str | None = None,
    reader: DocumentReader = read_documents,
    on_read: OnRead | None = None,
    selection: Selection = EVERY_FILE,
) -> Inputs:
    """Read and parse every source into the deck model, collecting every finding.

    The documents are read by `reader`, which hands the questions of each part it reads to
    `on_read` as it reads them.
    """
    source_set = read_sources(paths, diagnostics, selection)
    files = tuple(_without_controls(source, diagnostics) for source in source_set.files)
    source_set = replace(source_set, files=files)
    # Detecting a document's shape costs more than reading it; a declared deck needs none.
    # A vault's notes are read in their shapes (a plugin's cards) even with a deck.toml.
    declared = source_set.config.declared and source_set.vault is None
    style = style or ("outline" if declared else None)
    documents = tuple(reader(source_set, style, diagnostics, on_read))
    deck = make_deck(source_set, documents, diagnostics, deck_name)
    if not deck.questions and not diagnostics.errors:
        read_names = ", ".join(f.display for f in files) or "none"
        where = files[0].display if len(files) == 1 else str(paths[0])
        left = f"; {source_set.left_out} not tagged as asked" if source_set.left_out else ""
        unanswered = any(d.message.startswith(UNANSWERED) for d in diagnostics.warnings)
        found = "no question with an answer found" if unanswered else "no questions found"
        diagnostics.error(Location(where), f"{found} (files read: {read_names}{left})")
    return Inputs(source_set, documents, deck)


def _without_controls(source: SourceFile, diagnostics: Diagnostics) -> SourceFile:
    if not any(char in source.text for char in CONTROL_CHARACTERS):  # a search each, in C
        return source
    found = CONTROL.search(source.text)
    assert found is not None
    line = source.text.count("\n", 0, found.start()) + 1
    col = found.start() - (source.text.rfind("\n", 0, found.start()) + 1) + 1
    count = len(CONTROL.findall(source.text))
    noun = "character" if count == 1 else "characters"
    diagnostics.warning(
        Location(source.display, line, col),
        f"removed {count} control {noun} (first U+{ord(found[0]):04X}); "
        "Anki notes cannot hold them",
    )
    return replace(source, text=CONTROL.sub("", source.text))
