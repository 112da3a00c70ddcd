"""Markdown -> HTML -> Markdown -> HTML gives the same HTML: what `pull` converts back from Anki
reads as what was rendered, for every answer of the bundled deck and for generated ones."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qadeck.commands.prepare import ReadOptions, prepare
from qadeck.diagnostics import Diagnostics
from qadeck.render.notes import MediaRenderer
from qadeck.writeback.tomarkdown import Hints, to_markdown

from conftest import ANSWERS

RENDERER = MediaRenderer(Diagnostics())


def render(text: str, inline: bool) -> str:
    from qadeck.render.converter import convert, markdown_converter

    return convert(markdown_converter(), text, inline).html


HINTS = Hints(render=render)


def round_trip(html: str, inline: bool = False) -> str:
    return render(to_markdown(html, HINTS, inline), inline)


def test_every_field_of_the_bundled_deck_reads_back_the_same() -> None:
    _, rendered = prepare(ReadOptions([ANSWERS], use_cache=False), Diagnostics())
    checked = 0
    for note in rendered.notes:
        for index, html in enumerate(note.html):
            if html:
                assert round_trip(html, inline=index == 0) == html, note.fields[0]
                checked += 1
    assert checked > 60


WORDS = st.sampled_from(
    ["word", "Anki", "snake_case", "a*b", "x < y", "AT&T", "100%", "[note]", "é", "日本",
     "issue #3", "2 * 3", "price $5", "C:\\path", "`tick`", "--flag", "a_b_c", "(paren)",
     "{brace}"]
)  # fmt: skip
PLAIN = st.sampled_from(["word", "two words", "Anki", "é", "日本", "snake_case"])
INLINE = st.one_of(
    WORDS,
    PLAIN.map(lambda w: f"*{w}*"),
    PLAIN.map(lambda w: f"**{w}**"),
    st.sampled_from(
        [
            "`--no-cache`",
            "`x = 1`",
            "$a_1 * b_2$",
            r"\(x^2\)",
            "<kbd>Ctrl</kbd>",
            "H<sub>2</sub>O",
            "[a link](https://example.com)",
            "<https://x.org>",
            "{{c1::Paris::city}}",
            "`{{c1::code}}`",
        ]
    ),
)
LINE = st.lists(INLINE, min_size=1, max_size=6).map(" ".join)
PARAGRAPH = st.lists(LINE, min_size=1, max_size=3).map("\n".join)
ITEMS = st.lists(LINE, min_size=1, max_size=4)
BULLETS = ITEMS.map(lambda items: "\n".join(f"- {item}" for item in items))
NUMBERED = ITEMS.map(lambda items: "\n".join(f"{n}. {item}" for n, item in enumerate(items, 1)))
NESTED = st.tuples(LINE, ITEMS).map(lambda t: f"- {t[0]}\n" + "\n".join(f"  - {i}" for i in t[1]))
CODE = st.tuples(
    st.sampled_from(["", "python", "bash", "yaml", "json", "dockerfile"]),
    st.lists(
        st.sampled_from(["x = 1", "echo $HOME", "key: value", '{"a": 1}', "RUN pip", ""]),
        min_size=1,
        max_size=4,
    ),
).map(lambda t: f"```{t[0]}\n" + "\n".join(t[1]).strip("\n") + "\n```")
TABLE = st.lists(st.tuples(WORDS, WORDS), min_size=1, max_size=3).map(
    lambda rows: "| a | b |\n|:--|--:|\n" + "\n".join(f"| {x} | {y} |" for x, y in rows)
)
QUOTE = PARAGRAPH.map(lambda p: "\n".join(f"> {line}" for line in p.split("\n")))
BLOCK = st.one_of(PARAGRAPH, BULLETS, NUMBERED, NESTED, CODE, TABLE, QUOTE)
ANSWER = st.lists(BLOCK, min_size=1, max_size=5).map("\n\n".join)


@settings(max_examples=150, deadline=None)
@given(ANSWER)
def test_generated_answers_read_back_the_same(markdown: str) -> None:
    html = render(markdown, False)
    assert round_trip(html) == html


@settings(max_examples=100, deadline=None)
@given(LINE)
def test_generated_questions_read_back_the_same(markdown: str) -> None:
    html = render(markdown, True)
    assert round_trip(html, inline=True) == html
