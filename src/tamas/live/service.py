"""The live router: the pure `tamas.acd.Acd` on the asyncio loop, its events persisted
and published.

The server's API handlers and the telephony adapters call `LiveAcd.apply` with a router
operation (a contact arrived, an agent answered, an agent paused...). The operation runs
at once on the loop; what the router wrote — and what its timers write later (wrap-up
ends, ring timeouts, overflow) — is appended to the event log (`tamas.events.EventLog`,
e.g. `tamas.store.SqlEventLog`) by one writer task, in order, off the loop's thread, and
then published on the event bus (`tamas.live.bus`; the server turns a subscription into
an SSE stream). `apply` returns once its events are stored and published, so an API
answer never promises what the log does not hold.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from tamas.acd import Acd, AcdListener, EventRecorder
from tamas.events import Event, EventLog, events_to_frame
from tamas.live.bus import EventBus, InProcessBus, Subscription
from tamas.live.clock import LoopClock

P = ParamSpec("P")
T = TypeVar("T")

SOURCE = "tamas.acd"


class LiveAcd:
    """A router on the running loop, with its events stored in `log` and published on
    `bus` (default: a bus of its own, in-process, closed by `stop`).

    Create it inside the running loop, `await start(configure)` with the queues and
    agents, then feed it with `apply`. `listener` hears offers and answers (to ring
    phones); like every router listener it must not call the router back directly but
    schedule an `apply`.
    """

    def __init__(
        self,
        log: EventLog,
        *,
        bus: EventBus | None = None,
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
        self._own_bus = bus is None
        self.bus = bus or InProcessBus()
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
        """Store what is pending, stop the writer, close the bus if it is the service's
        own, and let the garbage collector scan the frozen objects again."""
        if self._writer is None:
            return
        await self._batches.join()
        self._writer.cancel()
        self._writer = None
        gc.unfreeze()
        if self._own_bus:
            await self.bus.close()

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

    async def append(self, events: list[Event]) -> None:
        """Store and publish events that are not the router's (the agent desktop's), in
        order with the router's."""
        if self._writer is None:
            raise RuntimeError("LiveAcd.start() first")
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._flush()
        self._batches.put_nowait((events, done))
        await done

    def subscribe(self, agent: str | None = None, maxsize: int = 10_000) -> Subscription:
        """The events published on the bus from now on (only `agent`'s, if given)."""
        return self.bus.subscribe(agent, maxsize)

    def _flush(self, done: asyncio.Future[None] | None = None) -> None:
        events = self._recorder.events
        if events or done is not None:
            self._recorder.events = []
            self._batches.put_nowait((events, done))

    async def _write(self) -> None:
        """Store and publish batches in order. Under load, the batches that queued while
        one was being written are written together, in one transaction: a busy router
        pays one append for many operations instead of one each."""
        while True:
            group = [await self._batches.get()]
            while not self._batches.empty():
                group.append(self._batches.get_nowait())
            events = [event for batch, _done in group for event in batch]
            waiting = [done for _batch, done in group if done is not None]
            try:
                if events:
                    await asyncio.to_thread(self._log.append, events_to_frame(events))
                    await self.bus.publish(events)
            except Exception as error:
                for done in waiting:
                    done.set_exception(error)
                if len(waiting) < len(group):
                    raise
            else:
                for done in waiting:
                    done.set_result(None)
            finally:
                for _ in group:
                    self._batches.task_done()
