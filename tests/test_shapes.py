"""Documents in the shapes people keep on GitHub: detected, read, and imported by real Anki."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qadeck.deck.model import Deck
from qadeck.diagnostics import Diagnostics
from qadeck.shapes.detect import SAMPLE_CHARS, SHAPES, detect, sample, shape_of
from qadeck.shapes.markup import read_doc
from qadeck.shapes.parts import plan_document, read_part
from qadeck.sources.files import SourceFile, read_sources
from qadeck.sources.headings import parse_outline

from conftest import ANSWERS, Anki, build, load_deck

FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
NOW = 1_767_225_600
Write = Callable[..., Path]


def deck_of(path: Path, style: str | None = None) -> tuple[Deck, Diagnostics]:
    diagnostics = Diagnostics()
    return load_deck([path], diagnostics, style=style), diagnostics


def detected(path: Path) -> set[str]:
    sources = read_sources([path], Diagnostics())
    return {detect(s, parse_outline(s.text)).name for s in sources.files}


SHAPE_CASES = [
    ("headings.md", "headings", 4, [("Ownership",), ("Tooling",)]),
    ("numbered.md", "numbered", 5, [("Основы",), ("Функции",)]),
    ("details.md", "details", 5, [("Basics",), ("网络 (CJK)",)]),
    ("details-below.md", "details", 4, [("Short ones",)]),
    ("lines.md", "lines", 6, [("Everyday",), ("History",)]),
    ("list.md", "list", 5, [("Files",), ("Processes",)]),
    ("files", "files", 3, [("basics",), ("tools",)]),
]


@pytest.mark.parametrize(("name", "shape", "notes", "sections"), SHAPE_CASES)
def test_each_shape_is_detected_and_read(
    name: str, shape: str, notes: int, sections: list[tuple[str, ...]]
) -> None:
    path = FIXTURES / name
    assert detected(path) == {shape}
    deck, diagnostics = deck_of(path)
    assert [str(d) for d in diagnostics.items] == []
    assert len(deck.questions) == notes
    assert list(deck.sections) == sections
    assert deck_of(path, style=shape)[0] == deck


def cards(name: str) -> dict[str, tuple[tuple[str, ...], str]]:
    deck, _ = deck_of(FIXTURES / name)
    return {q.title: (q.section, q.answer) for q in deck.questions}


def test_headings_drop_navigation_and_keep_sub_headings_in_the_answer() -> None:
    found = cards("headings.md")
    assert list(found) == [
        "What is ownership?",
        "What does the borrow checker check?",
        "How big is a `Vec<u8>` on the stack?",
        "What does `cargo clippy` do?",
    ]
    assert found["What is ownership?"] == (
        ("Ownership",),
        "Every value has exactly one owner; when the owner goes out of scope the value is dropped.",
    )
    section, answer = found["What does the borrow checker check?"]
    assert section == ("Ownership",)
    assert answer.startswith("It checks that a reference never outlives its value")
    assert "#### Example\n\n~~~rust\n" in answer and answer.endswith("| exactly one    |")
    assert found["How big is a `Vec<u8>` on the stack?"][1] == (
        "Three words: pointer, capacity and length, so $3 \\times 8 = 24$ bytes on 64-bit "
        "targets.\n\n![layout](img/vec.png)"
    )


def test_numbers_leave_fronts_and_keys() -> None:
    deck, _ = deck_of(FIXTURES / "numbered.md")
    got = [(q.title, q.key, q.line) for q in deck.questions]
    assert got == [
        ("Что такое GIL?", "что-такое-gil", 5),
        ("Чем список отличается от кортежа?", "чем-список-отличается-от-кортежа", 10),
        ("Что делает `*args`?", "что-делает-args", 22),
        ("Что такое декоратор?", "что-такое-декоратор", 26),
        ("Зачем нужен `functools.wraps`?", "зачем-нужен-functools-wraps", 32),
    ]
    assert deck.questions[3].answer == (
        "Функция, которая принимает функцию и возвращает новую, обычно обёртку."
    )


def test_renumbering_keeps_every_note(write: Write) -> None:
    text = (FIXTURES / "numbered.md").read_text(encoding="utf-8")
    renumbered = text.replace("### 1. ", "### 7. ").replace("#### 3. ", "#### 12) ")
    before, _ = deck_of(write("a/doc.md", text))
    after, _ = deck_of(write("b/doc.md", renumbered))
    assert [before.guid(q) for q in before.questions] == [after.guid(q) for q in after.questions]


def test_details_summaries_and_wrapped_answers() -> None:
    found = cards("details.md")
    assert found["What does DNS do?"] == (("Basics",), "It turns host names into IP addresses.")
    assert found["What is a port?"][1] == (
        "A number that tells the operating system which process gets a packet."
    )
    assert found["什么是 `localhost`？"] == (
        ("网络 (CJK)",),
        "指向本机的主机名，通常解析为 `127.0.0.1`。",
    )
    assert found["Which command shows open sockets?"][1] == "```sh\nss -tulpn\n```"


def test_answer_blocks_below_a_heading_or_a_line() -> None:
    deck, _ = deck_of(FIXTURES / "details-below.md")
    first, _, third, _ = deck.questions
    assert first.title == (
        'What does this print?\n\n```js\nconsole.log(typeof null);\n```\n\n- A: `"null"`\n'
        '- B: `"object"`'
    )
    assert first.answer == (
        '#### Answer: B\n\nA historical bug kept for compatibility: `typeof null` is `"object"`.'
    )
    assert (first.section, first.line, first.answer_line) == ((), 7, 19)
    assert (third.title, third.section) == ("Is `NaN === NaN` true?", ("Short ones",))
    assert third.answer == "No: `NaN` is the only value that is not equal to itself."


def test_question_lines_bold_labels_and_pairs() -> None:
    found = cards("lines.md")
    assert found["What does `git stash` do?"][1] == (
        "It saves uncommitted changes away and cleans the working tree.\n\n"
        "You get them back with `git stash pop`."
    )
    assert found["What is a detached HEAD?"][1] == "HEAD points at a commit instead of a branch."
    assert found["ما هو الفرع؟"] == (("History",), "مؤشر متحرك إلى آخر إيداع.")
    assert len(found) == 6


def test_list_items_with_nested_answers() -> None:
    found = cards("list.md")
    assert found["Where are system-wide settings kept?"][1] == (
        "Under `/etc`, for example:\n\n```sh\nls /etc/ssh\n```"
    )
    assert found["What does `kill -9` send?"] == (
        ("Processes",),
        "`SIGKILL`, which the process cannot catch or ignore.",
    )


def test_one_question_per_file_with_folders_as_sections() -> None:
    deck, _ = deck_of(FIXTURES / "files")
    got = [(q.section, q.title) for q in deck.questions]
    assert got == [
        (("basics",), "What is the difference between an image and a container?"),
        (("basics",), "What is a container?"),
        (("tools",), "How do you see a container's logs?"),
    ]
    assert deck.questions[1].answer.endswith(
        "## Example\n\n```sh\ndocker run --rm alpine echo hi\n```"
    )


def test_crlf_and_bom_read_the_same(write: Write) -> None:
    text = (FIXTURES / "headings.md").read_text(encoding="utf-8")
    path = write("crlf/headings.md")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    plain, _ = deck_of(FIXTURES / "headings.md")
    crlf, _ = deck_of(path)
    assert [(q.title, q.answer, q.line) for q in crlf.questions] == [
        (q.title, q.answer, q.line) for q in plain.questions
    ]


def test_style_forces_a_shape() -> None:
    deck, _ = deck_of(FIXTURES / "headings.md", style="outline")
    assert "Table of Contents" in [q.title for q in deck.questions]
    assert "Contributing" in [q.title for q in deck.questions]


def test_native_answers_stay_the_native_outline() -> None:
    assert detected(ANSWERS) == {"outline"}
    assert deck_of(ANSWERS)[0] == deck_of(ANSWERS, style="outline")[0]
    assert "outline" in SHAPES


def test_each_unanswered_question_is_skipped_with_a_warning(write: Write) -> None:
    path = write("doc.md", "# T\n## 1. One?\n## 2. Two?\nyes\n## 3. Three?\n")
    deck, diagnostics = deck_of(path)
    assert [q.title for q in deck.questions] == ["Two?"]
    assert [str(d) for d in diagnostics.items] == [
        f"{path}:2: warning: question has no answer; no card made"
        ": write an answer under it, or remove the heading",
        f"{path}:5: warning: question has no answer; no card made"
        ": write an answer under it, or remove the heading",
    ]


def test_real_anki_gets_math_and_the_packaged_image(tmp_path: Path, anki: Anki) -> None:
    report = build([FIXTURES / "headings.md"], tmp_path / "deck.apkg", now=NOW)
    anki.import_package(report.output)
    notes = {note["Source"]: note for note in anki.notes()}
    assert len(notes) == 4
    note = notes["headings.md#how-big-is-a-vec-u8-on-the-stack"]
    assert note["Question"] == "How big is a <code>Vec&lt;u8&gt;</code> on the stack?"
    assert note["Answer"] == (
        "<p>Three words: pointer, capacity and length, so \\(3 \\times 8 = 24\\) bytes on 64-bit "
        'targets.</p>\n<p><img alt="layout" src="vec-6828fc311489.png"></p>'
    )
    assert (Path(anki.col.media.dir()) / "vec-6828fc311489.png").is_file()
    assert anki.deck_names() == {
        "Rust Interview Notes 🦀",
        "Rust Interview Notes 🦀::Ownership",
        "Rust Interview Notes 🦀::Tooling",
    }


@pytest.mark.parametrize("name", ["numbered.md", "details-below.md"])
def test_real_anki_imports_converted_documents(tmp_path: Path, anki: Anki, name: str) -> None:
    report = build([FIXTURES / name], tmp_path / "deck.apkg", now=NOW)
    log = anki.import_package(report.output)
    notes = {note["Source"]: note for note in anki.notes()}
    assert len(log.new) == report.notes == len(notes)
    if name == "numbered.md":
        assert anki.deck_names() == {
            "Вопросы по Python",
            "Вопросы по Python::Основы",
            "Вопросы по Python::Функции",
        }
        note = notes["numbered.md#что-делает-args"]
        assert note["Question"] == "Что делает <code>*args</code>?"
        assert note["Answer"] == "<p>Собирает лишние позиционные аргументы в кортеж.</p>"
        assert anki.col.decks.name(note.cards()[0].did) == "Вопросы по Python::Функции"
    else:
        assert anki.deck_names() == {
            "Quiz: JavaScript Output",
            "Quiz: JavaScript Output::Short ones",
        }
        note = notes["details-below.md#is-nan-nan-true"]
        assert note["Question"] == "Is <code>NaN === NaN</code> true?"
        assert note["Answer"] == (
            "<p>No: <code>NaN</code> is the only value that is not equal to itself.</p>"
        )
        (first,) = [n for key, n in notes.items() if "typeof-null" in key]
        assert first["Question"].startswith('<p>What does this print?</p>\n<div class="highlight">')
        assert first["Answer"].startswith("<h4>Answer: B</h4>\n<p>A historical bug")


def test_numbered_steps_inside_an_answer_stay_there(write: Write) -> None:
    path = write(
        "doc.md",
        """
        # Top Questions
        #### Find all answers on the website
        ## 1. What is X?
        X is a thing.
        ### Key points
        #### 1. First
        one
        #### 2. Second
        two
        ## 2. What is Y?
        Y is another thing.
        """,
    )
    deck, diagnostics = deck_of(path)
    assert [str(d) for d in diagnostics.items] == []
    assert [(q.section, q.title) for q in deck.questions] == [
        ((), "What is X?"),
        ((), "What is Y?"),
    ]
    assert deck.questions[0].answer.endswith("#### 2. Second\ntwo")


def test_empty_headings_group_questions_at_their_level(write: Write) -> None:
    path = write(
        "doc.md",
        """
        # Node Questions
        ## Table of Contents
        * [Intro](#-1-intro)
        * [Setup](#-2-setup)
        ## # 1. INTRO
        <br/>
        ## Q. What is Node.js?
        A runtime.
        <div align="right">
            <b><a href="#table-of-contents">↥ back to top</a></b>
        </div>
        ## # 2. SETUP
        ## Q. How do you install it?
        From the website.
        """,
    )
    deck, diagnostics = deck_of(path)
    assert detected(path) == {"headings"}
    assert [str(d) for d in diagnostics.items] == []
    got = [(q.section, q.title, q.answer) for q in deck.questions]
    assert got == [
        (("INTRO",), "What is Node.js?", "A runtime."),
        (("SETUP",), "How do you install it?", "From the website."),
    ]


def test_card_headings_over_single_questions_are_no_subdecks(write: Write) -> None:
    path = write(
        "doc.md",
        """
        # Mobile
        ## Flash Cards
        ### Card 1
        **Q:** What is a ViewModel?
        **A:** It keeps UI state across configuration changes.
        ### Card 2
        **Q:** What is a quiz answer label?
        1. one
        2. two
        **Answer: B**
        """,
    )
    deck, _ = deck_of(path)
    assert list(deck.sections) == [("Flash Cards",)]
    first, second = deck.questions
    assert first.answer == "It keeps UI state across configuration changes."
    assert second.title == "What is a quiz answer label?\n\n1. one\n2. two"
    assert second.answer == "B"


FRAGMENTS = [
    "# Title", "## Section", "### 1. What is X?", "#### 2) Why?", "### Q3", "1. ### Listed?",
    "**What is Y?**", "**Q:** Who?", "Q: When?", "A: Now.", "- Item?", "  nested answer",
    "<details>", "<summary>Question?</summary>", "<summary><b>Answer</b></summary>", "</details>",
    "<p>", "</p>", "```", "~~~", "<!--", "-->", "<!-- more -->", "---", "| a | b |",
    "**[⬆ Back to Top](#toc)**", "- [Link](#anchor)", "## License", "text", "", "Ответ 答案 🦀",
]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_any_document_reads_in_every_shape_without_crashing(lines: list[str]) -> None:
    text = "\n".join(lines)
    source = SourceFile(Path("doc.md"), "doc.md", "doc.md", Path(), text)
    outline = parse_outline(text)
    assert detect(source, outline).name in SHAPES
    for style in SHAPES:
        plan = plan_document(source, style, single=False, cut=False)
        first = read_part(plan, 0, (), None, Diagnostics()).questions
        again = read_part(plan, 0, (), None, Diagnostics()).questions
        assert first == again
        if style != "outline":  # the native outline keeps unanswered questions, with a warning
            assert all(q.title.strip() and (q.answer or q.extra) for q in first)


def test_an_untitled_readme_is_named_by_its_folder(write: Write) -> None:
    path = write(
        "devops-exercises/README.md",
        "<details>\n<summary>What is DNS?</summary>\n\nNames to addresses.\n</details>\n",
    )
    deck, _ = deck_of(path)
    assert deck.name == "devops-exercises"


def test_answer_parts_under_a_plain_heading_stay_in_its_answer(write: Write) -> None:
    path = write(
        "doc.md",
        """
        # JS
        ## Closures
        A function that keeps its scope.
        ### Example
        ```js
        const add = (a) => (b) => a + b;
        ```
        ## Hoisting
        Declarations move up.
        """,
    )
    deck, _ = deck_of(path, style="headings")
    assert [q.title for q in deck.questions] == ["Closures", "Hoisting"]
    assert deck.questions[0].answer.startswith("A function that keeps its scope.\n### Example\n")
    assert deck_of(path, style="outline")[0].sections == (("Closures",),)


def test_inline_answers_labels_and_options(write: Write) -> None:
    path = write(
        "doc.md",
        """
        # Concurrency
        ## Interview Questions
        1. **What is a race condition?** Correctness depends on timing.
        2. **What is a deadlock?** Threads wait on each other.

           For ever.
        **What does this print?**
        - A: `1`
        - B: `2`

        **Answer: B**
        """,
    )
    deck, _ = deck_of(path)
    assert detected(path) == {"lines"}
    got = [(q.title, q.answer) for q in deck.questions]
    assert got == [
        ("What is a race condition?", "Correctness depends on timing."),
        ("What is a deadlock?", "Threads wait on each other.\n\n   For ever."),
        ("What does this print?\n\n- A: `1`\n- B: `2`", "B"),
    ]


def test_list_answers_drop_their_label(write: Write) -> None:
    path = write(
        "doc.md",
        """
        # Postgres
        1. **What is the difference between VARCHAR and TEXT?**
           - *Answer:* The same type; `VARCHAR(n)` adds a length check.
        2. **Explain JSON vs JSONB.**
           - *Answer:* `JSONB` is parsed once and can be indexed.
        """,
    )
    deck, _ = deck_of(path, style="list")
    assert [(q.title, q.answer) for q in deck.questions] == [
        ("What is the difference between VARCHAR and TEXT?",
         "The same type; `VARCHAR(n)` adds a length check."),
        ("Explain JSON vs JSONB.", "`JSONB` is parsed once and can be indexed."),
    ]  # fmt: skip


def test_a_folder_with_deck_toml_is_read_as_outline(tmp_path: Path) -> None:
    # Numbered headings would otherwise be read as the numbered shape (numbers dropped).
    (tmp_path / "deck.toml").write_text('name = "Mine"\n', encoding="utf-8")
    text = "# Part\n## 1. First step\none\n## 2. Second step\ntwo\n## 3. Third step\nthree\n"
    (tmp_path / "a.md").write_text(text, encoding="utf-8")
    deck = load_deck([tmp_path], Diagnostics())
    assert [q.title for q in deck.questions] == ["1. First step", "2. Second step", "3. Third step"]
    forced = load_deck([tmp_path], Diagnostics(), style="numbered")
    assert [q.title for q in forced.questions] == ["First step", "Second step", "Third step"]


@pytest.mark.parametrize(
    ("name", "shape"), [(name, shape) for name, shape, *_ in SHAPE_CASES if shape != "files"]
)
def test_a_long_document_is_detected_from_a_sample_as_from_all_of_it(name: str, shape: str) -> None:
    title, _, body = (FIXTURES / name).read_text(encoding="utf-8").partition("\n")
    text = "\n".join([title, *[body] * (3 * SAMPLE_CHARS // len(body) + 1)])
    source = SourceFile(Path(name), name, name, Path(), text)
    assert len(sample(text)) < len(text) // 2
    assert detect(source) == shape_of(read_doc(text, has_title=False)) == SHAPES[shape]


def test_the_native_answers_many_times_over_are_still_the_outline() -> None:
    text = "\n".join(path.read_text(encoding="utf-8") for path in sorted(ANSWERS.glob("*.md")))
    text = "\n".join([text] * (3 * SAMPLE_CHARS // len(text) + 1))
    source = SourceFile(Path("all.md"), "all.md", "all.md", Path(), text)
    assert detect(source).name == shape_of(read_doc(text, has_title=False)).name == "outline"
