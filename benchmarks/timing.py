"""The one way the benchmarks time a piece of work: the best of several runs, in wall
and CPU seconds (the machine may be shared; the least disturbed run is the fairest)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

Result = TypeVar("Result")


def best(repeat: int, work: Callable[[], Result]) -> tuple[float, float, Result]:
    """Best wall and CPU seconds of `repeat` runs, and the last result."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus), result
