"""Splitting Markdown at its heading outline."""

from __future__ import annotations

import pytest

from qadeck.sources.headings import Heading, parse_outline


def headings(text: str) -> list[tuple[int, str, str | None, int]]:
    return [
        (b.heading.level, b.heading.title, b.heading.key, b.heading.line)
        for b in parse_outline(text).blocks
        if b.heading is not None
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# A\n## B\n", [(1, "A", None, 1), (2, "B", None, 2)]),
        ("## Closing hashes ##\n", [(2, "Closing hashes", None, 1)]),
        ("   ### Indented three\n", [(3, "Indented three", None, 1)]),
        ("    # indented code\n", []),
        ("#NoSpace\n", []),
        ("####### seven\n", []),
        ("## Q text {#my-key}\n", [(2, "Q text", "my-key", 1)]),
        ("## Braces {not a key}\n", [(2, "Braces {not a key}", None, 1)]),
        ("```\n# in code\n```\n# after\n", [(1, "after", None, 4)]),
        ("~~~python\n# in tilde code\n```\n~~~\n## after\n", [(2, "after", None, 5)]),
        ("````\n```\n# still code\n````\n# out\n", [(1, "out", None, 5)]),
        ("<!--\n# commented\n-->\n# real\n", [(1, "real", None, 4)]),
        ("<!-- one line -->\n# real\n", [(1, "real", None, 2)]),
        ("text\n---\n% not syntax\n$5\n{{c1::x}}\n", []),
    ],
)
def test_headings(text: str, expected: list[tuple[int, str, str | None, int]]) -> None:
    assert headings(text) == expected


def test_bodies_keep_their_lines() -> None:
    outline = parse_outline("intro\n# A\nanswer a\n\n## B\nanswer b")
    preamble, a, b = outline.blocks
    assert preamble.heading is None and preamble.body == "intro"
    assert a.heading == Heading(1, "A", None, 2)
    assert (a.body, a.body_line) == ("answer a\n", 3)
    assert (b.body, b.body_line) == ("answer b", 6)


def test_unclosed_fence_is_reported_by_line() -> None:
    outline = parse_outline("# A\ntext\n```python\n# swallowed\n")
    assert outline.unclosed_fence == 3
    assert len([b for b in outline.blocks if b.heading]) == 1
