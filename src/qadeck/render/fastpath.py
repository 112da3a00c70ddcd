"""The HTML Python-Markdown gives the plainest answers, written directly, about ten times faster.

Most answers are paragraphs, flat lists, pipe tables and fenced code, with inline code and
`*`/`**` emphasis. For text made only of these, `fast_html` returns exactly the HTML that the
Python-Markdown converter of `converter` returns (before sanitizing); for anything else,
anything it is not sure of, it returns None and the caller converts with Python-Markdown. Each
rule below says no to a character or line shape that some Python-Markdown processor or extension
could read differently; tests compare the two on every answer of the deck and on generated text.
Fenced code goes to the highlighter it is given (fragments.highlight: what CodeHilite does).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from qadeck.render.nowrap import code_html

Highlighter = Callable[[str, str | None], str]

# A line that some block processor or extension could claim: a heading, quote, table, HTML,
# definition, setext underline, indented code, list item, rule or fence. Such a line is fine
# only where this module reads the block itself (list items, table rows, fences).
_BLOCKY_LINE = re.compile(r"[#>|<:=\s\-+~]|\d+[.)]|\*(?:\s|$|\*\*)|```")
_ITEM = re.compile(r"(?:([-+*])|(\d{1,9})\.) (?=\S)")
_FENCE = re.compile(r"(```|~~~)((?:[\w#+-][\w#.+-]*)?)")
# A block whose second line has only these is a table to Python-Markdown, or nearly one.
_SEPARATOR_CHARACTERS = frozenset("|:- ")
_SEPARATOR_CELL = re.compile(r" *(:?)-+(:?) *")
# Outside code: escapes and math (`\`, `$`), links, images and footnotes (`[`), HTML and
# autolinks (`<`), and entities.
_SPECIAL = re.compile(r"[\\$\[<]|&(?:#|[a-zA-Z0-9]+;)")
# `_` emphasises only at a word's edge; one between two word characters is plain text.
_EDGE_UNDERSCORE = re.compile(r"(?<!\w)_|_(?!\w)")
# A run of `*` with space (or the text's end) on both sides is literal to Python-Markdown.
_LONE_STAR = re.compile(r"(?:^|(?<=\s))\*+(?=\s|$)")
_CODE_MARK = "\x00"
# Tabs and CRs are normalised before parsing; a `\` before a backtick escapes it; U+0002 and
# U+0003 mark Python-Markdown's stash and are dropped; U+0000 is the code mark here. `==` and `%%`
# are Obsidian's highlights and comments (see extensions.obsidian).
_UNSAFE = re.compile(r"[\t\r\x00\x02\x03]|\\`|==|%%")


def fast_html(text: str, highlight: Highlighter) -> str | None:
    """What Python-Markdown (with our extensions) makes of `text`, or None when unsure."""
    if _UNSAFE.search(text):
        return None
    special = _SPECIAL.search(text) is not None  # else no inline text of it needs the search
    lines = text.split("\n")
    if lines[0][:1].isspace():
        return None
    parts: list[str] = []
    after_list = False
    index, count = 0, len(lines)
    while index < count:
        line = lines[index]
        if not line.strip(" "):
            index += 1
            continue
        end = index
        while end < count and lines[end].strip(" "):
            end += 1
        fence = _FENCE.fullmatch(line)
        if fence is not None:
            close = _fence_end(lines, index, fence[1])
            if close is None:
                return None
            # Python-Markdown empties lines of spaces before anything else, in code too.
            code = [line if line.strip(" ") else "" for line in lines[index + 1 : close]]
            parts.append(highlight("\n".join(code), fence[2] or None))
            after_list = False
            index = close + 1
            if index < count and lines[index].strip(" "):
                return None  # a paragraph glued under the fence: leave it to Python-Markdown
            continue
        is_list = _ITEM.match(line) is not None
        if after_list and is_list:
            return None  # items apart from each other: a loose list, with paragraphs in items
        block = _block(lines[index:end], special)
        if block is None:
            return None
        parts.append(block)
        after_list = is_list
        index = end
    return "\n".join(parts)


def _fence_end(lines: list[str], start: int, fence: str) -> int | None:
    """The index of the line closing a fence, when nothing inside could be read as another."""
    for index in range(start + 1, len(lines)):
        line = lines[index]
        stripped = line.lstrip(" ")
        if stripped.startswith(("```", "~~~")):
            return index if line.rstrip(" ") == fence else None
    return None


def _block(lines: list[str], special: bool) -> str | None:
    """A run of non-blank lines: a list, a table or a paragraph."""
    for line in lines:
        if line.endswith("  "):
            return None  # a line break, or trailing space that a table row would lose
    first = lines[0]
    if _ITEM.match(first):
        return _list(lines, special)
    if len(lines) > 1 and "|" in first and set(lines[1]) <= _SEPARATOR_CHARACTERS:
        return _table(lines, special)
    for line in lines:
        if _BLOCKY_LINE.match(line):
            return None
    inner = _inline("\n".join(lines), special)
    return None if inner is None else f"<p>{inner}</p>"


def _list(lines: list[str], special: bool) -> str | None:
    """A tight list, one line per item, every item with the first item's marker."""
    items = []
    marker = None
    start = None
    for line in lines:
        found = _ITEM.match(line)
        if found is None:
            return None
        this = found[1] or "."
        if marker is None:
            marker, start = this, found[2]
        elif this != marker:
            return None
        text = line[found.end() :]
        if _BLOCKY_LINE.match(text):
            return None
        inner = _inline(text, special)
        if inner is None:
            return None
        items.append(f"<li>{inner}</li>")
    if marker != ".":
        tag, attributes = "ul", ""
    else:
        assert start is not None
        if start.startswith("0"):
            return None
        tag, attributes = "ol", "" if start == "1" else f' start="{start}"'
    body = "\n".join(items)
    return f"<{tag}{attributes}>\n{body}\n</{tag}>"


