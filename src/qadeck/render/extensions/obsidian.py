"""Obsidian's Markdown in an answer: callouts, `[[wikilinks]]` as their shown text, `%%comments%%`
removed, and headings that need a space after their `#`s.

Callouts are read by the `obsidian-callouts` extension (`> [!tip]- Title`: type, folding and
title) and written as a quote with a bold title, folded behind it as a `<details>` when asked.
`==highlights==` are pymdown-extensions' `mark` (see converter).

A heading needs a space after its `#`s, as in CommonMark, GitHub and Obsidian; Python-Markdown
alone reads `#review #docker` (a line of Obsidian tags) as the heading "review #docker".
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.blockprocessors import HashHeaderProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from obsidian_callouts.extension import ObsidianCalloutProcessor

from qadeck.sources.notetext import comment_spans

# `[[Note]]`, `[[Note|shown]]` (`\|` inside a table), `[[Note#Heading]]`; never `[[x]](url)`,
# which is a Markdown link whose text is `[x]`.
WIKILINK = r"\[\[([^\[\]\n]+?)\]\](?!\()"
# After fenced code has been stashed (25), before HTML blocks are (20): a comment hides HTML too.
COMMENT_PRIORITY = 22


def shown_text(target: str) -> str:
    """What Obsidian shows for a link: its alias, else `Note > Heading`, else the note's name."""
    target = target.replace("\\|", "|")
    name, bar, alias = target.partition("|")
    if bar and alias.strip():
        return alias.strip()
    note, _, heading = name.partition("#")
    parts = [part.strip() for part in (note, heading) if part.strip()]
    return " > ".join(parts)


class WikilinkProcessor(InlineProcessor):  # type: ignore[misc]
    """`[[Note|shown]]` -> `shown`: a link to a note, which is no file of the deck."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[str, int, int]:
        return shown_text(m[1]), m.start(0), m.end(0)


def remove_comments(text: str) -> str:
    """`%%…%%` removed, inline or over lines; `%%` in inline code, or never closed, is text."""
    out: list[str] = []
    copied = 0
    for start, end in comment_spans(text):
        out.append(text[copied:start])
        copied = end
    out.append(text[copied:])
    return "".join(out)


class CommentPreprocessor(Preprocessor):  # type: ignore[misc]
    """Drop Obsidian's comments before any block is read."""

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        return lines if "%%" not in text else remove_comments(text).split("\n")


class SpacedHashHeaderProcessor(HashHeaderProcessor):  # type: ignore[misc]
    """An ATX heading only with a space (or nothing) after its `#`s."""

    RE = re.compile(r"(?:^|\n)(?P<level>#{1,6})(?=[ \t]|\n|$)(?P<header>(?:\\.|[^\\])*?)#*(?:\n|$)")


class TitledCalloutProcessor(ObsidianCalloutProcessor):  # type: ignore[misc]
    """obsidian-callouts' reading of a callout, also of one that is its title line alone, made
    into a quote with a bold title (folded: the title a `<details>` summary). The card style
    already shows a quote in light and night mode; `callout-<type>` lets a deck's own
    stylesheet colour each type."""

    RE_START = re.compile(
        r"(?:^|\n)[ ]{0,3}>[ ]?(?:\[!(?P<type>[^]\n]+)\](?P<expand>[-+])?[ ]*?"
        r"(?:[ ]+(?P<title>[^\n]+))?)(?:\n|$)"
    )

    def tag_for_match(self, m: re.Match[str], parent: etree.Element) -> etree.Element:
        kind, caption = self.to_callout_type(m["type"].strip())
        kind = re.sub(r"[^a-z0-9]+", "-", kind).strip("-") or "note"
        quote = etree.SubElement(parent, "blockquote", {"class": f"callout callout-{kind}"})
        title = (m["title"] or "").strip() or caption
        if m["expand"] is None:
            heading = etree.SubElement(quote, "p", {"class": "callout-title"})
            etree.SubElement(heading, "strong").text = title
            return quote
        folded = etree.SubElement(quote, "details", {"class": "callout-fold"})
        if m["expand"] == "+":
            folded.set("open", "open")
        etree.SubElement(etree.SubElement(folded, "summary"), "strong").text = title
        return folded


class ObsidianExtension(Extension):  # type: ignore[misc]
    """Callouts, wikilinks, comments, and headings that need a space."""

    def extendMarkdown(self, md: Markdown) -> None:
        parser = md.parser
        parser.blockprocessors.register(SpacedHashHeaderProcessor(parser), "hashheader", 70)
        parser.blockprocessors.register(TitledCalloutProcessor(parser), "qadeck-callout", 25)
        md.preprocessors.register(CommentPreprocessor(md), "qadeck-comments", COMMENT_PRIORITY)
        # After code spans (190), before escapes (180), which would stash the `\\|` of a link in a
        # table, and links (160), which would read `[[Note]]` as brackets around `[Note]`.
        md.inlinePatterns.register(WikilinkProcessor(WIKILINK, md), "qadeck-wikilink", 185)
