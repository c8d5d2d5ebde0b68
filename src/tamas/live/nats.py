"""The event bus between server processes: NATS JetStream.

Every process publishes the events its router stored to one JetStream stream, one
subject per event type (`<prefix>.events.contact.offered`, `<prefix>.events.agent.ready`...),
with the event id as the message id (JetStream drops a repeat within its duplicate
window). Each process reads the stream back through an ordered consumer that starts
with the newest message, and hands every event — its own and the other processes' — to
its local subscriptions. The stream keeps events for a short while only: the event log
in the database is the record, the stream is the delivery.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

import nats
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.errors import Error as NatsError
from nats.js.api import DeliverPolicy, StorageType, StreamConfig
from nats.js.errors import BadRequestError

from tamas.errors import InputError
from tamas.events import Event
from tamas.live.bus import Fanout, Subscription
from tamas.live.wire import decode, encode

log = logging.getLogger(__name__)

KEEP_S = 3600.0
"""How long the stream keeps an event (a process that reconnects within it catches up)."""
CONNECT_TIMEOUT_S = 5.0
"""How long the first connection may take; after that the client reconnects forever."""
PUBLISH_TIMEOUT_S = 5.0
"""How long a publish waits for the broker's acknowledgements before giving up on them."""


def stream_name(prefix: str) -> str:
    return f"{prefix.upper().replace('.', '_').replace('-', '_')}_EVENTS"


class NatsBus:
    """`EventBus` over NATS JetStream at `url` (nats://127.0.0.1:4222); `prefix` names
    the subjects and the stream, so that several centers can share one NATS server."""

    def __init__(
        self, url: str, prefix: str = "tamas", connect_timeout_s: float = CONNECT_TIMEOUT_S
    ) -> None:
        self.url = url
        self.connect_timeout_s = connect_timeout_s
        self.prefix = prefix
        self.stream = stream_name(prefix)
        self._fanout = Fanout()
        self._client: Client | None = None

    def subject(self, event: Event) -> str:
        return f"{self.prefix}.events.{event.type.value}"

    async def start(self) -> None:
        try:
            self._client = await asyncio.wait_for(
                nats.connect(self.url, max_reconnect_attempts=-1), self.connect_timeout_s
            )
        except (TimeoutError, OSError, NatsError) as error:
            raise InputError(
                f"TAMAS_BUS_URL: cannot reach NATS at {self.url} ({error or type(error).__name__})"
            ) from None
        jetstream = self._client.jetstream()
        config = StreamConfig(
            name=self.stream,
            subjects=[f"{self.prefix}.events.>"],
            max_age=KEEP_S,
            storage=StorageType.MEMORY,
            duplicate_window=60.0,
        )
        try:
            await jetstream.add_stream(config)
        except BadRequestError:
            await jetstream.update_stream(config)
        await jetstream.subscribe(
            f"{self.prefix}.events.>",
            stream=self.stream,
            cb=self._received,
            ordered_consumer=True,
            deliver_policy=DeliverPolicy.NEW,
        )

    async def _received(self, message: Msg) -> None:
        try:
            event = decode(message.data)
        except (ValueError, KeyError, TypeError) as error:
            log.warning("ignored a message on %s that is not an event: %s", message.subject, error)
            return
        self._fanout.deliver([event])

    async def publish(self, events: Sequence[Event]) -> None:
        """Send the events and wait for the broker to have them. When it cannot be reached
        the events are stored all the same (the caller stored them first) but streams miss
        them: that is logged, not raised, so the router goes on serving contacts."""
        if self._client is None:
            raise RuntimeError("NatsBus.start() first")
        jetstream = self._client.jetstream()
        try:
            acks = [
                await jetstream.publish_async(
                    self.subject(event),
                    encode(event),
                    stream=self.stream,
                    headers={"Nats-Msg-Id": event.event_id},
                    wait_stall=PUBLISH_TIMEOUT_S,
                )
                for event in events
            ]
            await asyncio.wait_for(asyncio.gather(*acks), PUBLISH_TIMEOUT_S)
        except (TimeoutError, NatsError) as error:
            log.warning("%d events not published on NATS: %r", len(events), error)

    def subscribe(self, agent: str | None = None, maxsize: int = 10_000) -> Subscription:
        return self._fanout.add(agent, maxsize)

    async def close(self) -> None:
        self._fanout.close()
        if self._client is not None:
            await self._client.drain()
            self._client = None
