"""Render a deck's fragments: each distinct one once, from the cache when it can, rendered
ahead while the sources are still being read, else when the deck is rendered (in parallel).

Reading runs on one core; rendering, once every document is read and checked, on all of them.
One after the other, a cold build of a large document leaves the other cores idle while it
reads and the reading core idle while they render. Offered the questions of each part as it is
read, RenderAhead sends their fragments to worker processes at once, so that by the time the
deck is checked most of it is rendered; the results come back in the order offered, and the
notes of the first are made while the last are still being rendered. Only fragments that
rendering asks for are offered (see notes.wanted_fragments), and only those the cache does not
hold. A few hundred fragments never start it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from qadeck.background import interrupts_held, wait_until
from qadeck.render.fragments import Fragment, is_plain, plain_heading
from qadeck.render.memo import Blocks, FragmentMemory, Request
from qadeck.render.parallel import (
    MIN_PARALLEL,
    Progress,
    can_fork,
    render_all,
    render_chunk,
    start_pool,
)

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult, Pool

BATCH = 200  # requests per task sent to a worker: a part or a few of them
Rendered = list[tuple[Request, Fragment]]


class RenderAhead:
    """Fragments rendered in worker processes as they are offered; see the module's text."""

    def __init__(self, cache: FragmentMemory | None, processes: int | None = None) -> None:
        self.cache = cache
        self.cached: dict[Request, Fragment] = {}  # offered, and found in the cache
        self.progress: Callable[[int], None] | None = None  # told how many are back, as they come
        self._processes = processes or os.cpu_count() or 1
        self._waiting: list[Request] = []  # offered, not yet sent
        self._chunk_of: dict[Request, int] = {}  # offered, and the chunk it was sent in (or -1)
        self._sent: list[tuple[list[Request], AsyncResult[list[Fragment]]]] = []
        self._arrived: dict[Request, Fragment] = {}  # back from the workers, in the order sent
        self._collected = 0  # chunks come back
        self._pool: Pool | None = None
        self._refused = self._processes < 2 or not can_fork()

    @property
    def open(self) -> bool:
        """Whether it takes offers: not closed, and on a system with cores and fork to use."""
        return not self._refused

    def offer(self, requests: Iterable[Request]) -> None:
        """Fragments that will be asked for; rendered ahead once there are enough of them."""
        if self._refused:
            return
        for request in requests:
            if request not in self._chunk_of and not (request[1] and is_plain(request[0])):
                self._chunk_of[request] = -1
                self._waiting.append(request)
        if len(self._waiting) >= (BATCH if self._pool is not None else MIN_PARALLEL):
            self._send()

    def send_rest(self) -> None:
        """Send what waits, once the workers run: nothing more will be offered."""
        if self._pool is not None and self._waiting:
            self._send()
        self._waiting = []

    def send_also(self, requests: Iterable[Request]) -> bool:
        """Send these too, now, if the workers run (rather than start more of them); whether
        they were sent. They are not looked up in the cache: the caller did that."""
        if self._pool is None:
            return False
        for request in requests:
            if request not in self._chunk_of:
                self._chunk_of[request] = -1
                self._waiting.append(request)
        if self._waiting:
            self._send(look_up=False)
        return True

    def sent(self, request: Request) -> bool:
        """Whether a fragment is being rendered (or was) by the workers."""
        return self._chunk_of.get(request, -1) >= 0

    def fragment(self, request: Request) -> Fragment | None:
        """A fragment sent to the workers, as soon as its chunk is back; None if not sent."""
        chunk = self._chunk_of.get(request, -1)
        if chunk < 0:
            return None
        while self._collected <= chunk:
            self._collect()
        return self._arrived[request]

    def finish(self) -> Rendered:
        """Send what waits, wait for every chunk, end the workers, and return everything they
        rendered."""
        try:
            self.send_rest()
            while self._collected < len(self._sent):
                self._collect()
        finally:
            self.close()
        return list(self._arrived.items())

    def close(self) -> None:
        """End the workers (at once, if they are still busy: on an error or an interrupt)."""
        self._refused = True
        self._waiting = []
        if self._pool is not None:
            pool, self._pool = self._pool, None
            pool.terminate()
            pool.join()

    def _send(self, look_up: bool = True) -> None:
        batch, self._waiting = self._waiting, []
        if self.cache is not None and look_up:
            found = self.cache.get_many(batch)
            self.cached.update(found)
            batch = [request for request in batch if request not in found]
        if not batch:
            return
        if self._pool is None:
            try:
                with interrupts_held():  # an interrupt comes once close can end the pool
                    self._pool = start_pool(self._processes)
            except OSError:  # no processes to be had: everything is rendered later
                self._refused = True
                return
        for start in range(0, len(batch), BATCH):
            chunk = batch[start : start + BATCH]
            self._chunk_of.update(dict.fromkeys(chunk, len(self._sent)))
            self._sent.append((chunk, self._pool.apply_async(render_chunk, (chunk,))))

    def _collect(self) -> None:
        chunk, result = self._sent[self._collected]
        wait_until(result.ready, result.wait)  # Ctrl-C between waits: see interrupts_held
        fragments = result.get()
        self._collected += 1
        self._arrived.update(zip(chunk, fragments, strict=True))
        if self.progress is not None:
            self.progress(len(self._arrived))


