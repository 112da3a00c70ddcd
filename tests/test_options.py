"""What a question asks for besides its text, as the sources write it, and what each command
says about the kinds of notes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from qadeck.cli.main import cli
from qadeck.diagnostics import Diagnostics
from qadeck.sources.headings import parse_heading

from conftest import load_deck

Write = Callable[..., Path]

HEADINGS = {
    "key": ("Q text {#my-key}", ("Q text", "my-key", ())),
    "reversed": ("Bonjour {.reversed}", ("Bonjour", None, ("reversed",))),
    "both": ("Bonjour {#hello .reversed}", ("Bonjour", "hello", ("reversed",))),
    "any order, blanks": ("Bonjour { .reversed  #hello }", ("Bonjour", "hello", ("reversed",))),
    "braces in text": ("Braces {not a key}", ("Braces {not a key}", None, ())),
    "two keys are text": ("x {#a #b}", ("x {#a #b}", None, ())),
    "a class needs a letter": ("Range {..}", ("Range {..}", None, ())),
    "a list is text": ("Sets {.a, .b}", ("Sets {.a, .b}", None, ())),
}


@pytest.mark.parametrize(("raw", "expected"), HEADINGS.values(), ids=HEADINGS)
def test_heading_attributes(raw: str, expected: tuple[str, str | None, tuple[str, ...]]) -> None:
    heading = parse_heading(2, raw, 1)
    assert (heading.title, heading.key, heading.classes) == expected


def test_a_long_heading_of_braces_is_read_in_linear_time() -> None:
    heading = parse_heading(2, "{#a " * 20_000 + "x}", 1)  # hours if it backtracked
    assert heading.key is None


DOC = """\
---
tags: doc
---
# Notes

## Docker
Tags: containers

### What is an image?
Tags: images, #todo  review::later
A read-only template.

### What is a layer?
One filesystem change.

## What is Go?
tags:
A language.

## What is Rust?

Tags: systems

A language too.
"""


def test_tags_lines_and_their_inheritance(write: Write) -> None:
    diagnostics = Diagnostics()
    deck = load_deck([write("doc.md", DOC)], diagnostics)
    assert diagnostics.items == []
    # (The front matter's tags are every note's: render adds them, see test_kinds.)
    found = {q.title: (q.tags, q.answer, q.answer_line) for q in deck.questions}
    assert found == {
        "What is an image?": (
            ("containers", "images", "todo", "review::later"),
            "A read-only template.",
            11,
        ),
        "What is a layer?": (("containers",), "One filesystem change.", 14),
        "What is Go?": ((), "A language.", 18),
        "What is Rust?": (("systems",), "A language too.", 24),
    }


def test_a_bad_tag_is_an_error_naming_its_line(tmp_path: Path, write: Write) -> None:
    write("doc.md", '# D\n## Q\nTags: good bad:: "quoted"\nA.\n')
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "doc.md")])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{tmp_path}/doc.md:3:1: error: tag 'bad::' has an empty part; nest tags as parent::child",
        f"{tmp_path}/doc.md:3:1: error: tag '\"quoted\"' holds the character '\"'; Anki tags "
        "are single words (use _ or - instead)",
        "2 errors, 0 warnings in 1 file",
    ]


def test_reversed_is_inherited_and_unknown_attributes_warned_about(write: Write) -> None:
    doc = "# D\n## Words {.reversed}\n### Bonjour\nHello.\n### Merci {.reverse}\nThanks.\n"
    diagnostics = Diagnostics()
    deck = load_deck([write("doc.md", doc)], diagnostics)
    assert [q.reversed for q in deck.questions] == [True, True]
    assert [f"{d.location.line}: {d.message}" for d in diagnostics.items] == [
        "5: unknown heading attribute {.reverse} ignored (known: {.reversed})"
    ]


CLOZE_FINDINGS = """\
# D
## Zero
Cards start at {{c0::one}}.
## Open
A {{c1::deletion never closed.
## Below
Plain above.

<!-- more -->
Hidden {{c1::below}}.
## Both {.reversed}
Paris is {{c1::the capital}}.
"""


def test_check_reports_what_anki_would_do_with_cloze_markup(tmp_path: Path, write: Write) -> None:
    write("doc.md", CLOZE_FINDINGS)
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "doc.md")])
    path = tmp_path / "doc.md"
    assert result.stdout.splitlines() == [
        f"{path}:3:1: warning: cloze numbers start at 1: {{{{c0::…}}}} makes no card",
        f"{path}:5:1: warning: cloze deletion opened and never closed with }}}}: Anki drops "
        "its text",
        f"{path}:10:1: warning: cloze deletion below <!-- more --> is shown as written: Anki "
        "hides deletions only above it",
        f"{path}:11:1: warning: a cloze note makes one card per deletion and no reversed card: "
        "{.reversed} ignored",
        "0 errors, 4 warnings in 1 file",
    ]


KINDS = """\
# World
## Capital of France
The capital of France is {{c1::Paris::city}}, on the {{c2::Seine}}.
## Bonjour {.reversed}
Hello.
## Written `{{c1::x}}`
Code is only text.
"""


def test_inspect_and_preview_know_every_kind(
    tmp_path: Path, write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("world.md", KINDS)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["inspect", "world.md"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[1:] == [
        "reading: world.md: outline (score 3.0, 3 cards); runner-up headings (score 3.0, 3 cards)",
        "world.md: outline shape: 3 questions, 3 notes",
        "deck: World: 3 notes in 0 subdecks",
        "kinds: 1 basic, 1 reversed, 1 cloze; 5 cards",
        "  (top level): 3 questions",
        "    - Capital of France (cloze)",
        "    - Bonjour (reversed)",
        "    - Written `{{c1::x}}`",
    ]
    result = CliRunner().invoke(cli, ["preview", "world.md", "-o", "page.html"])
    assert (result.exit_code, result.stdout) == (0, "5 cards -> page.html\n")
    page = Path("page.html").read_text(encoding="utf-8")
    assert page.count('<article class="qd-note">') == 3
    labels = [line for line in page.splitlines() if line.startswith('<div class="qd-side">')]
    assert [label.removeprefix('<div class="qd-side">') for label in labels] == [
        "Cloze 1: Front</div>",
        "Cloze 1: Back</div>",
        "Cloze 2: Front</div>",
        "Cloze 2: Back</div>",
        "Card 1: Front</div>",
        "Card 1: Back</div>",
        "Card 2: Front</div>",
        "Card 2: Back</div>",
        "Front</div>",
        "Back</div>",
    ]
    assert '<span class="cloze" data-cloze="Paris" data-ordinal="1">[city]</span>' in page
    assert ".card .cloze {" in page  # the cloze note type's style
