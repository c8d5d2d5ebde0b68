"""The router's clock in production: wall time, and timers on the asyncio loop."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


class LoopClock:
    """`tamas.acd.Clock` on an asyncio loop.

    `now()` is wall time (seconds since the Unix epoch, as events are stamped); a timer
    for wall time `when` is set on the loop's monotonic clock for the same distance
    ahead, so a change of the system clock does not make it fire early or late. Each
    action runs through `after`, which the service uses to persist what it wrote.
    """

    def __init__(
        self, loop: asyncio.AbstractEventLoop, after: Callable[[], object] | None = None
    ) -> None:
        self._loop = loop
        self._after = after

    def now(self) -> float:
        return time.time()

    def call_at(self, when: float, action: Callable[..., object], *args: object) -> None:
        delay = max(0.0, when - time.time())
        self._loop.call_at(self._loop.time() + delay, self._run, action, args)

    def _run(self, action: Callable[..., object], args: tuple[object, ...]) -> None:
        try:
            action(*args)
        finally:
            if self._after is not None:
                self._after()
