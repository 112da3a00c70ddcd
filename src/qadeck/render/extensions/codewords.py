"""Keep the short words of inline code whole (see render.codewords), in Python-Markdown's tree."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from qadeck.render.nowrap import NOWRAP, code_pieces

# After inline processing (20) has made the code spans, before prettify (10).
PRIORITY = 15


def _unescape(text: str) -> str:
    """The code span's text before Python-Markdown's code_escape (`&`, `<`, `>`)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _escape(text: str) -> AtomicString:
    return AtomicString(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


class CodeWordsTreeprocessor(Treeprocessor):  # type: ignore[misc]
    """Wrap each short word of an inline `<code>` that holds a break point in a no-wrap span."""

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            if parent.tag == "pre":
                continue  # an indented code block: it does not wrap anyway
            for code in parent:
                if code.tag == "code" and code.text and len(code) == 0:
                    self._split(code, code.text)

    @staticmethod
    def _split(code: etree.Element, text: str) -> None:
        pieces = code_pieces(_unescape(text))
        if not any(whole for _, whole in pieces):
            return
        code.text = AtomicString("")
        last: etree.Element | None = None
        for piece, whole in pieces:
            if whole:
                last = etree.SubElement(code, "span", {"class": NOWRAP})
                last.text = _escape(piece)
                last.tail = AtomicString("")
            elif last is None:
                code.text = AtomicString(code.text + _escape(piece))
            else:
                last.tail = AtomicString((last.tail or "") + _escape(piece))


class CodeWordsExtension(Extension):  # type: ignore[misc]
    """Register the treeprocessor."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(CodeWordsTreeprocessor(md), "qadeck-code-words", PRIORITY)
