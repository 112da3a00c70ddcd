"""Work that runs beside the build, in a forked process (Forked): reading the previous package,
writing the cache; in a thread (Background) where there is no fork.

A thread that spends most of its time in zlib and SQLite, which release the GIL, still needs
the GIL back after every call into them: beside a build busy in Python it waits for it each
time, and reading a package of 10,000 notes in a thread took as long as the build's own
reading and rendering, after which the build waited for it. A forked process (see Forked)
reads it beside the build, and hands back what it read.

Every thread is finished before the process forks (rendering forks worker processes): a child
must not inherit a lock that a thread of its parent held at that moment.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


class Forked(Generic[T]):
    """`work()` in a forked process, its value (or what it raised) pickled back; in a thread
    (Background) where there is no fork. `result()` and `wait()` as Background's."""

    def __init__(self, work: Callable[[], T]) -> None:
        self._thread: Background[T] | None = None
        if not (sys.platform == "linux" and hasattr(os, "fork")):
            self._thread = Background(work)
            return
        self._outcome: tuple[bool, object] | None = None
        with interrupts_held():  # an interrupt reaches the build once this object is whole
            reading, writing = os.pipe()
            self._pid = os.fork()
            if self._pid == 0:  # the child: do the work, send its outcome, and leave at once
                os.close(reading)
                ignore_interrupts()
                try:
                    try:
                        outcome: tuple[bool, object] = (True, work())
                    except BaseException as exc:  # handed to whoever asks for the result
                        outcome = (False, exc)
                    with os.fdopen(writing, "wb") as pipe:
                        pipe.write(pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL))
                finally:
                    os._exit(0)
            os.close(writing)
            self._reading = reading

    def _collect(self) -> tuple[bool, object]:
        if self._outcome is None:
            with os.fdopen(self._reading, "rb") as pipe:  # read before waiting: a pipe is small
                data = pipe.read()
            os.waitpid(self._pid, 0)
            lost = (False, OSError("the forked process ended without an answer"))
            self._outcome = pickle.loads(data) if data else lost
        return self._outcome

    def wait(self) -> None:
        """Wait for the work to end, however it ends."""
        if self._thread is not None:
            self._thread.wait()
        else:
            self._collect()

    def result(self) -> T:
        """Wait for the work; its value, or the exception it raised."""
        if self._thread is not None:
            return self._thread.result()
        done, value = self._collect()
        if not done:
            raise value  # type: ignore[misc]
        return value  # type: ignore[return-value]


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C back; the build takes it once this ends. Around a fork: a child forked the
    moment it comes would take it before it could ignore it, and print a traceback from inside
    the fork (the terminal sends it to every process of the build). Around a wait on a worker
    (see wait_until): one raised inside a wait on one of multiprocessing's conditions can leave
    its lock taken, and the pool's own threads then wait for it forever."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def wait_until(ready: Callable[[], bool], wait: Callable[[float], object]) -> None:
    """Wait until `ready()`, `wait(seconds)` at a time, with Ctrl-C held back: one that comes
    meanwhile is taken between two waits, never inside one."""
    with interrupts_held():
        while not ready() and not _interrupt_waiting():
            wait(0.05)


def _interrupt_waiting() -> bool:
    return hasattr(signal, "sigpending") and signal.SIGINT in signal.sigpending()


def ignore_interrupts() -> None:
    """In a forked child: leave Ctrl-C to the build, which reports it once, and drop one held
    back while it was forked (see interrupts_held)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _finish_all() -> None:
    with _lock:
        threads = list(_running)
    for thread in threads:
        thread.join()


if hasattr(os, "register_at_fork"):  # where there is no fork, there is nothing to guard
    os.register_at_fork(before=_finish_all)
