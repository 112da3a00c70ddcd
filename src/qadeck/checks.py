"""The checks `check` and `build` share: every finding about the sources before anything is written.

Both commands run the same steps (read, outline, deck, these checks, render) and differ only in
what happens afterwards, so a clean `qadeck check` means `qadeck build` will not complain.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from qadeck.anchors import PageLink, heading_anchors, html_ids, loose_anchors, page_links
from qadeck.cache import RenderCache
from qadeck.deck import Deck, OutlineReader, make_deck, read_outline
from qadeck.diagnostics import Diagnostic, Diagnostics, Location, Severity
from qadeck.documents import EMPTY_OUTLINE, Document, DocumentMemory, Reading
from qadeck.outline import Block, Outline, parse_outline
from qadeck.renderable import prose_lines, unrenderable
from qadeck.sources import DeckConfig, SourceFile, SourceSet, read_sources

DEFAULT_MAX_WORDS = 200
# Anki separates a note's fields with U+001F; other C0 controls are noise from binary files.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")
CONTROL_CHARACTERS = [chr(code) for code in (*range(0x09), *range(0x0B, 0x20))]
# A heading's tail on a line of its own: indented by 1-3 spaces, or led by a joining word.
CONTINUATION = re.compile(
    r"^(?: {1,3}\S|(?:vs\.?|versus|and|or|of|in|for|with|to|on|at|by|from|the|a|an)\s+\S)"
)
BLOCK_START = re.compile(r"^\s*(?:[-*+>#|<\[!`~]|\d+[.)])")
# A word is a run of non-space characters holding at least one letter or digit; the match is
# tried once per run, from its start, so the count takes linear time whatever the text.
WORD = re.compile(r"(?<!\S)\S*?\w")


@dataclass(frozen=True)
class CheckSettings:
    """Options of the checks: `max_words` None means deck.toml or the default, 0 means off."""

    max_words: int | None = None
    strict: bool = False


DEFAULT_SETTINGS = CheckSettings()


@dataclass(frozen=True)
class Inputs:
    """Everything read from the sources: the files, their outlines and the deck made of them.

    Documents remembered from an earlier build (see documents) have an empty outline here and
    no findings: they are neither read nor checked again.
    """

    sources: SourceSet
    outlines: tuple[Outline, ...]
    deck: Deck
    reading: Reading | None = None
    memory: DocumentMemory | None = None

    @property
    def file_count(self) -> int:
        """How many Markdown files were looked at, including those that could not be read."""
        return len(self.sources.files) + len(self.sources.skipped)

    @property
    def remembered(self) -> Mapping[str, Document]:
        """The documents taken from memory, by display path."""
        return self.reading.remembered if self.reading is not None else {}


def read_inputs(
    paths: Sequence[Path],
    diagnostics: Diagnostics,
    deck_name: str | None = None,
    style: str | None = None,
    settings: CheckSettings | None = None,
    cache: RenderCache | None = None,
) -> Inputs:
    """Read and parse every source into the deck model, collecting every finding.

    With a cache (and `settings`, which the checks of a document depend on), documents that
    an earlier build found clean are taken from memory instead.
    """
    source_set = read_sources(paths, diagnostics)
    files = tuple(_without_controls(source, diagnostics) for source in source_set.files)
    source_set = replace(source_set, files=files)
    # Detecting a document's shape costs more than reading it; a declared deck needs none.
    style = style or ("outline" if source_set.config.declared else None)
    memory = None
    if cache is not None and settings is not None and not source_set.single_document:
        limit = word_limit(settings, source_set.config)
        memory = DocumentMemory(cache, f"style={style} max-words={limit}")
    remembered = memory.recall(files) if memory is not None else {}
    outlines = tuple(
        EMPTY_OUTLINE if source.display in remembered else parse_outline(source.text)
        for source in files
    )
    if style == "outline":
        read: OutlineReader = read_outline
    else:
        from qadeck.shapes import reader  # detection takes time to load too: only if needed

        read = reader(style)
    reading = Reading(read, remembered)
    deck = make_deck(source_set, outlines, diagnostics, deck_name, reading)
    if not deck.questions and not diagnostics.errors:
        read_names = ", ".join(f.display for f in files) or "none"
        where = files[0].display if len(files) == 1 else str(paths[0])
        diagnostics.error(Location(where), f"no questions found (files read: {read_names})")
    return Inputs(source_set, outlines, deck, reading, memory)


def word_limit(settings: CheckSettings, config: DeckConfig) -> int:
    """The answer word limit: the option, else deck.toml's, else the default (0: no limit)."""
    if settings.max_words is not None:
        return settings.max_words
    if config.max_words is not None:
        return config.max_words
    return DEFAULT_MAX_WORDS


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


