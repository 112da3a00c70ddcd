"""Work that runs in a thread while the build goes on: reading the previous package, writing
the cache. Both spend most of their time in zlib and SQLite, which do not hold the GIL.

Every such thread is finished before the process forks (rendering forks worker processes):
a child must not inherit a lock that a thread of its parent held at that moment.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

_running: set[threading.Thread] = set()
_lock = threading.Lock()


class Background(Generic[T]):
    """`work()` started in a thread; `result()` waits for it and returns or raises as it did."""

    def __init__(self, work: Callable[[], T]) -> None:
        self._work = work
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        with _lock:
            _running.add(self._thread)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._work()
        except BaseException as exc:  # handed to whoever asks for the result
            self._error = exc
        finally:
            with _lock:
                _running.discard(self._thread)

    def wait(self) -> None:
        """Wait for the work to end, however it ends."""
        self._thread.join()

    def result(self) -> T:
        """Wait for the work; its value, or the exception it raised."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]


def _finish_all() -> None:
    with _lock:
        threads = list(_running)
    for thread in threads:
        thread.join()


if hasattr(os, "register_at_fork"):  # where there is no fork, there is nothing to guard
    os.register_at_fork(before=_finish_all)
