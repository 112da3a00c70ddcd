"""A question reworded in Anki, written into its heading line, keeping its note.

A note's GUID comes from the question's key: an explicit `{#key}`, else the question's text
folded (see deck.identity). When the new text folds to another key, the heading gets the old
key written out, `{#key}`, the syntax the project already has for a reworded question (joined
with `{.reversed}` when the heading has it): the note keeps its identity, and no random id ever
enters the file. The rest of the line (its hashes, attributes, closing hashes) stays.
"""

from __future__ import annotations

from qadeck.deck.identity import question_key
from qadeck.deck.model import Question
from qadeck.sources.headings import ATTRIBUTES, ATX_HEADING


def reworded(line: str, question: Question, title: str) -> str:
    """The heading `line` of `question` with `title` for its text, and its key kept."""
    found = ATX_HEADING.match(line)
    assert found is not None and found[2] is not None, "the spot's heading is a heading"
    start = line.find(question.title, found.start(2))
    assert start >= 0, "the spot's heading holds the question's text"
    before, after = line[:start], line[start + len(question.title) :]
    if question.explicit or question_key(title) == question.key:
        return before + title + after
    attributes = ATTRIBUTES.search(after.rstrip(" \t#")) if "{" in after else None
    if attributes is not None:
        brace = after.index("{", attributes.start())
        return before + title + after[: brace + 1] + f"#{question.key} " + after[brace + 1 :]
    return before + title + f" {{#{question.key}}}" + after
