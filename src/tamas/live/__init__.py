"""The live router service: `tamas.acd` on the asyncio loop, persisting and publishing its
events through an event bus. An adapter: the server (API, SSE) and telephony connectors
build on it."""

from tamas.errors import InputError
from tamas.live.bus import EventBus, InProcessBus, SubscriberTooSlowError, Subscription
from tamas.live.clock import LoopClock
from tamas.live.nats import NatsBus
from tamas.live.service import LiveAcd


def open_bus(url: str | None, prefix: str = "tamas") -> EventBus:
    """The bus a server process publishes through: NATS JetStream for a `nats://` URL,
    in-process when there is none. Start it before use."""
    if url is None or not url.strip():
        return InProcessBus()
    if url.startswith(("nats://", "tls://")):
        return NatsBus(url, prefix)
    raise InputError(f"TAMAS_BUS_URL: expected a nats:// URL or nothing, got {url!r}")


__all__ = [
    "EventBus",
    "InProcessBus",
    "LiveAcd",
    "LoopClock",
    "NatsBus",
    "SubscriberTooSlowError",
    "Subscription",
    "open_bus",
]
