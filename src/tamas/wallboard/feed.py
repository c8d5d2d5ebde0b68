"""One wallboard snapshot for every screen of the server process, rebuilt when events
arrive, so that a screen changes within a second of what happened without each screen
(or each event) paying for its own computation.

While at least one screen listens, the feed reads the event bus; an event marks the
snapshot stale, and the feed rebuilds it, then waits before the next rebuild at least
`min_gap_s` and twice as long as the rebuild took: a burst of events costs one rebuild,
and a slow rebuild (a big day) cannot take more than a third of the process's time.
Without events the snapshot is rebuilt every `idle_s` all the same (the wait clocks,
the interval that ends, midnight). Requests for a snapshot share a rebuild that began
after they were made, so that a screen never gets a picture older than its question.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from tamas.live import SubscriberTooSlowError, Subscription
from tamas.wallboard.snapshot import Snapshot

log = logging.getLogger(__name__)

MIN_GAP_S = 0.2
IDLE_S = 5.0


class WallboardFeed:
    def __init__(
        self,
        build: Callable[[], Awaitable[Snapshot]],
        subscribe: Callable[[], Subscription],
        *,
        min_gap_s: float = MIN_GAP_S,
        idle_s: float = IDLE_S,
    ) -> None:
        self._build = build
        self._subscribe = subscribe
        self.min_gap_s = min_gap_s
        self.idle_s = idle_s
        self._lock = asyncio.Lock()
        self._latest: Snapshot | None = None
        self._latest_from = float("-inf")
        """Loop time at which the latest snapshot's rebuild began."""
        self._listeners: set[asyncio.Queue[Snapshot]] = set()
        self._task: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        """Whether the feed follows the bus (while a screen listens)."""
        return self._task is not None

    async def snapshot(self) -> Snapshot:
        """A snapshot built after this call began."""
        asked = asyncio.get_running_loop().time()
        async with self._lock:
            if self._latest is None or self._latest_from < asked:
                self._latest_from = asyncio.get_running_loop().time()
                self._latest = await self._build()
            return self._latest

    async def listen(self) -> AsyncIterator[Snapshot]:
        """The current snapshot, then each new one (a slow reader skips to the newest)."""
        inbox: asyncio.Queue[Snapshot] = asyncio.Queue(maxsize=1)
        self._listeners.add(inbox)
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="tamas-wallboard-feed")
        try:
            yield await self.snapshot()
            while True:
                yield await inbox.get()
        finally:
            self._listeners.discard(inbox)

    def _publish(self, snapshot: Snapshot) -> None:
        for inbox in self._listeners:
            if inbox.full():
                inbox.get_nowait()
            inbox.put_nowait(snapshot)

    async def _watch(self, stale: asyncio.Event) -> None:
        """Mark the snapshot stale on every event; resubscribe after falling behind."""
        while True:
            subscription = self._subscribe()
            try:
                async for _event in subscription:
                    stale.set()
                return  # the bus closed: the server is stopping
            except SubscriberTooSlowError:
                stale.set()
            finally:
                subscription.close()

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        stale = asyncio.Event()
        watcher = asyncio.create_task(self._watch(stale))
        try:
            while self._listeners:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stale.wait(), self.idle_s)
                stale.clear()
                began = loop.time()
                try:
                    self._publish(await self.snapshot())
                except Exception:
                    log.exception("the wallboard snapshot could not be built")
                await asyncio.sleep(max(self.min_gap_s, 2 * (loop.time() - began)))
        finally:
            watcher.cancel()
            self._task = None

    async def close(self) -> None:
        """Stop rebuilding (the server is stopping)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
