"""Read every source into the deck model: files, outlines, each document in its shape,
and the questions of all of them made into one deck.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from qadeck.cache.documents import EMPTY_OUTLINE, Document, DocumentMemory, Reading
from qadeck.deck.model import Account, Deck, OutlineReader, Question
from qadeck.deck.names import deck_identity, root_name
from qadeck.diagnostics import Diagnostics, Location
from qadeck.shapes.outline import document_title, read_outline
from qadeck.sources.config import CheckSettings, word_limit
from qadeck.sources.files import SourceFile, SourceSet, read_sources
from qadeck.sources.outline import Outline, parse_outline

if TYPE_CHECKING:
    from qadeck.render.cache import RenderCache


def make_deck(
    sources: SourceSet,
    outlines: Sequence[Outline],
    diagnostics: Diagnostics,
    deck_name: str | None = None,
    read: OutlineReader | None = None,
    accounts: list[Account] | None = None,
) -> Deck:
    """Turn the outline of every source into one deck of sections and questions; what each
    document gave is added to `accounts`."""
    title = None
    if sources.single_document and outlines:
        title = document_title(outlines[0])
    name = root_name(sources, title, deck_name, diagnostics)
    identity = deck_identity(sources, diagnostics)
    sections: list[tuple[str, ...]] = []
    questions: list[Question] = []
    for source, outline in zip(sources.files, outlines, strict=True):
        account = (read or read_outline)(
            source, outline, title is not None, sections, questions, diagnostics
        )
        if accounts is not None:
            accounts.append(account)
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
                f"kept as a separate note with key {{#{key}}}",
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
    """Everything read from the sources: the files, their outlines and the deck made of them.

    Documents remembered from an earlier build (see documents) have an empty outline here and
    no findings: they are neither read nor checked again.
    """

    sources: SourceSet
    outlines: tuple[Outline, ...]
    deck: Deck
    reading: Reading | None = None
    memory: DocumentMemory | None = None
    accounts: tuple[Account, ...] = ()  # what each document gave, in order

    @property
    def file_count(self) -> int:
        """How many Markdown files were looked at, including those that could not be read."""
        return len(self.sources.files) + len(self.sources.skipped)

    @property
    def remembered(self) -> Mapping[str, Document]:
        """The documents taken from memory, by display path."""
        return self.reading.remembered if self.reading is not None else {}


def read_inputs(
    paths: Sequence[Path],
    diagnostics: Diagnostics,
    deck_name: str | None = None,
    style: str | None = None,
    settings: CheckSettings | None = None,
    cache: RenderCache | None = None,
) -> Inputs:
    """Read and parse every source into the deck model, collecting every finding.

    With a cache (and `settings`, which the checks of a document depend on), documents that
    an earlier build found clean are taken from memory instead.
    """
    source_set = read_sources(paths, diagnostics)
    files = tuple(_without_controls(source, diagnostics) for source in source_set.files)
    source_set = replace(source_set, files=files)
    # Detecting a document's shape costs more than reading it; a declared deck needs none.
    style = style or ("outline" if source_set.config.declared else None)
    memory = None
    if cache is not None and settings is not None and not source_set.single_document:
        limit = word_limit(settings, source_set.config)
        memory = DocumentMemory(cache, f"style={style} max-words={limit}")
    remembered = memory.recall(files) if memory is not None else {}
    outlines = tuple(
        EMPTY_OUTLINE if source.display in remembered else parse_outline(source.text)
        for source in files
    )
    if style == "outline":
        read: OutlineReader = read_outline
    else:
        from qadeck.shapes.detect import reader  # detection takes time to load too: only if needed

        read = reader(style)
    reading = Reading(read, remembered)
    accounts: list[Account] = []
    deck = make_deck(source_set, outlines, diagnostics, deck_name, reading, accounts)
    if not deck.questions and not diagnostics.errors:
        read_names = ", ".join(f.display for f in files) or "none"
        where = files[0].display if len(files) == 1 else str(paths[0])
        diagnostics.error(Location(where), f"no questions found (files read: {read_names})")
    return Inputs(source_set, outlines, deck, reading, memory, tuple(accounts))


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
