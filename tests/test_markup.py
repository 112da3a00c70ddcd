"""Line-level recognition: numbers, navigation, headings that are no question, question lines."""

from __future__ import annotations

import pytest

from qadeck.shapes.details import unwrap
from qadeck.shapes.lines import question_line
from qadeck.shapes.markup import (
    is_answer_word,
    is_back_to_top,
    is_boilerplate,
    strip_number,
    trim_answer,
)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("12. What is a pod?", ("12.", "What is a pod?")),
        ("5) Why?", ("5)", "Why?")),
        ("Q3", ("Q3", "")),
        ("Q3: What is X?", ("Q3:", "What is X?")),
        ("Q. What is Node.js?", ("Q.", "What is Node.js?")),
        ("# 1. INTRODUCTION", ("# 1.", "INTRODUCTION")),
        ("1.2. Nested number", ("1.2.", "Nested number")),
        ("7 - Зачем нужен GIL?", ("7 -", "Зачем нужен GIL?")),
        ("**1. What is Flushing?**", ("1.", "**What is Flushing?**")),
        ("1.5x faster builds", (None, "1.5x faster builds")),
        ("2FA in practice", (None, "2FA in practice")),
        ("What is 2 + 2?", (None, "What is 2 + 2?")),
        ("Question 12?", (None, "Question 12?")),
    ],
)
def test_strip_number(title: str, expected: tuple[str | None, str]) -> None:
    assert strip_number(title) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("**[⬆ Back to Top](#table-of-contents)**", True),
        ('    <b><a href="#table-of-contents">↥ back to top</a></b>', True),
        ("[↑](#contents)", True),
        ("[Наверх](#содержание)", True),
        ("Go back to the top of the hill and look around before you decide.", False),
        ("[⬆](https://example.com)", False),
    ],
)
def test_back_to_top(line: str, expected: bool) -> None:
    assert is_back_to_top(line) is expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Table of Contents", True),
        ("📚 Contents", True),
        ("License", True),
        ("Sponsors", True),
        ("Содержание", True),
        ("Summary", False),
        ("What is a license?", False),
    ],
)
def test_boilerplate_headings(title: str, expected: bool) -> None:
    assert is_boilerplate(title) is expected


@pytest.mark.parametrize(
    ("summary", "expected"),
    [("Answer", True), ("**Answer:**", True), ("Show solution", True), ("Ответ", True),
     ("答案", True), ("What is the answer to everything?", False)],
)  # fmt: skip
def test_answer_words(summary: str, expected: bool) -> None:
    assert is_answer_word(summary) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("**What is X?**", "What is X?"),
        ("**What is supervised learning? 👶**", "What is supervised learning? 👶"),
        ("**12. What is Terraform?**", "What is Terraform?"),
        ("**Q:** What is a HEAD?", "What is a HEAD?"),
        ("4. **Q:** What is idempotency?", "What is idempotency?"),
        ("Q: Что такое ветка?", "Что такое ветка?"),
        ("**Note:** this is not a question", None),
        ("**Important**", None),
    ],
)
def test_question_lines(line: str, expected: str | None) -> None:
    assert question_line(line) == expected


def test_unwrap_answer_html() -> None:
    assert unwrap("<br><b>\n\nText\n</b>") == "Text"
    assert unwrap("\n<p>\n\n#### Answer: B\n\nWhy.\n\n</p>\n") == "#### Answer: B\n\nWhy."
    assert unwrap("<b>one</b> and <b>two</b>") == "<b>one</b> and <b>two</b>"


def test_trim_answer_dedents_and_drops_wrappers() -> None:
    text = "\n    ```jsx harmony\n    <A />\n    ```\n\n    <br/>\n    ---\n"
    assert trim_answer(text) == ("```jsx\n<A />\n```", 1)
    admonition = '??? success "Reveal answer"\n    **stdout** is for data.\n'
    assert trim_answer(admonition) == ("**stdout** is for data.", 1)
