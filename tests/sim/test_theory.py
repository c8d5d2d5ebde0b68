"""The simulator agrees with queueing theory: M/M/n with Erlang C, M/M/n+M with Erlang A.

The reference is computed here independently of any Erlang formula: the stationary
distribution of the birth-death chain of the number of contacts in the center (arrivals
at rate λ; departures at min(k, n)·μ for service plus max(k - n, 0)·θ for abandonment),
with PASTA for what an arriving contact sees. Each check asks the theory value to lie in
the 95% confidence interval of independent replications.
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl

from tamas.sim import parse_scenario, replicate

T_975 = {8: 2.306}
"""Student's t 0.975 quantile, by degrees of freedom (replications - 1)."""


def stationary(arrival: float, service: float, agents: int, abandon: float) -> np.ndarray:
    size = 400
    k = np.arange(1, size)
    departures = np.minimum(k, agents) * service + np.maximum(k - agents, 0) * abandon
    weights = np.concatenate([[1.0], np.cumprod(arrival / departures)])
    return weights / weights.sum()


def p_wait(pi: np.ndarray, agents: int) -> float:
    return float(pi[agents:].sum())


def p_answered_within(pi: np.ndarray, agents: int, service: float, seconds: float) -> float:
    """P(W <= t) without abandonment: a contact finding k >= n waits for k - n + 1
    completions at rate n·μ, an Erlang time: P = 1 - P(Poisson(n·μ·t) <= k - n)."""
    x = agents * service * seconds
    i = np.arange(len(pi) - agents)
    log_factorial = np.concatenate([[0.0], np.cumsum(np.log(i[1:]))])
    poisson_cdf = np.cumsum(np.exp(-x + i * math.log(x) - log_factorial))
    return float(pi[:agents].sum() + (pi[agents:] * (1 - poisson_cdf)).sum())


def scenario(patience: str, replications: int) -> list[pl.DataFrame]:
    text = f"""
    [simulation]
    duration_s = 40000
    warmup_s = 2000
    seed = 2024
    [[queue]]
    name = "support"
    arrival_rate_per_hour = 240
    service = {{ distribution = "exponential", mean_s = 60 }}
    {patience}
    [[agents]]
    count = 5
    skills = ["support"]
    """
    return replicate(parse_scenario(text), replications)


def interval(values: list[float]) -> tuple[float, float]:
    sample = np.asarray(values)
    half = T_975[len(sample) - 1] * sample.std(ddof=1) / math.sqrt(len(sample))
    return float(sample.mean()), float(half)


def test_m_m_n_matches_erlang_c() -> None:
    pi = stationary(arrival=4 / 60, service=1 / 60, agents=5, abandon=0.0)
    waited, within_20 = [], []
    for events in scenario("", replications=9):
        waits = events.filter(pl.col("type") == "contact.answered").get_column("wait_s")
        waited.append(float((waits > 0).mean()))
        within_20.append(float((waits <= 20).mean()))
    mean, half = interval(waited)
    assert abs(mean - p_wait(pi, 5)) <= half, (mean, half, p_wait(pi, 5))
    mean, half = interval(within_20)
    theory = p_answered_within(pi, 5, 1 / 60, 20)
    assert abs(mean - theory) <= half, (mean, half, theory)


def test_m_m_n_m_matches_erlang_a() -> None:
    arrival, abandon = 4 / 60, 1 / 90
    pi = stationary(arrival, service=1 / 60, agents=5, abandon=abandon)
    queue_length = float((np.maximum(np.arange(len(pi)) - 5, 0) * pi).sum())
    patience = 'patience = { distribution = "exponential", mean_s = 90 }'
    waited, abandoned = [], []
    for events in scenario(patience, replications=9):
        queued = events.filter(pl.col("type") == "contact.queued").height
        answered = events.filter(pl.col("type") == "contact.answered").get_column("wait_s")
        gave_up = events.filter(pl.col("type") == "contact.abandoned").height
        waited.append(1 - float((answered == 0).sum()) / queued)
        abandoned.append(gave_up / queued)
    mean, half = interval(waited)
    assert abs(mean - p_wait(pi, 5)) <= half, (mean, half, p_wait(pi, 5))
    mean, half = interval(abandoned)
    theory = abandon * queue_length / arrival
    assert abs(mean - theory) <= half, (mean, half, theory)
