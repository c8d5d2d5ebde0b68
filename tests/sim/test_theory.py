"""The simulator agrees with queueing theory: M/M/n with Erlang C, M/M/n+M with Erlang A.

The theory is `tamas.wfm.erlang` (itself checked against published tables, exact
arithmetic and an independent birth-death chain in tests/wfm). Each figure of the theory
must lie within the 95% confidence interval of independent replications of a long day:
the share of contacts answered within 20 s (service level), the share that waited at
all (P(wait)), the share that abandoned, and the mean wait of answered contacts (ASA).
Each check alone misses with a chance of 5% for a random seed; the seed is fixed, so the
test is repeatable (checked to pass on other seeds too, not tuned to this one).
"""

from __future__ import annotations

import polars as pl
import pytest

from tamas.sim import half_width, parse_scenario, replicate
from tamas.wfm import Traffic, performance

AGENTS = 5
CALLS_PER_HOUR = 240
AHT_S = 60
PATIENCE_S = 90
THRESHOLD_S = 20


def simulated(patience: str) -> dict[str, list[float]]:
    text = f"""
    [simulation]
    duration_s = 40000
    warmup_s = 2000
    seed = 1
    [[queue]]
    name = "support"
    arrival_rate_per_hour = {CALLS_PER_HOUR}
    service = {{ distribution = "exponential", mean_s = {AHT_S} }}
    {patience}
    [[agents]]
    count = {AGENTS}
    skills = ["support"]
    """
    figures: dict[str, list[float]] = {
        "service_level": [],
        "p_wait": [],
        "abandon_rate": [],
        "asa_s": [],
    }
    for events in replicate(parse_scenario(text), 9):
        queued = events.filter(pl.col("type") == "contact.queued").height
        waits = events.filter(pl.col("type") == "contact.answered").get_column("wait_s")
        abandoned = events.filter(pl.col("type") == "contact.abandoned").height
        figures["service_level"].append(float((waits <= THRESHOLD_S).sum()) / queued)
        figures["p_wait"].append(1 - float((waits == 0).sum()) / queued)
        figures["abandon_rate"].append(abandoned / queued)
        figures["asa_s"].append(float(waits.mean()))
    return figures


@pytest.mark.parametrize("patience_s", [None, PATIENCE_S], ids=["erlang_c", "erlang_a"])
def test_the_simulation_agrees_with_erlang(patience_s: float | None) -> None:
    patience = (
        ""
        if patience_s is None
        else (f'patience = {{ distribution = "exponential", mean_s = {patience_s} }}')
    )
    traffic = Traffic([CALLS_PER_HOUR], aht_s=AHT_S, interval_s=3600, patience_s=patience_s)
    theory = performance([AGENTS], traffic, threshold_s=THRESHOLD_S)
    for name, values in simulated(patience).items():
        mean = sum(values) / len(values)
        expected = float(getattr(theory, name)[0])
        width = half_width(values)
        assert width is not None
        assert abs(mean - expected) <= width, (name, mean, width, expected)
