"""HTML as the files and Anki are compared: parsed, and written again one way.

Anki's editor writes a field's HTML back as the browser serialises it, so equal content may
come back with other quoting, entities or attribute order. Both sides are therefore compared
in one canonical form: tags and attributes in lower case, attributes sorted, text escaped only
where it must be, NFC. A field is compared block by block: its top-level blocks, with the
whitespace between them left out, and each run of inline content outside a block as one.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Sequence
from html.parser import HTMLParser

VOID = frozenset({"br", "hr", "img", "wbr", "col", "source", "input", "meta", "link"})
BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset",
        "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
        "main", "nav", "ol", "p", "pre", "section", "summary", "table", "ul",
    }
)  # fmt: skip
# What Markdown writes for what Anki's editor writes (Ctrl+B gives <b>, Ctrl+I <i>).
SAME_TAG = {"b": "strong", "i": "em"}


def canonical(fragment: str, same_tags: bool = False) -> str:
    """The fragment in canonical form (with `same_tags`, <b> read as <strong>, <i> as <em>)."""
    return "".join(top_level(fragment, same_tags))


def top_level(fragment: str, same_tags: bool = False) -> tuple[str, ...]:
    """The fragment's top-level blocks in canonical form, each run of inline content between
    them as one; whitespace between blocks is left out."""
    parser = _Canonical(same_tags)
    parser.feed(unicodedata.normalize("NFC", fragment))
    parser.close()
    return parser.finish()


class _Canonical(HTMLParser):
    def __init__(self, same_tags: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.same_tags = same_tags
        self.nodes: list[str] = []
        self.current: list[str] = []
        self.open: list[str] = []
        self.inline = False  # the current node is a run of inline content

    def _name(self, tag: str) -> str:
        return SAME_TAG.get(tag, tag) if self.same_tags else tag

    def _start_node(self, block: bool) -> None:
        if self.open:
            return
        if block or not self.inline:
            self._flush()
            self.inline = not block

    def _flush(self) -> None:
        text = "".join(self.current)
        if text.strip():
            self.nodes.append(text.strip() if self.inline else text)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start_node(tag in BLOCKS)
        self.current.append(start_tag(self._name(tag), attrs))
        if tag in VOID:
            if not self.open and tag in BLOCKS:
                self._flush()
        else:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start_node(tag in BLOCKS)
        self.current.append(start_tag(self._name(tag), attrs))
        if tag not in VOID:
            self.current.append(f"</{self._name(tag)}>")
        if not self.open and tag in BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or tag not in self.open:
            return  # a stray end tag: the browser drops it too
        while self.open:
            closed = self.open.pop()
            self.current.append(f"</{self._name(closed)}>")
            if closed == tag:
                break
        if not self.open and tag in BLOCKS:
            self._flush()
            self.inline = False

    def handle_data(self, data: str) -> None:
        if not self.open and not self.inline:
            if not data.strip():
                return
            self._start_node(False)
        self.current.append(escape_text(data))

    def handle_comment(self, data: str) -> None:
        self.current.append(f"<!--{data}-->")

    def finish(self) -> tuple[str, ...]:
        while self.open:
            self.current.append(f"</{self._name(self.open.pop())}>")
        self._flush()
        return tuple(self.nodes)


def start_tag(tag: str, attrs: Sequence[tuple[str, str | None]]) -> str:
    """A start tag with its attributes sorted and quoted one way (an empty `alt` left out,
    as Markdown writes one for every image and Anki's editor none)."""
    written = "".join(
        f' {name}="{html.escape(value or "", quote=True)}"'
        for name, value in sorted(attrs)
        if value or name != "alt"
    )
    return f"<{tag}{written}>"


def escape_text(text: str) -> str:
    """Text as the sanitizer writes it: `&`, `<`, `>` escaped, a no-break space as `&nbsp;`."""
    return html.escape(text, quote=False).replace("\xa0", "&nbsp;")
