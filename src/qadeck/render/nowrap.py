"""Inline code that a line breaks between its words, and inside one only when it must.

Browsers may break a line after a hyphen, a dash or a question mark (measured in Chromium),
which splits `--no-cache` into `--no-` and `cache` on a phone. No CSS property turns those
break points off but `white-space: nowrap`, so each word of a code span that holds one, and is
short enough for a line of a phone card, is wrapped in `<span class="qd-nowrap">` (card.css).
A longer word may still break where it must (card.css: `overflow-wrap: anywhere`), and spaces
stay break points.

Both renderers use this: the fast path on the span's text, Python-Markdown's tree through the
extension in extensions/codewords.
"""

from __future__ import annotations

import html
import re

NOWRAP = "qd-nowrap"
# Characters of code a phone card's line holds with room to spare (about 35 at 390 px).
LONGEST_WORD = 24
_SPACES = re.compile(r"( +)")
# Where Chromium breaks a line inside a word: hyphens, dashes, `?`, `…` and the soft hyphen.
_BREAK = re.compile("[-?\u00ad\u2010\u2012-\u2014\u2026\u2e3a]")


def code_pieces(code: str) -> list[tuple[str, bool]]:
    """The text of a code span cut at its spaces, each piece with whether to keep it whole."""
    return [
        (piece, 1 < len(piece) <= LONGEST_WORD and _BREAK.search(piece) is not None)
        for piece in _SPACES.split(code)
        if piece
    ]


def code_html(code: str) -> str:
    """The HTML inside `<code>` for a code span's text (escaped as Python-Markdown does)."""
    if _BREAK.search(code) is None:  # nearly every span: no word in it to keep whole
        return html.escape(code, quote=False)
    return "".join(
        f'<span class="{NOWRAP}">{html.escape(piece, quote=False)}</span>'
        if whole
        else html.escape(piece, quote=False)
        for piece, whole in code_pieces(code)
    )
