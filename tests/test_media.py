"""Local images: packaged under names Anki keeps; refused with `path:line` if unsafe or missing."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from qadeck.cli.main import cli
from qadeck.render.media import media_name

from conftest import Anki, build

Write = Callable[..., Path]
NOW = 1_767_225_600
# Anki drops these from media names, and a `/` or `..` fails the whole import.
ANKI_DROPS = set('\\[]<>:"?*^|/')


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def packaged_media(apkg: Path) -> dict[str, bytes]:
    """Name -> bytes of every media file in a package."""
    with zipfile.ZipFile(apkg) as package:
        index = json.loads(package.read("media"))
        return {name: package.read(number) for number, name in index.items()}


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    return CliRunner()


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file read through Path.read_bytes during the test, resolved."""
    seen: list[Path] = []
    original = Path.read_bytes

    def recording(self: Path) -> bytes:
        seen.append(self.resolve())
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", recording)
    return seen


def test_same_basename_in_two_folders_both_survive_the_import(
    tmp_path: Path, write: Write, anki: Anki
) -> None:
    write("notes/one/doc.md", "# One\n## First plot\n![plot](img/a.png)\n")
    write("notes/two/doc.md", '# Two\n## Second plot\n\nSee ![plot](img/a.png "t").\n')
    write_bytes(tmp_path / "notes/one/img/a.png", b"\x89PNG one")
    write_bytes(tmp_path / "notes/two/img/a.png", b"\x89PNG two")

    report = build([tmp_path / "notes"], tmp_path / "deck.apkg", now=NOW)
    media = packaged_media(report.output)
    one, two = media_name("a.png", b"\x89PNG one"), media_name("a.png", b"\x89PNG two")
    assert media == {one: b"\x89PNG one", two: b"\x89PNG two"}
    assert list(media) == sorted(media), "media are packaged in a stable order"
    for name in media:
        assert re.fullmatch(r"a-[0-9a-f]{12}\.png", name) and not ANKI_DROPS & set(name)

    anki.import_package(report.output)
    answers = {note["Question"]: note["Answer"] for note in anki.notes()}
    assert answers == {
        "First plot": f'<p><img alt="plot" src="{one}"></p>',
        "Second plot": f'<p>See <img alt="plot" src="{two}" title="t">.</p>',
    }
    check = anki.col.media.check()
    assert (list(check.missing), list(check.unused)) == ([], [])
    media_folder = Path(anki.col.media.dir())
    assert (media_folder / one).read_bytes() == b"\x89PNG one"
    assert (media_folder / two).read_bytes() == b"\x89PNG two"
    (media_folder / one).unlink()  # the check does look: a lost file is reported
    assert list(anki.col.media.check().missing) == [one]


def test_images_make_builds_byte_identical(tmp_path: Path, write: Write) -> None:
    write("notes/doc.md", "## Q\n![b](b.png) ![a](a.png) ![b again](./b.png)\n")
    (tmp_path / "notes/a.png").write_bytes(b"A")
    (tmp_path / "notes/b.png").write_bytes(b"B")
    first = build([tmp_path / "notes"], tmp_path / "1.apkg", now=NOW).output.read_bytes()
    second = build([tmp_path / "notes"], tmp_path / "2.apkg", now=NOW).output.read_bytes()
    assert first == second
    assert len(packaged_media(tmp_path / "1.apkg")) == 2


def test_remote_images_stay_remote(tmp_path: Path, write: Write, anki: Anki) -> None:
    write("doc.md", "## Q\n![r](https://example.com/r.png)\n")
    report = build([tmp_path / "doc.md"], tmp_path / "o.apkg", now=NOW)
    assert packaged_media(report.output) == {}
    anki.import_package(report.output)
    (note,) = anki.notes()
    assert note["Answer"] == '<p><img alt="r" src="https://example.com/r.png"></p>'


