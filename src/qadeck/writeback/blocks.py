"""An answer edited in Anki, block by block: the blocks Anki did not change keep the Markdown
they were written in, the others are converted back from Anki's HTML.

An answer's Markdown is cut into pieces at blank lines (outside code fences) wherever rendering
the two sides apart gives the same blocks as rendering them together; a list whose items are
apart, or a footnote and its reference, stay one piece. The pieces' rendered blocks are then
aligned with the blocks of Anki's HTML (as difflib aligns lines). A piece whose every block is
still there, in one run, is kept as written; each run of Anki's blocks that matches no kept
piece is converted, and checked: when its Markdown does not render back to the same blocks,
the blocks are written as HTML instead, when that does.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace

from qadeck.sources.headings import FENCE, closes_fence
from qadeck.writeback.canonical import top_level
from qadeck.writeback.tomarkdown import Hints, Render, to_markdown


@dataclass(frozen=True)
class Piece:
    """Markdown of an answer that renders to blocks of its own, and the text after it."""

    text: str
    blocks: tuple[str, ...]
    after: str = ""


@dataclass(frozen=True)
class Merged:
    """An answer's new Markdown, and whether each converted run renders back exactly."""

    text: str
    exact: bool


def pieces(markdown: str, render: Render) -> tuple[Piece, ...]:
    """The answer cut where its rendered blocks allow, each piece with its blocks."""
    chunks = _chunks(markdown)
    whole = top_level(render(markdown, False))
    if len(chunks) < 2:
        return (Piece(markdown, whole),) if markdown.strip() else ()
    found: list[Piece] = []
    start = 0
    for cut in range(1, len(chunks) + 1):
        if cut < len(chunks):
            head, tail = _joined_chunks(chunks[:cut]), _joined_chunks(chunks[cut:])
            if top_level(render(head, False)) + top_level(render(tail, False)) != whole:
                continue
        part = chunks[start:cut]
        body = _joined_chunks(part[:-1]) + part[-1][0]
        found.append(Piece(body, top_level(render(body, False)), part[-1][1]))
        start = cut
    if tuple(block for piece in found for block in piece.blocks) != whole:
        return (Piece(markdown, whole),)
    return tuple(found)


def _joined_chunks(chunks: list[tuple[str, str]]) -> str:
    return "".join(text + after for text, after in chunks).rstrip()


def _chunks(markdown: str) -> list[tuple[str, str]]:
    """The text between blank lines outside code fences, each with the blank lines after it."""
    found: list[tuple[list[str], list[str]]] = []
    fence: str | None = None
    for line in markdown.split("\n"):
        gap = fence is None and not line.strip()
        if fence is not None:
            fence = None if closes_fence(line, fence) else fence
        elif opened := FENCE.match(line):
            fence = opened[1]
        if gap:
            if found:
                found[-1][1].append(line)
            continue
        if not found or found[-1][1]:
            found.append(([], []))
        found[-1][0].append(line)
    return [
        ("\n".join(text), "\n" + "\n".join(after) + "\n" if after else "") for text, after in found
    ]


def merge(markdown: str, anki_html: str, hints: Hints) -> Merged:
    """The answer's Markdown made to say what Anki's HTML says, changing only what changed."""
    render = hints.render
    assert render is not None, "merging checks what it converts by rendering it"
    written = pieces(markdown, render)
    theirs = top_level(anki_html)
    ours = [(index, block) for index, piece in enumerate(written) for block in piece.blocks]
    matcher = difflib.SequenceMatcher(None, [b for _, b in ours], theirs, autojunk=False)
    matched: dict[int, int] = {}  # an Anki block -> the block of ours it is
    for tag, ours_start, ours_end, theirs_start, _ in matcher.get_opcodes():
        if tag == "equal":
            for offset in range(ours_end - ours_start):
                matched[theirs_start + offset] = ours_start + offset
    kept = _kept(written, ours, matched)
    hints = replace(hints, languages=(*fence_languages(markdown), *hints.languages))
    out: list[tuple[int | None, str]] = []  # (the piece kept, or None) and its Markdown
    run: list[str] = []
    exact = True
    for index, block in enumerate(theirs):
        piece = ours[matched[index]][0] if index in matched else None
        if piece is not None and piece in kept:
            if run:
                text, ok = _converted(run, hints)
                out.append((None, text))
                exact, run = exact and ok, []
            if not out or out[-1][0] != piece:
                out.append((piece, written[piece].text))
        else:
            run.append(block)
    if run:
        text, ok = _converted(run, hints)
        out.append((None, text))
        exact = exact and ok
    return Merged(_joined(out, written), exact)


def _kept(
    written: tuple[Piece, ...], ours: list[tuple[int, str]], matched: dict[int, int]
) -> set[int]:
    """The pieces whose every block Anki still has, in one run and in order."""
    where: dict[int, list[int]] = {}
    for theirs_index, ours_index in matched.items():
        where.setdefault(ours[ours_index][0], []).append(theirs_index)
    kept = set()
    for piece, found in where.items():
        found.sort()
        whole = len(found) == len(written[piece].blocks)
        if whole and found == list(range(found[0], found[0] + len(found))):
            kept.add(piece)
    return kept


def _converted(blocks: list[str], hints: Hints) -> tuple[str, bool]:
    """Anki's blocks as Markdown that renders back to them, else as HTML when that does."""
    assert hints.render is not None
    html = "\n".join(blocks)
    markdown = to_markdown(html, hints)
    wanted = top_level(html, same_tags=True)
    if top_level(hints.render(markdown, False), same_tags=True) == wanted:
        return markdown, True
    raw = "\n\n".join(blocks)
    if top_level(hints.render(raw, False), same_tags=True) == wanted:
        return raw, True
    return markdown, False


def _joined(out: list[tuple[int | None, str]], written: tuple[Piece, ...]) -> str:
    """The Markdown of each run, with the blank lines written between two pieces still next
    to each other, and one blank line elsewhere."""
    text = ""
    for position, (piece, markdown) in enumerate(out):
        if position:
            before = out[position - 1][0]
            follows = before is not None and piece == before + 1
            text += written[before].after if follows and before is not None else "\n\n"
        text += markdown
    return text


def fence_languages(markdown: str) -> tuple[str, ...]:
    """The languages the Markdown's fences name, to try first for a converted code block."""
    found = ((m[2].split() or [""])[0] for m in map(FENCE.match, markdown.split("\n")) if m)
    return tuple(dict.fromkeys(word.lstrip(".{") for word in found if word.strip(".{")))
