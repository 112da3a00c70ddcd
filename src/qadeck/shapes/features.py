"""What detection compares: how many questions each shape would see in a document."""

from __future__ import annotations

from qadeck.shapes.details import find_details
from qadeck.shapes.items import CardItem
from qadeck.shapes.leaves import is_numbered, subtree_end
from qadeck.shapes.lines import list_items, question_line
from qadeck.shapes.markup import Doc, Head, is_answer_word, looks_like_question, plain, trim_answer
from qadeck.shapes.peers import folds
from qadeck.shapes.questionwords import QUESTION_END


def count_features(doc: Doc) -> dict[str, int]:
    """How many questions each shape would see: what detection compares."""
    heads = doc.heads
    leaves = [h for n, h in enumerate(heads) if subtree_end(heads, n) == n + 1]
    stops = [h.index for h in heads[1:]] + [len(doc.lines)]
    answered = sum(
        1
        for n, head in enumerate(heads)
        if subtree_end(heads, n) == n + 1 and trim_answer(doc.text(head.index + 1, stops[n]))[0]
    )
    blocks = find_details(doc)
    hidden = sum(is_answer_word(block.summary) for block in blocks)
    lines = sum(
        1
        for index, line in enumerate(doc.lines)
        if not doc.code[index] and question_line(line) is not None
    )
    cards = [item for item in list_items(doc) if isinstance(item, CardItem)]
    listed = sum(looks_like_question(card.front) for card in cards)
    folded = sum(
        1
        for n, head in enumerate(heads)
        if (end := subtree_end(heads, n)) > n + 1 and folds(head, heads[n + 1 : end])
    )
    numbered = sum(is_numbered(head) for head in heads)
    # sub-headings of a numbered question are parts of its answer, not questions of their own
    inside = _under_numbered(heads)
    loose = sum(
        1
        for n, head in enumerate(heads)
        if subtree_end(heads, n) == n + 1 and not (is_numbered(head) or inside[n])
    )
    first = doc.title or (heads[0] if heads else None)
    rest = [h for h in heads if h is not first]
    single = (
        first is not None
        and (first.level == 1 or not rest)
        and not any(h.level <= first.level for h in rest)
        and looks_like_question(first.title)
        # the answer's own sub-headings ("How it works", "1. Install") ask nothing
        and not any(QUESTION_END.search(plain(h.title)) for h in rest)
        and max(len(blocks), lines, listed) < 2
    )
    return {
        "leaves": len(leaves),
        "answered": answered,
        "details": len(blocks) - hidden,
        "answer_details": hidden,
        "lines": lines,
        "list": listed,
        "folded": folded,
        "numbered": numbered,
        "loose": loose,
        "file": int(single),
    }


def _under_numbered(heads: tuple[Head, ...]) -> list[bool]:
    """For each heading, whether it sits below a numbered heading of a higher level."""
    below: list[bool] = []
    open_heads: list[tuple[int, bool]] = []  # the levels above, and whether one is numbered
    for head in heads:
        while open_heads and open_heads[-1][0] >= head.level:
            open_heads.pop()
        inside = bool(open_heads) and open_heads[-1][1]
        below.append(inside)
        open_heads.append((head.level, inside or is_numbered(head)))
    return below
