"""The Source field: `file#key` for Anki's browser, a link on the card when deck.toml names
where the sources are published."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qadeck.render.source import heading_ids

from conftest import Anki, build

Write = Callable[..., Path]
NOW = 1_767_225_600

DOCUMENT = """\
# Docker
## What’s the CMD?
Defaults.
# Tips
## Summary
One.
## Summary again {#summary-2}
Two.
"""


def sources(anki: Anki) -> dict[str, str]:
    return {note["Question"]: note["Source"] for note in anki.notes()}


def test_without_a_source_url_the_field_is_the_bare_file_and_key(
    write: Write, tmp_path: Path, anki: Anki
) -> None:
    write("notes/deck.toml", 'name = "N"\n')
    folder = write("notes/sub/a.md", DOCUMENT).parent.parent
    anki.import_package(build([folder], tmp_path / "n.apkg", now=NOW).output)
    assert sources(anki)["What’s the CMD?"] == "sub/a.md#what-s-the-cmd"


def test_with_a_source_url_the_field_links_to_the_heading_on_github(
    write: Write, tmp_path: Path, anki: Anki
) -> None:
    write("notes/deck.toml", 'name = "N"\nsource-url = "https://github.com/o/r/blob/main/notes/"\n')
    folder = write("notes/sub/a.md", DOCUMENT).parent.parent
    anki.import_package(build([folder], tmp_path / "n.apkg", now=NOW).output)
    base = "https://github.com/o/r/blob/main/notes/sub/a.md"
    assert sources(anki) == {
        # GitHub drops the apostrophe where the key makes it a hyphen; the text stays the key.
        "What’s the CMD?": f'<a href="{base}#whats-the-cmd">sub/a.md#what-s-the-cmd</a>',
        "Summary": f'<a href="{base}#summary">sub/a.md#summary</a>',
        # GitHub shows `{#key}` as text, so it is part of the heading's id there.
        "Summary again": f'<a href="{base}#summary-again-summary-2">sub/a.md#summary-2</a>',
    }


def test_heading_ids_number_repeats_as_github_does() -> None:
    text = "# A\n## Q\n```\n## not a heading\n```\n# B\n## Q\n## Q {#x}\n"
    assert heading_ids(text) == {1: "a", 2: "q", 6: "b", 7: "q-1", 8: "q-x"}
