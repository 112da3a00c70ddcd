"""`qadeck sync` as a user meets it: exact lines, refusals that leave the collection untouched."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from anki.collection import Collection
from click.testing import CliRunner, Result

from qadeck.cli.main import cli
from qadeck.sync.collection import CollectionBackend

from ankiconnect_server import serve
from conftest import Anki
from synced import (
    EXPECTED_DECKS,
    FIRST,
    FIRST_EDITED,
    SECOND_EDITED,
    Studied,
    collection_state,
    make_studied,
    review_history,
)


@pytest.fixture
def studied(tmp_path: Path, anki: Anki) -> Iterator[Studied]:
    """A studied collection, closed so that the command can open the file."""
    result = make_studied(tmp_path, anki, "collection")
    anki.close()
    yield result
    if anki.col.db is None:  # open again for the fixture that closes it
        reopen(result)


def run(studied: Studied, *arguments: str) -> Result:
    return CliRunner().invoke(
        cli, ["sync", str(studied.src), "--collection", str(studied.path), *arguments]
    )


def reopen(studied: Studied) -> Collection:
    studied.anki.col = Collection(str(studied.path))
    return studied.anki.col


def test_the_lines_a_sync_prints(studied: Studied) -> None:
    studied.write("a.md", FIRST_EDITED)
    studied.write("b.md", SECOND_EDITED)
    target = studied.path

    result = run(studied, "--dry-run", "--delete")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        'new: "What is a tag?" in "Docker::Basics"',
        'updated: "What is a container?" (Docker::Basics)',
        'updated: "What is a registry?" (Docker::Storage)',
        'updated: "What is a network?" (Docker::Storage)',
        'updated: "What is a layer?" (Docker::Storage)',
        'renamed: "Docker::Operations" is now "Docker::Storage" (2 questions)',
        'moved: "What is a layer?" from "Docker::Basics" to "Docker::Storage"',
        'to delete: "What is a volume?" (Docker::Operations)',
        "6 notes: 1 new, 3 updated, 1 moved, 1 unchanged; 1 renamed, 1 to delete "
        f"-> {target} (dry run: nothing written)",
    ]
    result = run(studied)
    assert result.stdout.splitlines() == [
        'new: "What is a tag?" in "Docker::Basics"',
        'updated: "What is a container?" (Docker::Basics)',
        'updated: "What is a registry?" (Docker::Storage)',
        'updated: "What is a network?" (Docker::Storage)',
        'updated: "What is a layer?" (Docker::Storage)',
        'renamed: "Docker::Operations" is now "Docker::Storage" (2 questions)',
        'moved: "What is a layer?" from "Docker::Basics" to "Docker::Storage"',
        'removed: "What is a volume?" (Docker::Operations) is gone from the sources; '
        "Anki keeps the note (--delete deletes it)",
        f"6 notes: 1 new, 3 updated, 1 moved, 1 unchanged; 1 renamed, 1 removed -> {target}",
    ]
    result = run(studied, "--delete")
    assert result.stdout.splitlines() == [
        'deleted: "What is a volume?" (Docker::Operations)',
        'removed empty deck: "Docker::Operations"',
        f"6 notes: 6 unchanged; 1 deleted -> {target}",
    ]
    assert run(studied, "-q").stdout == ""


def test_a_kept_edit_is_said(studied: Studied) -> None:
    assert run(studied).exit_code == 0
    col = reopen(studied)
    (note,) = [col.get_note(n) for n in col.find_notes('"Question:What is a layer?"')]
    note["Answer"] = "<p>Mine.</p>"
    col.update_note(note)
    studied.anki.close()
    result = run(studied, "-q")
    assert result.stdout == (
        'kept: "What is a layer?" (Docker::Basics) was edited in Anki since the last sync; '
        "the files' version is not applied (--overwrite-edits applies it)\n"
    )


def test_a_collection_open_elsewhere_is_refused_and_untouched(studied: Studied) -> None:
    studied.write("a.md", FIRST_EDITED)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from anki.collection import Collection; "
            "c = Collection(sys.argv[1]); print('open', flush=True); sys.stdin.read()",
            str(studied.path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        before = studied.path.read_bytes()
        result = run(studied)
        assert result.exit_code == 1
        assert result.stderr == (
            f"{studied.path}: error: the collection is open in Anki (or its media are "
            "syncing); close Anki and try again, or leave out --collection to sync through "
            "AnkiConnect\n"
        )
        assert studied.path.read_bytes() == before
    finally:
        holder.communicate("")


def test_bad_input_is_refused_before_anything_is_written(studied: Studied) -> None:
    studied.write("a.md", FIRST + "## Again {#image}\nA duplicate key.\n")
    before = studied.path.read_bytes()
    result = run(studied, "--delete")
    assert result.exit_code == 1
    a = studied.src / "a.md"
    assert result.stderr == f"{a}:8:1: error: duplicate key {{#image}}: also used by {a}:4\n"
    assert studied.path.read_bytes() == before
    col = reopen(studied)
    with serve(col) as (url, actions):
        result = CliRunner().invoke(cli, ["sync", str(studied.src), "--url", url])
        assert result.exit_code == 1 and actions.calls == []


def test_what_is_not_a_collection_is_refused_and_untouched(tmp_path: Path) -> None:
    src = tmp_path / "notes.md"
    src.write_text("## Q\nA\n", encoding="utf-8")
    runner = CliRunner()
    for name, data in [("empty.anki2", b""), ("text.anki2", b"hello")]:
        path = tmp_path / name
        path.write_bytes(data)
        result = runner.invoke(cli, ["sync", str(src), "--collection", str(path)])
        assert (result.exit_code, result.stderr) == (
            1,
            f"{path}: error: is not an Anki collection\n",
        )
        assert path.read_bytes() == data
    missing = tmp_path / "none.anki2"
    result = runner.invoke(cli, ["sync", str(src), "--collection", str(missing)])
    assert result.stderr == f"{missing}: error: no such collection file\n"
    assert not missing.exists()


def test_without_the_anki_library_one_line_says_how_to_install(
    studied: Studied, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "anki.collection", None)
    result = run(studied)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{studied.path}: error: opening a collection needs the anki library: "
        "pip install 'qadeck[anki]'\n"
    )


def test_a_refused_connection_is_one_line(tmp_path: Path) -> None:
    src = tmp_path / "notes.md"
    src.write_text("## Q\nA\n", encoding="utf-8")
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    result = CliRunner().invoke(cli, ["sync", str(src)], env={"ANKICONNECT_URL": url})
    assert result.exit_code == 1
    assert result.stderr == (
        f"{url}: error: cannot connect (connection refused); start Anki with the AnkiConnect "
        "add-on, or sync a collection file with --collection\n"
    )


@pytest.mark.parametrize("command", ["sync", "pull"])
@pytest.mark.parametrize(
    "url", ["ftp://127.0.0.1:8765", "http://", "http://a host", "http://h:99999", "h:port"]
)
def test_a_url_that_is_not_http_is_a_usage_error(tmp_path: Path, command: str, url: str) -> None:
    src = tmp_path / "notes.md"
    src.write_text("## Q\nA\n", encoding="utf-8")
    for arguments, env, where in [
        (["--url", url], {}, ""),
        ([], {"ANKICONNECT_URL": url}, " (from ANKICONNECT_URL)"),
    ]:
        result = CliRunner().invoke(cli, [command, str(src), *arguments], env=env)
        assert result.exit_code == 2
        assert result.stderr.splitlines()[-1] == (
            f"Error: Invalid value for '--url': {url!r}{where} is not an http(s) URL; give one "
            "like http://127.0.0.1:8765"
        )


def test_a_url_without_a_scheme_is_http(studied: Studied) -> None:
    studied.write("a.md", FIRST_EDITED)
    col = reopen(studied)
    with serve(col) as (url, _):
        bare = url.removeprefix("http://")
        result = CliRunner().invoke(cli, ["sync", str(studied.src), "--url", bare])
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines()[-1].endswith(f"-> {url}")
        result = CliRunner().invoke(cli, ["sync", str(studied.src)], env={"ANKICONNECT_URL": bare})
        assert result.stdout.splitlines()[-1] == f"6 notes: 6 unchanged; 1 removed -> {url}"


def test_collection_and_url_together_are_a_usage_error(studied: Studied) -> None:
    result = run(studied, "--url", "http://127.0.0.1:1")
    assert result.exit_code == 2
    assert "--collection and --url name two different targets" in result.stderr


def test_an_interrupted_sync_is_completed_by_the_next(
    studied: Studied, monkeypatch: pytest.MonkeyPatch
) -> None:
    studied.write("a.md", FIRST_EDITED)
    studied.write("b.md", SECOND_EDITED)

    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(CollectionBackend, "move_cards", interrupt)
    result = run(studied, "--delete")
    assert result.exit_code == 130
    assert result.stderr == "qadeck: interrupted; sync again to finish what this one began\n"
    monkeypatch.undo()
    col = reopen(studied)
    assert "What is a tag?" in {n["Question"] for n in studied.anki.notes()}  # imported
    studied.anki.close()

    result = run(studied, "--delete")
    assert result.exit_code == 0, result.output
    reopen(studied)
    assert studied.decks_of_notes() == EXPECTED_DECKS
    assert studied.anki.deck_names() == {"Docker", "Docker::Basics", "Docker::Storage"}
    studied.anki.close()
    result = run(studied, "--delete")
    assert result.stdout.endswith(f"6 notes: 6 unchanged -> {studied.path}\n")
    col = reopen(studied)
    assert len(review_history(col)) == 5 and collection_state(col)


def test_a_file_or_sub_folder_of_a_folder_deck_is_refused(studied: Studied) -> None:
    (studied.src / "sub").mkdir()
    studied.write("sub/c.md", "# Pods\n## What is a pod?\nA group of containers.\n")
    before = studied.path.read_bytes()
    for part in (studied.src / "a.md", studied.src / "sub"):
        result = CliRunner().invoke(cli, ["sync", str(part), "--collection", str(studied.path)])
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr == (
            f"{part}: error: is part of the deck in {studied.src} (it has deck.toml); sync the "
            f"whole deck: qadeck sync {studied.src}\n"
        )
    assert studied.path.read_bytes() == before
    result = run(studied)
    assert result.stdout.endswith(f"7 notes: 1 new, 6 unchanged -> {studied.path}\n")
    col = reopen(studied)
    empty = [d.name for d in col.decks.all_names_and_ids() if not col.decks.card_count(d.id, True)]
    assert empty == ["Default"]
