"""The live router: the pure `tamas.acd.Acd` on the asyncio loop, its events persisted
and published.

The server's API handlers and the telephony adapters call `LiveAcd.apply` with a router
operation (a contact arrived, an agent answered, an agent paused...). The operation runs
at once on the loop; what the router wrote — and what its timers write later (wrap-up
ends, ring timeouts, overflow) — is appended to the event log (`tamas.events.EventLog`,
e.g. `tamas.store.SqlEventLog`) by one writer task, in order, off the loop's thread, and
then handed to every subscriber (the server turns a subscription into an SSE stream).
`apply` returns once its events are stored and published, so an API answer never
promises what the log does not hold.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator, Callable
from typing import Concatenate, ParamSpec, TypeVar

from tamas.acd import Acd, AcdListener, EventRecorder
from tamas.events import Event, EventLog, events_to_frame
from tamas.live.clock import LoopClock

P = ParamSpec("P")
T = TypeVar("T")

SOURCE = "tamas.acd"


class SubscriberTooSlowError(Exception):
    """A subscription fell `maxsize` events behind and was closed; resubscribe and read
    what was missed from the log."""


class Subscription:
    """The events published after subscribing, in log order: `async for event in sub`."""

    def __init__(self, subscribers: set[Subscription], maxsize: int) -> None:
        self._subscribers = subscribers
        self._queue: asyncio.Queue[Event | None] = asyncio.Queue(maxsize)
        self._overflowed = False
        subscribers.add(self)

    def deliver(self, events: list[Event]) -> None:
        """Queue published events for the reader; past `maxsize` unread, close."""
        if self._overflowed:
            return
        for event in events:
            if self._queue.full():
                self._overflowed = True
                self.close()
                return
            self._queue.put_nowait(event)

    def close(self) -> None:
        """Stop receiving; a reader waiting for the next event ends its loop."""
        self._subscribers.discard(self)
        if self._queue.full():
            self._queue.get_nowait()
        self._queue.put_nowait(None)

    def __aiter__(self) -> AsyncIterator[Event]:
        return self._events()

    async def _events(self) -> AsyncIterator[Event]:
        while (event := await self._queue.get()) is not None:
            yield event
        if self._overflowed:
            raise SubscriberTooSlowError("the subscription fell behind and was closed")


class LiveAcd:
    """A router on the running loop, with its events stored in `log` and published.

    Create it inside the running loop, `await start(configure)` with the queues and
    agents, then feed it with `apply`. `listener` hears offers and answers (to ring
    phones); like every router listener it must not call the router back directly but
    schedule an `apply`.
    """

    def __init__(
        self,
        log: EventLog,
        *,
        listener: AcdListener | None = None,
        source: str = SOURCE,
        max_missed_offers: int = 3,
    ) -> None:
        self._log = log
        self._recorder = EventRecorder(source)
        self._clock = LoopClock(asyncio.get_running_loop(), after=self._flush)
        self.acd = Acd(self._clock, self._recorder, listener, max_missed_offers=max_missed_offers)
        """The router, for reading (queues, agents, waiting contacts); change it via `apply`."""
        self._batches: asyncio.Queue[tuple[list[Event], asyncio.Future[None] | None]] = (
            asyncio.Queue()
        )
        self._subscribers: set[Subscription] = set()
        self._writer: asyncio.Task[None] | None = None

    async def start(self, configure: Callable[[Acd], object] | None = None) -> None:
        """Set the router up with `configure` (add queues, log agents in), freeze what
        exists then out of the garbage collector's scans — a big center's configuration
        would otherwise be walked on every full collection, a pause in the middle of
        routing — and start storing and publishing; returns once the set-up's events are
        stored."""
        if self._writer is not None:
            raise RuntimeError("LiveAcd started already")
        if configure is not None:
            configure(self.acd)
        gc.collect()
        gc.freeze()
        self._writer = asyncio.create_task(self._write(), name="tamas-live-writer")
        await self.apply(lambda acd: None)

    async def stop(self) -> None:
        """Store what is pending, stop the writer, close every subscription, and let the
        garbage collector scan the frozen objects again."""
        if self._writer is None:
            return
        await self._batches.join()
        self._writer.cancel()
        self._writer = None
        gc.unfreeze()
        for subscription in list(self._subscribers):
            subscription.close()

    async def apply(
        self, operation: Callable[Concatenate[Acd, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Run a router operation, e.g. `await live.apply(Acd.enqueue, "c1", "support")`,
        and return its result once its events are stored and published. The router's
        errors (`IllegalTransitionError`, `ValueError`) are raised as they are; events it
        wrote before failing are stored all the same."""
        if self._writer is None:
            raise RuntimeError("LiveAcd.start() first")
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        try:
            return operation(self.acd, *args, **kwargs)
        finally:
            self._flush(done)
            await done

    def subscribe(self, maxsize: int = 10_000) -> Subscription:
        return Subscription(self._subscribers, maxsize)

    def _flush(self, done: asyncio.Future[None] | None = None) -> None:
        events = self._recorder.events
        if events or done is not None:
            self._recorder.events = []
            self._batches.put_nowait((events, done))

    async def _write(self) -> None:
        while True:
            events, done = await self._batches.get()
            try:
                if events:
                    await asyncio.to_thread(self._log.append, events_to_frame(events))
                    for subscription in list(self._subscribers):
                        subscription.deliver(events)
            except Exception as error:
                if done is None:
                    raise
                done.set_exception(error)
            else:
                if done is not None:
                    done.set_result(None)
            finally:
                self._batches.task_done()
