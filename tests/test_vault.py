"""An Obsidian vault as a source (fixtures/vault): every piece of Obsidian's Markdown, the
cards of its flashcard plugins, audio, and what is left out, card by card; then the package
and a sync, checked with the real Anki backend."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from anki.collection import Collection

from qadeck.commands.prepare import Prepared, ReadOptions, prepare
from qadeck.commands.sync import SyncTarget
from qadeck.deck.model import Kind
from qadeck.diagnostics import Diagnostics
from qadeck.sources.files import EVERY_FILE, Selection

from conftest import Anki, build
from synced import sync_into

VAULT = Path(__file__).parent / "fixtures" / "vault"
NOW = 1_767_225_600
WHISTLE = "whistle-0cd971e14cc1.mp3"


def read(selection: Selection = EVERY_FILE, path: Path = VAULT) -> tuple[Prepared, list[str]]:
    diagnostics = Diagnostics()
    prepared = prepare(ReadOptions([path], use_cache=False, selection=selection), diagnostics)
    return prepared, [str(found).replace(str(path), "vault") for found in diagnostics.items]


@pytest.fixture(scope="module")
def vault() -> tuple[Prepared, list[str]]:
    return read()


@pytest.fixture(scope="module")
def cards(vault: tuple[Prepared, list[str]]) -> dict[str, Any]:
    return {note.fields[0]: note for note in vault[0].rendered.notes}


def test_every_note_lands_in_its_folders_deck_titled_as_obsidian_shows_it(
    cards: dict[str, Any],
) -> None:
    decks = {title: note.deck for title, note in cards.items()}
    assert decks["What is a layer?"] == "Vault::Docker::Docker"  # `# Docker` titles it
    assert decks["What is an image?"] == "Vault::Docker::Images"  # untitled: its file name
    assert decks["Untitled prose"] == "Vault::Docker"  # no heading at all: one question
    assert decks["Which picture from here?"] == "Vault::Other"
    assert "Index" not in cards  # only links and tags: no question
    for never in ("Deleted question", "{{title}}", "Draft question", "A heading in a comment"):
        assert never not in cards  # .trash/, the templates folder, deck.toml's exclude, %%


def test_obsidian_markdown_becomes_card_html(cards: dict[str, Any]) -> None:
    assert cards["What is a layer?"].fields[1] == (
        "<p>One filesystem change, see the images note and Images &gt; Layers. "
        "<mark>Layers are cached.</mark></p>"
    )
    assert cards["How do CMD and ENTRYPOINT differ?"].fields[1] == (
        '<blockquote class="callout callout-tip">\n'
        '<p class="callout-title"><strong>Remember</strong></p>\n'
        "<p><code>ENTRYPOINT</code> always runs; <code>CMD</code> gives its default arguments."
        "</p>\n</blockquote>\n"
        '<blockquote class="callout callout-warning">\n<details class="callout-fold">\n'
        "<summary><strong>Shell form</strong></summary>\n"
        "<p>The shell form ignores signals.</p>\n</details>\n</blockquote>"
    )
    assert cards["What does a build diagram look like?"].fields[1] == (
        '<p><img src="diagram-f10ef4fe488b.png" alt="diagram.png"></p>\n'
        '<p><img src="diagram-f10ef4fe488b.png" alt="diagram.png" width="120"></p>\n'
        '<p><img src="diagram-a441594e4618.png" alt="assets/diagram.png"></p>'
    )
    assert cards["What does the whistle sound like?"].fields[1] == (
        f"<p>[sound:{WHISTLE}] and [sound:whistle-1359b62d17f3.ogg] and "
        "[sound:whistle-1c8b1a952017.wav]</p>"
    )
    assert cards["What is the missing sound?"].fields[1] == (
        '<p><span class="missing-image">[sound: gone.mp3]</span></p>'
    )


def test_tags_of_the_text_are_anki_tags(cards: dict[str, Any]) -> None:
    assert cards["What is a layer?"].tags == (
        "Vault::Docker::Docker", "devops", "devops::containers",
    )  # fmt: skip
    assert "review" in cards["Layers"].tags  # anywhere in the note, as Obsidian reads it
    assert "#devops" not in cards["What is a layer?"].fields[1]


def test_embedded_notes_and_their_cycles(vault: tuple[Prepared, list[str]]) -> None:
    cards = {note.fields[0]: note for note in vault[0].rendered.notes}
    assert cards["What does the shared note say?"].fields[1] == (
        "<p>The shared text, embedded once.</p>\n<h2>Second part</h2>\n"
        "<p>The <mark>second</mark> part.</p>"
    )
    assert cards["What is its second part?"].fields[1] == (
        "<h2>Second part</h2>\n<p>The <mark>second</mark> part.</p>"
    )
    assert cards["What does the loop say?"].fields[1] == "<p>Loop A text.</p>\n<p>Loop B text.</p>"
    assert (
        "vault/Notes/Embedder.md:8:1: warning: ![[Loop A]] would show Loop A inside itself "
        "(a cycle): left out there"
    ) in vault[1]


def test_names_found_as_obsidian_finds_them(vault: tuple[Prepared, list[str]]) -> None:
    cards = {note.fields[0]: note for note in vault[0].rendered.notes}
    same = '<img src="same-25edbd28224c.png"'  # Notes/same.png, nearest the root, then first
    assert same in cards["Which picture?"].fields[1]
    assert same in cards["Which picture from here?"].fields[1]
    assert vault[1][0] == (
        "vault/Ambiguous.md:2:1: warning: ![[same.png]] names more than one file: "
        "using Notes/same.png (also Other/same.png)"
    )
    assert (
        "vault/Docker/Docker.md:33:1: warning: sound not found: gone.mp3; "
        "the card shows its alt text and path instead"
    ) in vault[1]


def test_spaced_repetition_cards(cards: dict[str, Any]) -> None:
    deck = "Vault::spanish::Spanish::Words"  # the #flashcards/spanish tag, then the headings
    assert (cards["Hola"].deck, cards["Hola"].kind, cards["Hola"].fields[1]) == (
        deck, Kind.BASIC, "<p>Hello</p>",
    )  # fmt: skip
    assert cards["Gracias"].kind is Kind.REVERSED
    assert cards["What does <em>ser</em> mean?"].fields[1] == "<p>To be, for what lasts.</p>"
    assert cards["What does <em>estar</em> mean?"].kind is Kind.REVERSED
    assert "SR:" not in cards["Gracias"].fields[1]
    # {{x}} is a deletion; ==x== only where cloze-highlights says so
    assert cards["Words"].fields[1] == (
        "<p>The capital of Spain is {{c1::Madrid}}, of Portugal <mark>Lisbon</mark>.</p>"
    )
    assert cards["Highlights"].kind is Kind.CLOZE
    assert cards["Highlights"].fields[1] == (
        "<p>Spain's capital is {{c1::Madrid}} and Portugal's is {{c2::Lisbon}}.</p>"
    )


def test_obsidian_to_anki_notes(cards: dict[str, Any]) -> None:
    add = cards["What does <code>git add</code> do?"]
    assert (add.deck, add.fields[1]) == (
        "Vault::Tools::Git", "<p>It stages changes for the next commit.</p>",
    )  # fmt: skip
    assert "git" in add.tags
    assert cards["Commit"].kind is Kind.REVERSED
    assert cards["What is HEAD?"].fields[1] == "<p>The commit checked out.</p>"
    assert cards["What is a remote?"].fields[1] == "<p>Another copy of the repository.</p>"
    assert not any("ID:" in "".join(note.fields) for note in cards.values())


def test_identity_follows_the_question_whatever_the_tool(tmp_path: Path) -> None:
    # The same question written for another tool keeps its note.
    first = tmp_path / "a"
    (first / ".obsidian").mkdir(parents=True)
    (first / "deck.toml").write_text('id = "words"\n', encoding="utf-8")
    note = first / "Words.md"
    note.write_text("#flashcards\nHola::Hello\n", encoding="utf-8")
    before = read(path=first)[0].rendered.notes
    note.write_text("START\nBasic\nHola\nBack: Hello\nEND\n", encoding="utf-8")
    after = read(path=first)[0].rendered.notes
    assert [n.guid for n in before] == [n.guid for n in after]


def test_exclude_and_tag_choose_the_notes() -> None:
    prepared, _ = read(Selection(exclude=("Docker", "Notes/Loop*")))
    decks = {note.deck for note in prepared.rendered.notes}
    assert not any(deck.startswith("Vault::Docker") for deck in decks)
    assert "Loop A" not in {note.fields[0] for note in prepared.rendered.notes}
    tagged, _ = read(Selection(tags=("devops",)))
    assert {note.deck for note in tagged.rendered.notes} == {"Vault::Docker::Docker"}
    assert len(tagged.rendered.notes) == 5  # devops::containers counts as devops


def test_media_are_in_the_package(tmp_path: Path, anki: Anki) -> None:
    report = build([VAULT], tmp_path / "vault.apkg", now=NOW, use_cache=False)
    anki.import_package(report.output)
    media = Path(anki.col.media.dir())
    for name in (WHISTLE, "whistle-1359b62d17f3.ogg", "diagram-f10ef4fe488b.png"):
        assert (media / name).is_file(), name
    backs = [" ".join(note.fields) for note in anki.notes()]
    assert any(f"[sound:{WHISTLE}]" in back for back in backs)


def test_sync_lands_sounds_in_the_collection(tmp_path: Path) -> None:
    path = tmp_path / "profile" / "collection.anki2"
    path.parent.mkdir()
    Collection(str(path)).close()
    vault = tmp_path / "vault"
    shutil.copytree(VAULT, vault)
    sync_into([vault], SyncTarget(path), now=NOW, use_cache=False)
    col = Collection(str(path))
    try:
        backs = [" ".join(col.get_note(nid).fields) for nid in col.find_notes("")]
        assert any(f"[sound:{WHISTLE}]" in back for back in backs)
        assert (Path(col.media.dir()) / WHISTLE).read_bytes() == b"fake mp3 audio"
    finally:
        col.close()
