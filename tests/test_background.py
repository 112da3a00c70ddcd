"""Background work: results and errors reach the caller, and no thread runs across a fork."""

from __future__ import annotations

import os
import time

import pytest

from qadeck.background import Background


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
