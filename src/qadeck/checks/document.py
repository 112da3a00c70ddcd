"""The checks `check` and `build` share: every finding about the sources before anything is written.

Both commands run the same steps (read, outline, deck, these checks, render) and differ only in
what happens afterwards, so a clean `qadeck check` means `qadeck build` will not complain. The
checks write into nothing they were given: they return what they found (see Checked).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from qadeck.checks.landmarks import Landmarks, check_document, landmarks
from qadeck.checks.renderable import prose_lines, unrenderable
from qadeck.deck.model import Deck
from qadeck.diagnostics import Diagnostic, Diagnostics
from qadeck.shapes.read import Inputs
from qadeck.sources.config import CheckSettings, word_limit

# A word is a run of non-space characters holding at least one letter or digit; the match is
# tried once per run, from its start, so the count takes linear time whatever the text.
WORD = re.compile(r"(?<!\S)\S*?\w")


PartId = tuple[str, int]  # a part by its document's display path and its first line


@dataclass(frozen=True)
class Checked:
    """What the checks gave: the deck without the questions too deep to render, and for each
    part read in this build (by document and first line) its landmarks (see checks.landmarks)
    and the findings about its questions."""

    deck: Deck
    parts: dict[PartId, tuple[tuple[Any, ...], tuple[Diagnostic, ...]]]


def check_inputs(
    inputs: Inputs,
    diagnostics: Diagnostics,
    settings: CheckSettings,
    remembered: Mapping[PartId, tuple[Any, ...]] | None = None,
) -> Checked:
    """Run the document checks; return the deck without questions too deep to render.

    A part taken from memory (one without an outline) is not checked again: its landmarks are
    `remembered`, and its questions are left out of the question checks.
    """
    remembered = remembered or {}
    found: dict[PartId, tuple[tuple[Any, ...], list[Diagnostic]]] = {}
    skip: set[tuple[str, int]] = set()
    for document in inputs.documents:
        display = document.source.display
        places = []
        for part in document.parts:
            if part.outline is None:
                marks = remembered[(display, part.line)]
                skip.update((display, question.line) for question in part.questions)
            else:
                marks = tuple(landmarks(part.outline, part.line, part.place.after))
                found[(display, part.line)] = (marks, [])
            places.append((part.line, Landmarks._make(marks)))
        check_document(document.source, places, diagnostics)
    documents = {document.source.display: document for document in inputs.documents}
    limit = word_limit(settings, inputs.sources.config)
    deep: set[int] = set()
    for index, question in enumerate(inputs.deck.questions):
        display = question.source.display
        if (display, question.line) in skip:
            continue  # remembered: its findings are reported again by whoever remembers it
        before = len(diagnostics.items)
        # No more words than whitespace-separated tokens: most answers need no counting.
        answer = question.answer
        if limit and len(answer.split()) > limit and (count := answer_words(answer)) > limit:
            diagnostics.warning(
                question.location,
                f"answer has {count} words (limit {limit}): "
                "move the detail below <!-- more --> or split the question",
            )
        if unrenderable(question, diagnostics):
            deep.add(index)
        if len(diagnostics.items) > before:
            document = documents[display]
            part = document.parts[document.part_index(question.line)]
            found[(display, part.line)][1].extend(diagnostics.items[before:])
    questions = tuple(q for i, q in enumerate(inputs.deck.questions) if i not in deep)
    parts = {where: (marks, tuple(kept)) for where, (marks, kept) in found.items()}
    return Checked(replace(inputs.deck, questions=questions), parts)


def answer_words(markdown: str) -> int:
    """Words of an answer as a reader sees them: code blocks and bare punctuation left out."""
    if "```" in markdown or "~~~" in markdown or "<!--" in markdown:
        markdown = "\n".join(line for _, line in prose_lines(markdown.split("\n")))
    return len(WORD.findall(markdown))
