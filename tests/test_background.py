"""Background work: results and errors reach the caller, and no thread runs across a fork."""

from __future__ import annotations

import os
import time

import pytest

from qadeck.background import Background, Forked


def test_the_result_and_the_error_reach_whoever_waits() -> None:
    assert Background(lambda: 6 * 7).result() == 42

    def fails() -> None:
        raise ValueError("from the thread")

    with pytest.raises(ValueError, match="from the thread"):
        Background(fails).result()


def test_a_fork_waits_for_background_work() -> None:
    finished: list[float] = []
    Background(lambda: (time.sleep(0.3), finished.append(time.monotonic())))
    pid = os.fork()
    if pid == 0:  # the child: leave at once, without running the parent's cleanup
        os._exit(0 if finished else 1)
    forked_at = time.monotonic()
    _, status = os.waitpid(pid, 0)
    assert finished and finished[0] <= forked_at
    assert os.waitstatus_to_exitcode(status) == 0, "the child saw the work unfinished"


def test_forked_work_hands_back_its_value_or_its_error() -> None:
    parent = os.getpid()
    assert Forked(lambda: (os.getpid() != parent, {"notes": (1, 2)})).result() == (
        True,
        {"notes": (1, 2)},
    )

    def fails() -> None:
        raise ValueError("from the child")

    with pytest.raises(ValueError, match="from the child"):
        Forked(fails).result()
    waited = Forked(lambda: time.sleep(0.1))
    waited.wait()  # as a build that fails before it needs the result: the child is reaped
    with pytest.raises(ChildProcessError):
        os.waitpid(waited._pid, os.WNOHANG)
