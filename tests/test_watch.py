"""Rebuilding while editing, and the progress bar that shows only on a slow build in a terminal."""

from __future__ import annotations

import _thread
import io
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from qadeck.cli import watch as watch_module
from qadeck.cli.main import cli
from qadeck.cli.progress import ProgressBar
from qadeck.cli.watch import snapshot, watch

Write = Callable[..., Path]
TIMEOUT = 10.0


def wait_for(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_watch_rebuilds_once_per_change(write: Write, tmp_path: Path) -> None:
    doc = write("notes/doc.md", "# Q\n\nA.\n")
    builds: list[int] = []
    watcher = threading.Thread(
        target=watch, args=([tmp_path / "notes"], lambda: builds.append(1), 0.02, 2)
    )
    watcher.start()
    time.sleep(0.1)
    doc.write_text("# Q\n\nAn edited answer.\n", encoding="utf-8")
    wait_for(lambda: len(builds) == 1)
    write("notes/img/plot.png", "new image")
    watcher.join(TIMEOUT)
    assert not watcher.is_alive()
    assert builds == [1, 1]


def test_an_edit_saved_during_the_first_build_is_built(write: Write) -> None:
    doc = write("doc.md", "# Q\n\nA.\n")
    before = snapshot([doc])  # taken before the first build, which the edit comes after
    doc.write_text("# Q\n\nAn answer saved while the first build ran.\n", encoding="utf-8")
    builds: list[int] = []
    watcher = threading.Thread(
        target=watch, args=([doc], lambda: builds.append(1), 0.02, 1), kwargs={"seen": before}
    )
    watcher.start()
    watcher.join(TIMEOUT)
    assert not watcher.is_alive()
    assert builds == [1]


def test_watched_files_are_sources_config_and_images_not_packages(
    write: Write, tmp_path: Path
) -> None:
    for name in ("deck/a.md", "deck/deck.toml", "deck/img/x.png", "deck/out.apkg", "deck/.git/c"):
        write(name, "x")
    single = write("one/doc.md", "# Q\n\n![p](pics/p.png) and ![r](https://example.com/r.png)\n")
    write("one/pics/p.png", "png")
    write("one/unrelated.png", "png")
    folder = {p.relative_to(tmp_path).as_posix() for p in snapshot([tmp_path / "deck"])}
    assert folder == {"deck/a.md", "deck/deck.toml", "deck/img/x.png"}
    one = {p.relative_to(tmp_path).as_posix() for p in snapshot([single])}
    assert one == {"one/doc.md", "one/pics/p.png"}
    styled = write("two/doc.md", "---\ntitle: T\ncss: look/style.css\n---\n# Q\n\nA.\n")
    write("two/look/style.css", ".card {}")
    two = {p.relative_to(tmp_path).as_posix() for p in snapshot([styled])}
    assert two == {"two/doc.md", "two/look/style.css"}


def test_build_watch_prints_a_line_per_rebuild_and_stops_on_ctrl_c(
    write: Write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(watch_module, "INTERVAL", 0.02)
    doc = write("doc.md", "# Deck\n\n## Q\n\nA.\n")
    output = tmp_path / "out.apkg"

    def edit_then_interrupt() -> None:
        try:
            edit()
        finally:
            _thread.interrupt_main()  # what Ctrl-C does; also ends the test if edit() failed

    def edit() -> None:
        wait_for(output.is_file)
        first = output.read_bytes()
        doc.write_text("# Deck\n\n## Q\n\nAn edited answer.\n", encoding="utf-8")
        wait_for(lambda: output.read_bytes() != first)
        doc.write_text("# Deck\n\n## Q {#k}\n\nA.\n\n## R {#k}\n\nB.\n", encoding="utf-8")
        time.sleep(0.5)

    editor = threading.Thread(target=edit_then_interrupt)
    editor.start()
    result = CliRunner().invoke(cli, ["build", str(doc), "-o", str(output), "--watch"])
    editor.join(TIMEOUT)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith(f" 1 note: 1 new -> {output}")
    assert lines[1].endswith(f" 1 note: 1 updated -> {output}")
    assert f"{doc}:7:1: error: duplicate key {{#k}}: also used by {doc}:3" in result.stderr
    assert "build failed, nothing written; waiting for changes" in result.stderr
    assert result.stderr.endswith("stopped watching\n")
    assert "Traceback" not in result.output


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_after_the_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    piped = io.StringIO()
    ProgressBar(piped, delay=0)(1, 2)
    assert piped.getvalue() == ""
    quick = Terminal()
    ProgressBar(quick, delay=60)(1, 2)
    assert quick.getvalue() == ""
    quiet = Terminal()
    ProgressBar(quiet, enabled=False, delay=0)(1, 2)
    assert quiet.getvalue() == ""
    slow = Terminal()
    bar = ProgressBar(slow, delay=0)
    bar(5, 10)
    bar.close()
    assert "\x1b[32m" in slow.getvalue()
    assert "5/10" in slow.getvalue()
    assert slow.getvalue().endswith("\r\x1b[K")


def test_progress_bar_without_colour_when_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm")
    plain = Terminal()
    bar = ProgressBar(plain, delay=0)
    bar(10_000, 20_000)
    bar.close()
    assert "\x1b" not in plain.getvalue()
    assert "rendering [###############---------------] 10,000/20,000" in plain.getvalue()
