"""qadeck's own format: a heading with sub-headings is a section, one without is a
question, and the Markdown below it is its answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from qadeck.deck.identity import deck_part, question_key
from qadeck.deck.model import Account, Question
from qadeck.deck.names import clean_title
from qadeck.diagnostics import Diagnostics, Location
from qadeck.shapes.attributes import document_reversed, merged_tags, take_tags, wants_reversed
from qadeck.shapes.items import ASKS_ONLY, UNANSWERED, UNANSWERED_HINT
from qadeck.shapes.markup import looks_like_question
from qadeck.shapes.nonanswers import LINKS_ONLY, not_an_answer, shows_nothing
from qadeck.shapes.trimming import trim_answer
from qadeck.shapes.vaultnotes import is_title_block
from qadeck.sources.files import SourceFile
from qadeck.sources.headings import FENCE, Block, Outline, closes_fence
from qadeck.sources.notetext import only_links_or_tags

FIRST_TEXT = re.compile(r"^.*\S", re.MULTILINE)


MORE_MARKER = re.compile(r"^ {0,3}<!--\s*more\s*-->\s*$", re.IGNORECASE)
# Cloze markup in a heading makes a card of the heading alone (as render.cloze reads it).
CLOZE_OPENING = re.compile(r"\{\{c[\d,]*::")


def read_outline(
    source: SourceFile,
    outline: Outline,
    has_title: bool,
    sections: list[tuple[str, ...]],
    questions: list[Question],
    diagnostics: Diagnostics,
) -> Account:
    """The native format: a heading with sub-headings is a section, one without is a question."""
    reversed_document = document_reversed(source, diagnostics)
    account, _ = read_outline_part(
        source, outline, has_title, (), None, reversed_document, sections, questions, diagnostics
    )
    return account


# Each open section: its level and title, and what its questions inherit from it and the
# sections around it: tags, and whether they want a reversed card.
Stack = Sequence[tuple[int, str, tuple[str, ...], bool | None]]


def read_outline_part(
    source: SourceFile,
    outline: Outline,
    has_title: bool,
    stack: Stack,
    after: int | None,
    reversed_document: bool | None,
    sections: list[tuple[str, ...]],
    questions: list[Question],
    diagnostics: Diagnostics,
    judged: bool = False,
    asks_only: bool = False,
) -> tuple[Account, Stack]:
    """read_outline for the outline of a part of a document: the sections open where it starts
    are `stack`, `after` is the level of the heading that follows it (None at the end), and
    `reversed_document` what its front matter asks for (see options.document_reversed). Gives
    what it found and the sections open where it ends; `has_title` drops its first heading.
    A question without an answer makes no card; with `judged` (a document detected, not
    declared, to be in the outline), neither does one whose text is no answer (see nonanswers:
    a placeholder, only links, a list of questions); with `asks_only` (a document that lists
    its questions without answers), no question does.
    """
    blocks = [b for b in outline.blocks if b.heading is not None]
    if has_title:
        blocks = blocks[1:]
    open_sections = list(stack)
    first = len(questions)
    empty, unanswered = _walk(
        source, blocks, open_sections, after, reversed_document, sections, questions,
        diagnostics, judged, asks_only,
    )  # fmt: skip
    found = len(questions) - first
    account = Account(source.display, "outline", found + unanswered, found, unanswered, empty)
    return account, tuple(open_sections)


def _walk(
    source: SourceFile,
    blocks: list[Block],
    stack: list[tuple[int, str, tuple[str, ...], bool | None]],
    after: int | None,
    reversed_document: bool | None,
    sections: list[tuple[str, ...]],
    questions: list[Question],
    diagnostics: Diagnostics,
    judged: bool = False,
    asks_only: bool = False,
) -> tuple[int, int]:
    """Append the questions and sections of `blocks`; how many empty headings were skipped,
    and how many questions without an answer made no card (see read_outline_part)."""
    empty = unanswered = 0
    for index, block in enumerate(blocks):
        heading = block.heading
        assert heading is not None
        while stack and stack[-1][0] >= heading.level:
            stack.pop()
        parent = tuple(title for _, title, _, _ in stack)
        inherited_tags, inherited_reversed = stack[-1][2:] if stack else ((), reversed_document)
        following = blocks[index + 1].heading if index + 1 < len(blocks) else None
        level = following.level if following is not None else after
        title = heading.title
        if not title:
            diagnostics.warning(Location(source.display, heading.line), "empty heading skipped")
            empty += 1
            continue
        is_section = level is not None and level > heading.level
        answer, extra, answer_line = split_answer(block)
        if shows_nothing(f"{answer}\n{extra}"):
            answer = extra = ""  # an anchor for the next heading, a rule: no text of its own
        own_tags, answer, answer_line = take_tags(answer, answer_line, source.display, diagnostics)
        if source.vault is not None and not extra and only_links_or_tags(answer):
            answer = ""  # a note's links and tags are no answer (see sources.notetext)
        tags = merged_tags(inherited_tags, own_tags) if own_tags else inherited_tags
        reversed_card = inherited_reversed
        if heading.classes:
            where = Location(source.display, heading.line)
            reversed_card = wants_reversed(heading.classes, where, diagnostics) or reversed_card
        if is_section:
            name = section_name(title, Location(source.display, heading.line), diagnostics)
            section = (*parent, name) if name else parent
            if name:
                sections.append(section)
                stack.append((heading.level, name, tags, reversed_card))
            if not (extra or trim_answer(answer)[0]):
                continue  # no text of its own, or only a rule or `<br>` setting it apart
            why = not_an_answer(title, f"{answer}\n\n{extra}") if judged else None
            if why:  # a table of contents, a list of questions: no card of the section's text
                if why != LINKS_ONLY or looks_like_question(title):
                    where = Location(source.display, heading.line)
                    diagnostics.warning(where, f"{UNANSWERED}: {why}; no card made")
                    unanswered += 1
                continue
            context = parent
        else:
            section = context = parent
            if not (answer or extra) and is_title_block(block):
                continue  # a note with nothing to ask under its file name
            why = not_an_answer(title, f"{answer}\n\n{extra}") if judged else None
            if why:
                where = Location(source.display, heading.line)
                diagnostics.warning(where, f"{UNANSWERED}: {why}; no card made")
                unanswered += 1
                continue
            if not (answer or extra) and not CLOZE_OPENING.search(title):
                diagnostics.warning(Location(source.display, heading.line), UNANSWERED_HINT)
                unanswered += 1
                continue
        if asks_only:
            diagnostics.warning(Location(source.display, heading.line), ASKS_ONLY)
            unanswered += 1
            continue
        key = heading.key or question_key(title)
        questions.append(
            Question(
                title,
                key,
                heading.key is not None,
                answer,
                extra,
                section,
                context,
                source,
                heading.line,
                answer_line,
                reversed=reversed_card,
                tags=tags,
            )
        )
    return empty, unanswered


def introduced_outline(outline: Outline) -> Outline:
    """The outline of a file of a folder whose first heading is its title: the text under the
    title introduces the file, as it does a document read alone, and is no question."""
    index, first = next(
        ((n, block) for n, block in enumerate(outline.blocks) if block.heading), (0, None)
    )
    if first is None or first.heading is None or first.heading.level != 1:
        return outline
    blocks = list(outline.blocks)
    blocks[index] = Block(first.heading, "", first.body_line)
    return replace(outline, blocks=tuple(blocks))


def section_name(title: str, where: Location, diagnostics: Diagnostics) -> str:
    """A section heading as one part of a deck name: its text alone, `::` written as `:`."""
    name = clean_title(title)
    if "::" in name:
        diagnostics.warning(
            where, "'::' in a section heading would split the Anki deck name; written as ':'"
        )
    return deck_part(name)


def split_answer(block: Block) -> tuple[str, str, int]:
    """The body up to a `<!-- more -->` line is the answer, the rest is the extra part."""
    text, start, end = block.span()
    if text.find("<!--", start, end) == -1:  # no marker: all answer, from its first line with text
        found = FIRST_TEXT.search(text, start, end)
        if found is None:
            return "", "", block.body_line
        first = found.start()
        return text[first:end].rstrip(), "", block.body_line + text.count("\n", start, first)
    return split_lines(block)


def split_lines(block: Block) -> tuple[str, str, int]:
    """split_answer for any body, line by line: fences hide a marker written inside them."""
    lines = block.body.split("\n")
    fence: str | None = None
    split = len(lines)
    for index, line in enumerate(lines):
        if fence is not None:
            fence = None if closes_fence(line, fence) else fence
        elif opened := FENCE.match(line):
            fence = opened[1]
        elif MORE_MARKER.match(line):
            split = index
            break
    leading = next((i for i, line in enumerate(lines[:split]) if line.strip()), 0)
    answer = "\n".join(lines[leading:split]).rstrip()
    extra = "\n".join(lines[split + 1 :]).strip("\n").rstrip()
    return answer, extra, block.body_line + leading