def test_media_names_are_safe_for_anki() -> None:
    assert media_name("My Plot (v2).PNG", b"x") == "my-plot-v2-2d711642b726.png"
    assert media_name("con.png", b"x") == "con-2d711642b726.png"
    assert media_name("Größe:*?.jpeg", b"x") == "grosse-2d711642b726.jpeg"
    assert media_name("..", b"x") == "image-2d711642b726"


MISSING = "the card shows its alt text and path instead"


def test_missing_images_are_warnings_and_errors_only_when_strict(
    runner: CliRunner, write: Write, anki: Anki
) -> None:
    write(
        "notes/doc.md",
        """\
        # T
        ## Q
        Text.

        ![the plot](img/nope.png)

        ## R
        <p align="center"><img src="img/gone.png?raw=true" alt="a diagram" width="300"></p>

        ![](img/no-alt.png#frag)
        """,
    )
    result = runner.invoke(cli, ["build", "notes", "-o", "out.apkg", "--strict"])
    lines = [
        f"notes/doc.md:5:1: error: image not found: img/nope.png; {MISSING}",
        f"notes/doc.md:8:1: error: image not found: img/gone.png?raw=true; {MISSING}",
        f"notes/doc.md:10:1: error: image not found: img/no-alt.png#frag; {MISSING}",
    ]
    assert (result.exit_code, result.stderr.splitlines()) == (1, lines)
    assert not Path("out.apkg").exists()

    result = runner.invoke(cli, ["build", "notes", "-o", "out.apkg"])
    assert result.exit_code == 0, result.output
    warnings = [line.replace(": error: ", ": warning: ") for line in lines]
    assert result.stderr.splitlines() == warnings
    assert packaged_media(Path("out.apkg")) == {}
    anki.import_package(Path("out.apkg"))
    answers = {note["Question"]: note["Answer"] for note in anki.notes()}
    assert answers == {
        "Q": '<p>Text.</p>\n<p><span class="missing-image">[image: the plot (img/nope.png)]'
        "</span></p>",
        "R": '<p><span class="missing-image">[image: a diagram (img/gone.png?raw=true)]'
        '</span></p>\n\n<p><span class="missing-image">[image: img/no-alt.png#frag]</span></p>',
    }


def outside(where: str, named: str, src: str, target: Path, wider: Path, level: str) -> str:
    """The finding for an image outside the boundary: where it points, the --root allowing it."""
    return (
        f"{where}: {level}: image is outside {named}: {src} points to {target.resolve()}; "
        f"the card shows its alt text and path instead (--root {wider.resolve()} allows it)"
    )


def test_parent_path_out_of_the_folder_is_a_warning_and_never_read(
    runner: CliRunner, write: Write, tmp_path: Path, reads: list[Path], anki: Anki
) -> None:
    write("notes/doc.md", "## Q\nSee\n![x](../secret.png)\n")
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"secret")
    result = runner.invoke(cli, ["build", "notes", "-o", "out.apkg"])
    message = outside("notes/doc.md:3:1", "the source folder", "../secret.png", secret, tmp_path,
                      "warning")  # fmt: skip
    assert (result.exit_code, result.stderr) == (0, message + "\n")
    assert secret.resolve() not in reads
    assert packaged_media(Path("out.apkg")) == {}
    anki.import_package(tmp_path / "out.apkg")
    assert [note["Answer"] for note in anki.notes()] == [
        '<p>See\n<span class="missing-image">[image: x (../secret.png)]</span></p>'
    ]


def test_image_outside_the_folder_is_an_error_with_strict(
    runner: CliRunner, write: Write, tmp_path: Path, reads: list[Path]
) -> None:
    write("notes/doc.md", "## Q\nSee\n![x](../secret.png)\n")
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"secret")
    result = runner.invoke(cli, ["build", "notes", "-o", "out.apkg", "--strict"])
    message = outside("notes/doc.md:3:1", "the source folder", "../secret.png", secret, tmp_path,
                      "error")  # fmt: skip
    assert (result.exit_code, result.stderr) == (1, message + "\n")
    assert secret.resolve() not in reads
    assert not Path("out.apkg").exists()


