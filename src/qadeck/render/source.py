"""The Source field: where a question comes from, `file#key`, and a link to it when deck.toml
says where the sources are published (`source-url`).

The card shows the Source field only when it holds a link (card.css); the bare `file#key`
stays in the field for Anki's browser, to say which file to edit.
"""

from __future__ import annotations

import html
from urllib.parse import quote

from qadeck.deck.identity import github_anchors
from qadeck.deck.model import Deck, Question
from qadeck.sources.headings import parse_outline

# The GitHub id of each heading of a document, by line, for each document by display path.
Anchors = dict[str, dict[int, str]]


def source_field(deck: Deck, question: Question, anchors: Anchors) -> str:
    """`file#key`, linked to the question's heading under the deck's source URL if it has one."""
    text = html.escape(f"{question.source.name}#{question.key}", quote=False)
    if deck.source_url is None:
        return text
    source = question.source
    by_line = anchors.get(source.display)
    if by_line is None:
        by_line = anchors[source.display] = heading_ids(source.text)
    url = f"{deck.source_url}/{quote(source.name)}"
    anchor = by_line.get(question.line)  # a question that is no heading links to its file
    if anchor:
        url += f"#{quote(anchor)}"
    return f'<a href="{html.escape(url)}">{text}</a>'


def heading_ids(text: str) -> dict[int, str]:
    """The id GitHub gives each heading of a document, by the heading's line."""
    headings = [block.heading for block in parse_outline(text).blocks if block.heading]
    # GitHub reads no `{#key}`: the key is part of the heading's text there.
    texts = (f"{h.title} {{#{h.key}}}" if h.key else h.title for h in headings)
    return {h.line: anchor for h, anchor in zip(headings, github_anchors(texts), strict=True)}
