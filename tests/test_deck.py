"""From outlines to sections, questions and identity."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from qadeck.deck.identity import deck_id, note_guid, question_key
from qadeck.deck.model import Deck
from qadeck.diagnostics import Diagnostics, QadeckError

from conftest import load_deck

Write = Callable[..., Path]


def deck_of(*paths: Path, name: str | None = None) -> tuple[Deck, Diagnostics]:
    diagnostics = Diagnostics()
    deck = load_deck(list(paths), diagnostics, name)
    return deck, diagnostics


def test_nested_sections_and_section_intro(write: Write) -> None:
    folder = write("src/a.md").parent
    write(
        "src/a.md",
        """
        # Monitoring
        ## Model Monitoring
        Watch inputs and outputs.
        ### Cues
        cue answer
        ### Summary
        summary answer
        ## Skew
        skew answer
        """,
    )
    write("src/deck.toml", 'name = "Root"\n')
    deck, diagnostics = deck_of(folder)
    assert diagnostics.items == []
    assert deck.name == "Root"
    assert deck.sections == (("Monitoring",), ("Monitoring", "Model Monitoring"))
    got = [(q.title, q.section, q.context, q.line, q.answer) for q in deck.questions]
    assert got == [
        ("Model Monitoring", ("Monitoring", "Model Monitoring"), ("Monitoring",), 2,
         "Watch inputs and outputs."),
        ("Cues", ("Monitoring", "Model Monitoring"), ("Monitoring", "Model Monitoring"), 4,
         "cue answer"),
        ("Summary", ("Monitoring", "Model Monitoring"), ("Monitoring", "Model Monitoring"), 6,
         "summary answer"),
        ("Skew", ("Monitoring",), ("Monitoring",), 8, "skew answer"),
    ]  # fmt: skip


def test_single_document_title_names_the_deck(write: Write) -> None:
    path = write("doc.md", "# Go Interview\nintro text\n## What is a goroutine?\nA thread.\n")
    deck, _ = deck_of(path)
    assert deck.name == "Go Interview"
    assert [q.title for q in deck.questions] == ["What is a goroutine?"]
    assert deck_of(path, name="Other")[0].name == "Other"


def test_extra_part_and_code_in_answers(write: Write) -> None:
    path = write(
        "doc.md",
        """
        # T
        ## Q
        short

        ```
        # not a heading
        <!-- more -->
        ```
        <!-- more -->
        long part
        """,
    )
    (question,) = deck_of(path)[0].questions
    assert question.answer == "short\n\n```\n# not a heading\n<!-- more -->\n```"
    assert question.extra == "long part"
    assert question.answer_line == 3


def test_explicit_key_is_hidden_and_used(write: Write) -> None:
    path = write("doc.md", "# T\n## Reworded question {#stable}\nanswer\n")
    deck, _ = deck_of(path)
    (question,) = deck.questions
    assert question.title == "Reworded question"
    assert deck.guid(question) == note_guid("doc", "stable")


def test_duplicate_question_text_warns_and_keeps_both(write: Write) -> None:
    path = write("doc.md", "# T\n## Same?\none\n## same\ntwo\n")
    deck, diagnostics = deck_of(path)
    assert [str(d) for d in diagnostics.items] == [
        f"{path}:4: warning: duplicate question (also at {path}:2): "
        "kept as a separate note with key {#same~2}"
        ", told apart from the other copies by its section and its answer; "
        "give each copy a {#key} of its own to pin its note"
    ]
    first, second = deck.questions
    assert deck.guid(first) != deck.guid(second)


def test_duplicate_explicit_key_is_an_error_naming_both_lines(write: Write) -> None:
    path = write("doc.md", "# T\n## One {#k}\na\n## Two {#k}\nb\n")
    _, diagnostics = deck_of(path)
    assert [str(d) for d in diagnostics.errors] == [
        f"{path}:4: error: duplicate key {{#k}}: also used by {path}:2"
    ]


SOURCE = """
# Section A
## First question
first answer
## Second question
second answer
# Section B
## Third question
third answer
"""


def guids(write: Write, text: str) -> dict[str, str]:
    path = write("doc/a.md", text)
    deck, diagnostics = deck_of(path.parent, name="Root")
    assert not diagnostics.errors
    return {q.title: deck.guid(q) for q in deck.questions}


@pytest.mark.parametrize(
    "edited",
    [
        pytest.param(SOURCE.replace("first answer", "a new answer\n\n- with a list"), id="edit"),
        pytest.param(
            SOURCE.replace(
                "## First question\nfirst answer\n## Second question\nsecond answer",
                "## Second question\nsecond answer\n## First question\nfirst answer",
            ),
            id="reorder",
        ),
        pytest.param(SOURCE.replace("# Section B", "## New one\nnew\n# Section B"), id="insert"),
        pytest.param(
            SOURCE.replace("## First question\nfirst answer\n", "").replace(
                "# Section B\n", "# Section B\n## First question\nfirst answer\n"
            ),
            id="move",
        ),
    ],
)
def test_identity_survives_edits(write: Write, edited: str) -> None:
    before = guids(write, SOURCE)
    after = guids(write, edited)
    assert {title: after[title] for title in before} == before
    assert len(set(after.values())) == len(after)


def test_keys_ignore_case_quotes_and_punctuation() -> None:
    assert question_key("What’s the “Difference”?") == question_key("what's the difference")
    assert question_key("Что такое Docker?") == "что-такое-docker"


def test_deck_ids_are_wide_distinct_and_never_one() -> None:
    names = [f"Root::Section {i}" for i in range(2000)]
    ids = {deck_id(name) for name in names}
    assert len(ids) == len(names)
    assert min(ids) > 1 and max(ids) < 2**63 and max(ids) > 2**40


def test_empty_sources_are_an_error(write: Write) -> None:
    path = write("empty.md", "just text\n")
    _, diagnostics = deck_of(path)
    assert [str(d) for d in diagnostics.errors] == [
        f"{path}: error: no questions found (files read: {path})"
    ]
    with pytest.raises(QadeckError):
        diagnostics.raise_if_errors()