def test_parent_path_that_stays_inside_the_folder_is_fine(tmp_path: Path, write: Write) -> None:
    write("notes/part/doc.md", "## Q\n![x](../img/a.png)\n")
    (tmp_path / "notes/img").mkdir()
    (tmp_path / "notes/img/a.png").write_bytes(b"A")
    report = build([tmp_path / "notes"], tmp_path / "o.apkg", now=NOW)
    assert list(packaged_media(report.output)) == [media_name("a.png", b"A")]


def test_single_file_may_not_reach_above_its_folder(runner: CliRunner, write: Write) -> None:
    write("notes/doc.md", "## Q\n![x](../a.png)\n")
    image = write("a.png", "A")
    result = runner.invoke(cli, ["build", "notes/doc.md", "-o", "out.apkg"])
    assert result.stderr == (
        outside("notes/doc.md:2:1", "the source folder", "../a.png", image, image.parent,
                "warning") + "\n"
    )  # fmt: skip


def test_absolute_path_is_a_warning_and_never_read(
    runner: CliRunner, write: Write, tmp_path: Path, reads: list[Path]
) -> None:
    secret = tmp_path / "notes" / "inside.png"
    write("notes/doc.md", f"## Q\n![x]({secret})\n")
    secret.write_bytes(b"secret")
    result = runner.invoke(cli, ["build", "notes", "-o", "out.apkg"])
    assert (result.exit_code, result.stderr) == (
        0,
        f"notes/doc.md:2:1: warning: image path must be relative to the file: {secret}; "
        f"{MISSING}\n",
    )
    assert packaged_media(Path("out.apkg")) == {}
    result = runner.invoke(cli, ["build", "notes", "-o", "out2.apkg", "--strict"])
    assert (result.exit_code, result.stderr) == (
        1,
        f"notes/doc.md:2:1: error: image path must be relative to the file: {secret}; {MISSING}\n",
    )
    assert not Path("out2.apkg").exists()
    assert secret.resolve() not in reads


def test_symlink_leading_out_is_refused_unread(
    runner: CliRunner, write: Write, tmp_path: Path, reads: list[Path]
) -> None:
    write("notes/doc.md", "## Q\n![x](img/link.png)\n")
    (tmp_path / "secret.png").write_bytes(b"secret")
    (tmp_path / "notes/img").mkdir()
    (tmp_path / "notes/img/link.png").symlink_to(tmp_path / "secret.png")
    result = runner.invoke(cli, ["build", "notes", "-o", "out.apkg", "--strict"])
    assert (result.exit_code, result.stderr) == (
        1,
        outside("notes/doc.md:2:1", "the source folder", "img/link.png", tmp_path / "secret.png",
                tmp_path, "error") + "\n",
    )  # fmt: skip
    assert (tmp_path / "secret.png").resolve() not in reads


def test_every_bad_image_is_reported_at_once(
    runner: CliRunner, write: Write, tmp_path: Path
) -> None:
    write("notes/doc.md", "## Q\n![a](a.png)\n\n## R\nText ![b](../b.png) <img src='/c.png'>\n")
    result = runner.invoke(cli, ["build", "notes", "-o", "out.apkg"])
    assert result.stderr.splitlines() == [
        f"notes/doc.md:2:1: warning: image not found: a.png; {MISSING}",
        outside(
            "notes/doc.md:5:1",
            "the source folder",
            "../b.png",
            tmp_path / "b.png",
            tmp_path,
            "warning",
        ),
        f"notes/doc.md:5:1: warning: image path must be relative to the file: /c.png; {MISSING}",
    ]


