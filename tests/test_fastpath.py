"""The fast path gives Python-Markdown's HTML exactly, or declines."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown.extensions.codehilite import CodeHilite, CodeHiliteExtension

from qadeck.diagnostics import Diagnostics
from qadeck.render.converter import convert, markdown_converter
from qadeck.render.fastpath import fast_html
from qadeck.render.fragment_renderer import FragmentRenderer
from qadeck.render.highlight import CODEHILITE, HighlightFormatter, highlight
from qadeck.render.sanitize import as_sanitized, sanitize

from conftest import load_deck

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402

MD = markdown_converter()


def python_markdown(text: str) -> str:
    MD.reset()
    return MD.convert(text)


def agrees(text: str) -> bool:
    """True when the fast path declines `text` or gives Python-Markdown's HTML for it, and
    when its shortcut past nh3 declines or gives what nh3 gives."""
    fast = fast_html(text, highlight)
    if fast is None:
        return True
    ready = as_sanitized(fast.strip())
    nh3_agrees = ready is None or ready == sanitize(fast.strip()).strip()
    return fast.strip() == python_markdown(text) and nh3_agrees


def fragments_of(folder: Path) -> list[str]:
    deck = load_deck([folder], Diagnostics())
    return [t for q in deck.questions for t in (q.title, q.answer, q.extra) if t]


TABLE = """<table>
<thead>
<tr>
<th style="text-align: left;">a</th>
<th style="text-align: right;">b</th>
</tr>
</thead>
<tbody>
<tr>
<td style="text-align: left;">1</td>
<td style="text-align: right;">2</td>
</tr>
</tbody>
</table>"""


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("*em*, **bold**, `x`.", "<p><em>em</em>, <strong>bold</strong>, <code>x</code>.</p>"),
        ("- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
        ("3. a\n4. b", '<ol start="3">\n<li>a</li>\n<li>b</li>\n</ol>'),
        ("| a | b |\n|:--|--:|\n| 1 | 2 |", TABLE),
        ("R&D < `a<b` > P(Y|X)", None),  # `<` outside code: HTML is Python-Markdown's to read
        ("R&D > `a<b` and P(Y|X)", "<p>R&amp;D &gt; <code>a&lt;b</code> and P(Y|X)</p>"),
        ("snake_case stays", "<p>snake_case stays</p>"),
        ("_em_ by underscores", None),
        ("a [link](https://example.com)", None),
        ("2 * 3 * 4", None),
        ("line  \nbreak", None),
        ("- a\n  continued", None),
        ("para\n- item", None),
    ],
)  # fmt: skip
def test_fast_path_output_or_decline(text: str, html: str | None) -> None:
    fast = fast_html(text, highlight)
    assert (fast.strip() if fast is not None else None) == html
    if html is not None:
        assert python_markdown(text) == html


def test_every_accepted_answer_of_the_deck_matches_python_markdown() -> None:
    texts = fragments_of(ROOT / "answers")
    accepted = [t for t in texts if fast_html(t, highlight) is not None]
    assert len(accepted) >= 0.9 * len(texts)
    for text in accepted:
        assert agrees(text), text


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>a\u00a0b</p>", "<p>a&nbsp;b</p>"),
        (
            '<table><tbody><tr><td style="text-align: center;">x</td></tr></tbody></table>',
            '<table><tbody><tr><td style="text-align:center">x</td></tr></tbody></table>',
        ),
        ("<p>\ufffd</p>", None),  # the parser's replacement character: left to nh3
        ("<p>a\x0cb</p>", None),
    ],
)
def test_as_sanitized_writes_what_nh3_writes(html: str, expected: str | None) -> None:
    assert as_sanitized(html) == expected
    if expected is not None:
        assert sanitize(html) == expected


def test_generated_benchmark_answers_all_take_the_fast_path(tmp_path: Path) -> None:
    generate(300, tmp_path)
    for text in fragments_of(tmp_path):
        fast = fast_html(text, highlight)
        assert fast is not None, text
        assert as_sanitized(fast.strip()) is not None
        assert agrees(text)


def test_fragments_are_the_same_with_and_without_the_fast_path() -> None:
    renderer = FragmentRenderer()
    for text in fragments_of(ROOT / "answers"):
        for inline in (False, True):
            assert renderer.render(text, inline) == convert(MD, text, inline)


# Inline pieces and line starts, most of them inside the fast path's subset, some just outside.
TOKENS = ["word", "more words", " ", "*em*", "**strong**", "`code`", "x_y", "&", ">", "é", "(P|Q)",
          ":", "-", ".", "1.", "#", "**`c`**", "` x `", "!", "'q'", '"d"', "\u00a0", "&#1", "*",
          "**", "`", "``", "_", "__", "|", "&amp;", "<b>", "\\", "\\`", "$", "$x$", "[", "]",
          "~", "\t", "---", "[^1]", "  "]  # fmt: skip
LEADS = ["", "", "", "", "- ", "* ", "+ ", "1. ", "3. ", "01. ", "1) ", "# ", "> ", " ", "    ",
         ": ", "| ", "|", "```", "~~~", "---", "***", "==", "-", "*"]  # fmt: skip
CODE = ["x = 1", "", " ", "  ", "  indented", "echo `a`", "<b>&amp;</b>", "def f():",
        "    return 2", "``", "# c", "- item", "```", "````", "~~~ ", "\t"]  # fmt: skip
inline = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=6).map("".join)
line = st.builds(str.__add__, st.sampled_from(LEADS), inline)
paragraph = st.lists(line, min_size=1, max_size=3).map("\n".join)
bullets = st.builds(
    lambda marker, items: "\n".join(marker + item for item in items),
    st.sampled_from(["- ", "* ", "+ "]),
    st.lists(inline, min_size=1, max_size=4),
)
numbered = st.builds(
    lambda first, items: "\n".join(f"{first + i}. {item}" for i, item in enumerate(items)),
    st.sampled_from([0, 1, 1, 2, 10]),
    st.lists(inline, min_size=1, max_size=4),
)


@st.composite
def table(draw: st.DrawFn) -> str:
    width = draw(st.integers(1, 4))
    border = draw(st.booleans())

    def row(cells: list[str]) -> str:
        text = " | ".join(cells)
        return f"| {text} |" if border else text

    cell = st.one_of(st.just(""), inline)
    separator = st.sampled_from(["---", ":--", "--:", ":-:", "-", "- -", "==="])
    rows = [row(draw(st.lists(cell, min_size=width, max_size=width)))]
    rows.append(row(draw(st.lists(separator, min_size=width, max_size=width))))
    for _ in range(draw(st.integers(0, 3))):
        rows.append(row(draw(st.lists(cell, min_size=width - 1, max_size=width + 1))))
    return "\n".join(rows)


fence = st.builds(
    lambda mark, language, code: "\n".join([mark + language, *code, mark]),
    st.sampled_from(["```", "~~~", "````"]),
    st.sampled_from(["", "python", "bash", "nosuchlang", "c++", " py", "{.x}"]),
    st.lists(st.sampled_from(CODE), max_size=4),
)
block = st.one_of(paragraph, bullets, numbered, table(), fence)
gap = st.sampled_from(["\n\n", "\n\n", "\n\n\n", "\n", "\n \n", "\n\u00a0\n"])
document = st.builds(
    lambda first, rest: first + "".join(g + b for g, b in rest),
    block,
    st.lists(st.tuples(gap, block), max_size=4),
)


@settings(max_examples=2000, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(document)
def test_fast_path_never_disagrees_with_python_markdown(text: str) -> None:
    assert agrees(text)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab *_`|-:#>\n\t&<\\$[]1.~"), max_size=60))
def test_fast_path_never_disagrees_on_markup_soup(text: str) -> None:
    assert agrees(text)


@pytest.mark.parametrize("language", [None, "python", "bash", "dockerfile", "nosuchlang", "c++"])
def test_highlight_is_codehilite_with_a_cached_lexer(language: str | None) -> None:
    code = "\n\nRUN echo `a` && x = 1 < 2\n    return {'k': \"v\"}\n\n"
    # What fenced_code gives CodeHilite when the codehilite extension has these settings.
    extension = CodeHiliteExtension(**CODEHILITE, pygments_formatter=HighlightFormatter)
    settings = extension.getConfigs()
    style = settings.pop("pygments_style")
    expected = CodeHilite(code, lang=language, style=style, **settings).hilite(shebang=False)
    assert highlight(code, language) == expected
    assert highlight("other = 'code'", language) == CodeHilite(
        "other = 'code'", lang=language, style=style, **settings
    ).hilite(shebang=False)
    assert highlight(code, language) == expected  # from the lexer and formatter made before


def test_plain_answers_build_without_loading_python_markdown_or_nh3(tmp_path: Path) -> None:
    generate(60, tmp_path / "deck")  # paragraphs, lists, tables, code: all on the fast path
    deck, package = str(tmp_path / "deck"), str(tmp_path / "d.apkg")
    script = (
        "import sys; from pathlib import Path; "
        "from qadeck.commands.build import BuildOptions, build; "
        "from qadeck.commands.prepare import ReadOptions; "
        f"read = ReadOptions([Path({deck!r})], use_cache=False); "
        f"build(BuildOptions(read, Path({package!r}), 1)); "
        "print(sorted(m for m in ('markdown', 'nh3') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert (done.returncode, done.stdout, done.stderr) == (0, "[]\n", "")
