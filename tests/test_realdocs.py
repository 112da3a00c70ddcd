"""Shapes seen in public Q&A repositories that used to come out wrong, and never-silent reading.

The fixtures under fixtures/shapes/realdocs are written for these tests, each in one of those
shapes: numbered questions whose answers have their own sub-headings, `Q:` headings with a
"Show answer" block and topic headings at the same level, list items with nested `A:` answers
followed by a cheat sheet, a `<details>` document with some answers outside the blocks, and
one question per file with a long answer.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from qadeck.cli.main import cli
from qadeck.deck.model import Deck
from qadeck.diagnostics import Diagnostics
from qadeck.shapes.detect import detect
from qadeck.sources.files import read_sources
from qadeck.sources.headings import parse_outline

from conftest import Anki, build, load_deck

FIXTURES = Path(__file__).parent / "fixtures" / "shapes" / "realdocs"
NOW = 1_767_225_600
Write = Callable[..., Path]

CASES = [
    ("numbered-subheadings.md", "numbered", 3, []),
    ("show-answer.md", "details", 3, [("Warm-up",), ("Harder ones",)]),
    ("list-qa.md", "lines", 4, [("Branches",), ("History",)]),
    ("details-mixed.md", "details", 6, [("Processes",), ("Files",)]),
    ("one-per-file", "files", 2, [("networking",)]),
]


def deck_of(name: str, style: str | None = None) -> tuple[Deck, list[str]]:
    diagnostics = Diagnostics()
    deck = load_deck([FIXTURES / name], diagnostics, style=style)
    return deck, [str(d) for d in diagnostics.items]


def cards(name: str, style: str | None = None) -> dict[str, tuple[tuple[str, ...], str]]:
    return {q.title: (q.section, q.answer) for q in deck_of(name, style)[0].questions}


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    return CliRunner()


@pytest.mark.parametrize(("name", "shape", "notes", "sections"), CASES)
def test_one_card_per_question(
    name: str, shape: str, notes: int, sections: list[tuple[str, ...]]
) -> None:
    sources = read_sources([FIXTURES / name], Diagnostics())
    assert {detect(s, parse_outline(s.text)).name for s in sources.files} == {shape}
    deck, _ = deck_of(name)
    assert len(deck.questions) == notes
    assert list(deck.sections) == sections
    assert deck_of(name, style=shape)[0] == deck


def test_sub_headings_of_numbered_answers_stay_in_them() -> None:
    found = cards("numbered-subheadings.md")
    assert list(found) == [
        "What is a _message queue_?",
        "How does _at-least-once_ delivery work?",
        "What is a dead-letter queue?",
    ]
    assert found["How does _at-least-once_ delivery work?"][1] == (
        "The broker keeps a message until the consumer acknowledges it, so a crash means a "
        "redelivery.\n\n### What can go wrong\n\nA consumer that crashes after its work but "
        "before its acknowledgement sees the message again.\n\n### Key points\n\n"
        "1. Make consumers idempotent.\n2. Keep acknowledgements after the work."
    )
    first = found["What is a _message queue_?"][1]
    assert "### Where queues help" in first and first.endswith(
        "#### Example\n\n```sh\nqueue-cli send orders '{\"id\": 7}'\n```"
    )


def test_show_answer_blocks_keep_the_question_text_on_the_front() -> None:
    found = cards("show-answer.md")
    assert found["What does TCP guarantee that UDP does not?"] == (
        ("Warm-up",),
        "Ordered, reliable delivery: lost segments are sent again and duplicates are dropped.",
    )
    assert found[
        "Which layer does each protocol belong to?\n\n(a) IP; (b) TCP; (c) HTTP.\n\n"
        "![the layers](img/layers.png)"
    ] == (
        ("Warm-up",),
        "- (a) network layer\n- (b) transport layer\n- (c) application layer",
    )
    hinted = (
        "Why does a TCP handshake take three messages?\n\n<details><summary>Hint</summary>\n\n"
        "Each side must learn that the other received its sequence number.\n</details>"
    )
    assert found[hinted] == (
        ("Harder ones",),
        "SYN, SYN-ACK and ACK: each side sends its own sequence number and acknowledges the "
        "other's.",
    )


@pytest.mark.parametrize("style", [None, "list"])
def test_list_questions_with_nested_answers_and_no_cheat_sheet_cards(style: str | None) -> None:
    deck, findings = deck_of("list-qa.md", style)
    assert findings == []
    got = [(q.section, q.title, q.answer) for q in deck.questions]
    assert got == [
        (
            ("Branches",),
            "What does `git switch -c feature` do?",
            "It creates the branch `feature` and switches to it.",
        ),
        (
            ("Branches",),
            "How do you delete a branch that is merged?",
            "`git branch -d feature`; `-D` deletes it even when it is not merged.",
        ),
        (
            ("History",),
            "What does `git log --oneline` show?",
            "One line per commit: the short hash and the subject.",
        ),
        (
            ("History",),
            "What is a fast-forward merge?",
            "A merge that only moves the branch pointer, because nothing diverged.",
        ),
    ]


def test_plain_list_questions_leave_a_cheat_sheet_out(write: Write) -> None:
    path = write(
        "doc.md",
        """\
        # Shell
        - What does `set -e` do?
          - The script stops at the first failing command.
        - Why quote `"$var"`?
          - So that spaces in the value do not split it into words.
        - What is `$?`
        - `Ctrl-R` searches the history
          - press it again for older matches
        """,
    )
    diagnostics = Diagnostics()
    deck = load_deck([path], diagnostics)
    assert [q.title for q in deck.questions] == ["What does `set -e` do?", 'Why quote `"$var"`?']
    assert [str(d) for d in diagnostics.items] == [
        f"{path}:6: warning: question has no answer; no card made"
        ": write an answer under it, or remove the heading"
    ]


def test_mixed_details_document_makes_a_card_of_every_answered_question() -> None:
    deck, findings = deck_of("details-mixed.md")
    got = [(q.section, q.title, q.answer, q.line) for q in deck.questions]
    assert got[2:5] == [
        (("Processes",), "Which command shows the process tree?",
         "`pstree`, or `ps -ef --forest`.", 21),
        (
            ("Processes",),
            "What does `nohup` do?",
            "It starts a command that ignores the hangup signal, so it survives the end of the "
            "session.",
            25,
        ),
        (
            ("Files",),
            "What does the sticky bit do on a folder?",
            "Only the owner of a file may delete or rename it there, as in `/tmp`.",
            38,
        ),
    ]  # fmt: skip
    path = FIXTURES / "details-mixed.md"
    assert findings == [
        f"{path}:17: warning: question has no answer; no card made"
        ": write an answer under it, or remove the heading",
        f"{path}:33: warning: answer without a question; no card made",
    ]


def test_inspect_accounts_for_every_question_and_skipped_stretch(runner: CliRunner) -> None:
    path = FIXTURES / "details-mixed.md"
    result = runner.invoke(cli, ["inspect", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"{path}:17:1: warning: question has no answer; no card made: "
        "write an answer under it, or remove the heading\n"
        f"{path}:33:1: warning: answer without a question; no card made\n"
    )
    assert result.stdout.splitlines()[:4] == [
        "shape: details: <details> blocks; the summary or the text above is the question",
        f"reading: {path}: details (score 6.0, 6 cards); runner-up files (score 0.0, 1 card)",
        f"{path}: details shape: 7 questions, 6 notes; skipped: 1 without an answer, "
        "1 other stretch (see the warnings)",
        "deck: Linux Drill: 6 notes in 2 subdecks",
    ]


def test_build_names_each_converted_document(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["build", str(FIXTURES / "one-per-file"), "-o", "o.apkg"])
    assert (result.exit_code, result.stderr) == (0, "")
    folder = FIXTURES / "one-per-file" / "networking"
    assert result.stdout == (
        f"{folder}/what-happens-on-a-dns-lookup.md: files shape: 1 question, 1 note\n"
        f"{folder}/what-is-a-subnet-mask.md: files shape: 1 question, 1 note\n"
        "2 notes in 1 subdeck: 2 new -> o.apkg\n"
    )
    quiet = runner.invoke(cli, ["build", str(FIXTURES / "one-per-file"), "-o", "o.apkg", "-q"])
    assert (quiet.exit_code, quiet.stdout) == (0, "")


def test_one_question_per_file_keeps_its_long_answer_whole() -> None:
    deck, findings = deck_of("one-per-file")
    assert findings == []
    first = deck.questions[0]
    assert first.title == "What happens when a name is looked up in DNS?"
    assert first.answer.startswith(
        "A resolver asks a chain of servers until one knows the answer, and caches what it "
        "learns.\n\n## How it works\n\n1. The stub resolver"
    )
    assert first.answer.endswith(
        "## Key points\n\n- Recursive and authoritative servers do different jobs.\n"
        "- TTLs decide how long a change takes to be seen."
    )


UNANSWERED = {
    "headings": "# T\n## Basics\n### What is A?\nA.\n### What is B?\n",
    "numbered": "# T\n## 1. What is A?\nA.\n## 2. What is B?\nB.\n## 3. What is C?\n",
    "details": (
        "# T\n<details><summary>What is A?</summary>\n\nA.\n</details>\n"
        "<details><summary>What is B?</summary>\n</details>\n"
    ),
    "lines": "# T\n**What is A?**\nIt is A.\n\n**What is B?**\n\n**What is C?**\nIt is C.\n",
    "list": "# T\n- What is A?\n  It is A.\n- What is B?\n- What is C?\n  It is C.\n",
}


@pytest.mark.parametrize("shape", sorted(UNANSWERED))
def test_check_warns_for_each_question_without_an_answer(
    runner: CliRunner, write: Write, shape: str
) -> None:
    write("doc.md", UNANSWERED[shape])
    result = runner.invoke(cli, ["check", "doc.md", "--style", shape])
    warnings = [line for line in result.stdout.splitlines() if "has no answer" in line]
    assert len(warnings) == 1, result.stdout
    assert warnings[0].endswith("no card made: write an answer under it, or remove the heading")


def test_real_anki_imports_the_show_answer_document(tmp_path: Path, anki: Anki) -> None:
    report = build([FIXTURES / "show-answer.md"], tmp_path / "deck.apkg", now=NOW)
    assert [str(d) for d in report.diagnostics] == []
    log = anki.import_package(report.output)
    assert len(log.new) == 3
    notes = {note["Source"]: note for note in anki.notes()}
    (layers,) = [note for key, note in notes.items() if "#which-layer-does" in key]
    assert layers["Question"] == (
        "<p>Which layer does each protocol belong to?</p>\n<p>(a) IP; (b) TCP; (c) HTTP.</p>\n"
        '<p><img alt="the layers" src="layers-6828fc311489.png"></p>'
    )
    assert (Path(anki.col.media.dir()) / "layers-6828fc311489.png").is_file()
    assert anki.deck_names() == {
        "Networking Self-Check",
        "Networking Self-Check::Warm-up",
        "Networking Self-Check::Harder ones",
    }


def test_many_clean_converted_documents_are_counted_per_shape(
    runner: CliRunner, tmp_path: Path
) -> None:
    for number in range(5):
        (tmp_path / "notes").mkdir(exist_ok=True)
        (tmp_path / "notes" / f"q{number}.md").write_text(
            f"# What is item {number}?\n\nIt is number {number}.\n", encoding="utf-8"
        )
    result = runner.invoke(cli, ["build", str(tmp_path / "notes"), "-o", "o.apkg"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "5 documents: files shape: 5 questions, 5 notes\n5 notes: 5 new -> o.apkg\n"
    )
