"""A card's HTML back to Markdown: markdownify, taught what qadeck's rendering added.

markdownify (a small, pure-Python converter over Beautiful Soup, loaded only when something is
pulled) converts each tag by a method that can be overridden, which is what undoing rendering
needs: Pygments' highlighting spans and the no-wrap spans of inline code go, a highlighted
block becomes a fence again (in the language whose highlighting gives the same HTML), MathJax
delimiters become `$…$`, footnotes and aligned tables come back in their Markdown form, packaged
image names become the paths the document uses, and a missing image's placeholder becomes its
image again. What Markdown cannot write (keys, marks, sub- and superscripts, details, a sized
image, headings inside an answer) stays as HTML that the sanitizer allows. Text is escaped only
where Markdown would read it as syntax.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from qadeck.writeback.canonical import canonical, start_tag

Render = Callable[[str, bool], str]  # Markdown and whether it is a heading -> the field's HTML

# Fence languages tried, after the document's own, to find the one a code block was written in.
LANGUAGES = (
    "python", "bash", "sh", "console", "yaml", "json", "dockerfile", "sql", "javascript",
    "typescript", "go", "rust", "java", "c", "cpp", "toml", "ini", "xml", "html", "css", "text",
)  # fmt: skip
KEPT_INLINE = frozenset({"kbd", "sup", "sub", "mark", "u", "ins", "abbr", "del", "s", "small"})
KEPT_BLOCK = frozenset({"details", "h1", "h2", "h3", "h4", "h5", "h6", "figure"})
MATH = re.compile(r"\\\((?P<inline>.+?)\\\)|\\\[(?P<display>.+?)\\\]", re.DOTALL)
DOLLAR_MATH = re.compile(r"\$\$.+?\$\$|\$(?![\s$])(?:\\.|[^\\$])+?(?<!\s)\$(?!\d)", re.DOTALL)
MISSING = re.compile(r"\[image: (?:(?P<alt>.*) \((?P<src>[^()]*)\)|(?P<bare>[^()]*))\]")
LINE_START = re.compile(r"^([ \t]*)(?:([#>+]|[-*](?=[ \t]|$))|(\d+)([.)]))", re.MULTILINE)
ENTITY = re.compile(r"&(?=#?\w+;)")
TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
EMPHASIS = re.compile(r"[*`]|(?<!\w)_|_(?!\w)|\\(?=[!-/:-@\[-`{-~])")


@dataclass(frozen=True)
class Hints:
    """What the conversion needs from the document: the path to write for each media name a
    field uses, the fence languages it uses, and how it renders Markdown."""

    images: Mapping[str, str] = field(default_factory=dict)
    languages: tuple[str, ...] = ()
    render: Render | None = None


def to_markdown(fragment: str, hints: Hints, inline: bool = False) -> str:
    """The Markdown for a field's HTML (`inline`: a heading's, on one line)."""
    from markdownify import MarkdownConverter

    converter = _converter_class(MarkdownConverter)(hints)
    text: str = converter.convert(fragment)
    if inline:
        text = " ".join(line.strip() for line in text.splitlines() if line.strip())
    return text.strip("\n")


_CLASSES: dict[type, type] = {}


def _converter_class(base: type) -> type:
    """qadeck's converter on markdownify's, made once (markdownify is imported lazily)."""
    if base not in _CLASSES:
        _CLASSES[base] = type("CardConverter", (_CardRules, base), {})
    return _CLASSES[base]


class _CardRules:
    """The conversions that differ from markdownify's (mixed into its converter class)."""

    options: dict[str, Any]

    def __init__(self, hints: Hints) -> None:
        super().__init__(  # type: ignore[call-arg]
            bullets="-", heading_style="atx", escape_asterisks=False, escape_underscores=False
        )
        self.hints = hints

    def process_text(self, el: Any, parent_tags: set[str] | None = None) -> str:
        before = el.previous_sibling
        self._line_start = before is None or getattr(before, "name", None) == "br"
        return super().process_text(el, parent_tags)  # type: ignore[misc,no-any-return]

    def escape(self, text: str, parent_tags: set[str]) -> str:
        pieces, last = [], 0
        at_start = getattr(self, "_line_start", True)
        for found in MATH.finditer(text):
            pieces.append(_escaped(text[last : found.start()], at_start and not last))
            pieces.append(_math(found))
            last = found.end()
        pieces.append(_escaped(text[last:], at_start and not last))
        return "".join(pieces)

    def convert_li(self, el: Any, text: str, parent_tags: set[str]) -> str:
        item: str = super().convert_li(el, text, parent_tags)  # type: ignore[misc]
        # Python-Markdown wraps an item in <p> when a blank line is next to it: a blank line
        # goes between two items that both have one.
        following = el.find_next_sibling("li")
        loose = following is not None and _has_paragraph(el) and _has_paragraph(following)
        return item + "\n" if loose else item

    def convert_div(self, el: Any, text: str, parent_tags: set[str]) -> str:
        classes = el.get("class") or []
        if "highlight" in classes and el.find("pre") is not None:
            return "\n\n" + self._fence(el) + "\n\n"
        if "footnote" in classes:
            return "\n\n" + self._footnotes(el) + "\n\n"
        return _block_html(el, self.hints)

    def convert_pre(self, el: Any, text: str, parent_tags: set[str]) -> str:
        return "\n\n" + self._fence(el) + "\n\n"

    def _fence(self, el: Any) -> str:
        code = el.find("code") or el.find("pre") or el
        body = code.get_text().strip("\n")
        ticks = max((len(run) for run in re.findall(r"^ {0,3}(`{3,})", body, re.M)), default=2)
        fence = "`" * (ticks + 1)
        language = self._language(body, str(el), fence)
        return f"{fence}{language}\n{body}\n{fence}"

    def _language(self, body: str, highlighted: str, fence: str) -> str:
        """The language whose highlighting of `body` gives the block's HTML, else none."""
        render = self.hints.render
        if render is None:
            return ""
        wanted = canonical(highlighted)
        for language in dict.fromkeys((*self.hints.languages, "", *LANGUAGES)):
            if canonical(render(f"{fence}{language}\n{body}\n{fence}", False)) == wanted:
                return language
        return ""

    def _footnotes(self, el: Any) -> str:
        notes = []
        for item in el.find_all("li", id=True):
            name = str(item["id"]).removeprefix("fn:")
            for back in item.find_all("a", class_="footnote-backref"):
                back.decompose()
            item.name = "section"  # its content, without the list item's bullet
            body = self.process_tag(item, set()).strip().replace("\xa0", " ")  # type: ignore[attr-defined]
            lines = body.split("\n")
            rest = "\n".join(f"    {line}" if line.strip() else "" for line in lines[1:])
            notes.append(f"[^{name}]: {lines[0]}" + (f"\n{rest}" if rest else ""))
        return "\n\n".join(notes)

    def convert_sup(self, el: Any, text: str, parent_tags: set[str]) -> str:
        link = el.find("a", class_="footnote-ref")
        if link is not None:
            return f"[^{str(link.get('href', '')).removeprefix('#fn:')}]"
        return _inline_html(el, text)

    def convert_span(self, el: Any, text: str, parent_tags: set[str]) -> str:
        classes = el.get("class") or []
        if "missing-image" in classes:
            found = MISSING.fullmatch(el.get_text())
            if found:
                src = found["src"] if found["src"] is not None else found["bare"]
                return f"![{found['alt'] or ''}]({src})"
        if not el.attrs or set(classes) <= {"qd-nowrap"} or "_noformat" in parent_tags:
            return text
        return _inline_html(el, text)

    def convert_img(self, el: Any, text: str, parent_tags: set[str]) -> str:
        src = str(el.get("src", ""))
        src = self.hints.images.get(src, src)
        if el.get("width") or el.get("height") or el.get("class"):
            attrs = [(k, str(v if k != "src" else src)) for k, v in el.attrs.items()]
            return start_tag("img", attrs)
        alt = str(el.get("alt", "")).replace("]", "\\]")
        title = el.get("title")
        titled = f' "{title}"' if title else ""
        return f"![{alt}]({_url(src)}{titled})"

    def convert_a(self, el: Any, text: str, parent_tags: set[str]) -> str:
        href = str(el.get("href", ""))
        if "_noformat" in parent_tags or not text.strip():
            return text
        if href == text.strip() and not el.get("title"):
            return f"<{href}>"
        title = el.get("title")
        titled = f' "{title}"' if title else ""
        return f"[{text.strip()}]({_url(href)}{titled})" if href else text

    def convert_table(self, el: Any, text: str, parent_tags: set[str]) -> str:
        rows = el.find_all("tr")
        if not rows or el.find("table") is not None:
            return _block_html(el, self.hints)
        lines, aligns = [], []
        for index, row in enumerate(rows):
            cells = row.find_all(["th", "td"])
            values = [self._cell(cell) for cell in cells]
            lines.append("| " + " | ".join(values) + " |")
            if index == 0:
                aligns = [_alignment(cell.get("style", "")) for cell in cells]
                lines.append("| " + " | ".join(aligns) + " |")
        return "\n\n" + "\n".join(lines) + "\n\n"

    def _cell(self, cell: Any) -> str:
        converted = self.process_tag(cell, set()).strip()  # type: ignore[attr-defined]
        return " ".join(converted.split("\n")).replace("|", "\\|")

    def convert_td(self, el: Any, text: str, parent_tags: set[str]) -> str:
        return text

    convert_th = convert_td

    def convert_br(self, el: Any, text: str, parent_tags: set[str]) -> str:
        return "<br>" if "_inline" in parent_tags else "  \n"

    def convert_hr(self, el: Any, text: str, parent_tags: set[str]) -> str:
        return "\n\n---\n\n"


