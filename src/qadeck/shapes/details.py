"""`<details><summary>…</summary> … </details>` blocks: the summary and the hidden Markdown."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from qadeck.shapes.markup import DETAILS_CLOSE, DETAILS_OPEN, TAG, Doc

SUMMARY = re.compile(r"^\s*<summary\b[^>]*>(.*?)</summary\s*>", re.IGNORECASE | re.DOTALL)
LEADING_BREAKS = re.compile(r"^(?:\s*<br\s*/?>)+", re.IGNORECASE)
WRAPPERS = ("p", "b", "strong", "div", "blockquote")


@dataclass(frozen=True)
class Details:
    """One block: its first and last line (0-based), summary as Markdown, and the body."""

    start: int
    end: int
    summary: str
    body: str
    body_line: int


def find_details(doc: Doc, start: int = 0, stop: int | None = None) -> list[Details]:
    """Every outermost `<details>` block between two lines, outside code."""
    stop = len(doc.lines) if stop is None else stop
    found: list[Details] = []
    index = start
    while index < stop:
        if doc.code[index] or not DETAILS_OPEN.search(doc.lines[index]):
            index += 1
            continue
        end = _closing_line(doc, index, stop)
        if end is None:
            index += 1
            continue
        found.append(_parse(doc, index, end))
        index = end + 1
    return found


def _closing_line(doc: Doc, start: int, stop: int) -> int | None:
    depth = 0
    for index in range(start, stop):
        if doc.code[index]:
            continue
        line = doc.lines[index]
        depth += len(DETAILS_OPEN.findall(line)) - len(DETAILS_CLOSE.findall(line))
        if depth <= 0:
            return index
    return None


def _parse(doc: Doc, start: int, end: int) -> Details:
    chunk = doc.text(start, end + 1)
    opened = DETAILS_OPEN.search(chunk)
    assert opened is not None
    closing = list(DETAILS_CLOSE.finditer(chunk))[-1]
    inner = chunk[opened.end() : closing.start()]
    summary = SUMMARY.match(inner)
    offset = opened.end()
    if summary:
        offset += summary.end()
        inner = inner[summary.end() :]
    body = unwrap(inner)
    first = next((line.strip() for line in body.split("\n") if line.strip()), "")
    found = chunk.find(first, offset) if first else -1
    body_line = start + chunk[: found if found >= 0 else offset].count("\n")
    return Details(start, end, summary_markdown(summary[1]) if summary else "", body, body_line)


def unwrap(html: str) -> str:
    """Drop leading `<br>`s and a `<p>`, `<b>`, … wrapped around the Markdown of an answer."""
    text = LEADING_BREAKS.sub("", html)
    for _ in range(3):
        stripped = text.strip()
        for tag in WRAPPERS:
            opening = re.match(rf"<{tag}(?:\s[^>]*)?>", stripped, re.IGNORECASE)
            closing = re.search(rf"</{tag}\s*>$", stripped, re.IGNORECASE)
            opens = re.findall(rf"<{tag}[\s>]", stripped, re.IGNORECASE)
            if opening and closing and len(opens) == 1:
                text = stripped[opening.end() : closing.start()]
                break
        else:
            break
        text = LEADING_BREAKS.sub("", text)
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    return "\n".join(lines).rstrip()


def summary_markdown(html: str) -> str:
    """A summary's HTML as Markdown: `<code>` as backticks, other tags dropped."""
    text = re.sub(r"<code>(.*?)</code>", r"`\1`", html, flags=re.IGNORECASE | re.DOTALL)
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.IGNORECASE)
    text = textwrap.dedent(TAG.sub("", text))
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
