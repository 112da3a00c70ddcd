"""The render cache: a cached build is the uncached build, byte for byte, warnings included."""

from __future__ import annotations

import html
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from qadeck.cli.main import cli
from qadeck.deck.model import Deck
from qadeck.diagnostics import Diagnostics
from qadeck.incremental.store import RenderCache
from qadeck.render import memo as memo_module
from qadeck.render.converter import convert, markdown_converter
from qadeck.render.fragments import Fragment, is_plain
from qadeck.render.keys import fragment_key
from qadeck.render.parallel import render_all
from qadeck.render.sanitize import Removal

from conftest import ANSWERS, build, load_deck

NOW = 1_767_225_600
Write = Callable[..., Path]


def load_mlops() -> Deck:
    return load_deck([ANSWERS], Diagnostics())


def test_cached_build_is_byte_identical_to_uncached(tmp_path: Path, render_cache: Path) -> None:
    cache = tmp_path / "cache"
    plain = build([ANSWERS], tmp_path / "plain.apkg", now=NOW, use_cache=False)
    assert not cache.exists() or not any(cache.iterdir())
    for name in ("first.apkg", "second.apkg"):  # the first fills the cache, the second reads it
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("QADECK_CACHE_DIR", str(cache))
            build([ANSWERS], tmp_path / name, now=NOW)
        assert (tmp_path / name).read_bytes() == (tmp_path / "plain.apkg").read_bytes()
    assert RenderCache(cache).path.is_file()
    assert plain.notes == 34


def test_cached_build_still_warns_with_path_and_line(write: Write, tmp_path: Path) -> None:
    source = write("doc.md", "# Q\n\nSafe.\n\n<script>alert(1)</script>\n\n# R\n\nFine.\n")
    reports = [build([source], tmp_path / f"{n}.apkg", now=NOW) for n in range(2)]
    first, second = ([str(d) for d in r.diagnostics] for r in reports)
    warning = f"{source}:5:1: warning: removed <script> and its content (not allowed in cards)"
    assert first == second == [warning]
    assert (tmp_path / "0.apkg").read_bytes() == (tmp_path / "1.apkg").read_bytes()


def test_corrupt_or_unwritable_cache_is_ignored(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    cache = RenderCache(folder)
    folder.mkdir()
    cache.path.write_bytes(b"this is not a database" * 100)
    wanted = [("*a*", False)]
    assert cache.get_many(wanted) == {}
    cache.put_many([(wanted[0], Fragment("<p><em>a</em></p>"))])
    blocked = RenderCache(tmp_path / "file-not-folder")
    (tmp_path / "file-not-folder").write_text("x")
    blocked.put_many([(wanted[0], Fragment("<p><em>a</em></p>"))])
    assert blocked.get_many(wanted) == {}


def test_cache_round_trip_keeps_removals_and_tells_inline_from_block(tmp_path: Path) -> None:
    cache = RenderCache(tmp_path)
    fragment = Fragment("<p>x</p>", (Removal("removed <script>", "<script"),))
    cache.put_many([(("x", False), fragment)])
    assert cache.get_many([("x", False), ("x", True)]) == {("x", False): fragment}
    assert fragment_key("x", False) != fragment_key("x", True)
    with sqlite3.connect(cache.path) as connection:
        assert connection.execute("SELECT count(*) FROM fragments").fetchone() == (1,)


def test_a_cache_past_its_size_starts_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = RenderCache(tmp_path)
    cache.put_many([(("old", False), Fragment("<p>old</p>"))])
    cache.wait()  # one build's writes, then the next build's
    monkeypatch.setattr("qadeck.incremental.store.MAX_BYTES", 1)
    cache.put_many([(("new", False), Fragment("<p>new</p>"))])
    assert cache.get_many([("old", False), ("new", False)]) == {
        ("new", False): Fragment("<p>new</p>")
    }


def test_build_no_cache_flag_leaves_cache_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QADECK_CACHE_DIR", str(tmp_path / "cache"))
    result = CliRunner().invoke(
        cli, ["build", str(ANSWERS), "-o", str(tmp_path / "d.apkg"), "--no-cache"]
    )
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "cache").exists()


def test_parallel_render_equals_serial_render() -> None:
    deck = load_mlops()
    wanted = [(q.answer, False) for q in deck.questions] * 20
    assert render_all(wanted, processes=2) == render_all(wanted, processes=1)


TRICKY_TITLES = [
    "What is 1. a list?", "Why 2 > 1?", "A & B", "x_y and z_w", "Price: $5 or $6?", "1. Start",
    "2024. A year", "Use `code`?", "Em *dash*", "A  double  space", "Trailing space ",
    "Quotes \"double\" and 'single'", "Path a/b (c) 50% @home", "Café – naïve?", "x=y", "A -- B",
    "Ends with colon:", "Ends with a dot.", "Ellipsis...", "Dash - list?",
]  # fmt: skip


CONVERTER = markdown_converter()


def full_render(title: str) -> str:
    return convert(CONVERTER, title, inline=True).html


MLOPS_TITLES = [q.title for q in load_mlops().questions]


@pytest.mark.parametrize("title", TRICKY_TITLES + MLOPS_TITLES)
def test_plain_titles_escape_exactly_as_markdown_renders_them(title: str) -> None:
    if is_plain(title):
        assert html.escape(title, quote=False) == full_render(title)


def test_most_titles_take_the_plain_path() -> None:
    assert sum(map(is_plain, MLOPS_TITLES)) > len(MLOPS_TITLES) // 2
    assert not any(map(is_plain, ["1. Start", "Use `code`?", "A & B", "Why 2 > 1?", "x_y"]))


@given(st.text(alphabet=st.sampled_from("aZé9 ,;:?'\"/()%@.-=x1’“”–"), min_size=1, max_size=30))
def test_any_plain_title_escapes_as_markdown_renders_it(title: str) -> None:
    if is_plain(title):
        assert html.escape(title, quote=False) == full_render(title)


def test_an_edit_around_a_code_block_highlights_nothing_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QADECK_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "doc.md"
    code = "```python\ndef f(x):\n    return x * 2\n```"
    source.write_text(f"# T\n## Q?\nBefore.\n\n{code}\n\nAfter.\n", encoding="utf-8")
    build([source], tmp_path / "first.apkg", now=NOW)
    source.write_text(f"# T\n## Q?\nBefore, edited.\n\n{code}\n\nAfter.\n", encoding="utf-8")
    build([source], tmp_path / "plain.apkg", now=NOW, use_cache=False)

    def no_highlighting(code: str, language: str | None) -> str:
        raise AssertionError(f"highlighted again: {code!r}")

    monkeypatch.setattr(memo_module, "highlight", no_highlighting)
    build([source], tmp_path / "cached.apkg", now=NOW)
    assert (tmp_path / "cached.apkg").read_bytes() == (tmp_path / "plain.apkg").read_bytes()
