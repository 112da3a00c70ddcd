"""One question per file: the files shape, and the folders whose files are read in it.

Where nearly every file of a folder holds one question, whether its name asks or its one top
heading does, each file of the folder is one question (the readings are weighed with that as
evidence, see choose); its sub-headings are parts of its answer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from pathlib import PurePosixPath

from qadeck.shapes.items import Item, SectionItem
from qadeck.shapes.leaves import heading_card
from qadeck.shapes.markup import Doc, Head, is_boilerplate, looks_like_question, trim_answer
from qadeck.shapes.peers import asks
from qadeck.sources.files import SourceFile
from qadeck.sources.headings import heading_marks, parse_heading

NEARLY_EVERY = 0.75  # the share of a folder's files that must hold one question
FEWEST_FILES = 3  # fewer files say nothing of the folder


def asking_name(source: SourceFile) -> str | None:
    """The file's name when it asks (`What do you know about Flow.md`, `what-is-a-pod.md`),
    else None."""
    stem = PurePosixPath(source.name).stem
    name = stem if " " in stem else " ".join(stem.replace("_", "-").split("-"))
    return name if looks_like_question(name) else None


def read_file(source: SourceFile, doc: Doc) -> list[Item]:
    """The document's first heading is the question, everything below it the answer; the
    file's name is the question when it asks and the heading only names a topic, and so is
    a sub-heading that asks right below a title that does not (`# Question 3 - Classes`)."""
    head = doc.title or (doc.heads[0] if doc.heads else None)
    if head is None:
        return []
    folders = PurePosixPath(source.name).parent.parts
    items: list[Item] = [SectionItem(level, part, 1) for level, part in enumerate(folders, 1)]
    card = heading_card(doc, head, len(doc.lines))
    if not looks_like_question(card.front):
        if (name := asking_name(source)) is not None:
            card = replace(card, front=name)  # the file's name asks what its heading names
        elif (asked := _question_below(doc, head)) is not None:
            card = heading_card(doc, asked, len(doc.lines))
    return [*items, replace(card, level=None)]


def _question_below(doc: Doc, head: Head) -> Head | None:
    """The sub-heading right below a heading, with no text between them, when it asks."""
    below = [other for other in doc.heads if other.index > head.index]
    if not below or below[0].level <= head.level or not looks_like_question(below[0].title):
        return None
    return None if trim_answer(doc.text(head.index + 1, below[0].index))[0] else below[0]


def holds_one_question(source: SourceFile) -> bool:
    """Whether a file is one question: its name asks, or its one top heading (besides
    "Contents", "License" and the like) does."""
    if asking_name(source) is not None:
        return True
    marks = heading_marks(source.text)
    heads = [parse_heading(level, raw, line) for _, line, level, raw in marks]
    heads = [head for head in heads if not is_boilerplate(head.title)]
    if not heads:
        return False
    top = min(head.level for head in heads)
    tops = [head for head in heads if head.level == top]
    return len(tops) == 1 and asks(tops[0].title)


def one_question_files(files: Sequence[SourceFile]) -> frozenset[str]:
    """The names of the files of the folders in which nearly every file is one question."""
    by_folder: dict[PurePosixPath, list[SourceFile]] = defaultdict(list)
    for source in files:
        if source.vault is None:
            by_folder[PurePosixPath(source.name).parent].append(source)
    return frozenset(
        source.name
        for sources in by_folder.values()
        if len(sources) >= FEWEST_FILES
        and sum(holds_one_question(source) for source in sources) >= NEARLY_EVERY * len(sources)
        for source in sources
    )
