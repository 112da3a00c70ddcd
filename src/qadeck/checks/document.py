"""The checks `check` and `build` share: every finding about the sources before anything is written.

Both commands run the same steps (read, outline, deck, these checks, render) and differ only in
what happens afterwards, so a clean `qadeck check` means `qadeck build` will not complain.
"""

from __future__ import annotations

import re
from dataclasses import replace

from qadeck.checks.landmarks import check_document, landmarks
from qadeck.checks.renderable import prose_lines, unrenderable
from qadeck.deck.model import Deck
from qadeck.diagnostics import Diagnostics
from qadeck.shapes.read import Inputs
from qadeck.sources.config import CheckSettings, word_limit

# A word is a run of non-space characters holding at least one letter or digit; the match is
# tried once per run, from its start, so the count takes linear time whatever the text.
WORD = re.compile(r"(?<!\S)\S*?\w")


def check_inputs(inputs: Inputs, diagnostics: Diagnostics, settings: CheckSettings) -> Deck:
    """Run the document checks; return the deck without questions too deep to render."""
    remembered = inputs.remembered
    for source, outline in zip(inputs.sources.files, inputs.outlines, strict=True):
        if source.display not in remembered:
            check_document(source, [(1, landmarks(outline, 1, None))], diagnostics)
    limit = word_limit(settings, inputs.sources.config)
    deep: set[int] = set()
    for index, question in enumerate(inputs.deck.questions):
        if question.source.display in remembered:
            continue
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
    questions = tuple(q for i, q in enumerate(inputs.deck.questions) if i not in deep)
    return replace(inputs.deck, questions=questions)


def answer_words(markdown: str) -> int:
    """Words of an answer as a reader sees them: code blocks and bare punctuation left out."""
    if "```" in markdown or "~~~" in markdown or "<!--" in markdown:
        markdown = "\n".join(line for _, line in prose_lines(markdown.split("\n")))
    return len(WORD.findall(markdown))
