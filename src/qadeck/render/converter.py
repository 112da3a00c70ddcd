"""Python-Markdown with every extension a card uses: for what the fast path declines, and for
fragments with images. Loaded only when a build needs it.

Python-Markdown is extended through its own processor API (see mathext, listsext, and the image
treeprocessor here); its output then passes the allow-list in sanitize before it reaches a field.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from qadeck.render.extensions.codewords import CodeWordsExtension
from qadeck.render.extensions.inlinefilter import FilteredInlineExtension
from qadeck.render.extensions.lists import GitHubListsExtension
from qadeck.render.extensions.math import MathExtension
from qadeck.render.fragments import (
    CODEHILITE,
    EXTENSIONS,
    LEAN,
    Fragment,
    HighlightFormatter,
    finish,
)

# After inline processing (20) has turned `![alt](src)` into <img>, before prettify (10).
IMAGE_PRIORITY = 15


def markdown_converter(
    *extra: Extension, fast: bool = True, lean: bool = False
) -> markdown.Markdown:
    """A Markdown converter with every extension a card uses (`lean`: see LEAN), plus `extra`."""
    faster = [FilteredInlineExtension()] if fast else []
    chosen = [name for name in EXTENSIONS if not (lean and name in LEAN)]
    return markdown.Markdown(
        extensions=[
            *chosen,
            MathExtension(),
            GitHubListsExtension(),
            CodeWordsExtension(),
            *extra,
            *faster,
        ],
        extension_configs={"codehilite": {**CODEHILITE, "pygments_formatter": HighlightFormatter}},
    )


def convert(md: markdown.Markdown, text: str, inline: bool) -> Fragment:
    """Convert with `md`, sanitize, and strip a heading's paragraph."""
    md.reset()
    return finish(md.convert(text), text, inline)


class ImageTreeprocessor(Treeprocessor):  # type: ignore[misc]
    """Point every Markdown image at its packaged name."""

    def __init__(self, md: markdown.Markdown, resolve: Callable[[str], str | None]) -> None:
        super().__init__(md)
        self.resolve = resolve

    def run(self, root: etree.Element) -> None:
        for image in root.iter("img"):
            src = image.get("src", "")
            if not src:
                continue
            name = self.resolve(src)
            if name is None:
                del image.attrib["src"]
            else:
                image.set("src", name)


class ImageExtension(Extension):  # type: ignore[misc]
    """Register the image treeprocessor with the function that resolves sources."""

    def __init__(self, resolve: Callable[[str], str | None]) -> None:
        super().__init__()
        self.resolve = resolve

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(
            ImageTreeprocessor(md, self.resolve), "qadeck-images", IMAGE_PRIORITY
        )
