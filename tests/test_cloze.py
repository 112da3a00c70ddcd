"""Cloze deletions: read as Anki reads them, kept by Markdown, literal in code."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from anki.collection import Collection

from qadeck.render.cloze import cloze_numbers, literal_in_code, numbered_zero, reveal, unclosed
from qadeck.render.converter import convert, markdown_converter
from qadeck.render.fastpath import fast_html
from qadeck.render.fragment_renderer import FragmentRenderer
from qadeck.render.highlight import highlight

NUMBERS = {
    "none": ("no deletion {{ here }}", ()),
    "one": ("{{c1::Paris}}", (1,)),
    "hint": ("{{c2::Paris::city}}", (2,)),
    "several, out of order": ("{{c3::a}} {{c1::b}} {{c3::c}}", (1, 3)),
    "nested": ("{{c1::a {{c2::b}} c}}", (1, 2)),
    "one deletion, two cards": ("{{c1,2::both}}", (1, 2)),
    "zero makes no card": ("{{c0::x}}", ()),
    "leading zero": ("{{c01::x}}", (1,)),
    "never closed": ("{{c1::x", ()),
    "not an opening": ("{{C1::x}} {{c 1::x}} {{c::x}}", ()),
    "empty": ("{{c1::}}", (1,)),
}


@pytest.mark.parametrize(("text", "numbers"), NUMBERS.values(), ids=NUMBERS)
def test_cloze_numbers(text: str, numbers: tuple[int, ...]) -> None:
    assert cloze_numbers(text) == numbers


def test_findings_about_deletions() -> None:
    assert unclosed("{{c1::x") and unclosed("{{c1::a {{c2::b}}")
    assert not unclosed("{{c1::a {{c2::b}} c}} }}") and not unclosed("{{c::x")
    assert numbered_zero("{{c0::x}}") and not numbered_zero("{{c0,1::x}} {{c1::y}}")


@pytest.fixture(scope="module")
def stock_cloze(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Collection]:
    """A real collection, with Anki's own Cloze note type (`{{cloze:Text}}` on the front)."""
    collection = Collection(str(tmp_path_factory.mktemp("cloze") / "collection.anki2"))
    yield collection
    collection.close()


REVEALED = [
    "The capital is {{c1::Paris::city}}, on the {{c2::Seine}}.",
    "{{c1::a {{c2::b <b>bold</b>}} c}} and {{c1,3::both}}",
    'Entities &amp; "quotes", é, ж: {{c1::x & y < z / w-v}}',
    "{{c2::only two}} }} {{c3::x",
]


@pytest.mark.parametrize("text", REVEALED)
def test_reveal_is_what_anki_renders(stock_cloze: Collection, text: str) -> None:
    # The preview renders `{{cloze:Text}}` itself: it must show what Anki shows.
    note = stock_cloze.new_note(stock_cloze.models.by_name("Cloze"))
    note["Text"] = text
    stock_cloze.add_note(note, stock_cloze.decks.id("Default"))
    cards = note.cards()
    assert [card.ord + 1 for card in cards] == list(cloze_numbers(text))
    for card in cards:
        front = card.question().split("</style>", 1)[1]
        back = card.answer().split("</style>", 1)[1]
        assert front == reveal(text, card.ord + 1, question=True)
        assert back.startswith(reveal(text, card.ord + 1, question=False) + "<br>")
    assert reveal(text, 9, question=True) == ""  # a field without the card's number is empty


MARKDOWN = {
    "paragraph": (
        "The capital is {{c1::Paris::city}}.",
        "<p>The capital is {{c1::Paris::city}}.</p>",
    ),
    "emphasis inside": (
        "{{c1::**bold** and *em*}}",
        "<p>{{c1::<strong>bold</strong> and <em>em</em>}}</p>",
    ),
    "list": (
        "- {{c1::a}}\n- {{c2::b::h}}",
        "<ul>\n<li>{{c1::a}}</li>\n<li>{{c2::b::h}}</li>\n</ul>",
    ),
    "math": ("{{c1::$x^2$}}", "<p>{{c1::\\(x^2\\)}}</p>"),
    "inline code": (
        "Write `{{c1::x}}` for {{c2::a deletion}}.",
        "<p>Write <code>&#123;&#123;c1::x}}</code> for {{c2::a deletion}}.</p>",
    ),
    "fenced code": (
        "```\n{{c1::x}} {{c2::y}}\n```",
        '<div class="highlight"><pre><span></span><code>&#123;&#123;c1::x}} '
        "&#123;&#123;c2::y}}\n</code></pre></div>",
    ),
    "indented code": (
        "Text.\n\n    {{c1::x}}",
        '<p>Text.</p>\n<div class="highlight"><pre><span></span><code>&#123;&#123;c1::x}}\n'
        "</code></pre></div>",
    ),
    "HTML code": ("<code>{{c1::x}}</code>", "<p><code>&#123;&#123;c1::x}}</code></p>"),
}


@pytest.mark.parametrize(("text", "html"), MARKDOWN.values(), ids=MARKDOWN)
def test_markdown_keeps_deletions_and_code_keeps_them_literal(text: str, html: str) -> None:
    fast = FragmentRenderer().render(text, inline=False).html
    assert fast == html
    assert convert(markdown_converter(), text, inline=False).html == html


def test_the_fast_path_takes_plain_deletions() -> None:
    # Cloze markup is plain text to Markdown: the fast path need not decline it.
    assert fast_html("The capital is {{c1::Paris::city}}.", highlight) is not None


def test_literal_in_code_leaves_everything_else() -> None:
    html = '<p><a title="{{c1::t}}">{{c1::x}}</a> <kbd>{{c2::k}}</kbd></p>'
    assert literal_in_code(html) == html
    assert literal_in_code("<pre>{{c1::a}}</pre>{{c2::b}}") == (
        "<pre>&#123;&#123;c1::a}}</pre>{{c2::b}}"
    )
