"""Notes of an Obsidian vault, read as Obsidian shows them: a note's folders are its subdecks,
and a note without a `#` title is titled by its file name, so that titled and untitled notes
of one folder give the same deck. A single note named on the command line is a document like
any other (its name names the deck).

The folders and the title open before the note's first line: at levels 0 and below, which no
heading closes. For the outline the title is a heading above the text (see titled_outline),
never seen by the checks; a recognizer's items are preceded by sections (see note_items).
"""

from __future__ import annotations

from pathlib import PurePosixPath

from qadeck.deck.identity import deck_part
from qadeck.deck.names import clean_title
from qadeck.shapes.items import Item, SectionItem
from qadeck.sources.files import SourceFile
from qadeck.sources.headings import Block, Heading, Outline

Stack = tuple[tuple[int, str, tuple[str, ...], bool | None], ...]


def folders(source: SourceFile) -> tuple[str, ...]:
    """The deck names of the folders a note is in, below the folder the sources name."""
    return tuple(deck_part(clean_title(part)) for part in PurePosixPath(source.name).parent.parts)


def untitled_name(source: SourceFile, first_level: int | None) -> str | None:
    """The title Obsidian shows for a note whose first heading is not of level 1: its file
    name without `.md`; None for a titled note."""
    if first_level == 1:
        return None
    return deck_part(clean_title(PurePosixPath(source.name).stem)) or None


def note_stack(source: SourceFile, reversed_document: bool | None) -> Stack:
    """The sections open at a note's first line: its folders (levels below 0)."""
    names = folders(source)
    return tuple(
        (number - len(names), name, (), reversed_document) for number, name in enumerate(names)
    )


def note_sections(source: SourceFile) -> list[tuple[str, ...]]:
    """Each section a note's folders open, outermost first."""
    names = folders(source)
    return [names[: depth + 1] for depth in range(len(names))]


def titled_outline(outline: Outline, title: str) -> Outline:
    """The outline of an untitled note with its file name as a heading above its text."""
    first = outline.blocks[0]
    if first.heading is not None:
        return outline
    text, start, end = first.span()
    heading = Block(Heading(1, title, None, first.body_line), text, first.body_line, start, end)
    return Outline((heading, *outline.blocks[1:]))


def is_title_block(block: Block) -> bool:
    """Whether a block is a note's file name made a heading (see titled_outline)."""
    return block.heading is not None and block.heading.line == block.body_line


def note_items(source: SourceFile, first_level: int | None) -> list[Item]:
    """The sections a recognizer's items of a note go under: its folders, then its title."""
    names = folders(source)
    items: list[Item] = [
        SectionItem(number - len(names), name, 1) for number, name in enumerate(names)
    ]
    title = untitled_name(source, first_level)
    if title:
        items.append(SectionItem(0, title, 1))
    return items
