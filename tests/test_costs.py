"""The shortcuts of the checks give the answers of the full measurements."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from qadeck.checks.document import answer_words
from qadeck.checks.renderable import (
    BLOCK_SPLIT,
    INLINE_MARKUP,
    LONG_LEAD,
    MAX_BLOCK_SPLITS,
    MAX_CODE_SPAN_SCAN,
    MAX_INLINE_WORK,
    MAX_LINK_SCAN,
    MAX_NESTING,
    MAX_TAG_SCAN,
    SAFE_LENGTH,
    code_span_scan_cost,
    link_scan_cost,
    nesting_depth,
    prose_lines,
    tag_scan_cost,
)

WORDY = st.text(alphabet=st.sampled_from("ab1 -—.\n\t`~<!->é_\u00a0\u2003"), max_size=200)


def words_one_by_one(markdown: str) -> int:
    """The plain definition: each whitespace-separated token of prose holding a word character."""
    lines = prose_lines(markdown.split("\n"))
    return sum(1 for _, line in lines for token in line.split() if re.search(r"\w", token))


@settings(max_examples=500, derandomize=True)
@given(st.one_of(WORDY, WORDY.map(lambda t: f"{t}\n```\ncode words\n```\n{t}<!-- c -->")))
def test_answer_words_counts_prose_tokens_with_a_word_character(text: str) -> None:
    assert answer_words(text) == words_one_by_one(text)


def test_answer_words_is_linear_on_a_long_token_without_letters() -> None:
    assert answer_words("-" * 200_000 + " word") == 1


MARKUP_SOUP = st.text(alphabet=st.sampled_from("[]()`<a>#*_\\&-= \n\t>+1."), max_size=SAFE_LENGTH)


@settings(max_examples=200, derandomize=True)
@given(
    st.one_of(
        MARKUP_SOUP, st.sampled_from([c * (SAFE_LENGTH // 2) for c in ("[[", "`(", "<a", "#\n")])
    )
)
def test_a_short_text_cannot_cost_more_than_the_limits(text: str) -> None:
    assert len(text) <= SAFE_LENGTH
    markup = sum(text.count(char) for char in INLINE_MARKUP)
    assert len(text) * markup <= MAX_INLINE_WORK
    assert link_scan_cost(text) <= MAX_LINK_SCAN
    assert code_span_scan_cost(text) <= MAX_CODE_SPAN_SCAN
    assert tag_scan_cost(text) <= MAX_TAG_SCAN
    assert len(BLOCK_SPLIT.findall(text)) * len(text) <= MAX_BLOCK_SPLITS


@settings(max_examples=300, derandomize=True)
@given(st.text(alphabet=st.sampled_from(" \t>-*+1.)x"), max_size=400))
def test_a_line_nests_deeper_than_the_limit_only_with_a_long_lead(line: str) -> None:
    line = line.replace("\n", "")
    if nesting_depth(line) > MAX_NESTING:
        assert LONG_LEAD.search(line)


def test_a_deep_line_has_a_long_lead() -> None:
    assert LONG_LEAD.search("intro\n" + "> " * 60 + "x")
    assert not LONG_LEAD.search("> " * 50 + "x")
