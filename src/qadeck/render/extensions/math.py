"""Math for Anki's MathJax: `$…$`, `$$…$$`, `\\(…\\)` and `\\[…\\]` become `\\(…\\)` / `\\[…\\]`.

Python-Markdown would read `\\(` as an escaped parenthesis and drop the backslash, and it would
apply emphasis inside formulas (`a_1 * b_2`). This inline processor runs after code spans (so a
`$` in code stays as written) and before backslash escapes, and hands the formula through
untouched. A lone `$` stays text: an opening `$` must be followed by a non-space, the closing
one preceded by a non-space and not followed by a digit, so `costs $5 and $10` is not math.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

# Code spans are 190 and backslash escapes 180: math sits between them.
PRIORITY = 185

MATH = (
    r"(?<!\\)(?:"
    r"\$\$(?P<dollars>.+?)\$\$"
    r"|\\\[(?P<brackets>.+?)\\\]"
    r"|\\\((?P<parens>.+?)\\\)"
    r"|\$(?![\s$])(?P<inline>(?:\\.|[^\\$])+?)(?<!\s)\$(?!\d)"
    r")"
)


class MathProcessor(InlineProcessor):  # type: ignore[misc]
    """Turn one formula into Anki's delimiters, stashed so nothing else touches it."""

    def __init__(self, md: Markdown) -> None:
        super().__init__(MATH, md)
        self.compiled_re = re.compile(MATH, re.DOTALL | re.UNICODE)

    def handleMatch(
        self, m: re.Match[str], data: str
    ) -> tuple[str | etree.Element | None, int | None, int | None]:
        display = m["dollars"] if m["dollars"] is not None else m["brackets"]
        if display is not None:
            formula = rf"\[{display}\]"
        else:
            formula = rf"\({m['parens'] if m['parens'] is not None else m['inline']}\)"
        return self.md.htmlStash.store(html.escape(formula, quote=False)), m.start(0), m.end(0)


class MathExtension(Extension):  # type: ignore[misc]
    """Register the math processor and make `\\$` a literal dollar sign."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.inlinePatterns.register(MathProcessor(md), "qadeck-math", PRIORITY)
        if "$" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS.append("$")