def check_output(target: Path, diagnostics: Diagnostics) -> None:
    """Refuse an output path that is a folder, a device or in a folder we cannot write."""
    where = Location(str(target))
    try:
        if target.is_dir():
            diagnostics.error(where, "output path is a folder")
            return
        if target.exists() and not target.is_file():
            diagnostics.error(where, "output path exists and is not a regular file")
            return
        folder = target.parent
        while not folder.exists():
            folder = folder.parent
        if not folder.is_dir():
            diagnostics.error(where, f"cannot write: {folder} is not a folder")
        elif not os.access(folder, os.W_OK | os.X_OK):
            diagnostics.error(where, f"cannot write: folder {folder} is not writable")
    except OSError as exc:
        diagnostics.error(where, f"cannot write: {exc.strerror or exc}")


def finish(diagnostics: Diagnostics, inputs: Inputs, strict: bool) -> None:
    """Give every finding a column, put them in file and line order, apply `--strict`."""
    rank = {source.display: i for i, source in enumerate(inputs.sources.files)}
    files = {source.display: source for source in inputs.sources.files}
    items = []
    for item in diagnostics.items:
        where = item.location
        if where.line is not None and where.col is None and where.path in files:
            lines = files[where.path].lines  # split only for files with findings
            text = lines[where.line - 1] if where.line <= len(lines) else ""
            where = replace(where, col=len(text) - len(text.lstrip()) + 1)
        severity = Severity.ERROR if strict else item.severity
        items.append(Diagnostic(severity, where, item.message))
    items.sort(key=lambda d: (rank.get(d.location.path, -1), d.location.line or 0))
    diagnostics.items[:] = items


def answer_words(markdown: str) -> int:
    """Words of an answer as a reader sees them: code blocks and bare punctuation left out."""
    if "```" in markdown or "~~~" in markdown or "<!--" in markdown:
        markdown = "\n".join(line for _, line in prose_lines(markdown.split("\n")))
    return len(WORD.findall(markdown))


def _without_controls(source: SourceFile, diagnostics: Diagnostics) -> SourceFile:
    if not any(char in source.text for char in CONTROL_CHARACTERS):  # a search each, in C
        return source
    found = CONTROL.search(source.text)
    assert found is not None
    line = source.text.count("\n", 0, found.start()) + 1
    col = found.start() - (source.text.rfind("\n", 0, found.start()) + 1) + 1
    count = len(CONTROL.findall(source.text))
    noun = "character" if count == 1 else "characters"
    diagnostics.warning(
        Location(source.display, line, col),
        f"removed {count} control {noun} (first U+{ord(found[0]):04X}); "
        "Anki notes cannot hold them",
    )
    return replace(source, text=CONTROL.sub("", source.text))


def _heading_texts(source: SourceFile, outline: Outline) -> Iterator[str]:
    """Each heading as GitHub sees it: the title, with a `{#key}` still part of the text."""
    for block in outline.blocks:
        if block.heading is not None:
            key = block.heading.key
            yield f"{block.heading.title} {{#{key}}}" if key else block.heading.title
            if key:
                yield key


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