def _table(lines: list[str], special: bool) -> str | None:
    """A pipe table whose rows all have the header's borders and number of cells."""
    if len(lines) < 3:
        return None
    lines = [line.rstrip(" ") for line in lines]
    left, right = lines[0].startswith("|"), lines[0].endswith("|")
    rows = []
    for number, line in enumerate(lines):
        if line.startswith("|") != left or line.endswith("|") != right or line[0] == " ":
            return None
        separator = number == 1 and _ITEM.match(line) is None
        if not left and not separator and _BLOCKY_LINE.match(line):
            return None  # a heading, list item or quote before it is a table
        cells = line[1 if left else 0 : -1 if right else None].split("|")
        rows.append(cells)
    width = len(rows[0])
    if width < 2 or any(len(cells) != width for cells in rows):
        return None
    align = []
    for cell in rows[1]:
        found = _SEPARATOR_CELL.fullmatch(cell)
        if found is None:
            return None
        side = {(True, True): "center", (True, False): "left", (False, True): "right"}
        where = side.get((bool(found[1]), bool(found[2])))
        align.append(f' style="text-align: {where};"' if where else "")
    out = ["<table>", "<thead>"]
    for number, cells in enumerate(rows):
        if number == 1:
            out += ["</thead>", "<tbody>"]
            continue
        tag = "th" if number == 0 else "td"
        out.append("<tr>")
        for cell, style in zip(cells, align, strict=True):
            text = cell.strip(" ")
            inner = _inline(text, special) if text else ""
            if inner is None:
                return None
            out.append(f"<{tag}{style}>{inner}</{tag}>")
        out.append("</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def _inline(text: str, special: bool = True) -> str | None:
    """Inline Markdown of code spans, `*`/`**` emphasis and plain text, or None. Unless
    `special`, the text is known to hold nothing _SPECIAL finds."""
    pieces = text.split("`")
    if len(pieces) % 2 == 0 or "``" in text:
        return None  # a run of backticks opens a span closed only by a run as long
    codes = pieces[1::2]
    for code in codes:
        if not code.strip(" ") or "\n" in code:
            return None
    prose = _CODE_MARK.join(pieces[0::2])
    if (special and _SPECIAL.search(prose)) or ("_" in prose and _EDGE_UNDERSCORE.search(prose)):
        return None
    if "*" in prose:
        emphasised = _emphasis(prose)
        if emphasised is None:
            return None
        prose = emphasised
    else:
        prose = html.escape(prose, quote=False)
    if not codes:
        return prose
    out = prose.split(_CODE_MARK)
    for number, code in enumerate(codes):
        out[number] += f"<code>{code_html(code.strip())}</code>"
    return "".join(out)


def _emphasis(prose: str) -> str | None:
    """`**strong**` and `*em*` with plain content, as Python-Markdown's asterisk rules read them."""
    if "***" in prose or _LONE_STAR.search(prose):
        return None
    out = []
    position = 0
    while (star := prose.find("*", position)) != -1:
        out.append(html.escape(prose[position:star], quote=False))
        width = 2 if prose.startswith("**", star) else 1
        close = prose.find("*", star + width)
        if close == -1 or close == star + width:
            return None
        if not prose.startswith("*" * width, close) or prose.startswith("*", close + width):
            return None  # closed by a run of another length: the rules get subtle
        content = prose[star + width : close]
        if content[0].isspace() or content[-1].isspace():
            return None
        tag = "strong" if width == 2 else "em"
        out.append(f"<{tag}>{html.escape(content, quote=False)}</{tag}>")
        position = close + width
    out.append(html.escape(prose[position:], quote=False))
    return "".join(out)
