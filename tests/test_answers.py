"""The MLOps answers: every seed question answered once, each short part phone-sized."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from qadeck.deck.model import Deck
from qadeck.diagnostics import Diagnostics

from conftest import ANSWERS, load_deck

SEED = Path(__file__).parent / "data" / "seed_questions.md"
SHORT_WORDS = (40, 180)
EXTRA_WORDS = 300


def normalize(title: str) -> str:
    title = title.replace("’", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", title).strip().casefold()


def seed_questions() -> list[str]:
    """The 34 questions from the seed's table of contents (its headings break one title)."""
    text = SEED.read_text(encoding="utf-8")
    return [normalize(m[1]) for m in re.finditer(r"^- \[(.+)\]\(#[^)]*\)$", text, re.M)]


@pytest.fixture(scope="module")
def deck() -> Deck:
    diagnostics = Diagnostics()
    deck = load_deck([ANSWERS], diagnostics)
    assert [str(d) for d in diagnostics.items] == []
    return deck


def test_seed_has_34_questions() -> None:
    assert len(seed_questions()) == 34


def test_answers_cover_the_seed_exactly(deck: Deck) -> None:
    answered = Counter(normalize(q.title) for q in deck.questions)
    seed = Counter(seed_questions())
    assert sorted((answered - seed).elements()) == [], "extra questions"
    assert sorted((seed - answered).elements()) == [], "missing questions"
    assert [title for title, n in answered.items() if n > 1] == [], "duplicated questions"


def test_four_sections_in_the_seeds_order(deck: Deck) -> None:
    # Anki studies a subdeck at a time: each section holds a run of the seed's questions.
    assert [section[0] for section in deck.sections] == [
        "Model Monitoring and Drift",
        "Deployment, Testing and CI/CD",
        "Docker",
        "Data Processing and Warehousing",
    ]
    assert all(len(section) == 1 for section in deck.sections)
    assert [normalize(q.title) for q in deck.questions] == seed_questions()


def words(markdown: str) -> int:
    return len(markdown.split())


def test_short_parts_fit_a_phone_screen(deck: Deck) -> None:
    low, high = SHORT_WORDS
    outside = {
        q.title: words(q.answer) for q in deck.questions if not low <= words(q.answer) <= high
    }
    assert outside == {}


def code_lines(markdown: str) -> int:
    """Lines inside fenced code blocks."""
    inside, count = False, 0
    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            inside = not inside
        elif inside:
            count += 1
    return count


def test_short_parts_hold_at_most_four_lines_of_code(deck: Deck) -> None:
    assert {q.title: code_lines(q.answer) for q in deck.questions if code_lines(q.answer) > 4} == {}


def test_code_lines_counts_fenced_code_only() -> None:
    assert code_lines("text\n```sh\na\nb\n```\n`inline`\n~~~\nc\n~~~") == 3


def test_extra_parts_stay_reasonable(deck: Deck) -> None:
    long = {q.title: words(q.extra) for q in deck.questions if words(q.extra) > EXTRA_WORDS}
    assert long == {}


def test_the_unanswered_seed_reads_as_its_own_outline() -> None:
    # Every heading is a question waiting for its answer: none may turn into a section or vanish.
    # Only "Stream Processing" has text under it (its title's second half); each of the other 33
    # makes no card and is reported.
    diagnostics = Diagnostics()
    deck = load_deck([SEED], diagnostics)
    assert deck.name == "MLOps Questions"
    assert [q.title for q in deck.questions] == ["Stream Processing"] and deck.sections == ()
    unanswered = [d for d in diagnostics.items if "question has no answer" in d.message]
    assert len(unanswered) == 33
