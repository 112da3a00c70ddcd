"""The checks `check` and `build` share: every finding about the sources before anything is written.

Both commands run the same steps (read, outline, deck, these checks, render) and differ only in
what happens afterwards, so a clean `qadeck check` means `qadeck build` will not complain.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from qadeck.checks.anchors import (
    PageLink,
    heading_anchors,
    html_ids,
    list_headings,
    loose_anchors,
    page_links,
)
from qadeck.checks.renderable import prose_lines, unrenderable
from qadeck.deck.model import Deck
from qadeck.diagnostics import Diagnostics, Location
from qadeck.shapes.read import Inputs
from qadeck.sources.config import CheckSettings, word_limit
from qadeck.sources.files import SourceFile
from qadeck.sources.outline import Block, Outline

# A heading's tail on a line of its own: indented by 1-3 spaces, or led by a joining word.
CONTINUATION = re.compile(
    r"^(?: {1,3}\S|(?:vs\.?|versus|and|or|of|in|for|with|to|on|at|by|from|the|a|an)\s+\S)"
)


BLOCK_START = re.compile(r"^\s*(?:[-*+>#|<\[!`~]|\d+[.)])")


# A word is a run of non-space characters holding at least one letter or digit; the match is
# tried once per run, from its start, so the count takes linear time whatever the text.
WORD = re.compile(r"(?<!\S)\S*?\w")


def check_inputs(inputs: Inputs, diagnostics: Diagnostics, settings: CheckSettings) -> Deck:
    """Run the document checks; return the deck without questions too deep to render."""
    remembered = inputs.remembered
    for source, outline in zip(inputs.sources.files, inputs.outlines, strict=True):
        if source.display in remembered:
            continue
        if outline.unclosed_fence is not None:
            diagnostics.warning(
                Location(source.display, outline.unclosed_fence),
                "code block opened here is never closed; it swallows the rest of the file",
            )
        if outline.unclosed_comment is not None:
            diagnostics.warning(
                Location(source.display, outline.unclosed_comment),
                "HTML comment opened here is never closed; it hides the rest of the file",
            )
        anchors = heading_anchors(_heading_texts(source, outline)) | html_ids(source.text)
        links = list(page_links(outline.link_lines))
        broken = _broken_headings(source, outline, anchors, links, diagnostics)
        _dead_links(source, anchors, links, broken, diagnostics)
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


def _heading_texts(source: SourceFile, outline: Outline) -> Iterator[str]:
    """Each heading as GitHub sees it, in document order: the title, with its `{#key .class}`
    still part of the text, and headings inside list items (`1. ### What is X?`) too."""
    listed = list_headings(source.text)
    for block in outline.blocks:
        heading = block.heading
        if heading is not None:
            while listed and listed[0][0] < heading.line:
                yield listed.pop(0)[1]
            key = heading.key
            attributes = [f"#{key}"] * bool(key) + [f".{name}" for name in heading.classes]
            yield f"{heading.title} {{{' '.join(attributes)}}}" if attributes else heading.title
            if key:
                yield key
    yield from (title for _, title in listed)


def _broken_headings(
    source: SourceFile,
    outline: Outline,
    anchors: set[str],
    links: list[PageLink],
    diagnostics: Diagnostics,
) -> dict[str, int]:
    """Warn about `## Stream Processing` + blank + ` vs Batch Processing`; map joined anchors."""
    linked = {link.anchor.lower() for link in links}
    joined_anchors: dict[str, int] = {}
    blocks = outline.blocks
    for index, block in enumerate(blocks):
        heading = block.heading
        following = blocks[index + 1].heading if index + 1 < len(blocks) else None
        if heading is None or not heading.title or heading.title[-1] in ".?!:;":
            continue
        if following is not None and following.level > heading.level:
            continue  # a section: text under it introduces it
        found = _continuation(block)
        if found is None:
            continue
        offset, text, alone = found
        joined = f"{heading.title} {text.strip()}"
        anchor = heading_anchors([joined]).pop()
        if not (alone or (anchor in linked and anchor not in anchors)):
            continue
        joined_anchors[anchor] = heading.line
        diagnostics.warning(
            Location(source.display, heading.line),
            f"heading looks broken across lines (line {block.body_line + offset} continues it); "
            f'did you mean "{"#" * heading.level} {joined}"?',
        )
    return joined_anchors


def _continuation(block: Block) -> tuple[int, str, bool] | None:
    """The body's first paragraph when it is one short line that reads like more title."""
    lines = block.body.split("\n")
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None or (start + 1 < len(lines) and lines[start + 1].strip()):
        return None
    text = lines[start]
    if (
        not CONTINUATION.match(text)
        or BLOCK_START.match(text)
        or text.rstrip()[-1] in ".!:;,"
        or len(text.split()) > 8
    ):
        return None
    alone = not any(line.strip() for line in lines[start + 1 :])
    return start, text, alone


def _dead_links(
    source: SourceFile,
    anchors: set[str],
    links: list[PageLink],
    broken: dict[str, int],
    diagnostics: Diagnostics,
) -> None:
    loose: dict[str, str] | None = None
    for link in links:
        anchor = link.anchor.lower()
        if not anchor or anchor in anchors:
            continue
        if loose is None:
            loose = loose_anchors(anchors)
        hint = ""
        if anchor in broken:
            hint = f" (the heading at line {broken[anchor]} looks broken across lines)"
        elif (near := loose.get(anchor.replace("-", ""))) is not None:
            hint = f" (did you mean #{near}?)"
        diagnostics.warning(
            Location(source.display, link.line, link.col),
            f"link to #{link.anchor} matches no heading{hint}",
        )
