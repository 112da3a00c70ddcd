"""Setext and HTML headings are read as the `#` headings they are, line for line."""

from __future__ import annotations

from pathlib import Path

import pytest
from anki.collection import Collection
from click.testing import CliRunner

from qadeck.cli.main import cli
from qadeck.commands.prepare import ReadOptions
from qadeck.commands.pull import PullOptions, pull
from qadeck.commands.sync import SyncTarget
from qadeck.diagnostics import Diagnostics
from qadeck.sources.headingforms import Rewritten, as_atx

from conftest import load_deck
from synced import sync_into

FAQ = """\
Caching FAQ
===========

What is a cache?
----------------

A fast store for copies of slow data.

<h2>Why invalidate it?</h2>

The source changes.

<h3 name="ttl">
How does a time-to-live work?
</h3>

Each entry expires after a fixed time; see [above](#ttl).
"""


def test_a_faq_in_setext_and_html_headings_is_read_like_one_in_hashes(tmp_path: Path) -> None:
    doc = tmp_path / "faq.md"
    doc.write_text(FAQ)
    diagnostics = Diagnostics()
    deck = load_deck([doc], diagnostics)
    assert deck.name == "Caching FAQ"
    assert [(q.title, q.answer, q.line) for q in deck.questions] == [
        ("What is a cache?", "A fast store for copies of slow data.", 4),
        ("Why invalidate it?", "The source changes.", 9),
        (
            "How does a time-to-live work?",
            "Each entry expires after a fixed time; see [above](#ttl).",
            14,
        ),
    ]
    assert not diagnostics.items


@pytest.mark.parametrize(
    "text",
    [
        "Intro.\n\n---\n\nMore.",  # a rule after a blank line
        "One line\nand another\n---",  # a paragraph of two lines: left as it was
        "- an item\n---",
        "> quoted\n===",
        "| a | b |\n|---|---|",
        "```\nTitle\n---\n```",
        "<!--\nTitle\n---\n-->",
        '<h1 align="center"><img src="logo.png"></h1>',  # a banner shows no words
        "    indented code\n    ---",
    ],
)
def test_what_is_no_heading_stays_as_it_is(text: str) -> None:
    assert as_atx(text) == Rewritten(text)


def test_every_line_stays_where_it_was() -> None:
    rewritten = as_atx(FAQ)
    assert rewritten.text.split("\n") == [
        "# Caching FAQ",
        "",
        "",
        "## What is a cache?",
        "",
        "",
        "A fast store for copies of slow data.",
        "",
        "## Why invalidate it?",
        "",
        "The source changes.",
        "",
        "",
        "### How does a time-to-live work?",
        "",
        "",
        "Each entry expires after a fixed time; see [above](#ttl).",
        "",
    ]
    assert rewritten.lines == {1, 4, 9, 14}
    assert rewritten.ids == {"ttl"}  # the link to it is no dead link


def test_pull_reports_a_question_under_an_underlined_heading_and_writes_nothing(
    tmp_path: Path,
) -> None:
    doc = tmp_path / "src" / "faq.md"
    doc.parent.mkdir()
    doc.write_text(FAQ)
    col_path = tmp_path / "collection.anki2"
    Collection(str(col_path)).close()
    target = SyncTarget(collection=col_path)
    assert len(sync_into([doc], target, now=1_767_225_600).plan.new) == 3
    col = Collection(str(col_path))
    try:
        for note_id in col.find_notes(""):
            note = col.get_note(note_id)
            note.fields[1] = note.fields[1].replace("fast store", "quick store")
            col.update_note(note)
    finally:
        col.close()
    report = pull(PullOptions(ReadOptions([doc]), target, False, now=1_767_312_000))
    assert doc.read_text() == FAQ  # nothing written over a heading it would not write
    assert report.pulled == ()
    assert {u.question for u in report.unpulled} >= {"What is a cache?"}


def test_a_link_to_an_html_headings_id_is_no_dead_link(tmp_path: Path) -> None:
    doc = tmp_path / "faq.md"
    doc.write_text(FAQ + "\nSee [the time-to-live](#ttl) and [nothing](#gone).\n")
    result = CliRunner().invoke(cli, ["build", str(doc), "-o", str(tmp_path / "faq.apkg")])
    assert result.exit_code == 0, result.output
    assert "#ttl" not in result.stderr
    assert result.stderr == f"{doc}:19:34: warning: link to #gone matches no heading\n"


DEFINITIONS = """\
# Hugo-style FAQ

Some introduction: it is no term.

Why is my page not published?
: Check the front matter:

  - Is `draft` set to `true`?
  - Is the `date` in the future?

Can I use environment variables?

: Yes.
: They override the configuration file.

## Glossary

Cache
: A fast store for copies of slow data.
"""


def test_a_definition_list_is_a_list_of_questions_and_answers(tmp_path: Path) -> None:
    doc = tmp_path / "faq.md"
    doc.write_text(DEFINITIONS)
    diagnostics = Diagnostics()
    deck = load_deck([doc], diagnostics)
    assert [(q.section, q.title, q.line) for q in deck.questions] == [
        ((), "Why is my page not published?", 5),
        ((), "Can I use environment variables?", 11),
        (("Glossary",), "Cache", 18),  # a term under a heading is one level below it
    ]
    first = deck.questions[0].answer
    assert first.startswith("Check the front matter:") and "- Is the `date` in the future?" in first
    second = " ".join(deck.questions[1].answer.split())
    assert second == "Yes. They override the configuration file."
    assert not diagnostics.items


def test_a_colon_line_without_a_term_is_text() -> None:
    text = "A paragraph\nthat goes on\n: and this is not a definition\n"
    assert as_atx(text) == Rewritten(text)


def test_a_link_names_an_html_anchor_in_any_case(tmp_path: Path) -> None:
    doc = tmp_path / "faq.md"
    doc.write_text(
        "# Вопросы\n\n- [Генераторы](#Генераторы)\n- [Decorators](#Decorators)\n\n"
        '### Генераторы <a name="Генераторы"></a>\n\nФункции с yield.\n\n'
        '### Decorators <a name="Decorators"></a>\n\nFunctions that wrap functions.\n'
    )
    result = CliRunner().invoke(cli, ["build", str(doc), "-o", str(tmp_path / "faq.apkg")])
    assert result.exit_code == 0, result.output
    assert "matches no heading" not in result.stderr
