"""The event bus: how live events reach every listener — the SSE streams of this server
process and, through a shared broker, those of the others.

`EventBus` is the interface; `InProcessBus` (the default, one process) hands published
events straight to this process's subscriptions; `tamas.live.nats.NatsBus` sends them
through NATS JetStream and hands what comes back from the broker — its own events and
other processes' — to its local subscriptions the same way. A subscription either takes
every event or only one agent's (an agent's own stream), so that publishing to hundreds
of signed-in agents touches only the streams an event is for.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from typing import Protocol

from tamas.events import Event


class SubscriberTooSlowError(Exception):
    """A subscription fell `maxsize` events behind and was closed; resubscribe and read
    what was missed from the log."""


class Subscription:
    """The events published after subscribing, in order: `async for event in sub`."""

    def __init__(self, fanout: Fanout, agent: str | None, maxsize: int) -> None:
        self.agent = agent
        self._fanout = fanout
        self._queue: asyncio.Queue[Event | None] = asyncio.Queue(maxsize)
        self._overflowed = False
        self._closed = False

    def deliver(self, event: Event) -> None:
        """Queue a published event for the reader; past `maxsize` unread, close."""
        if self._closed:
            return
        if self._queue.full():
            self._overflowed = True
            self.close()
            return
        self._queue.put_nowait(event)

    def close(self) -> None:
        """Stop receiving; a reader waiting for the next event ends its loop."""
        if self._closed:
            return
        self._closed = True
        self._fanout.remove(self)
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


class Fanout:
    """This process's subscriptions: those that take every event, and each agent's."""

    def __init__(self) -> None:
        self._everyone: set[Subscription] = set()
        self._by_agent: dict[str, set[Subscription]] = {}

    def add(self, agent: str | None, maxsize: int) -> Subscription:
        subscription = Subscription(self, agent, maxsize)
        if agent is None:
            self._everyone.add(subscription)
        else:
            self._by_agent.setdefault(agent, set()).add(subscription)
        return subscription

    def remove(self, subscription: Subscription) -> None:
        if subscription.agent is None:
            self._everyone.discard(subscription)
            return
        agents = self._by_agent.get(subscription.agent)
        if agents is not None:
            agents.discard(subscription)
            if not agents:
                del self._by_agent[subscription.agent]

    def deliver(self, events: Sequence[Event]) -> None:
        for event in events:
            for subscription in list(self._everyone):
                subscription.deliver(event)
            if event.agent is not None and event.agent in self._by_agent:
                for subscription in list(self._by_agent[event.agent]):
                    subscription.deliver(event)

    def close(self) -> None:
        for subscription in [*self._everyone, *(s for g in self._by_agent.values() for s in g)]:
            subscription.close()


class EventBus(Protocol):
    async def start(self) -> None:
        """Connect (a broker) before the first publish or subscribe."""
        ...

    async def publish(self, events: Sequence[Event]) -> None:
        """Hand stored events to every subscription of every process, in order."""
        ...

    def subscribe(self, agent: str | None = None, maxsize: int = 10_000) -> Subscription:
        """Every event published from now on, or only those whose `agent` is `agent`."""
        ...

    async def close(self) -> None:
        """Close every subscription of this process and disconnect."""
        ...


class InProcessBus:
    """The bus of a single server process: publishing delivers at once."""

    def __init__(self) -> None:
        self._fanout = Fanout()

    async def start(self) -> None:
        return None

    async def publish(self, events: Sequence[Event]) -> None:
        self._fanout.deliver(events)

    def subscribe(self, agent: str | None = None, maxsize: int = 10_000) -> Subscription:
        return self._fanout.add(agent, maxsize)

    async def close(self) -> None:
        self._fanout.close()
