"""One question's edit: what Anki changed of its question, answer and extra part, as
replacements of the lines that hold them in its file.

A part is pulled when its HTML in Anki differs from what the files render (both in canonical
form, <b> taken for <strong>); the answer and the extra part block by block (see blocks), the
question as one line (see headline). Each converted part is checked by rendering it again.
"""

from __future__ import annotations

from dataclasses import dataclass

from qadeck.deck.model import Question
from qadeck.writeback.blocks import merge
from qadeck.writeback.canonical import canonical
from qadeck.writeback.headline import reworded
from qadeck.writeback.rewrite import Replacement
from qadeck.writeback.spots import Spot, content_end
from qadeck.writeback.stored import Parts
from qadeck.writeback.tomarkdown import Hints, to_markdown

MORE = "<!-- more -->"


@dataclass(frozen=True)
class QuestionEdit:
    """The lines to replace, which parts changed, and whether every converted part renders
    back to Anki's HTML exactly (as far as Markdown can say it)."""

    replacements: tuple[Replacement, ...]
    changed: tuple[str, ...]
    exact: bool = True


def differs(ours: str, theirs: str) -> bool:
    """Whether two fields' HTML say different things."""
    return ours != theirs and canonical(ours, True) != canonical(theirs, True)


def edit_question(
    question: Question, spot: Spot, lines: list[str], ours: Parts, theirs: Parts, hints: Hints
) -> QuestionEdit:
    """The replacements that make the question's lines say what Anki's parts say."""
    replacements: list[Replacement] = []
    changed: list[str] = []
    exact = True
    if differs(ours.title, theirs.title):
        title, ok = _title(theirs.title, hints)
        line = reworded(lines[spot.heading], question, title)
        replacements.append(Replacement(spot.heading, spot.heading + 1, (line,)))
        changed.append("question")
        exact = exact and ok
    if differs(ours.answer, theirs.answer):
        merged = merge(question.answer, theirs.answer, hints)
        replacements.append(_part(spot.answer, merged.text, lines))
        changed.append("answer")
        exact = exact and merged.exact
    if differs(ours.extra, theirs.extra):
        merged = merge(question.extra, theirs.extra, hints)
        replacements.extend(_extra(spot, merged.text, lines))
        changed.append("extra part")
        exact = exact and merged.exact
    return QuestionEdit(tuple(replacements), tuple(changed), exact)


def _title(html: str, hints: Hints) -> tuple[str, bool]:
    """The question's Markdown, on one line: converted, or as HTML when only that reads back."""
    assert hints.render is not None
    wanted = canonical(html, True)
    markdown = to_markdown(html, hints, inline=True)
    if canonical(hints.render(markdown, True), True) == wanted:
        return markdown, True
    raw = " ".join(html.split("\n"))
    if canonical(hints.render(raw, True), True) == wanted:
        return raw, True
    return markdown, False


def _part(span: tuple[int, int], text: str, lines: list[str]) -> Replacement:
    start, end = span
    new = tuple(text.split("\n")) if text else ()
    if start == end and new and start < len(lines) and lines[start].strip():
        new = (*new, "")  # a blank line before what follows
    return Replacement(start, end, new)


def _extra(spot: Spot, text: str, lines: list[str]) -> list[Replacement]:
    start, end = spot.extra
    if not text:  # the extra part removed in Anki: its marker goes too
        return [Replacement(spot.more, end, ())] if spot.more is not None else []
    if spot.more is not None:
        if start == end:
            return [Replacement(start, start, ("", *text.split("\n")))]
        return [_part(spot.extra, text, lines)]
    at = content_end(lines, spot)
    if at <= spot.answer[1]:
        at = spot.answer[1]
    trailing = ("",) if at < len(lines) and lines[at].strip() else ()
    return [Replacement(at, at, ("", MORE, "", *text.split("\n"), *trailing))]