def _make_kept(name: str, block: bool) -> Callable[..., str]:
    def convert(self: _CardRules, el: Any, text: str, parent_tags: set[str]) -> str:
        return _block_html(el, self.hints) if block else _inline_html(el, text)

    return convert


for _name in KEPT_INLINE - {"sup"}:
    setattr(_CardRules, f"convert_{_name}", _make_kept(_name, block=False))
for _name in KEPT_BLOCK:
    setattr(_CardRules, f"convert_{_name}", _make_kept(_name, block=True))


def _has_paragraph(item: Any) -> bool:
    return item.find("p", recursive=False) is not None


def _inline_html(el: Any, text: str) -> str:
    """An inline element Markdown has no syntax for, as HTML around its converted content."""
    attrs = [(k, " ".join(v) if isinstance(v, list) else str(v)) for k, v in el.attrs.items()]
    return f"{start_tag(el.name, attrs)}{text}</{el.name}>"


def _block_html(el: Any, hints: Hints) -> str:
    """A block Markdown has no syntax for, as an HTML block (media names made paths)."""
    for image in el.find_all("img"):
        image["src"] = hints.images.get(str(image.get("src", "")), image.get("src", ""))
    return "\n\n" + canonical(str(el)) + "\n\n"


def _alignment(style: str) -> str:
    found = re.search(r"text-align:\s*(left|right|center)", style)
    side = found[1] if found else ""
    return {"left": ":--", "right": "--:", "center": ":-:"}.get(side, "---")


