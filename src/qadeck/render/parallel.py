"""Render many fragments in parallel.

Rendering is pure (text in, HTML and removals out), so fragments are split into chunks and
rendered in forked processes, one per core, which inherit everything loaded already. The
results come back in order, so the output is the same as a serial render.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from qadeck.background import ignore_interrupts, interrupts_held, wait_until
from qadeck.render.fragment_renderer import FragmentRenderer
from qadeck.render.fragments import Fragment
from qadeck.render.memo import Blocks, Request

if TYPE_CHECKING:
    from multiprocessing.pool import Pool

# Below this many fragments, starting processes costs more than it saves.
MIN_PARALLEL = 500
CHUNKS_PER_PROCESS = 16  # small enough for a smooth progress bar, large enough to be cheap
Progress = Callable[[int, int], None]

_blocks = Blocks()
_renderer = FragmentRenderer(_blocks)


def render_all(
    requests: Sequence[Request],
    processes: int | None = None,
    progress: Progress | None = None,
    blocks: Blocks | None = None,
) -> list[Fragment]:
    """Render every request, over `processes` (default: all cores) when there are many.

    Rendering here (not over several processes), code blocks are looked up in `blocks` first
    and the ones highlighted are added to `blocks.new`.
    """
    count = processes or os.cpu_count() or 1
    parallel = count >= 2 and len(requests) >= MIN_PARALLEL and can_fork()
    size = max(1, -(-len(requests) // ((count if parallel else 1) * CHUNKS_PER_PROCESS)))
    chunks = [requests[start : start + size] for start in range(0, len(requests), size)]
    results: list[Fragment] = []
    if parallel:
        try:
            with interrupts_held():  # an interrupt comes once the pool is there to be ended
                pool = start_pool(count)
            with pool:
                sent = [pool.apply_async(render_chunk, (chunk,)) for chunk in chunks]
                for result in sent:
                    wait_until(result.ready, result.wait)  # Ctrl-C between waits
                    results += result.get()
                    _report(progress, len(results), len(requests))
            return results
        except OSError:  # no processes to be had: render here
            results = []
    renderer = FragmentRenderer(blocks if blocks is not None else Blocks())
    for chunk in chunks:
        results += [renderer.render(text, inline) for text, inline in chunk]
        _report(progress, len(results), len(requests))
    return results


def _report(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


def start_pool(processes: int) -> Pool:
    """Worker processes that render chunks (render_chunk), forked once the converter is built
    (rather than once in every worker). Call it with interrupts held (see interrupts_held)."""
    _renderer.render("warm up", False)
    import multiprocessing  # only a build that forks needs it

    return multiprocessing.get_context("fork").Pool(processes, ignore_interrupts)


def render_chunk(requests: Sequence[Request]) -> list[Fragment]:
    # In a worker. Its code blocks are not kept: sending them back would hold them all in the
    # build, and storing them from here costs a transaction per chunk. A later build that
    # renders in its own process keeps the blocks it highlights.
    rendered = [_renderer.render(text, inline) for text, inline in requests]
    _blocks.new.clear()
    return rendered


def can_fork() -> bool:
    # Forking is cheap and safe on Linux; elsewhere a spawned process would re-import
    # everything, which costs more than it saves for one build.
    return sys.platform == "linux" and hasattr(os, "fork")
