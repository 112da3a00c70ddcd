"""The faster converter gives the HTML of the plain one: the inline filter changes nothing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qadeck.diagnostics import Diagnostics
from qadeck.render.converter import convert, markdown_converter
from qadeck.render.extensions.inlinefilter import filtered
from qadeck.render.fragment_renderer import FragmentRenderer
from qadeck.render.fragments import needs_all_extensions
from test_render import FEATURES, MATH, SANITIZED

from conftest import ANSWERS, ROOT, load_deck

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate

FAST = markdown_converter()
PLAIN = markdown_converter(fast=False)
LEAN = markdown_converter(lean=True)


def same(text: str) -> None:
    for inline in (False, True):
        expected = convert(PLAIN, text, inline)
        assert convert(FAST, text, inline) == expected
        assert FragmentRenderer().render(text, inline) == expected
        if not needs_all_extensions(text):
            assert convert(LEAN, text, inline) == expected


def test_the_fast_converter_is_filtered_and_the_plain_one_is_not() -> None:
    assert filtered(FAST)
    assert not filtered(PLAIN)


@pytest.mark.parametrize("name", sorted(FEATURES))
def test_every_pinned_feature(name: str) -> None:
    same(FEATURES[name][0])


@pytest.mark.parametrize("text", [case[0] for case in (*MATH.values(), *SANITIZED.values())])
def test_every_pinned_math_and_sanitizer_case(text: str) -> None:
    same(text)


def test_every_mlops_fragment() -> None:
    deck = load_deck([ANSWERS], Diagnostics())
    for question in deck.questions:
        for text in (question.title, question.answer, question.extra):
            same(text)


def test_generated_benchmark_answers(tmp_path: Path) -> None:
    generate(200, tmp_path)
    for question in load_deck([tmp_path], Diagnostics()).questions:
        same(question.answer)


SYNTAX = [
    *"ab c1\n\n*_`[]()!<>&;#$\\:/.-|^~=\"'",
    *("  \n", "http://x", "&amp;", "<b>", "1. ", "- ", "> ", "    ", "\n: ", "[^1]", "[^1]: "),
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SYNTAX), max_size=40).map("".join))
def test_random_markdown(text: str) -> None:
    same(text)


@pytest.mark.parametrize(
    "text",
    [
        "Term\n: Meaning",
        "- item\n\n    : def",
        "> Term\n> : def",
        "1. Term\n   : def",
        "Text[^1]\n\n[^1]: Note",
        "a | b\n--|--\n1 | 2",
        "Term\n\t: def",
    ],
)
def test_texts_that_need_every_extension_are_recognised(text: str) -> None:
    assert needs_all_extensions(text)
    same(text)
