"""The live router service: `tamas.acd` on the asyncio loop, persisting and publishing its
events. An adapter: the server (API, SSE) and telephony connectors build on it."""

from tamas.live.clock import LoopClock
from tamas.live.service import LiveAcd, SubscriberTooSlowError, Subscription

__all__ = ["LiveAcd", "LoopClock", "SubscriberTooSlowError", "Subscription"]
