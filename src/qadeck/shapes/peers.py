"""Peers: when the headings of one level nearly all ask, they are the document's questions,
and everything below each of them, deeper headings included, is its answer."""

from __future__ import annotations

from collections.abc import Sequence

from qadeck.shapes.markup import Head, is_answer_part, looks_like_question, strip_number

PEERS = 0.9  # the share of one level's headings that must ask
FEWEST = 3  # a level of fewer headings says nothing of the others


def asks(title: str) -> bool:
    """Whether a heading asks: a question, or one labelled as such (`Q. Monolith vs …`)."""
    label = strip_number(title)[0] or ""
    return looks_like_question(title) or any(char.isalpha() for char in label)


def question_level(heads: Sequence[Head]) -> int | None:
    """The shallowest level whose headings nearly all ask, if any: the level of the questions."""
    levels = sorted({head.level for head in heads})
    for level in levels:
        peers = [head for head in heads if head.level == level]
        asking = sum(asks(head.title) for head in peers)
        if len(peers) >= FEWEST and asking >= PEERS * len(peers):
            return None if _nested_questions(heads, level) else level
    return None


def _nested_questions(heads: Sequence[Head], level: int) -> bool:
    """Whether the headings below the questions' level ask too (the parts of an answer, such
    as "Further information", apart): then they are questions of their own, nested."""
    below = [h for h in heads if h.level > level and not is_answer_part(h.title)]
    return len(below) >= FEWEST and sum(asks(h.title) for h in below) >= PEERS * len(below)


def folds(head: Head, children: Sequence[Head], peers: int | None = None) -> bool:
    """Whether the sub-headings are parts of this question's answer rather than questions.

    At the level of the questions (`peers`) they are, unless one is numbered as the next
    question (`### Q4`, then `##### 5 - …`); elsewhere, when none is numbered and they only
    name parts of an answer, or the heading asks and they do not."""
    if head.level == peers:
        following = None if head.number is None else head.number + 1
        return following is None or all(child.number != following for child in children)
    if any(child.listed or child.number is not None for child in children):
        return False
    if all(is_answer_part(child.title) for child in children):
        return True
    return looks_like_question(head.title) and not any(
        looks_like_question(child.title) for child in children
    )
