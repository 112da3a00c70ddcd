"""Render a deck's fragments: each distinct one once, from the cache when it can, rendered
ahead while the sources are still being read, else in parallel when the deck is rendered.

Reading runs on one core; rendering, once every document is read and checked, on all of them.
One after the other, a cold build of a large document leaves the other cores idle while it
reads and the reading core idle while they render. Offered the questions of each part as it is
read, RenderAhead sends their fragments to worker processes at once, so that by the time the
deck is checked most of it is rendered. Only fragments that rendering asks for are offered (see
notes.wanted_fragments), and only those the cache does not hold; render_fragments takes what
was rendered ahead and renders the rest. A few hundred fragments never start it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from qadeck.render.cache import Blocks, RenderCache
from qadeck.render.fragments import Fragment, is_plain, plain_heading
from qadeck.render.parallel import (
    MIN_PARALLEL,
    Progress,
    Request,
    can_fork,
    ignore_interrupts,
    render_all,
    render_chunk,
    warm_up,
)

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult, Pool

BATCH = 200  # requests per task sent to a worker: a part or a few of them


def render_fragments(
    requests: Sequence[Request],
    cache: RenderCache | None,
    progress: Progress | None = None,
    ahead: RenderAhead | None = None,
) -> list[Fragment]:
    """The fragment of each request, in order; `progress(done, total)` as rendering goes."""
    distinct = list(dict.fromkeys(requests))
    # A plain heading is escaped faster than it is looked up: it never goes to the cache.
    known = {r: plain for r in distinct if (plain := plain_heading(*r)) is not None}
    new: list[tuple[Request, Fragment]] = []
    if ahead is not None:
        cached, new = ahead.finish(progress, sum(r not in known for r in distinct))
        known.update(cached)
        known.update(new)
    if cache is not None:
        known.update(cache.get_many([request for request in distinct if request not in known]))
    missing = [request for request in distinct if request not in known]
    blocks = Blocks(cache)
    done = len(new)

    def report(count: int, total: int) -> None:
        if progress is not None:
            progress(done + count, done + total)

    try:
        rendered = render_all(missing, progress=report, blocks=blocks)
    finally:
        if cache is not None:
            cache.close_reader()
    new += zip(missing, rendered, strict=True)
    if cache is not None and new:
        cache.put_many(new)
        cache.put_blocks(blocks.new)
    known.update(new)
    return [known[request] for request in requests]


class RenderAhead:
    """Fragments rendered in worker processes as they are offered; see the module's text."""

    def __init__(self, cache: RenderCache | None, processes: int | None = None) -> None:
        self._cache = cache
        self._processes = processes or os.cpu_count() or 1
        self._offered: set[Request] = set()
        self._waiting: list[Request] = []  # offered, not yet sent
        self._cached: dict[Request, Fragment] = {}
        self._sent: list[tuple[list[Request], AsyncResult[list[Fragment]]]] = []
        self._pool: Pool | None = None
        self._refused = self._processes < 2 or not can_fork()

    def offer(self, requests: Iterable[Request]) -> None:
        """Fragments that will be asked for; rendered ahead once there are enough of them."""
        if self._refused:
            return
        for request in requests:
            if request not in self._offered and not (request[1] and is_plain(request[0])):
                self._offered.add(request)
                self._waiting.append(request)
        if len(self._waiting) >= (BATCH if self._pool is not None else MIN_PARALLEL):
            self._send()

    def _send(self) -> None:
        batch, self._waiting = self._waiting, []
        if self._cache is not None:
            found = self._cache.get_many(batch)
            self._cached.update(found)
            batch = [request for request in batch if request not in found]
        if not batch:
            return
        if self._pool is None:
            try:
                self._pool = _start(self._processes)
            except OSError:  # no processes to be had: everything is rendered later
                self._refused = True
                return
        for start in range(0, len(batch), BATCH):
            chunk = batch[start : start + BATCH]
            self._sent.append((chunk, self._pool.apply_async(render_chunk, (chunk,))))

    def finish(
        self, progress: Progress | None = None, total: int = 0
    ) -> tuple[dict[Request, Fragment], list[tuple[Request, Fragment]]]:
        """Wait for what was offered: the fragments found in the cache, and those rendered (to
        be cached). Too few to be worth the workers, they are left to the caller to render.

        `progress(done, total)` as the rendered chunks come in."""
        rendered: list[tuple[Request, Fragment]] = []
        try:
            if self._pool is not None and self._waiting:
                self._send()
            for chunk, result in self._sent:
                rendered += zip(chunk, result.get(), strict=True)
                if progress is not None:
                    progress(len(rendered), max(total, len(rendered)))
        finally:
            self.close()
        return self._cached, rendered

    def close(self) -> None:
        """End the workers (at once, if they are still busy: on an error or an interrupt)."""
        self._refused = True
        self._waiting = []
        if self._pool is not None:
            pool, self._pool = self._pool, None
            pool.terminate()
            pool.join()


def _start(processes: int) -> Pool:
    warm_up()
    import multiprocessing  # only a build that forks needs it

    return multiprocessing.get_context("fork").Pool(processes, ignore_interrupts)
