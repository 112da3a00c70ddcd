"""Rendering ahead, while the sources are read: the same fragments as rendering when asked, the
cache asked first, no workers left behind, and a build that renders ahead writes and reports
what a build that does not writes and reports."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

import pytest

from qadeck.diagnostics import Diagnostics
from qadeck.incremental.store import RenderCache
from qadeck.render import ahead as ahead_module
from qadeck.render.ahead import RenderAhead, render_fragments
from qadeck.render.fragments import Fragment
from qadeck.render.parallel import MIN_PARALLEL, Request, render_all
from test_parts import LIMIT, NOW, WARNINGS, filler

from conftest import ANSWERS, build, load_deck

Write = Callable[..., Path]


def requests(count: int) -> list[Request]:
    """Distinct answers of the bundled deck, numbered, and a heading with markup each."""
    answers = [q.answer for q in load_deck([ANSWERS], Diagnostics()).questions]
    found: list[Request] = []
    for number in range(count):
        found.append((f"{answers[number % len(answers)]}\n\nNumber {number}.", False))
        found.append((f"What is `code` {number}?", True))
    return found


def offered_in_parts(ahead: RenderAhead, wanted: list[Request], size: int = 40) -> None:
    for start in range(0, len(wanted), size):
        ahead.offer(wanted[start : start + size])


def test_fragments_rendered_ahead_are_those_rendered_when_asked() -> None:
    wanted = requests(MIN_PARALLEL)
    ahead = RenderAhead(None, processes=2)
    offered_in_parts(ahead, wanted)
    rendered = ahead.finish()
    assert ahead.cached == {}
    assert [request for request, _ in rendered] == wanted  # every one, in the order offered
    assert [fragment for _, fragment in rendered] == render_all(wanted, processes=1)


def test_render_fragments_takes_what_was_rendered_ahead_and_renders_the_rest(
    tmp_path: Path,
) -> None:
    wanted = requests(MIN_PARALLEL)
    later = [("Offered *never*.", False), ("Plain heading", True)]
    ahead = RenderAhead(None, processes=2)
    offered_in_parts(ahead, wanted[:-7])  # the last few wait to be sent: too few for a task
    ahead.offer(wanted[-7:])
    asked = [*later, *wanted, *wanted[:10]]
    fragments = render_fragments(asked, None, ahead=ahead)
    assert ahead.sent(later[0])  # to the workers running already, not to new ones
    first = fragments.get(wanted[0])  # as soon as its chunk is back, the rest still rendering
    assert first == render_all(wanted[:1], processes=1)[0]
    assert [fragments.get(request) for request in asked] == render_all(asked, processes=1)
    assert fragments.get(("Not asked for.", False)) is None
    cache = RenderCache(tmp_path)
    fragments.remember(cache)  # what was rendered ahead, and what was rendered now
    held = cache.get_many(asked)
    assert set(held) == {request for request in asked if request != ("Plain heading", True)}


def test_what_the_cache_holds_is_taken_from_it_not_rendered(tmp_path: Path) -> None:
    wanted = requests(MIN_PARALLEL)
    cache = RenderCache(tmp_path)
    held = wanted[:100]
    cache.put_many((request, Fragment(f"<p>held {n}</p>")) for n, request in enumerate(held))
    cache.wait()
    ahead = RenderAhead(cache, processes=2)
    offered_in_parts(ahead, wanted)
    rendered = ahead.finish()
    assert ahead.cached == {request: Fragment(f"<p>held {n}</p>") for n, request in enumerate(held)}
    assert [request for request, _ in rendered] == wanted[100:]


def test_a_few_fragments_start_no_workers() -> None:
    ahead = RenderAhead(None, processes=2)
    ahead.offer(requests(10))
    assert multiprocessing.active_children() == []
    assert ahead.finish() == []  # left to be rendered when asked
    assert ahead.cached == {}


def test_closing_ends_the_workers_at_once() -> None:
    ahead = RenderAhead(None, processes=2)
    offered_in_parts(ahead, requests(2 * MIN_PARALLEL))
    assert multiprocessing.active_children() != []
    ahead.close()
    assert multiprocessing.active_children() == []
    ahead.offer(requests(MIN_PARALLEL))  # a closed one takes nothing more
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("use_cache", [True, False])
def test_a_build_that_renders_ahead_is_a_build_that_does_not(
    write: Write,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    use_cache: bool,
) -> None:
    monkeypatch.setenv("QADECK_CACHE_DIR", str(tmp_path / "cache"))
    source = write("doc.md", WARNINGS.replace("{filler}", filler(3 * MIN_PARALLEL)))
    rendered_ahead: list[int] = []
    finish = RenderAhead.finish

    def counted(self: RenderAhead) -> list[tuple[Request, Fragment]]:
        rendered = finish(self)
        rendered_ahead.append(len(rendered))
        return rendered

    monkeypatch.setattr(RenderAhead, "finish", counted)
    ahead = build([source], tmp_path / "ahead.apkg", now=NOW, settings=LIMIT, use_cache=use_cache)
    assert rendered_ahead[0] > 2 * MIN_PARALLEL  # nearly every answer was rendered ahead

    monkeypatch.setenv("QADECK_CACHE_DIR", str(tmp_path / "other-cache"))
    monkeypatch.setattr(ahead_module, "can_fork", lambda: False)
    asked = build([source], tmp_path / "asked.apkg", now=NOW, settings=LIMIT, use_cache=use_cache)
    assert rendered_ahead[1] == 0
    assert [str(d) for d in ahead.diagnostics] == [str(d) for d in asked.diagnostics]
    assert any("<script>" in str(d) for d in asked.diagnostics)  # rendering reported it
    assert (tmp_path / "ahead.apkg").read_bytes() == (tmp_path / "asked.apkg").read_bytes()


def running(field: int, value: int) -> list[int]:
    """The processes whose parent (field 1 of /proc/PID/stat after the state) or process group
    (field 2) is `value`, but those ended and not yet waited for."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, *fields = stat.read_text().rsplit(")", 1)[1].split()[:3]
        except OSError:
            continue  # ended while listing
        if int(fields[field - 1]) == value and state != "Z":
            found.append(int(stat.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_ctrl_c_while_rendering_ahead_ends_every_worker_and_writes_nothing(
    write: Write, tmp_path: Path
) -> None:
    body = "".join(f"## What is {n}?\n\nAnswer **{n}** with `code`.\n\n" for n in range(20_000))
    source = write("big.md", "# Big\n\n" + body)
    output = tmp_path / "out" / "big.apkg"
    build_process = subprocess.Popen(
        [sys.executable, "-m", "qadeck", "build", str(source), "-o", str(output)],
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own group, as a terminal's job: Ctrl-C reaches them all
        env={**os.environ, "QADECK_CACHE_DIR": str(tmp_path / "cache")},
    )
    try:
        # Reading 20,000 questions comes first; on a loaded machine that takes a while.
        deadline = time.monotonic() + 180
        while len(running(1, build_process.pid)) < 2:  # the workers rendering ahead
            assert build_process.poll() is None, build_process.communicate()[1]
            assert time.monotonic() < deadline, "no workers started"
            time.sleep(0.005)
        os.killpg(build_process.pid, signal.SIGINT)
        _, stderr = build_process.communicate(timeout=60)
    except BaseException:  # a failed check leaves nothing of the build running into the next test
        with suppress(ProcessLookupError):
            os.killpg(build_process.pid, signal.SIGKILL)
        build_process.communicate()
        raise
    assert build_process.returncode == 130
    assert stderr == "qadeck: interrupted; nothing written\n"
    assert not output.parent.exists() or not any(output.parent.iterdir())
    deadline = time.monotonic() + 5
    while running(2, build_process.pid):  # nothing of the build is left running
        assert time.monotonic() < deadline, running(2, build_process.pid)
        time.sleep(0.01)


def test_progress_counts_what_comes_back_from_the_workers(write: Write, tmp_path: Path) -> None:
    source = write("doc.md", "# Many\n" + filler(3 * MIN_PARALLEL))
    seen: list[tuple[int, int]] = []
    build(
        [source],
        tmp_path / "out.apkg",
        now=NOW,
        use_cache=False,
        progress=lambda *p: seen.append(p),
    )
    assert len(seen) > 3  # chunk by chunk
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert seen[-1] == (
        3 * MIN_PARALLEL,
        3 * MIN_PARALLEL,
    )  # every answer; plain headings need none


def test_answers_too_long_to_offer_unmeasured_go_to_the_same_workers(
    write: Write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    long = " ".join(["A long answer, in *many* words with `code`."] * 60)  # past SAFE_LENGTH
    body = "".join(
        f"## Question {n}?\n\n{long if n % 2 else 'Short.'} {n}\n\n"
        for n in range(2 * MIN_PARALLEL)
    )
    source = write("doc.md", "# Long\n\n" + body)
    also: list[int] = []
    send_also = RenderAhead.send_also

    def counted(self: RenderAhead, requests: list[Request]) -> bool:
        sent = send_also(self, requests)
        also.append(len(requests) if sent else 0)
        return sent

    monkeypatch.setattr(RenderAhead, "send_also", counted)
    ahead = build([source], tmp_path / "ahead.apkg", now=NOW, use_cache=False)
    assert also == [MIN_PARALLEL]  # every long answer, to the workers the short ones started
    monkeypatch.setattr(ahead_module, "can_fork", lambda: False)
    asked = build([source], tmp_path / "asked.apkg", now=NOW, use_cache=False)
    assert ahead.diagnostics == asked.diagnostics
    assert (tmp_path / "ahead.apkg").read_bytes() == (tmp_path / "asked.apkg").read_bytes()
