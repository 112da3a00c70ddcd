"""What is worth telling the user after a command reads the sources, beside its findings."""

from __future__ import annotations

from collections.abc import Sequence

from qadeck.deck.model import Account

# Clean documents in a converted shape named one by one; past this, counted per shape.
FEW_DOCUMENTS = 3


def worth_telling(accounts: Sequence[Account]) -> list[Account]:
    """The documents a build names: those with stretches skipped, and those read in a converted
    shape; past a few of the latter, one line per shape counts them together.

    A deck in qadeck's own format, with nothing skipped, is told by the summary line alone.
    """
    skipped = [a for a in accounts if a.unanswered or a.other]
    converted = [a for a in accounts if a.shape != "outline" and not (a.unanswered or a.other)]
    if len(converted) > FEW_DOCUMENTS:
        shapes = dict.fromkeys(a.shape for a in converted)
        converted = [
            Account(
                f"{len(same)} documents",
                shape,
                sum(a.questions for a in same),
                sum(a.notes for a in same),
            )
            for shape in shapes
            for same in [[a for a in converted if a.shape == shape]]
        ]
    told = {id(a) for a in skipped}
    return [a for a in accounts if id(a) in told] + converted