def _url(url: str) -> str:
    return f"<{url}>" if re.search(r"[\s()<>]", url) else url


def _math(found: re.Match[str]) -> str:
    """A formula with the `$` delimiters Markdown writes, where they read back the same."""
    inline, display = found["inline"], found["display"]
    formula = inline if inline is not None else display
    if "$" in formula:
        return found[0]
    if display is not None:
        return f"$${display}$$"
    if formula[:1].isspace() or formula[-1:].isspace():
        return found[0]
    return f"${formula}$"


def _escaped(text: str, at_line_start: bool = True) -> str:
    """Plain text as Markdown that reads back as the same text (`at_line_start`: the text
    starts a line, where `#`, `>`, `-` or `1.` would start a block)."""
    if not text:
        return text
    text = EMPHASIS.sub(lambda m: "\\" + m[0], text)
    text = ENTITY.sub("&amp;", text)
    text = TAG_START.sub("&lt;", text)
    if "$" in text and DOLLAR_MATH.search(text):
        text = text.replace("$", "\\$")
    if "[" in text and re.search(r"\]\s*[(\[]|\[\^", text):
        text = text.replace("[", "&#91;")
    if at_line_start:
        return LINE_START.sub(_line_start, text)
    head, newline, rest = text.partition("\n")
    return head + newline + LINE_START.sub(_line_start, rest) if newline else text


def _line_start(found: re.Match[str]) -> str:
    if found[2] is not None:
        return f"{found[1]}\\{found[2]}"
    return f"{found[1]}{found[3]}\\{found[4]}"
