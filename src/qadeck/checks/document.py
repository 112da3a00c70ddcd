"""The checks `check` and `build` share: every finding about the sources before anything is written.

Both commands run the same steps (read, outline, deck, these checks, render) and differ only in
what happens afterwards, so a clean `qadeck check` means `qadeck build` will not complain.
"""

from __future__ import annotations

import re
from dataclasses import replace

from qadeck.checks.landmarks import Landmarks, check_document, landmarks
from qadeck.checks.renderable import prose_lines, unrenderable
from qadeck.deck.model import Deck
from qadeck.diagnostics import Diagnostics
from qadeck.shapes.read import Inputs
from qadeck.sources.config import CheckSettings, word_limit

# A word is a run of non-space characters holding at least one letter or digit; the match is
# tried once per run, from its start, so the count takes linear time whatever the text.
WORD = re.compile(r"(?<!\S)\S*?\w")


def check_inputs(inputs: Inputs, diagnostics: Diagnostics, settings: CheckSettings) -> Deck:
    """Run the document checks; return the deck without questions too deep to render.

    Each finding about a question read in this build is noted with its part (see parts); a
    remembered part's findings are reported again instead of checking it.
    """
    for document in inputs.documents:
        for part in document.parts:
            if part.landmarks is None:
                assert part.outline is not None, "a part read in this build has its outline"
                part.landmarks = tuple(landmarks(part.outline, part.line, part.after))
        places = [(part.line, Landmarks._make(part.landmarks or ())) for part in document.parts]
        check_document(document.source, places, diagnostics)
    documents = {document.source.display: document for document in inputs.documents}
    limit = word_limit(settings, inputs.sources.config)
    deep: set[int] = set()
    for index, question in enumerate(inputs.deck.questions):
        if question.html is not None:
            continue  # remembered: its findings are reported below
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
            part = documents[question.source.display].part_at(question.line)
            part.findings += [("check", found) for found in diagnostics.items[before:]]
    for document in inputs.documents:
        for part in document.parts:
            part.replay("check", diagnostics)
    questions = tuple(q for i, q in enumerate(inputs.deck.questions) if i not in deep)
    return replace(inputs.deck, questions=questions)


def answer_words(markdown: str) -> int:
    """Words of an answer as a reader sees them: code blocks and bare punctuation left out."""
    if "```" in markdown or "~~~" in markdown or "<!--" in markdown:
        markdown = "\n".join(line for _, line in prose_lines(markdown.split("\n")))
    return len(WORD.findall(markdown))
