"""Handle times, patience and other durations, drawn from a seeded numpy Generator.

Each distribution is a small validated value (it is also the scenario file's format) that
draws many values at once: numpy draws a thousand numbers in the time Python takes for a
few, and `Draws` hands them out one by one to the event loop.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal, Protocol

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, PositiveFloat


class Sampler(Protocol):
    def mean(self) -> float:
        """The distribution's mean, in seconds."""
        ...

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray: ...


class _Distribution(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Exponential(_Distribution):
    """Memoryless durations: the M of M/M/n, and the usual model of patience."""

    distribution: Literal["exponential"] = "exponential"
    mean_s: PositiveFloat

    def mean(self) -> float:
        return self.mean_s

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return rng.exponential(self.mean_s, size)


class Lognormal(_Distribution):
    """Skewed durations, given by their own mean and standard deviation (not the log's)."""

    distribution: Literal["lognormal"] = "lognormal"
    mean_s: PositiveFloat
    sd_s: PositiveFloat

    def mean(self) -> float:
        return self.mean_s

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        sigma2 = math.log1p((self.sd_s / self.mean_s) ** 2)
        return rng.lognormal(math.log(self.mean_s) - sigma2 / 2, math.sqrt(sigma2), size)


class Deterministic(_Distribution):
    distribution: Literal["deterministic"] = "deterministic"
    value_s: float = Field(ge=0)

    def mean(self) -> float:
        return self.value_s

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return np.full(size, self.value_s)


class Empirical(_Distribution):
    """Durations resampled from observed ones (e.g. last month's handle times)."""

    distribution: Literal["empirical"] = "empirical"
    values_s: tuple[Annotated[float, Field(ge=0)], ...] = Field(min_length=1)

    def mean(self) -> float:
        return float(np.mean(self.values_s))

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return rng.choice(np.asarray(self.values_s, dtype=float), size)


Distribution = Annotated[
    Exponential | Lognormal | Deterministic | Empirical, Field(discriminator="distribution")
]


class Draws:
    """Values of one distribution handed out one at a time, drawn in batches."""

    __slots__ = ("_batch", "_distribution", "_rng", "_values")

    def __init__(self, distribution: Sampler, rng: np.random.Generator, batch: int = 4096) -> None:
        self._distribution = distribution
        self._rng = rng
        self._batch = batch
        self._values: list[float] = []

    def next(self) -> float:
        if not self._values:
            drawn = self._distribution.sample(self._rng, self._batch)
            self._values = drawn[::-1].tolist()
        return self._values.pop()
