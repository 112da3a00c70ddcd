"""Your own documents keep their notes: renamed titles and decks, any script, badges, another
deck's package, a file named twice, deck paths, `::` in questions and front matter.

Each scenario builds with the command a user types (default options, default output), imports
into the real Anki backend with its default options, studies every card once, then changes one
thing, rebuilds and re-imports.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from qadeck.cli.main import cli

from conftest import Anki

Write = Callable[..., Path]


@pytest.fixture
def qadeck(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run `qadeck ARGS...` in tmp_path; it must succeed."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)

    def run(*args: str, code: int = 0) -> Result:
        result = CliRunner().invoke(cli, list(args))
        assert result.exit_code == code, result.output
        return result

    return run


def first_session(anki: Anki, package: str) -> dict[int, tuple[int, int, int]]:
    """Import `package` and study each of its cards once; the review history to keep."""
    log = anki.import_package(Path(package))
    assert log.new and not log.updated
    anki.study_every_card()
    history = anki.review_history()
    assert history and all(logs == 1 for _, _, logs in history.values())
    return history


def reimport(anki: Anki, package: str, history: dict[int, tuple[int, int, int]]) -> Any:
    """Import `package` again: the log, after checking that every studied card kept its history."""
    log = anki.import_package(Path(package))
    assert anki.review_history() == history
    return log


def deck_of(anki: Anki, note: Any) -> str:
    (card,) = note.cards()
    return str(anki.col.decks.name(card.did))


GO = """\
# My Go Notes

## Basics

### What is a goroutine?
A function running concurrently with others.

### What is a channel?
A typed pipe between goroutines.

