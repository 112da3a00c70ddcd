"""Anki's cloze deletions in rendered fields: `{{c1::text}}`, `{{c2::text::hint}}`, nested.

Anki reads a cloze field's raw HTML: a deletion opens with `{{c` and numbers (`{{c1::`,
`{{c1,2::`), may hold a hint after `::`, and closes at `}}`; one never closed is dropped with its
text. Markdown and the sanitizer leave the markup as it is (its characters mean nothing to
either), so a deletion written in an answer reaches the field intact. Markup inside code is
shown as written: its opening braces become `&#123;`, which the browser shows as `{` and Anki
does not read as a deletion. The parsing here follows Anki's (rslib/src/cloze.rs), so that the
cards counted and previewed are the cards Anki makes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# An opening (its numbers in group 1) or a closing marker, as Anki's tokenizer finds them.
MARKER = re.compile(r"\{\{c([\d,]*)::|\}\}")
OPENING = re.compile(r"\{\{c[\d,]*::")
# Code as the sanitizer leaves it: elements never nest inside themselves, and no `<` in text.
CODE = re.compile(r"<(code|pre)\b[^>]*>.*?</\1>", re.DOTALL)
MAX_NESTING = 10  # Anki ignores openings deeper than this
LARGEST = 65_535  # Anki's numbers are 16-bit


@dataclass
class Deletion:
    """One deletion: its numbers, its content (text and nested deletions) and its hint."""

    numbers: tuple[int, ...]
    content: list[str | Deletion] = field(default_factory=list)
    hint: str | None = None

    def text(self) -> str:
        """The deleted text, nested markup taken away."""
        return "".join(part if isinstance(part, str) else part.text() for part in self.content)


def literal_in_code(html: str) -> str:
    """`html` with every cloze opening inside code written so that Anki shows it as text."""
    if "{{c" not in html:
        return html
    return CODE.sub(lambda code: OPENING.sub(_escaped, code[0]), html)


def _escaped(opening: re.Match[str]) -> str:
    return "&#123;&#123;" + opening[0][2:]


def parse(text: str) -> list[str | Deletion]:
    """A field's text as Anki reads it: text, and the deletions that are closed."""
    output: list[str | Deletion] = []
    opened: list[Deletion] = []
    start = 0
    for marker in MARKER.finditer(text):
        numbers = marker[1]
        if numbers is not None:
            found = _numbers(numbers)
            if not found:
                continue  # not an opening to Anki: the text goes on
            _add_text(text[start : marker.start()], output, opened)
            if len(opened) < MAX_NESTING:
                opened.append(Deletion(found))
        else:
            _add_text(text[start : marker.start()], output, opened)
            if opened:
                done = opened.pop()
                (opened[-1].content if opened else output).append(done)
            else:
                output.append("}}")
        start = marker.end()
    _add_text(text[start:], output, opened)
    return output


def _numbers(text: str) -> tuple[int, ...]:
    values = {int(part) for part in text.split(",") if part and int(part) <= LARGEST}
    return tuple(sorted(values))


def _add_text(text: str, output: list[str | Deletion], opened: list[Deletion]) -> None:
    if not text:
        return
    if not opened:
        output.append(text)
        return
    deletion = opened[-1]
    head, separator, hint = text.partition("::")
    if separator:
        deletion.hint = hint
    deletion.content.append(head)


def deletions(text: str) -> list[Deletion]:
    """Every deletion in `text`, nested ones too."""
    if "{{c" not in text:
        return []
    found = []
    pending = [part for part in parse(text) if isinstance(part, Deletion)]
    while pending:
        deletion = pending.pop()
        found.append(deletion)
        pending.extend(part for part in deletion.content if isinstance(part, Deletion))
    return found


def cloze_numbers(text: str) -> tuple[int, ...]:
    """The numbers of the deletions in `text`, in order: one card each (0 makes none)."""
    return tuple(sorted({n for deletion in deletions(text) for n in deletion.numbers if n}))


def numbered_zero(text: str) -> bool:
    """True when a deletion in `text` has only the number 0, which makes no card."""
    return any(deletion.numbers == (0,) for deletion in deletions(text))


def unclosed(text: str) -> bool:
    """True when a deletion in `text` is opened and never closed: Anki drops its text."""
    depth = 0
    for marker in MARKER.finditer(text):
        if marker[1] is None:
            depth = max(depth - 1, 0)
        elif _numbers(marker[1]):
            depth += 1
    return depth > 0


def reveal(text: str, number: int, question: bool) -> str:
    """`{{cloze:Field}}` on the card of `number`, as Anki renders it: empty without it."""
    out: list[str] = []
    active = False
    for part in parse(text):
        if isinstance(part, str):
            out.append(part)
        else:
            active = _reveal(part, number, question, out) or active
    return "".join(out) if active else ""


def _reveal(deletion: Deletion, number: int, question: bool, out: list[str]) -> bool:
    """Write one deletion; True when it, or one inside it, is the card's own."""
    ordinals = ",".join(map(str, deletion.numbers))
    active = number in deletion.numbers
    inner: list[str] = []
    found = active
    for part in deletion.content:
        if isinstance(part, str):
            inner.append(part)
        else:
            found = _reveal(part, number, question, inner) or found
    content = "".join(inner)
    if active and question:
        hint = "..." if deletion.hint is None else deletion.hint
        data = _attribute(content)
        out.append(
            f'<span class="cloze" data-cloze="{data}" data-ordinal="{ordinals}">[{hint}]</span>'
        )
    elif active:
        out.append(f'<span class="cloze" data-ordinal="{ordinals}">{content}</span>')
    else:
        out.append(f'<span class="cloze-inactive" data-ordinal="{ordinals}">{content}</span>')
    return found


_NAMED = {"&": "&amp;", '"': "&quot;", "<": "&lt;", ">": "&gt;"}


def _attribute(text: str) -> str:
    """An attribute value as Anki escapes it: every character below 256 but letters and digits."""
    return "".join(
        char
        if ord(char) >= 256 or (char.isascii() and char.isalnum())
        else _NAMED.get(char) or f"&#x{ord(char):X};"
        for char in text
    )
