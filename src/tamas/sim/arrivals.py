"""When contacts arrive: a Poisson process whose rate follows an intraday profile.

Within each profile interval the rate is constant, so the number of arrivals there is
Poisson and their times are uniform: the whole day is drawn in a few vectorised calls.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def poisson_arrivals(
    rng: np.random.Generator,
    rate_per_s: float,
    duration_s: float,
    profile: Sequence[float] = (1.0,),
    interval_s: float | None = None,
) -> np.ndarray:
    """Sorted arrival offsets in [0, duration_s).

    The rate in interval i is `rate_per_s * profile[i % len(profile)]`; intervals are
    `interval_s` long (the whole duration when there is no profile).
    """
    if rate_per_s < 0 or duration_s <= 0:
        raise ValueError("the rate must be >= 0 and the duration > 0")
    interval = duration_s if interval_s is None else interval_s
    starts = np.arange(0.0, duration_s, interval)
    lengths = np.minimum(interval, duration_s - starts)
    factors = np.resize(np.asarray(profile, dtype=float), len(starts))
    counts = rng.poisson(rate_per_s * factors * lengths)
    offsets = np.repeat(starts, counts) + rng.random(counts.sum()) * np.repeat(lengths, counts)
    offsets.sort()
    return offsets