## What does `defer` do?
Runs a call when the function returns.
"""


def test_a_new_title_keeps_every_note_and_is_reported_once(
    qadeck: Callable[..., Result], write: Write, anki: Anki
) -> None:
    doc = write("go.md", GO)
    assert qadeck("build", "go.md").stdout == "3 notes in 1 subdeck: 3 new -> dist/go.apkg\n"
    history = first_session(anki, "dist/go.apkg")
    doc.write_text(GO.replace("# My Go Notes", "# Go Notes"), encoding="utf-8")
    result = qadeck("build", "go.md")
    assert result.stdout.splitlines() == [
        "3 notes in 1 subdeck: 3 updated -> dist/go.apkg",
        'renamed: "My Go Notes" is now "Go Notes" (3 questions); Anki keeps their cards in the '
        "old deck: rename it in Anki before you import (or, after, delete the new empty deck "
        "first)",
        'updated: "What is a goroutine?" (Go Notes::Basics)',
        'updated: "What is a channel?" (Go Notes::Basics)',
        'updated: "What does defer do?" (Go Notes)',
    ]  # and no `moved:` line for each question
    log = reimport(anki, "dist/go.apkg", history)
    assert (len(log.new), len(log.updated)) == (0, 3)
    assert len(anki.notes()) == 3
    # Anki never moves a card: the existing ones stay where the learner has them.
    assert {deck_of(anki, note) for note in anki.notes()} == {"My Go Notes", "My Go Notes::Basics"}


def test_another_deck_option_keeps_every_note(
    qadeck: Callable[..., Result], write: Write, anki: Anki
) -> None:
    write("go.md", GO)
    qadeck("build", "go.md", "--deck", "A")
    history = first_session(anki, "dist/go.apkg")
    result = qadeck("build", "go.md", "--deck", "B")
    assert result.stdout.splitlines()[0] == "3 notes in 1 subdeck: 3 updated -> dist/go.apkg"
    assert result.stdout.splitlines()[1].startswith('renamed: "A" is now "B" (3 questions); ')
    assert result.stdout.splitlines()[2:] == [
        'updated: "What is a goroutine?" (B::Basics)',
        'updated: "What is a channel?" (B::Basics)',
        'updated: "What does defer do?" (B)',
    ]
    # Renamed in Anki first, as the message says: the package then fits the collection.
    anki.col.decks.rename(anki.col.decks.id_for_name("A"), "B")
    log = reimport(anki, "dist/go.apkg", history)
    assert (len(log.new), len(log.updated)) == (0, 3)
    assert anki.deck_names() == {"B", "B::Basics"}
    assert {deck_of(anki, note) for note in anki.notes()} == {"B", "B::Basics"}
    # The next build knows the new name: nothing to say, nothing to import.
    result = qadeck("build", "go.md", "--deck", "B")
    assert result.stdout == "3 notes in 1 subdeck: 3 unchanged -> dist/go.apkg\n"
    log = reimport(anki, "dist/go.apkg", history)
    assert (len(log.new), len(log.updated)) == (0, 0)


QUESTIONS = "## What is it?\n{answer}\n\n## Why learn it?\n{answer}, still.\n"


@pytest.mark.parametrize(
    ("files", "packages"),
    [
        (
            {"操作系统.md": "操作系统", "数据库.md": "数据库"},
            ["dist/cao-zuo-xi-tong-", "dist/shu-ju-ku-"],
        ),
        (
            {"Операционные системы.md": "Операционные системы", "Базы данных.md": "Базы данных"},
            ["dist/operatsionnye-sistemy-", "dist/bazy-dannykh-"],
        ),
    ],
    ids=["chinese", "russian"],
)
def test_titles_in_any_script_are_distinct_decks(
    qadeck: Callable[..., Result],
    write: Write,
    anki: Anki,
    files: dict[str, str],
    packages: list[str],
) -> None:
    outputs = []
    for (name, title), expected in zip(files.items(), packages, strict=True):
        # The same questions in both: only the deck's identity tells their notes apart.
        write(name, f"# {title}\n" + QUESTIONS.format(answer=title))
        line = qadeck("build", name).stdout
        assert line.startswith(f"2 notes: 2 new -> {expected}") and line.endswith(".apkg\n")
        outputs.append(line.rsplit(" -> ", 1)[1].strip())
    assert len(set(outputs)) == 2 and all(Path(output).is_file() for output in outputs)
    history = first_session(anki, outputs[0])
    log = reimport(anki, outputs[1], history)
    assert (len(log.new), len(log.updated), len(log.duplicate)) == (2, 0, 0)
    notes = anki.notes()
    assert len({note.guid for note in notes}) == 4
    assert anki.deck_names() == set(files.values())
    assert {deck_of(anki, note) for note in notes} == set(files.values())


BADGE = (
    "# Kubernetes Interview Questions "
    "[![Stars](https://img.shields.io/github/stars/x/k8s?style=social)](https://github.com/x/k8s)"
    ' <img src="https://example.org/logo.png" width="20">\n'
)


def test_a_badge_title_names_the_deck_by_its_text(
    qadeck: Callable[..., Result], write: Write, anki: Anki
) -> None:
    readme = write(
        "kubernetes-interview-questions/README.md",
        "# Kubernetes Interview Questions\n"
        "## [Pods](https://kubernetes.io/docs/concepts/workloads/pods/) ![new](new.svg)\n"
        "### What is a pod?\nThe smallest deployable unit.\n"
        "### What is a sidecar?\nA helper container in the pod.\n",
    )
    qadeck("build", str(readme))
    package = "dist/kubernetes-interview-questions.apkg"
    history = first_session(anki, package)
    assert anki.deck_names() == {
        "Kubernetes Interview Questions",
        "Kubernetes Interview Questions::Pods",
    }
    # The README gains a badge: the deck keeps its name, its notes and its file.
    text = readme.read_text(encoding="utf-8")
    readme.write_text(BADGE + text.split("\n", 1)[1], encoding="utf-8")
    result = qadeck("build", str(readme))
    assert result.stdout == f"2 notes in 1 subdeck: 2 unchanged -> {package}\n"
    log = reimport(anki, package, history)
    assert (len(log.new), len(log.updated)) == (0, 0)
    assert {tuple(note.tags) for note in anki.notes()} == {
        ("Kubernetes_Interview_Questions::Pods",)
    }
    # A badge in the title of a new deck: the name is the text, the file short.
    write(
        "fresh/README.md",
        "# Docker <sup>2025</sup> [![CI](https://github.com/x/d/ci.svg)](https://github.com/x/d)\n"
        "## What is an image?\nA read-only template.\n",
    )
    assert qadeck("build", "fresh/README.md").stdout == "1 note: 1 new -> dist/fresh.apkg\n"
    log = reimport(anki, "dist/fresh.apkg", history)
    assert len(log.new) == 1
    (note,) = [n for n in anki.notes() if n["Question"] == "What is an image?"]
    assert (deck_of(anki, note), note.tags) == ("Docker 2025", ["Docker_2025"])


def test_another_decks_package_at_the_output_path_is_replaced_not_removed(
    qadeck: Callable[..., Result], write: Write, anki: Anki
) -> None:
    write("go.md", GO)
    write("rust.md", "# Rust\n## What is a borrow?\nA reference.\n")
    qadeck("build", "go.md")
    history = first_session(anki, "dist/go.apkg")
    result = qadeck("build", "rust.md", "-o", "dist/go.apkg")
    assert result.stdout.splitlines() == [
        "1 note: 1 new -> dist/go.apkg",
        'replaced: dist/go.apkg held another deck, "My Go Notes" (id go); none of its notes '
        "are counted as removed",
    ]
    log = reimport(anki, "dist/go.apkg", history)
    assert (len(log.new), len(log.updated)) == (1, 0)
    assert len(anki.notes()) == 4


def test_a_file_named_twice_is_read_once(
    qadeck: Callable[..., Result], write: Write, anki: Anki
) -> None:
    write(
        "notes/git.md", "# Git\n## What is a commit?\nA snapshot.\n## What is a branch?\nA ref.\n"
    )
    write("notes/go.md", GO)
    qadeck("build", "notes")
    history = first_session(anki, "dist/notes.apkg")
    for args in (["notes", "notes/git.md"], ["notes/", "./notes/git.md", "notes"]):
        result = qadeck("build", *args, "-o", "dist/notes.apkg")
        assert (result.stdout, result.stderr) == (
            "5 notes in 3 subdecks: 5 unchanged -> dist/notes.apkg\n",
            "",
        )
    log = reimport(anki, "dist/notes.apkg", history)
    assert (len(log.new), len(log.updated)) == (0, 0)
    assert len(anki.notes()) == 5


def test_a_deck_path_nests_under_an_existing_parent(
    qadeck: Callable[..., Result], write: Write, anki: Anki
) -> None:
    write("work.md", "## What is on today?\nStand-up.\n")
    write("git.md", "# Git\n## What is a commit?\nA snapshot.\n")
    qadeck("build", "work.md", "--deck", "Work")
    history = first_session(anki, "dist/work.apkg")
    assert qadeck("build", "git.md", "--deck", " Work :: Git ").stdout == (
        "1 note: 1 new -> dist/git.apkg\n"
    )
    log = reimport(anki, "dist/git.apkg", history)
    assert len(log.new) == 1
    assert anki.deck_names() == {"Work", "Work::Git"}
    parent = anki.col.decks.by_name("Work")
    assert parent is not None
    assert [name for name, _ in anki.col.decks.children(parent["id"])] == ["Work::Git"]
    (note,) = [note for note in anki.notes() if note["Question"] == "What is a commit?"]
    assert deck_of(anki, note) == "Work::Git" and note.tags == ["Work::Git"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Work::", "deck name 'Work::' has an empty part"),
        ("::Work", "deck name '::Work' has an empty part"),
        ("A::::B", "deck name 'A::::B' has an empty part"),
        ("Work\tGit", "deck name 'Work\\tGit' holds the control character U+0009"),
    ],
)
def test_a_broken_deck_path_is_refused(
    qadeck: Callable[..., Result], write: Write, name: str, message: str
) -> None:
    write("git.md", "## What is a commit?\nA snapshot.\n")
    result = qadeck("build", "git.md", "--deck", name, code=1)
    hint = '; write the parent and child deck around "::", as in "Parent::Child"'
    expected = f"--deck: error: {message}{hint if 'empty' in message else ''}\n"
    assert (result.stdout, result.stderr) == ("", expected)
    assert not Path("dist").exists()


def test_deck_toml_name_nests_and_is_checked_at_its_line(
    qadeck: Callable[..., Result], write: Write, anki: Anki
) -> None:
    write("go/deck.toml", 'id = "go"\nname = "Languages::Go"\n')
    write("go/a.md", "## What is a slice?\nA view of an array.\n")
    qadeck("build", "go")
    first_session(anki, "dist/go.apkg")
    assert anki.deck_names() == {"Languages", "Languages::Go"}
    write("go/deck.toml", 'id = "go"\nname = "Languages::"\n')
    result = qadeck("build", "go", code=1)
    assert result.stderr.startswith("go/deck.toml:2: error: deck name 'Languages::' has an empty")


def test_double_colons_in_a_question_build_clean_under_strict(
    qadeck: Callable[..., Result], write: Write, anki: Anki
) -> None:
    doc = write("rust.md", "# Rust\n## What is ownership?\nOne owner per value.\n")
    qadeck("build", "rust.md", "--strict")
    history = first_session(anki, "dist/rust.apkg")
    with doc.open("a", encoding="utf-8") as file:
        file.write("## What does `Vec::new` return?\nAn empty `Vec<T>`.\n")
    result = qadeck("build", "rust.md", "--strict")
    assert (result.stdout, result.stderr) == (
        '2 notes: 1 new, 1 unchanged -> dist/rust.apkg\nnew: "What does Vec::new return?" (Rust)\n',
        "",
    )
    log = reimport(anki, "dist/rust.apkg", history)
    assert len(log.new) == 1
    assert "What does <code>Vec::new</code> return?" in {n["Question"] for n in anki.notes()}
    # In a section heading, `::` would split the deck name: there it warns, and strict fails.
    doc.write_text("# Rust\n## std::vec\n### What is a Vec?\nA growable array.\n")
    result = qadeck("build", "rust.md", "--strict", code=1)
    assert result.stderr == (
        "rust.md:2:1: error: '::' in a section heading would split the Anki deck name; "
        "written as ':'\n"
    )


FRONT = """\
---
title: Go interview questions
deck-id: go-notes
tags: [golang, interview]
aliases: [go]
---
# My Go Notes

