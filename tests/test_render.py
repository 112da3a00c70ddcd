"""Markdown to field HTML, pinned feature by feature, and every case the sanitizer reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from qadeck.cli.main import cli
from qadeck.diagnostics import Diagnostics
from qadeck.render.media import Place
from qadeck.render.notes import MediaRenderer
from qadeck.sources.files import SourceFile

HL = '<div class="highlight"><pre><span></span><code>'


def render(markdown: str, first_line: int = 1, before: str = "") -> tuple[str, list[str]]:
    """Render `markdown` as if it stood at `first_line` of doc.md (after `before`)."""
    text = before + markdown + "\n"
    source = SourceFile(Path("/notes/doc.md"), "doc.md", "doc.md", Path("/notes"), text)
    diagnostics = Diagnostics()
    html = MediaRenderer(diagnostics).block(markdown, Place(source, first_line))
    return html, [str(d) for d in diagnostics.items]


FEATURES = {
    "table": (
        "| a | b |\n|:--|--:|\n| 1 | 2 |",
        '<table>\n<thead>\n<tr>\n<th style="text-align:left">a</th>\n'
        '<th style="text-align:right">b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n'
        '<td style="text-align:left">1</td>\n<td style="text-align:right">2</td>\n'
        "</tr>\n</tbody>\n</table>",
    ),
    "fenced code, highlighted with classes": (
        "```python\nprint('$5')  # hi\n```",
        f'{HL}<span class="nb">print</span><span class="p">(</span>'
        '<span class="s1">\'$5\'</span><span class="p">)</span>  '
        '<span class="c1"># hi</span>\n</code></pre></div>',
    ),
    "fenced code without a language": (
        "```\n$x$ <b>\n```",
        f"{HL}$x$ &lt;b&gt;\n</code></pre></div>",
    ),
    "a short word of inline code with a hyphen or ? never breaks; spaces and long words may": (
        "Run `docker build --no-cache .`, `a?b` or `x-`, in a table cell too:\n\n"
        "| flag |\n|---|\n| `--rm` |\n\n"
        "but not `--a-very-long-option-name-indeed` or `-`.",
        '<p>Run <code>docker build <span class="qd-nowrap">--no-cache</span> .</code>, '
        '<code><span class="qd-nowrap">a?b</span></code> or '
        '<code><span class="qd-nowrap">x-</span></code>, in a table cell too:</p>\n'
        "<table>\n<thead>\n<tr>\n<th>flag</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
        '<td><code><span class="qd-nowrap">--rm</span></code></td>\n</tr>\n</tbody>\n</table>\n'
        "<p>but not <code>--a-very-long-option-name-indeed</code> or <code>-</code>.</p>",
    ),
    "inline code keeps $ and escapes <": (
        "Use `$HOME` and `a < b`.",
        "<p>Use <code>$HOME</code> and <code>a &lt; b</code>.</p>",
    ),
    "lists nested by two spaces": (
        "- a\n  - b\n    - c\n- d",
        "<ul>\n<li>a<ul>\n<li>b<ul>\n<li>c</li>\n</ul>\n</li>\n</ul>\n</li>\n<li>d</li>\n</ul>",
    ),
    "ordered list with a nested bullet at its content column": (
        "1. one\n2. two\n   - sub",
        "<ol>\n<li>one</li>\n<li>two<ul>\n<li>sub</li>\n</ul>\n</li>\n</ol>",
    ),
    "four-space nesting still works": (
        "- p\n    - q",
        "<ul>\n<li>p<ul>\n<li>q</li>\n</ul>\n</li>\n</ul>",
    ),
    "a second paragraph in an item, then the next item": (
        "- a\n\n  more about a\n- b",
        "<ul>\n<li>\n<p>a</p>\n<p>more about a</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ul>",
    ),
    "a continuation line in a tight item": (
        "- a\n  continued\n- b",
        "<ul>\n<li>a\n    continued</li>\n<li>b</li>\n</ul>",
    ),
    "bullet list right after a paragraph": (
        "Steps:\n- one\n- two",
        "<p>Steps:</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>",
    ),
    "ordered list from 1 right after a paragraph": (
        "Steps:\n1. one\n2. two",
        "<p>Steps:</p>\n<ol>\n<li>one</li>\n<li>two</li>\n</ol>",
    ),
    "a number other than 1 does not interrupt a paragraph": (
        "In\n2. two",
        "<p>In\n2. two</p>",
    ),
    "list markers inside a fence stay code": (
        "Before:\n```\n- a\n  - b\n```",
        f"<p>Before:</p>\n{HL}- a\n  - b\n</code></pre></div>",
    ),
    "fenced code inside a list item": (
        "- step:\n  ```bash\n  echo $1\n  ```\n- next",
        f"<ul>\n<li>\n<p>step:</p>\n{HL}"
        '<span class="nb">echo</span><span class="w"> </span><span class="nv">$1</span>\n'
        "</code></pre></div>\n\n</li>\n<li>\n<p>next</p>\n</li>\n</ul>",
    ),
    "links": (
        "[docs](https://example.com) and <https://example.org>",
        '<p><a href="https://example.com" rel="noopener noreferrer">docs</a> and '
        '<a href="https://example.org" rel="noopener noreferrer">https://example.org</a></p>',
    ),
    "footnotes": (
        "Claim[^1].\n\n[^1]: Source.",
        '<p>Claim<sup id="fnref:1"><a class="footnote-ref" href="#fn:1" '
        'rel="noopener noreferrer">1</a></sup>.</p>\n<div class="footnote">\n<hr>\n<ol>\n'
        '<li id="fn:1">\n<p>Source.&nbsp;<a class="footnote-backref" href="#fnref:1" '
        'title="Jump back to footnote 1 in the text" rel="noopener noreferrer">↩</a></p>\n'
        "</li>\n</ol>\n</div>",
    ),
    "definition lists": ("Term\n:   Meaning", "<dl>\n<dt>Term</dt>\n<dd>Meaning</dd>\n</dl>"),
}

MATH = {
    "inline dollars": ("Area $\\pi r^2$.", "<p>Area \\(\\pi r^2\\).</p>"),
    "display dollars": ("$$x^2 < y$$", "<p>\\[x^2 &lt; y\\]</p>"),
    "parentheses keep their backslash": ("So \\(a_1 * b_2\\).", "<p>So \\(a_1 * b_2\\).</p>"),
    "brackets keep their backslash": ("\\[e = mc^2\\]", "<p>\\[e = mc^2\\]</p>"),
    "display math over lines": ("$$\na + b\n$$", "<p>\\[\na + b\n\\]</p>"),
    "no emphasis inside a formula": ("$a_1 * b_2 * c$", "<p>\\(a_1 * b_2 * c\\)</p>"),
    "prices stay text": ("costs $5 and $10", "<p>costs $5 and $10</p>"),
    "a price and a formula": ("$5 buys $x$", "<p>$5 buys \\(x\\)</p>"),
    "an escaped dollar is a dollar": ("\\$x$ stays", "<p>$x$ stays</p>"),
    "a dollar with spaces inside is not math": ("a $ b $ c", "<p>a $ b $ c</p>"),
    "dollars in inline code": (
        "`$x$` and `\\(y\\)`",
        "<p><code>$x$</code> and <code>\\(y\\)</code></p>",
    ),
    "dollars in fenced code": ("```\n$x$ \\(y\\)\n```", f"{HL}$x$ \\(y\\)\n</code></pre></div>"),
}


@pytest.mark.parametrize(("markdown", "expected"), FEATURES.values(), ids=FEATURES.keys())
def test_markdown_features(markdown: str, expected: str) -> None:
    assert render(markdown) == (expected, [])


@pytest.mark.parametrize(("markdown", "expected"), MATH.values(), ids=MATH.keys())
def test_math_becomes_mathjax_delimiters(markdown: str, expected: str) -> None:
    assert render(markdown) == (expected, [])


def test_heading_renders_inline_with_math() -> None:
    source = SourceFile(Path("/n/d.md"), "d.md", "d.md", Path("/n"), "## What is $x^2$?\n")
    renderer = MediaRenderer(Diagnostics())
    assert renderer.inline("What is $x^2$?", Place(source, 1)) == "What is \\(x^2\\)?"


SANITIZED = {
    "script": (
        "Hi <script>alert(1)</script>there",
        "<p>Hi there</p>",
        "removed <script> and its content (not allowed in cards)",
    ),
    "style element": (
        "<style>p { color: red }</style>\n\nText",
        "<p>Text</p>",
        "removed <style> and its content (not allowed in cards)",
    ),
    "iframe": (
        '<iframe src="https://example.com"></iframe>',
        "",
        "removed <iframe> (not allowed in cards)",
    ),
    "object": ('<object data="x.swf"></object>', "", "removed <object> (not allowed in cards)"),
    "embed": ('<embed src="x.swf">', "<p></p>", "removed <embed> (not allowed in cards)"),
    "onerror": (
        '<img src="https://example.com/a.png" onerror="alert(1)">',
        '<p><img src="https://example.com/a.png"></p>',
        "removed onerror= from <img> (scripts are not allowed in cards)",
    ),
    "onclick": (
        '<b onclick="steal()">bold</b>',
        "<p><b>bold</b></p>",
        "removed onclick= from <b> (scripts are not allowed in cards)",
    ),
    "javascript link in Markdown": (
        "[click](javascript:alert(1))",
        '<p><a rel="noopener noreferrer">click</a></p>',
        "removed javascript: URL from <a> (not allowed in cards)",
    ),
    "javascript link with a tab in the scheme": (
        '<a href="java&#9;script:alert(1)">t</a>',
        '<p><a rel="noopener noreferrer">t</a></p>',
        "removed javascript: URL from <a> (not allowed in cards)",
    ),
    "data link": (
        '<a href="data:text/html,hi">d</a>',
        '<p><a rel="noopener noreferrer">d</a></p>',
        "removed data: URL from <a> (not allowed in cards)",
    ),
    "data image": (
        "![x](data:image/png;base64,AAAA)",
        '<p><img alt="x"></p>',
        "removed data: URL from <img> (not allowed in cards)",
    ),
    "style attribute": (
        '<span style="color:red">red</span>',
        "<p><span>red</span></p>",
        "removed style= from <span> (inline styles are not allowed)",
    ),
}


@pytest.mark.parametrize(("markdown", "html", "warning"), SANITIZED.values(), ids=SANITIZED.keys())
def test_sanitizer_removes_and_warns_with_the_line(markdown: str, html: str, warning: str) -> None:
    # The fragment stands on line 3 of doc.md, below a heading and a blank line.
    assert render(markdown, first_line=3, before="# Q\n\n") == (
        html,
        [f"doc.md:3: warning: {warning}"],
    )


def test_each_removal_names_its_own_line() -> None:
    markdown = "<b onclick='a()'>1</b>\n\nsafe\n\n<b onclick='b()'>2</b>\n\n<script>x</script>"
    _, warnings = render(markdown, first_line=10, before="\n" * 9)
    assert warnings == [
        "doc.md:10: warning: removed onclick= from <b> (scripts are not allowed in cards)",
        "doc.md:14: warning: removed onclick= from <b> (scripts are not allowed in cards)",
        "doc.md:16: warning: removed <script> and its content (not allowed in cards)",
    ]


def test_safe_html_passes_without_warnings() -> None:
    markdown = "<details><summary>More</summary>\n\n<kbd>Ctrl</kbd> <mark>m</mark>\n</details>"
    html, warnings = render(markdown)
    assert warnings == []
    assert "<details><summary>More</summary>" in html and "<kbd>Ctrl</kbd>" in html


def test_build_reports_removals_and_still_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("doc.md").write_text("# T\n## Q\nFine.\n\n<script>steal()</script>\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "doc.md", "-o", "out.apkg"])
    assert result.exit_code == 0
    assert result.stderr == (
        "doc.md:5:1: warning: removed <script> and its content (not allowed in cards)\n"
    )
    assert Path("out.apkg").is_file()
