"""The outline's one reading of a document agrees with reading it line by line."""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qadeck.checks.anchors import github_anchor
from qadeck.checks.renderable import prose_lines
from qadeck.deck.identity import heading_text
from qadeck.shapes.outline import split_answer, split_lines
from qadeck.sources.headings import (
    ATX_HEADING,
    COMMENT_START,
    FENCE,
    Block,
    Outline,
    closes_fence,
    heading_marks,
    parse_heading,
    parse_outline,
)

from conftest import ANSWERS, ROOT

SEED = ROOT / "tests" / "data" / "seed_questions.md"


def line_by_line(text: str) -> Outline:
    """The outline as a plain loop over the lines reads it: the specification."""
    lines = text.split("\n")
    blocks: list[Block] = []
    heading = None
    body_start = 0
    fence: str | None = None
    fence_line = comment_line = None
    in_comment = False
    for index, line in enumerate(lines):
        if fence is not None:
            if closes_fence(line, fence):
                fence = None
            continue
        if in_comment:
            in_comment = "-->" not in line
            continue
        opened = FENCE.match(line)
        if opened and not (opened[1][0] == "`" and "`" in opened[2]):
            fence, fence_line = opened[1], index + 1
            continue
        if COMMENT_START.match(line):
            in_comment = "-->" not in line.split("<!--", 1)[1]
            comment_line = index + 1
            continue
        found = ATX_HEADING.match(line)
        if not found:
            continue
        blocks.append(Block(heading, "\n".join(lines[body_start:index]), body_start + 1))
        heading = parse_heading(len(found[1]), found[2] or "", index + 1)
        body_start = index + 1
    blocks.append(Block(heading, "\n".join(lines[body_start:]), body_start + 1))
    links = tuple((n, line) for n, line in prose_lines(lines) if "](" in line)
    return Outline(
        tuple(blocks),
        fence_line if fence is not None else None,
        comment_line if in_comment else None,
        links,
    )


LINES = ["", "", "text", "text [a](#b)", "x](y", "# H", "## Q {#k}", "#NoSpace", "####### 7",
         "   ### three", "    # code", "```", "```python", "``` `x`", "````", "~~~", "~~~~",
         " ```", "    ```", "\t```", "``` ", "<!--", "<!-- c -->", "-->", "a --> b", "<!-- x",
         "   <!--", "## H ##", "# [l](#x)", "- [l](#y)", " \u00a0", "\u00a0```"]  # fmt: skip
documents = st.lists(st.sampled_from(LINES), max_size=25).map("\n".join)


@settings(max_examples=3000, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(documents, documents.map(lambda t: t + "\n")))
def test_one_reading_agrees_with_the_line_by_line_reading(text: str) -> None:
    assert parse_outline(text) == line_by_line(text)


def test_the_reading_of_the_shipped_answers_and_the_seed_agrees() -> None:
    paths = [*ANSWERS.glob("*.md"), SEED]
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert parse_outline(text) == line_by_line(text), path


@settings(max_examples=1000, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(documents, documents.map(lambda t: t + "\n")))
def test_a_part_from_a_heading_on_reads_as_in_the_whole(text: str) -> None:
    whole = parse_outline(text)
    marks = heading_marks(text)
    line_starts = [0] + [index + 1 for index, char in enumerate(text) if char == "\n"]
    headings = [block.heading for block in whole.blocks if block.heading is not None]
    assert [(line, level) for _, line, level, _ in marks] == [(h.line, h.level) for h in headings]
    assert all(start == line_starts[line - 1] for start, line, _, _ in marks)
    cuts = [(0, 1)] + [(start, line) for start, line, _, _ in marks[1::2]]
    ends = [start for start, _ in cuts[1:]] + [len(text)]
    blocks = []
    for index, ((start, line), end) in enumerate(zip(cuts, ends, strict=True)):
        found = parse_outline(text, start, end, line)
        blocks += found.blocks[1:] if index else found.blocks  # a part starts with a heading
        links = [link for link in whole.link_lines if start <= line_starts[link[0] - 1] < end]
        assert found.link_lines == tuple(links)
        last = end == len(text)
        assert found.unclosed_fence == (whole.unclosed_fence if last else None)
        assert found.unclosed_comment == (whole.unclosed_comment if last else None)
    assert tuple(blocks) == whole.blocks


BODY_LINES = ["", " ", "\t", "\u00a0", "text", "  indented", "```", "<!-- more -->", "<!--", "x"]


@settings(max_examples=1000, derandomize=True)
@given(st.lists(st.sampled_from(BODY_LINES), max_size=8).map("\n".join))
def test_split_answer_agrees_with_the_line_by_line_split(body: str) -> None:
    block = Block(None, body, 7)
    assert split_answer(block) == split_lines(block)


def anchor_char_by_char(title: str) -> str:
    kept = (c for c in title.lower() if c in " -_" or unicodedata.category(c)[0] in "LNM")
    return "".join(kept).replace(" ", "-")


@settings(max_examples=500, derandomize=True)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_ascii_anchors_agree_with_the_unicode_rule(title: str) -> None:
    assert github_anchor(title) == anchor_char_by_char(heading_text(title))