def test_html_images_are_packaged_with_their_size_and_alt(
    tmp_path: Path, write: Write, anki: Anki
) -> None:
    write(
        "notes/doc.md",
        """\
        ## Inline
        See <img src="img/a.png" width="50" height="20" alt="small a" onclick="x()"> here.

        ## Block
        <p align="center">
          <img src='img/a.png' alt="again">
        </p>
        """,
    )
    write_bytes(tmp_path / "notes/img/a.png", b"A")
    report = build([tmp_path / "notes"], tmp_path / "o.apkg", now=NOW)
    name = media_name("a.png", b"A")
    assert packaged_media(report.output) == {name: b"A"}
    assert [str(d) for d in report.diagnostics] == [
        f"{tmp_path / 'notes/doc.md'}:2:1: warning: removed onclick= from <img> "
        "(scripts are not allowed in cards)"
    ]
    anki.import_package(report.output)
    answers = {note["Question"]: note["Answer"] for note in anki.notes()}
    assert answers == {
        "Inline": f'<p>See <img src="{name}" width="50" height="20" alt="small a"> here.</p>',
        "Block": f'<p>\n  <img src="{name}" alt="again">\n</p>',
    }
    check = anki.col.media.check()
    assert (list(check.missing), list(check.unused)) == ([], [])


def test_html_images_out_of_bounds_are_refused_unread(
    runner: CliRunner, write: Write, tmp_path: Path, reads: list[Path]
) -> None:
    write("notes/doc.md", '## Q\n<div><img src="../secret.png" width="9"></div>\n')
    (tmp_path / "secret.png").write_bytes(b"secret")
    result = runner.invoke(cli, ["build", "notes", "-o", "out.apkg", "--strict"])
    assert (result.exit_code, result.stderr) == (
        1,
        outside("notes/doc.md:2:1", "the source folder", "../secret.png", tmp_path / "secret.png",
                tmp_path, "error") + "\n",
    )  # fmt: skip
    assert (tmp_path / "secret.png").resolve() not in reads


def test_images_anywhere_in_the_repository_resolve(
    runner: CliRunner, write: Write, tmp_path: Path, reads: list[Path]
) -> None:
    (tmp_path / "repo/.git").mkdir(parents=True)
    write("repo/docs/ch1.md", "## Q\n![d](../img/x.png)\n")
    write_bytes(tmp_path / "repo/img/x.png", b"X")
    result = runner.invoke(cli, ["build", "repo/docs/ch1.md", "-o", "out.apkg"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert packaged_media(Path("out.apkg")) == {media_name("x.png", b"X"): b"X"}

    write("repo/docs/ch2.md", "## Q\n![o](../../outside.png)\n")
    (tmp_path / "outside.png").write_bytes(b"outside")
    result = runner.invoke(cli, ["build", "repo/docs/ch2.md", "-o", "out2.apkg", "--strict"])
    assert (result.exit_code, result.stderr) == (
        1,
        outside("repo/docs/ch2.md:2:1", f"the repository {tmp_path / 'repo'}",
                "../../outside.png", tmp_path / "outside.png", tmp_path, "error") + "\n",
    )  # fmt: skip
    assert (tmp_path / "outside.png").resolve() not in reads
    assert not Path("out2.apkg").exists()

    result = runner.invoke(
        cli, ["build", "repo/docs/ch2.md", "-o", "out2.apkg", "--root", str(tmp_path)]
    )
    assert (result.exit_code, result.stderr) == (0, "")
    assert list(packaged_media(Path("out2.apkg")).values()) == [b"outside"]


def test_symlinks_out_of_the_repository_stay_refused(
    runner: CliRunner, write: Write, tmp_path: Path, reads: list[Path]
) -> None:
    (tmp_path / "repo/.git").mkdir(parents=True)
    write("repo/docs/doc.md", "## Q\n![x](../img/link.png)\n")
    (tmp_path / "secret.png").write_bytes(b"secret")
    (tmp_path / "repo/img").mkdir()
    (tmp_path / "repo/img/link.png").symlink_to(tmp_path / "secret.png")
    result = runner.invoke(cli, ["check", "repo/docs/doc.md", "--strict"])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == outside(
        "repo/docs/doc.md:2:1", f"the repository {tmp_path / 'repo'}", "../img/link.png",
        tmp_path / "secret.png", tmp_path, "error",
    )  # fmt: skip
    assert (tmp_path / "secret.png").resolve() not in reads