class Fragments:
    """The fragments a deck asked for, each when it is ready (see RenderAhead.fragment)."""

    def __init__(
        self,
        known: dict[Request, Fragment],
        ahead: RenderAhead | None,
        new: Rendered,
        blocks: Blocks,
    ) -> None:
        self._known, self._ahead, self._new, self._blocks = known, ahead, new, blocks

    def get(self, request: Request) -> Fragment | None:
        """The fragment of a request, or None for one that was not asked for."""
        found = self._known.get(request)
        if found is None and self._ahead is not None:
            found = self._ahead.fragment(request)
        return found

    def remember(self, cache: FragmentMemory | None) -> None:
        """Store what this build rendered, what the workers rendered ahead included."""
        new = self._new + (self._ahead.finish() if self._ahead is not None else [])
        if cache is not None and new:
            cache.put_many(new)
            cache.put_blocks(self._blocks.new)


def render_fragments(
    requests: Sequence[Request],
    cache: FragmentMemory | None,
    progress: Progress | None = None,
    ahead: RenderAhead | None = None,
) -> Fragments:
    """The fragment of each request: those rendered ahead as they come back, the rest now;
    `progress(done, total)` as rendering goes. Call `remember` on the result when done."""
    distinct = list(dict.fromkeys(requests))
    # A plain heading is escaped faster than it is looked up: it never goes to the cache.
    known = {r: plain for r in distinct if (plain := plain_heading(*r)) is not None}
    if ahead is not None:
        ahead.send_rest()
        known.update(ahead.cached)

    def wanted(request: Request) -> bool:
        return request not in known and not (ahead is not None and ahead.sent(request))

    if cache is not None:
        known.update(cache.get_many([request for request in distinct if wanted(request)]))
    missing = [request for request in distinct if wanted(request)]
    if ahead is not None and ahead.send_also(missing):
        missing = []  # the workers run: they render these too
    # Counted only for a progress bar: how many of the fragments the workers render.
    sent = ahead.sent if ahead is not None and progress is not None else None
    ahead_total = sum(map(sent, distinct)) if sent is not None else 0

    def report(done: int, total: int) -> None:
        if progress is not None:
            progress(done, total + ahead_total)

    blocks = Blocks(cache)
    try:
        rendered = render_all(missing, progress=report, blocks=blocks)
    finally:
        if cache is not None:
            cache.close_reader()
    new = list(zip(missing, rendered, strict=True))
    known.update(new)
    if ahead is not None and progress is not None:
        done = len(missing)
        ahead.progress = lambda count: progress(done + count, done + ahead_total)
    return Fragments(known, ahead, new, blocks)
