"""A deck's own style: a CSS file named by deck.toml or front matter, in its own note types."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from qadeck.cli.report import retype_lines
from qadeck.deck.model import Kind
from qadeck.diagnostics import Diagnostics, QadeckError
from qadeck.package.kinds import deck_model_id, shared_note_types

from conftest import Anki, build, load_deck

Write = Callable[..., Path]
NOW = 1_767_225_600
STYLE = ".qd-question { color: #7a1f5c; }\n"


def errors(raised: pytest.ExceptionInfo[QadeckError]) -> list[str]:
    return [str(d) for d in raised.value.diagnostics]


def test_a_stylesheet_in_deck_toml_styles_the_decks_cards(
    tmp_path: Path, write: Write, anki: Anki
) -> None:
    write("src/deck.toml", 'name = "Go"\ncss = "look/style.css"\n')
    write("src/look/style.css", STYLE)
    write("src/a.md", "# Basics\n## What does `make` return?\nAn initialised slice.\n")
    anki.import_package(build([tmp_path / "src"], tmp_path / "go.apkg", now=NOW).output)
    (note,) = anki.notes()
    model = note.note_type()
    deck = load_deck([tmp_path / "src"], Diagnostics())
    assert model["id"] == deck_model_id(Kind.BASIC, deck.identity)
    assert model["name"] == "qadeck Q&A · Go"
    assert model["css"].startswith(shared_note_types()[Kind.BASIC].css)
    assert model["css"].endswith(STYLE)
    (card,) = note.cards()
    assert STYLE in card.question() and STYLE in card.answer()
    # The shared note types, which every other deck uses, are untouched.
    assert not [m for m in anki.col.models.all_names_and_ids() if m.name == "qadeck Q&A"]


def test_front_matter_names_a_stylesheet_too(tmp_path: Path, write: Write, anki: Anki) -> None:
    write("style.css", STYLE)
    source = write("doc.md", "---\ncss: style.css\n---\n# Doc\n## Q\nThe {{c1::answer}}.\n")
    anki.import_package(build([source], tmp_path / "doc.apkg", now=NOW).output)
    (note,) = anki.notes()
    assert note.note_type()["name"] == "qadeck Cloze · Doc"
    assert note.cards()[0].question().split("</style>")[0].endswith(STYLE)


def test_decks_with_styles_of_their_own_keep_them_in_one_collection(
    tmp_path: Path, write: Write, anki: Anki
) -> None:
    for name, colour in (("red", "#a00"), ("blue", "#00a")):
        write(f"{name}/deck.toml", f'name = "{name}"\ncss = "s.css"\n')
        write(f"{name}/s.css", f".card {{ color: {colour}; }}\n")
        write(f"{name}/a.md", f"## The {name} question\nAn answer.\n")
        anki.import_package(build([tmp_path / name], tmp_path / f"{name}.apkg", now=NOW).output)
    write("plain/a.md", "## A plain question\nAn answer.\n")
    anki.import_package(build([tmp_path / "plain"], tmp_path / "plain.apkg", now=NOW).output)
    css = {note["Question"]: note.note_type()["css"] for note in anki.notes()}
    assert css["The red question"].endswith(".card { color: #a00; }\n")
    assert css["The blue question"].endswith(".card { color: #00a; }\n")
    assert css["A plain question"] == shared_note_types()[Kind.BASIC].css


def test_a_missing_stylesheet_is_an_error_naming_its_line(tmp_path: Path, write: Write) -> None:
    write("src/deck.toml", 'name = "Go"\n\ncss = "style.css"\n')
    write("src/a.md", "---\ntitle: A\ncss: other.css\n---\n## Q\nA.\n")
    output = tmp_path / "go.apkg"
    with pytest.raises(QadeckError) as raised:
        build([tmp_path / "src"], output, now=NOW)
    assert errors(raised) == [
        f"{tmp_path}/src/deck.toml:3: error: stylesheet not found: style.css",
        f"{tmp_path}/src/a.md:3:1: error: stylesheet not found: other.css",
    ]
    assert not output.exists()


BAD = {
    "outside": (
        "../out.css",
        {"out.css": STYLE},
        "src/deck.toml:1: error: stylesheet is outside the source folder: ../out.css",
    ),
    "absolute": (
        "/etc/passwd",
        {},
        "src/deck.toml:1: error: stylesheet path must be relative to the file: /etc/passwd",
    ),
    "style end": (
        "s.css",
        {"src/s.css": "a{}\n</STYLE><script>alert(1)</script>"},
        "src/s.css:2: error: a stylesheet may not hold </style: it would end the card's style "
        "and let HTML into every card",
    ),
    "not UTF-8": (
        "s.css",
        {"src/s.css": "a{}\n\xff"},
        "src/s.css:2:1: error: not valid UTF-8: byte 0xff at offset 4",
    ),
}


@pytest.mark.parametrize(("name", "files", "message"), BAD.values(), ids=BAD)
def test_a_bad_stylesheet_is_refused(
    tmp_path: Path, write: Write, name: str, files: dict[str, str], message: str
) -> None:
    write("src/deck.toml", f'css = "{name}"\n')
    write("src/a.md", "## Q\nA.\n")
    for path, text in files.items():
        if "\xff" in text:
            (tmp_path / path).write_bytes(text.encode("latin-1"))
        else:
            write(path, text)
    with pytest.raises(QadeckError) as raised:
        build([tmp_path / "src"], tmp_path / "o.apkg", now=NOW)
    assert errors(raised) == [f"{tmp_path}/{message}"]


def test_an_edited_stylesheet_updates_the_note_type_in_place(
    tmp_path: Path, write: Write, anki: Anki
) -> None:
    write("src/deck.toml", 'name = "Go"\ncss = "style.css"\n')
    sheet = write("src/style.css", STYLE)
    write("src/a.md", "## What is a goroutine?\nA function running concurrently.\n")
    output = tmp_path / "go.apkg"
    anki.import_package(build([tmp_path / "src"], output, now=NOW).output)
    sheet.write_text(".qd-question { color: #1f5c7a; }\n", encoding="utf-8")
    log = anki.import_package(build([tmp_path / "src"], output, now=NOW + 60).output)
    assert (len(log.new), len(log.updated), len(log.conflicting)) == (0, 0, 0)
    (note,) = anki.notes()
    assert note.note_type()["css"].endswith(".qd-question { color: #1f5c7a; }\n")
    assert len([m for m in anki.col.models.all_names_and_ids() if m.name.startswith("qadeck")]) == 1


def test_adding_a_style_to_a_deck_is_reported_once_for_all_its_notes(
    tmp_path: Path, write: Write
) -> None:
    write("src/deck.toml", 'name = "Go"\n')
    write("src/style.css", STYLE)
    write("src/a.md", "".join(f"## Question {n}?\nAnswer {n}.\n" for n in range(5)))
    output = tmp_path / "go.apkg"
    build([tmp_path / "src"], output, now=NOW)
    write("src/deck.toml", 'name = "Go"\ncss = "style.css"\n')
    report = build([tmp_path / "src"], output, now=NOW + 60)
    assert len(report.changes.retyped) == 5
    (line,) = retype_lines(report.changes.retyped)
    assert line.startswith(
        'note type changed: 5 notes ("Question 0?", "Question 1?", "Question 2?", …) are now '
        '"qadeck Q&A · Go" notes, were "qadeck Q&A"; Anki cannot change'
    )
