"""Python-Markdown with every extension a card uses: for what the fast path declines, and for
fragments with images. Loaded only when a build needs it.

Python-Markdown is extended through its own processor API (see mathext, listsext, and the image
treeprocessor here); its output then passes the allow-list in sanitize before it reaches a field.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from qadeck.render.extensions.codewords import CodeWordsExtension
from qadeck.render.extensions.inlinefilter import FilteredInlineExtension
from qadeck.render.extensions.lists import GitHubListsExtension
from qadeck.render.extensions.math import MathExtension
from qadeck.render.extensions.obsidian import ObsidianExtension
from qadeck.render.fragments import EXTENSIONS, LEAN, Fragment, finish
from qadeck.render.highlight import CODEHILITE, HighlightFormatter
from qadeck.render.media import Missing
from qadeck.render.sounds import MEDIA_ELEMENT, is_sound, media_elements, sound_tag

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
            ObsidianExtension(),
            *extra,
            *faster,
        ],
        extension_configs={"codehilite": {**CODEHILITE, "pygments_formatter": HighlightFormatter}},
    )


def convert(md: markdown.Markdown, text: str, inline: bool) -> Fragment:
    """Convert with `md`, sanitize, and strip a heading's paragraph."""
    md.reset()
    return finish(md.convert(text), text, inline)


Resolve = Callable[[str], str | Missing | None]


class ImageTreeprocessor(Treeprocessor):  # type: ignore[misc]
    """Point every image, Markdown's `![]()` and HTML's `<img>`, at its packaged name."""

    def __init__(self, md: markdown.Markdown, resolve: Resolve) -> None:
        super().__init__(md)
        self.resolve = resolve

    def run(self, root: etree.Element) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        for image in list(root.iter("img")):
            src = image.get("src", "")
            if not src:
                continue
            name = self.resolve(src)
            if is_sound(src) and isinstance(name, str):
                _replace_with_text(image, parents[image], self._sound(name))
            elif isinstance(name, Missing):
                alt = image.get("alt", "")
                image.tag, image.text = "span", name.text(alt)
                image.attrib.clear()
                image.set("class", "missing-image")
            elif name is None:
                del image.attrib["src"]
            else:
                image.set("src", name)
        # Raw HTML (an HTML block, or `<img>` inside a paragraph) waits in the stash as text.
        stash = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(stash):
            if isinstance(block, str) and MEDIA_ELEMENT.search(block):
                block = stash[index] = media_elements(block, self._html_sound)
            if isinstance(block, str) and HTML_IMAGE.search(block):
                stash[index] = HTML_IMAGE.sub(self._html_image, block)

    def _sound(self, name: str) -> str:
        """`[sound:name]` for a local file; a remote one, which Anki cannot play, as its URL."""
        return name if "://" in name or name.startswith("//") else sound_tag(name)

    def _html_sound(self, src: str) -> str:
        name = self.resolve(src)
        if isinstance(name, Missing):
            return f'<span class="missing-image">{html.escape(name.text(""), quote=False)}</span>'
        return "" if name is None else html.escape(self._sound(name), quote=False)

    def _html_image(self, tag: re.Match[str]) -> str:
        found = _attribute(tag[0], "src")
        if found is None or not found[0].strip():
            return tag[0]
        src, start, end = found
        name = self.resolve(src)
        if isinstance(name, Missing):
            alt = _attribute(tag[0], "alt")
            text = html.escape(name.text(alt[0] if alt else ""), quote=False)
            return f'<span class="missing-image">{text}</span>'
        if name is None:
            return tag[0][:start] + tag[0][end:]
        if is_sound(src):
            return html.escape(self._sound(name), quote=False)
        return f'{tag[0][:start]}src="{html.escape(name)}"{tag[0][end:]}'


def _replace_with_text(element: etree.Element, parent: etree.Element, text: str) -> None:
    """Put `text` where `element` is, keeping what follows it."""
    index = list(parent).index(element)
    joined = text + (element.tail or "")
    if index:
        before = parent[index - 1]
        before.tail = (before.tail or "") + joined
    else:
        parent.text = (parent.text or "") + joined
    parent.remove(element)


HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = r"""(?<![\w-]){}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"""


def _attribute(tag: str, name: str) -> tuple[str, int, int] | None:
    """An attribute's value (entities decoded) and where the whole attribute is in the tag."""
    found = re.search(_ATTRIBUTE.format(name), tag, re.IGNORECASE)
    if found is None:
        return None
    value = next(group for group in found.groups() if group is not None)
    return html.unescape(value), found.start(), found.end()


class ImageExtension(Extension):  # type: ignore[misc]
    """Register the image treeprocessor with the function that resolves sources."""

    def __init__(self, resolve: Resolve) -> None:
        super().__init__()
        self.resolve = resolve

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(
            ImageTreeprocessor(md, self.resolve), "qadeck-images", IMAGE_PRIORITY
        )
