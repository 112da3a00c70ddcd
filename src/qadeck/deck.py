"""The deck model: sections and questions from the outlines, and every id they will carry."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from qadeck.diagnostics import Diagnostics, Location
from qadeck.outline import FENCE, Block, Outline, closes_fence
from qadeck.sources import SourceFile, SourceSet

FIRST_TEXT = re.compile(r"^.*\S", re.MULTILINE)
MORE_MARKER = re.compile(r"^ {0,3}<!--\s*more\s*-->\s*$", re.IGNORECASE)
SECTION_SEPARATOR = " › "


@dataclass(frozen=True)
class Question:
    """One future note: front and back as Markdown, where it sits, and where it came from.

    A question of a document remembered from an earlier build (see documents) comes with the
    HTML of its title, answer and extra part in `html`, and without their Markdown: `answer`
    and `extra` are empty, as nothing is rendered or checked again.
    """

    title: str
    key: str
    explicit: bool
    answer: str
    extra: str
    section: tuple[str, ...]
    context: tuple[str, ...]
    source: SourceFile
    line: int
    answer_line: int
    html: tuple[str, str, str] | None = None

    @property
    def location(self) -> Location:
        return Location(self.source.display, self.line)


OutlineReader = Callable[
    [SourceFile, Outline, bool, list[tuple[str, ...]], list[Question], Diagnostics], None
]


@dataclass(frozen=True)
class Deck:
    """The root deck: its name, the identity that seeds every GUID, sections and questions."""

    name: str
    identity: str
    sections: tuple[tuple[str, ...], ...]
    questions: tuple[Question, ...]

    def full_name(self, section: tuple[str, ...]) -> str:
        """Anki's name for the deck of a section: `Root::Section::Sub`."""
        return "::".join((self.name, *section))

    def tag(self, section: tuple[str, ...]) -> str:
        """The hierarchical tag for a section path, rooted at the deck's name."""
        return "::".join(_tag_part(part) for part in (self.name, *section))

    def guid(self, question: Question) -> str:
        """The note's GUID: the deck's identity and the question's key, nothing else."""
        return note_guid(self.identity, question.key)


def note_guid(identity: str, key: str) -> str:
    """A stable Anki GUID (base91, like Anki's own) from the deck identity and question key."""
    digest = hashlib.sha256(f"qadeck\x1f{identity}\x1f{key}".encode()).digest()
    return _base91(int.from_bytes(digest[:8], "big"))


def deck_id(full_name: str) -> int:
    """A 63-bit id from the full deck name (Anki matches decks by name; ids must only differ)."""
    digest = hashlib.sha256(f"qadeck-deck\x1f{full_name}".encode()).digest()
    return max(int.from_bytes(digest[:8], "big") >> 1, 2)


def question_key(title: str) -> str:
    """A slug that survives changes of case, quotes, punctuation and Markdown emphasis."""
    text = unicodedata.normalize("NFKC", title).casefold()
    text = re.sub(r"[^\w]+|_+", "-", text)
    return text.strip("-") or "untitled"


def slug(text: str) -> str:
    """A file-name slug: `MLOps Questions` -> `mlops-questions`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "deck"


def make_deck(
    sources: SourceSet,
    outlines: Sequence[Outline],
    diagnostics: Diagnostics,
    deck_name: str | None = None,
    read: OutlineReader | None = None,
) -> Deck:
    """Turn the outline of every source into one deck of sections and questions."""
    title = None
    if sources.single_document and outlines:
        title = _document_title(outlines[0])
    name = deck_name or sources.config.name or title or sources.fallback_name
    identity = sources.config.identity or slug(name)
    sections: list[tuple[str, ...]] = []
    questions: list[Question] = []
    for source, outline in zip(sources.files, outlines, strict=True):
        (read or read_outline)(source, outline, title is not None, sections, questions, diagnostics)
    return Deck(deck_part(name), identity, tuple(sections), _unique_keys(questions, diagnostics))


def read_outline(
    source: SourceFile,
    outline: Outline,
    has_title: bool,
    sections: list[tuple[str, ...]],
    questions: list[Question],
    diagnostics: Diagnostics,
) -> None:
    """The native format: a heading with sub-headings is a section, one without is a question."""
    blocks = [b for b in outline.blocks if b.heading is not None]
    if has_title:
        blocks = blocks[1:]
    _walk(source, blocks, sections, questions, diagnostics)


def _document_title(outline: Outline) -> str | None:
    headings = [b.heading for b in outline.blocks if b.heading is not None]
    if headings and headings[0].level == 1 and sum(h.level == 1 for h in headings) == 1:
        return headings[0].title
    return None


def _walk(
    source: SourceFile,
    blocks: list[Block],
    sections: list[tuple[str, ...]],
    questions: list[Question],
    diagnostics: Diagnostics,
) -> None:
    stack: list[tuple[int, str]] = []
    for index, block in enumerate(blocks):
        heading = block.heading
        assert heading is not None
        while stack and stack[-1][0] >= heading.level:
            stack.pop()
        parent = tuple(title for _, title in stack)
        following = blocks[index + 1].heading if index + 1 < len(blocks) else None
        title = heading.title
        if "::" in title:
            diagnostics.warning(
                Location(source.display, heading.line),
                "'::' in a heading would split the Anki deck name; written as ':'",
            )
        if not title:
            diagnostics.warning(Location(source.display, heading.line), "empty heading skipped")
            continue
        is_section = following is not None and following.level > heading.level
        answer, extra, answer_line = split_answer(block)
        if is_section:
            section = (*parent, deck_part(title))
            sections.append(section)
            stack.append((heading.level, deck_part(title)))
            if not (answer or extra):
                continue
            context = parent
        else:
            section = context = parent
            if not (answer or extra):
                diagnostics.warning(
                    Location(source.display, heading.line), "question has no answer"
                )
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
            )
        )


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


def _unique_keys(questions: list[Question], diagnostics: Diagnostics) -> tuple[Question, ...]:
    """Give every question a distinct key: duplicate explicit keys are errors."""
    first: dict[str, Question] = {}
    seen: dict[str, int] = {}
    result: list[Question] = []
    for question in questions:
        key = question.key
        earlier = first.get(key)
        if earlier is not None:
            if question.explicit or earlier.explicit:
                diagnostics.error(
                    question.location,
                    f"duplicate key {{#{key}}}: also used by {earlier.location}",
                )
                continue
            seen[key] += 1
            key = f"{key}~{seen[key]}"
            diagnostics.warning(
                question.location,
                f"duplicate question (also at {earlier.location}): "
                f"kept as a separate note with key {{#{key}}}",
            )
            question = replace(question, key=key)
        else:
            first[key] = question
            seen[key] = 1
        result.append(question)
    return tuple(result)


def deck_part(title: str) -> str:
    """A title as one part of an Anki deck name: `::` would split it, so it becomes `:`."""
    return re.sub(r":{2,}", ":", title).strip()


def _tag_part(title: str) -> str:
    return re.sub(r"\s+", "_", deck_part(title).replace('"', ""))


_BASE91 = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"
)


def _base91(number: int) -> str:
    chars = []
    while True:
        number, digit = divmod(number, len(_BASE91))
        chars.append(_BASE91[digit])
        if number == 0:
            return "".join(reversed(chars))
