"""A progress bar on the terminal for builds that take a while; nothing anywhere else.

It appears only when stderr is a terminal (not a pipe, a file or a CI log), only once a build
has run for about a second (a quick build never flickers), and never with --quiet. It uses
colour unless NO_COLOR is set (https://no-color.org) or the terminal is "dumb", and erases
itself when done, so that what remains on screen is the build's own report.
"""

from __future__ import annotations

import os
import shutil
import time
from typing import TextIO

DELAY = 1.0
WIDTH = 30


class ProgressBar:
    """Call with (done, total) as work advances; `close()` erases the bar if it was drawn."""

    def __init__(self, stream: TextIO, enabled: bool = True, delay: float = DELAY) -> None:
        self.stream = stream
        self.enabled = enabled and _is_terminal(stream) and os.environ.get("TERM") != "dumb"
        self.colour = not os.environ.get("NO_COLOR")
        self.started = time.monotonic()
        self.delay = delay
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0 or time.monotonic() - self.started < self.delay:
            return
        filled = WIDTH * done // total
        bar = "#" * filled + "-" * (WIDTH - filled)
        if self.colour:
            bar = f"\x1b[32m{'#' * filled}\x1b[2m{'-' * (WIDTH - filled)}\x1b[0m"
        line = f"rendering [{bar}] {done:,}/{total:,}"
        self.stream.write("\r" + line[: self._columns() + 20 * self.colour])
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        """Erase the bar, leaving the cursor at the start of an empty line."""
        if self.drawn:
            self.stream.write("\r\x1b[K" if self.colour else "\r" + " " * self._columns() + "\r")
            self.stream.flush()
            self.drawn = False

    def _columns(self) -> int:
        return shutil.get_terminal_size((80, 24)).columns - 1


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
