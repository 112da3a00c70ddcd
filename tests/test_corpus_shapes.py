"""Shapes met in public Q&A documents, each reproduced by a small fixture written for it.

Each case names the fixture under fixtures/shapes/corpus, the cards a reader expects and the
questions that must be reported rather than made into cards (their lines).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qadeck.diagnostics import Diagnostics
from qadeck.shapes.accounting import ANSWER, QUESTION, TITLE, UNANSWERED, stretches
from qadeck.shapes.markup import looks_like_question
from qadeck.shapes.read import read_inputs

from conftest import load_deck

FIXTURES = Path(__file__).parent / "fixtures" / "shapes" / "corpus"


def read(name: str) -> tuple[list[str], list[str]]:
    """The fronts of the cards of a fixture, and its warnings (`line: message`)."""
    diagnostics = Diagnostics()
    deck = load_deck([FIXTURES / name], diagnostics)
    warnings = [
        f"{d.location.line}: {d.message}" for d in diagnostics.items if d.severity == "warning"
    ]
    return [q.title for q in deck.questions], warnings


def test_placeholder_answers_are_reported_not_made_into_cards() -> None:
    fronts, warnings = read("placeholders.md")
    assert fronts == ["What is a median? 👶", "What is variance? 👶", "What is a p-value? \u200d⭐️"]
    assert warnings == [
        "22: question has no answer: its answer is a placeholder (Answer here); no card made",
        "36: question has no answer: its answer is a placeholder (Answer here); no card made",
    ]


def test_placeholders_with_only_resources_below_them_are_no_answers() -> None:
    fronts, warnings = read("details-placeholders.md")
    assert fronts == [
        "What does `pwd` print?",
        "Why does `cd` have to be a builtin?",
        "How do you read a file line by line?",
    ]
    assert warnings == [
        "17: question has no answer: its answer is a placeholder (To be completed.); no card made",
        "37: question has no answer: its answer is a placeholder (To be completed.); no card made",
    ]


def test_stub_topics_with_only_links_are_reported_and_navigation_leaves_answers() -> None:
    diagnostics = Diagnostics()
    deck = load_deck([FIXTURES / "stubs.md"], diagnostics)
    assert {q.title: q.answer for q in deck.questions} == {
        "Stack": "* A last-in, first-out collection.\n* Push and pop work on the top only.",
        "Queue": "* A first-in, first-out collection.",
    }
    assert [(d.location.line, d.message) for d in diagnostics.items] == [
        (line, "question has no answer: the text under it is only links; no card made")
        for line in (12, 30, 35)
    ]


@pytest.mark.parametrize(
    ("name", "reported"),
    [
        ("question-list.md", [(13, 4), (20, 3)]),
        ("link-questions.md", [(3, 4)]),
    ],
)
def test_lists_of_questions_without_answers_make_no_card(
    name: str, reported: list[tuple[int, int]]
) -> None:
    diagnostics = Diagnostics()
    load_deck([FIXTURES / name], diagnostics)
    assert [str(d).split(": ", 1)[1] for d in diagnostics.items] == [
        *(
            f"warning: question has no answer: the text under it is a list of {count} questions"
            " without answers; no card made"
            for _, count in reported
        ),
        f"error: no question with an answer found (files read: {FIXTURES / name})",
    ]
    assert [d.location.line for d in diagnostics.items[:-1]] == [line for line, _ in reported]


def test_questions_after_a_table_of_contents_are_all_read() -> None:
    fronts, warnings = read("toc-headings.md")
    assert (
        len(fronts) == 7 and fronts[0] == "What is TCP?" and fronts[-1] == "What is TIME_WAIT for?"
    )
    assert warnings == []


def shape_fixtures() -> list[Path]:
    """Every document fixture of the shapes, one question per file folders included."""
    root = FIXTURES.parent
    return sorted(path for path in root.rglob("*.md") if "vault" not in path.parts)


@pytest.mark.parametrize("path", shape_fixtures(), ids=lambda path: path.name)
def test_every_question_like_line_is_a_card_or_reported(path: Path) -> None:
    diagnostics = Diagnostics()
    inputs = read_inputs([path], diagnostics)
    warned = {d.location.line for d in diagnostics.items if "question-like" in d.message}
    for document in inputs.documents:
        reading = next(r for r in document.readings if r.shape == document.shape)
        for line in reading.asking:
            kind = reading.kinds[line - 1]
            if line in reading.silent:
                assert any(first in warned for first, _, _ in stretches(reading))
            else:
                assert kind in (QUESTION, ANSWER, UNANSWERED, TITLE), (path, line, kind)
        assert {first for first, _, _ in stretches(reading)} <= warned


@pytest.mark.parametrize("path", shape_fixtures(), ids=lambda path: path.name)
def test_the_reading_taken_makes_the_cards_it_was_scored_on(path: Path) -> None:
    inputs = read_inputs([path], Diagnostics())
    made = {(q.source.display, q.line) for q in inputs.deck.questions}
    for document in inputs.documents:
        if not document.readings:
            continue  # declared, or a plugin's cards: nothing was weighed
        reading = next(r for r in document.readings if r.shape == document.shape)
        display = document.source.display
        scored = set() if document.asks_only else set(reading.cards)
        assert {line for source, line in made if source == display} == scored


def test_japanese_answer_label_folds_the_answer_and_keeps_the_snippet_on_the_front() -> None:
    diagnostics = Diagnostics()
    deck = load_deck([FIXTURES / "answer-label-ja.md"], diagnostics)
    assert [q.title.split("\n")[0] for q in deck.questions] == [
        "何が出力されるでしょうか？",
        "何が出力されるでしょうか？",
        "これは何ですか？",
    ]
    first = deck.questions[0]
    assert "console.log(typeof null)" in first.title and '- B: `"null"`' in first.title
    assert first.answer == "#### 答え: A\n\nnull は歴史的な理由で object です。"
    assert [d.message for d in diagnostics.items] == []


def test_an_answer_that_is_a_picture_is_an_answer(tmp_path: Path) -> None:
    (tmp_path / "doc.md").write_text("# T\n## Q\n![plot](img/plot.png)\n", encoding="utf-8")
    diagnostics = Diagnostics()
    deck = load_deck([tmp_path / "doc.md"], diagnostics)
    assert [(q.title, q.answer) for q in deck.questions] == [("Q", "![plot](img/plot.png)")]


def test_one_line_question_colon_answer_cards() -> None:
    diagnostics = Diagnostics()
    deck = load_deck([FIXTURES / "one-line-cards.md"], diagnostics)
    assert [(q.title, q.answer) for q in deck.questions] == [
        ("Who was the first president of the USA?", "George Washington"),
        ("How many people are bitten by snakes each year?", "5.3M"),
        ("How many people die each year from snake bites?", "~130k"),
    ]
    assert diagnostics.items == []


@pytest.mark.parametrize("style", [None, "outline"])
def test_anchors_and_resource_lists_are_no_text_of_their_own(style: str | None) -> None:
    diagnostics = Diagnostics()
    deck = load_deck([FIXTURES / "anchored-sections.md"], diagnostics, style=style)
    resources = ["Books", "Tools"] if style == "outline" else []  # asked for: what it says
    assert sorted(q.title for q in deck.questions) == [
        *resources[:1],
        "I do not know what I did wrong",
        "I want to count the lines of every file",
        "I want to find the largest files in a folder",
        "I want to stop a program by its name",
        *resources[1:],
    ]  # not the sections, whose only text is an anchor; read, nor the lists of books and tools
    assert [d.location.line for d in diagnostics.items] == [23]  # only an anchor under it


@pytest.mark.parametrize("style", [None, "headings"])
def test_a_question_of_a_sections_level_is_outside_that_section(style: str | None) -> None:
    diagnostics = Diagnostics()
    deck = load_deck([FIXTURES / "anchored-sections.md"], diagnostics, style=style)
    assert [(q.section, q.title.split()[-1]) for q in deck.questions] == [
        (("Files",), "folder"),
        (("Files",), "file"),
        (("Processes",), "name"),
        ((), "wrong"),  # a `##` after the `###` questions of `## Processes` closes it
    ]


def test_a_label_over_questions_of_its_own_level_holds_them(tmp_path: Path) -> None:
    doc = tmp_path / "labels.md"
    doc.write_text(
        "# Web\n\n## HTML\n\n## 1. What is a doctype?\n\nThe first line.\n\n"
        "## 2. What is an element?\n\nA tag and its content.\n\n## CSS\n\n"
        "## 3. What is specificity?\n\nWhich rule wins.\n"
    )
    deck = load_deck([doc], Diagnostics())
    assert [(q.section, q.title) for q in deck.questions] == [
        (("HTML",), "What is a doctype?"),
        (("HTML",), "What is an element?"),
        (("CSS",), "What is specificity?"),
    ]


def test_a_question_over_sub_questions_keeps_its_own_answer() -> None:
    diagnostics = Diagnostics()
    deck = load_deck([FIXTURES / "nested-questions.md"], diagnostics)
    cards = {q.title: q.answer for q in deck.questions}
    assert list(cards) == [
        "What is a cache?",
        "Why must cached values be invalidated?",  # its own text, not lost to its section
        "How does a time-to-live invalidate them?",
        "How does write-through invalidate them?",
        "Difference between a cache and a buffer",  # a comparison asks
        "When is a buffer a cache too?",
    ]
    assert "Caching basics" in cards["What is a cache?"]  # "Further information" is answer
    assert "Write policies" in cards["How does write-through invalidate them?"]
    assert cards["Why must cached values be invalidated?"] == (
        "Because the source changes, and a stale copy gives wrong answers."
    )
    assert not diagnostics.items


def test_a_section_whose_text_is_contents_or_questions_is_no_card() -> None:
    fronts, warnings = read("section-lists.md")
    assert fronts == [
        "¿Qué sistemas de control de versiones has usado?",
        "¿Qué es el DOM?",
        "¿Qué es el modelo de caja?",
    ]
    assert warnings == [  # the table of contents is navigation: nothing to report
        "8: question has no answer: the text under it is a list of 3 questions without answers;"
        " no card made",
        "22: question has no answer: the text under it is a list of 2 questions without answers;"
        " no card made",
    ]


def test_a_heading_with_only_a_rule_or_a_break_below_it_is_a_section() -> None:
    diagnostics = Diagnostics()
    deck = load_deck([FIXTURES / "ruled-sections.md"], diagnostics)
    assert [(q.section, q.title) for q in deck.questions] == [
        (("Programming",), "What is a closure?"),
        (("Programming",), "Stack vs heap"),
        (("Databases",), "What is an index?"),
        (("Databases",), "What does a transaction promise?"),
    ]


def test_when_one_level_of_headings_asks_their_sub_headings_are_their_answers() -> None:
    fronts, warnings = read("peer-questions.md")
    assert fronts == [
        "What is a reverse proxy?",
        "Threads vs processes: when would you choose each?",
        "How do you limit requests per client?",
        "Design a queue for background jobs.",
    ]
    assert warnings == []


def test_a_folder_of_one_question_per_file_makes_one_card_of_each_file() -> None:
    fronts, _ = read("one-question-files")
    assert fronts == [
        "What do you know about caching",
        "What is the event loop?",
        "Why can a function be called before its declaration?",
        "Can a closure outlive the function that made it?",
        "Create a function `pairs` that counts the pairs of numbers adding up to a target.",
    ]


def test_the_text_under_a_file_title_introduces_its_questions() -> None:
    fronts, _ = read("introduced-folder")
    assert fronts == [
        "What is an interface?",
        "Why prefer an interface to a base class?",
        "Can an interface hold fields?",
    ]


def test_the_headings_a_table_of_contents_lists_are_its_entries() -> None:
    fronts, _ = read("listed-topics.md")
    assert fronts == ["B-tree and LSM tree", "Commit log", "Replication"]


def test_a_marked_question_line_is_answered_by_the_lines_up_to_a_rule() -> None:
    diagnostics = Diagnostics()
    deck = load_deck([FIXTURES / "marked-cards.md"], diagnostics)
    assert [(q.title, q.answer) for q in deck.questions] == [
        ("Which planet is closest to the Sun?", "Mercury"),
        (
            "The orbit of a planet around its star",
            "An ellipse with the star at one focus.\n(Kepler's first law) $e < 1$",
        ),
    ]
    assert diagnostics.items == []


def test_a_study_note_with_a_question_section_makes_cards_of_its_questions_only() -> None:
    fronts, warnings = read("study-note.md")
    assert fronts == [
        "What does `poll` return on an empty queue?",
        "What is the difference between `offer` and `add`?",
        "Which queue orders its elements by priority?",
        "Why is `LinkedList` a queue?",
    ]
    assert warnings == []


@pytest.mark.parametrize(
    ("title", "asks"),
    [
        ("How It Works: Adding and Taking", False),
        ("What we do", False),
        ("Why it matters", False),
        ("How it works?", True),
        ("How does it work", True),
        ("What is a queue", True),
    ],
)
def test_a_question_word_before_its_subject_names_a_topic(title: str, asks: bool) -> None:
    assert looks_like_question(title) is asks


def test_a_heading_whose_text_only_asks_is_a_question_without_an_answer() -> None:
    fronts, warnings = read("prompts.md")
    assert fronts == ["Back Pressure"]
    restated = "the text under it is the question itself, without an answer; no card made"
    assert warnings == [
        f"5: question has no answer: {restated}",
        f"9: question has no answer: {restated}",
    ]


def test_a_document_listing_questions_without_answers_makes_no_card() -> None:
    diagnostics = Diagnostics()
    load_deck([FIXTURES / "asked-only.md"], diagnostics)
    lines = [7, 8, 9, 10, 12, 13, 17, 21, 24, 25, 26, *range(30, 41)]
    warned = [d for d in diagnostics.items if d.severity == "warning"]
    assert [d.location.line for d in warned] == lines
    # the two whose code or list of terms was read as an answer say why they make no card
    assert [d.message for d in warned if d.location.line in (17, 21)] == [
        "question has no answer: the document lists its questions without answers; no card made"
    ] * 2
    assert [d.message for d in diagnostics.items if d.severity == "error"] == [
        f"no question with an answer found (files read: {FIXTURES / 'asked-only.md'})"
    ]


def test_quoted_question_and_answer_pairs_are_read_out_of_their_quotes() -> None:
    diagnostics = Diagnostics()
    deck = load_deck([FIXTURES / "quoted-pairs.md"], diagnostics)
    assert [(q.title, q.answer) for q in deck.questions] == [
        ("What is a delta?", "Land built where a river drops its silt at the sea."),
        (
            "Which river is the longest?",
            "The Nile, by most counts:\n- about 6,650 km\n- through eleven countries",
        ),
        ("What is an oxbow lake?", "A bend of a river cut off from it."),
    ]
    assert diagnostics.items == []


MIXED_FRONTS = [
    "What is a delta?",
    "Which river is the longest?",
    "Which of these are rivers?",
    "Why do rivers meander?",
    "Follow-up Q: Can a meander be cut off?",
    "What is a delta?",
    "Which river is the longest?",
    "Why do rivers meander?",
]


def test_headings_read_follow_up_questions_and_a_section_of_quoted_pairs() -> None:
    diagnostics = Diagnostics()
    deck = load_deck([FIXTURES / "mixed-qa.md"], diagnostics, style="headings")
    assert [q.title for q in deck.questions] == MIXED_FRONTS


def test_a_question_asked_again_in_another_shape_does_not_count_against_its_reading() -> None:
    fronts, warnings = read("mixed-qa.md")
    assert fronts == MIXED_FRONTS
    assert [w for w in warnings if "duplicate" not in w] == []


def test_repeated_names_count_against_a_reading_only_within_one_section() -> None:
    diagnostics = Diagnostics()
    inputs = read_inputs([FIXTURES / "glossary-repeats.md"], diagnostics, style=None)
    (document,) = inputs.documents
    outline = next(r for r in document.readings if r.shape == "outline")
    # "Definition" and "Example" under each term are no repeats; "Reference" twice in one is
    assert len(outline.cards) == 6 and outline.duplicates == 1


def test_a_topic_heading_whose_text_asks_for_something_is_a_question_without_an_answer() -> None:
    fronts, warnings = read("topic-prompts.md")
    assert fronts == ["Dead Letters", "Ordering"]
    restated = "the text under it is the question itself, without an answer; no card made"
    assert warnings == [f"{line}: question has no answer: {restated}" for line in (5, 8, 12)]


def test_sub_headings_a_table_of_contents_lists_are_entries_of_their_own() -> None:
    fronts, warnings = read("listed-situations.md")
    assert fronts == [
        "Я хочу найти большие файлы",
        "Я хочу объединить файлы",  # its own text, over the two ways it lists
        "Склеить по строкам",
        "Склеить по столбцам",
        "Я хочу остановить программу",
        "Я хочу видеть нагрузку",
    ]
    assert warnings == []


def test_labelled_parts_of_a_question_are_no_cards_of_their_own() -> None:
    diagnostics = Diagnostics()
    deck = load_deck([FIXTURES / "labelled-parts-zh.md"], diagnostics)
    assert len(deck.questions) == 3  # one card a 第 N 题, not 题目 / 正确答案 / 解析 each
    assert all("解析" in q.answer for q in deck.questions)


def test_a_table_of_contents_names_a_heading_by_its_html_anchor_too() -> None:
    from qadeck.shapes.contents import link_targets, listed_level
    from qadeck.shapes.markup import read_doc

    text = (
        "# Вопросы\n\n- [Генераторы](#gen)\n- [Декораторы](#Dec)\n- [Итераторы](#iter)\n\n"
        + "".join(
            f'### {name} <a name="{anchor}"></a>\n\nОтвет.\n\n#### Пример\n\nКод.\n\n'
            for name, anchor in (
                ("Генераторы", "gen"),
                ("Декораторы", "Dec"),
                ("Итераторы", "iter"),
            )
        )
    )
    doc = read_doc(text, True)
    assert listed_level(doc.heads, link_targets(text.split("\n"))) == 3


def test_a_quote_labelled_as_the_answer_answers_the_list_item_above_it() -> None:
    diagnostics = Diagnostics()
    deck = load_deck([FIXTURES / "quoted-answers.md"], diagnostics)
    assert [(q.section, q.title, q.answer.split("\n")[0]) for q in deck.questions] == [
        (
            ("Basics",),
            "What is the difference between `is` and `==`?",
            "`is` compares identity, `==` compares values.",
        ),
        (("Basics",), "Which types are immutable?", "- `int`, `str` and `tuple`."),
        (("Advanced",), "What does a closure keep?", "the variables of the scope it was made in."),
    ]
    assert "- `frozenset`." in deck.questions[1].answer
    # a quote that is not labelled as the answer is not taken for one: the question is told
    assert [(d.location.line, d.message) for d in diagnostics.items] == [
        (
            23,
            "question has no answer; no card made: write an answer under it, or remove the heading",
        )
    ]


def test_topics_a_table_of_contents_lists_are_one_card_each() -> None:
    fronts, warnings = read("anchored-topics.md")
    assert [front.split(" <")[0] for front in fronts] == [
        "Генераторы",
        "Декораторы",
        "Итераторы",
        "Исключения",
    ]  # their sub-headings are parts of their answers
    assert warnings == []


def test_the_listed_level_holds_most_entries() -> None:
    from qadeck.shapes.contents import link_targets, listed_level
    from qadeck.shapes.markup import read_doc

    questions = [f"What is {name}?" for name in ("a list", "a tuple", "a set", "a dict")]
    parts = ["Examples", "Pitfalls", "Timing"]  # listed too, under the first three answers
    toc = "".join(f"- [{q}](#{q.lower().replace(' ', '-').rstrip('?')})\n" for q in questions)
    toc += "".join(f"  - [{p}](#{p.lower()})\n" for p in parts)
    body = "".join(
        f"### {q}\n\nAn answer.\n\n" + (f"#### {parts[n]}\n\nMore.\n\n" if n < 3 else "")
        for n, q in enumerate(questions)
    )
    text = f"# Python\n\n{toc}\n{body}"
    assert listed_level(read_doc(text, True).heads, link_targets(text.split("\n"))) == 3
