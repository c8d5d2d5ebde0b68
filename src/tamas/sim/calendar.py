"""The simulator's virtual clock: a calendar of actions kept in a binary heap.

Time jumps from one scheduled action to the next, so a simulated day takes as long as
its decisions, not as long as a day. The calendar is also the router's `Clock`, which is
how the simulator drives the very router that runs in production.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable


class Calendar:
    """Actions to run at virtual times; ties run in the order they were scheduled."""

    __slots__ = ("_heap", "_now", "_seq")

    def __init__(self, start: float = 0.0) -> None:
        self._now = start
        self._heap: list[tuple[float, int, Callable[..., object], tuple[object, ...]]] = []
        self._seq = 0

    def now(self) -> float:
        return self._now

    def call_at(self, when: float, action: Callable[..., object], *args: object) -> None:
        if when < self._now:
            raise ValueError(f"cannot schedule in the past ({when} < {self._now})")
        self._seq += 1
        heapq.heappush(self._heap, (when, self._seq, action, args))

    def run(self, until: float) -> None:
        """Run every action due at or before `until`, then set the clock to `until`."""
        heap = self._heap
        pop = heapq.heappop
        while heap and heap[0][0] <= until:
            when, _, action, args = pop(heap)
            self._now = when
            action(*args)
        self._now = max(self._now, until)
