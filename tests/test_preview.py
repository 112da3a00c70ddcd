"""The preview page: the note type's templates filled as Anki fills them, one page, no network."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from qadeck.cli.main import cli
from qadeck.commands.preview import card_sides, render_template
from qadeck.package.notetype import note_type
from qadeck.render.media import media_name

from conftest import ANSWERS, Anki

Write = Callable[..., Path]


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    return CliRunner()


TEMPLATES = {
    "field": ("<b>{{A}}</b>", {"A": "x"}, "<b>x</b>"),
    "section shown": ("{{#A}}[{{A}}]{{/A}}", {"A": "x"}, "[x]"),
    "section hidden when empty": ("{{#A}}[{{A}}]{{/A}}", {"A": " "}, ""),
    "inverted section": ("{{^A}}none{{/A}}", {"A": ""}, "none"),
    "nested sections": ("{{#A}}{{#B}}{{B}}{{/B}}{{/A}}", {"A": "a", "B": "b"}, "b"),
}


@pytest.mark.parametrize(("template", "fields", "expected"), TEMPLATES.values(), ids=TEMPLATES)
def test_template_subset(template: str, fields: dict[str, str], expected: str) -> None:
    assert render_template(template, fields) == expected


def test_card_sides_match_what_anki_renders(tmp_path: Path, write: Write, anki: Anki) -> None:
    from conftest import build

    write("doc.md", "# Doc\n## S\n### Q $x$?\nA `c`.\n\n<!-- more -->\nMore.\n")
    anki.import_package(build([tmp_path / "doc.md"], tmp_path / "o.apkg", now=1).output)
    (note,) = anki.notes()
    (card,) = note.cards()
    front, back = card_sides(note_type(), [note[name] for name in note_type().fields])
    style = f"<style>{note_type().css}</style>"
    assert card.question() == style + front
    assert card.answer() == style + back


def test_preview_command_writes_one_self_contained_page(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["preview", str(ANSWERS), "-o", "page.html"])
    assert (result.exit_code, result.stdout) == (0, "34 cards -> page.html\n")
    page = Path("page.html").read_text(encoding="utf-8")
    assert page.count('<article class="qd-note">') == 34
    assert page.count('<section class="qd-subdeck">') == 4
    assert page.count('<hr id="answer">') == 34
    assert '<button id="qd-theme"' in page
    # Nothing is fetched: no external stylesheet, script, font or image.
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)
    assert "@import" not in page and "<link" not in page


def test_preview_default_output_and_embedded_images(runner: CliRunner, write: Write) -> None:
    write("notes/doc.md", "# T\n## Q\n![p](p.png)\n")
    Path("notes/p.png").write_bytes(b"\x89PNG")
    result = runner.invoke(cli, ["preview", "notes/doc.md"])
    assert (result.exit_code, result.stdout) == (0, "1 card -> dist/doc-preview.html\n")
    page = Path("dist/doc-preview.html").read_text(encoding="utf-8")
    name = media_name("p.png", b"\x89PNG")
    assert f'"{name}": "data:image/png;base64,iVBORw=="' in page


def test_preview_errors_like_build(runner: CliRunner, write: Write) -> None:
    write("doc.md", "## Q\n![p](missing.png)\n")
    result = runner.invoke(cli, ["preview", "doc.md", "-o", "page.html", "--strict"])
    assert (result.exit_code, result.stderr) == (
        1,
        "doc.md:2:1: error: image not found: missing.png; the card shows its alt text and path "
        "instead\n",
    )
    assert not Path("page.html").exists()


def test_preview_takes_the_style_and_quiet_options_of_build(
    runner: CliRunner, write: Write
) -> None:
    write(
        "doc.md",
        "# Quiz\n## Basics\n### Q1. What is X?\nX.\n### Q2. What is Y?\nY.\n### Q3. Why?\nZ.\n",
    )
    result = runner.invoke(cli, ["preview", "doc.md", "-o", "page.html", "--style", "outline"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "3 cards -> page.html\n"
    assert "Q1. What is X?" in Path("page.html").read_text(encoding="utf-8")
    result = runner.invoke(cli, ["preview", "doc.md", "-o", "page.html", "--quiet"])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    page = Path("page.html").read_text(encoding="utf-8")
    assert "Q1. What is X?" not in page and "What is X?" in page