## What is a goroutine?
A function running concurrently with others.

## What is a channel?
A typed pipe between goroutines.
"""


def test_front_matter_pins_the_id_and_tags_every_note(
    qadeck: Callable[..., Result], write: Write, anki: Anki
) -> None:
    doc = write("go.md", FRONT)
    result = qadeck("build", "go.md")
    assert (result.stdout, result.stderr) == ("2 notes: 2 new -> dist/go-notes.apkg\n", "")
    history = first_session(anki, "dist/go-notes.apkg")
    assert anki.deck_names() == {"Go interview questions"}  # `title:` names the deck
    assert {frozenset(n.tags) for n in anki.notes()} == {
        frozenset({"Go_interview_questions", "golang", "interview"})
    }
    # Renamed file, new title: the pinned id keeps every note, and the package's path.
    renamed = doc.with_name("golang.md")
    doc.rename(renamed)
    renamed.write_text(
        FRONT.replace("title: Go interview questions\n", "deck: Go Language\n").replace(
            "[golang, interview]", "golang interview concurrency"
        ),
        encoding="utf-8",
    )
    result = qadeck("build", "golang.md")
    assert result.stdout.splitlines()[0] == "2 notes: 2 updated -> dist/go-notes.apkg"
    assert result.stdout.splitlines()[1].startswith(
        'renamed: "Go interview questions" is now "Go Language" (2 questions); '
    )
    log = reimport(anki, "dist/go-notes.apkg", history)
    assert (len(log.new), len(log.updated)) == (0, 2)
    assert {frozenset(n.tags) for n in anki.notes()} == {
        frozenset({"Go_Language", "golang", "interview", "concurrency"})
    }
    # Without the pin, a renamed file is another deck: its package is another file.
    renamed.write_text(FRONT.replace("deck-id: go-notes\n", ""), encoding="utf-8")
    assert qadeck("build", "golang.md").stdout == "2 notes: 2 new -> dist/golang.apkg\n"


def test_front_matter_errors_name_their_line(qadeck: Callable[..., Result], write: Write) -> None:
    write("go.md", '---\ndeck: "Go::"\ntags: [go, two words]\n---\n## Q\nA\n')
    result = qadeck("build", "go.md", code=1)
    assert result.stderr.splitlines() == [
        "go.md:2:1: error: deck name 'Go::' has an empty part; write the parent and child deck "
        'around "::", as in "Parent::Child"',
        "go.md:3:1: error: tag 'two words' holds a space; Anki tags are single words "
        "(use _ or - instead)",
    ]
    write("notes/a.md", "---\ndeck-id: a\n---\n## Q\nA\n")
    result = qadeck("build", "notes")
    assert result.stderr == (
        "notes/a.md:2:1: warning: front matter 'deck-id' names the deck of a single file and is "
        "ignored here; set 'id' in the folder's deck.toml\n"
    )


def test_a_renamed_root_deck_without_own_questions_is_one_rename(
    qadeck: Callable[..., Result], write: Write, anki: Anki
) -> None:
    # Only the package's mark knows the root deck: it holds no note of its own.
    doc = write(
        "go.md",
        GO.replace("## What does `defer` do?\nRuns a call when the function returns.\n", ""),
    )
    qadeck("build", "go.md")
    history = first_session(anki, "dist/go.apkg")
    doc.write_text(doc.read_text(encoding="utf-8").replace("# My Go Notes", "# Go"), "utf-8")
    result = qadeck("build", "go.md")
    assert result.stdout.splitlines()[1:] == [
        'renamed: "My Go Notes" is now "Go" (2 questions); Anki keeps their cards in the old '
        "deck: rename it in Anki before you import (or, after, delete the new empty deck first)",
        'updated: "What is a goroutine?" (Go::Basics)',
        'updated: "What is a channel?" (Go::Basics)',
    ]
    anki.col.decks.rename(anki.col.decks.id_for_name("My Go Notes"), "Go")
    log = reimport(anki, "dist/go.apkg", history)
    assert (len(log.new), len(log.updated)) == (0, 2)
    assert anki.deck_names() == {"Go", "Go::Basics"}
