"""What the text under a question must hold to be its answer."""

from __future__ import annotations

import pytest

from qadeck.shapes.nonanswers import not_an_answer, shows_nothing

BOOKS = "* [Pro Git](https://example.org/pro) - the book\n* [Git Internals](https://example.org/in)"


@pytest.mark.parametrize(
    ("text", "nothing"),
    [
        ('<a name="next-question"></a>', True),
        ("<br>\n\n---\n\n<br/>", True),
        ("<!-- to do -->\n* * *", True),
        ('<div align="right"></div>&nbsp;', True),
        ("---\n\nA word.", False),
        ('<img src="tree.png">', False),  # a picture shows something
        ("```\n<br>\n```", False),
    ],
)
def test_text_that_renders_as_nothing(text: str, nothing: bool) -> None:
    assert shows_nothing(text) is nothing


def test_a_list_of_links_under_a_topic_is_no_answer() -> None:
    assert not_an_answer("Books", BOOKS) == "the text under it is a list of links"
    assert not_an_answer("Which books should I read?", BOOKS) is None  # the links answer it
    one = "* [Pro Git](https://example.org/pro) - the book, chapter 3 explains it all"
    assert not_an_answer("Branching", one) is None  # one pointer is a short answer
    mixed = BOOKS + "\n* Read the manual pages first."
    assert not_an_answer("Books", mixed) is None
