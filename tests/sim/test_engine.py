from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import polars as pl
import pytest

from tamas.events import EVENT_SCHEMA, frame_to_events
from tamas.sim import (
    Calendar,
    Deterministic,
    Empirical,
    Exponential,
    Lognormal,
    parse_scenario,
    poisson_arrivals,
    replicate,
    simulate,
)
from tests.sim.scenarios import SMALL_DAY

OUTCOMES = ["contact.answered", "contact.abandoned", "contact.exited"]


def outcome_counts(events: pl.DataFrame) -> pl.DataFrame:
    entries = events.filter(pl.col("contact_id").is_not_null())
    return entries.group_by("contact_id", "queue").agg(
        pl.col("type").filter(pl.col("type") == "contact.queued").len().alias("queued"),
        pl.col("type").filter(pl.col("type").is_in(OUTCOMES)).len().alias("outcomes"),
        pl.col("type").filter(pl.col("type") == "contact.ended").len().alias("ended"),
    )


def test_a_run_is_an_event_log_repeatable_by_seed() -> None:
    scenario = parse_scenario(SMALL_DAY)
    first = simulate(scenario)
    assert first.schema == pl.Schema(EVENT_SCHEMA)
    assert first.equals(simulate(scenario))
    assert not first.equals(simulate(scenario, seed=8))
    assert first.get_column("event_id").n_unique() == first.height
    assert set(first.get_column("source")) == {"tamas.sim"}
    assert frame_to_events(first.head(50))


def test_every_contact_of_a_drained_day_ends_once() -> None:
    events = simulate(parse_scenario(SMALL_DAY))
    counts = outcome_counts(events)
    assert counts.height > 300
    assert (counts.get_column("queued") == 1).all()
    assert (counts.get_column("outcomes") == 1).all()
    answered = events.filter(pl.col("type") == "contact.answered").height
    assert events.filter(pl.col("type") == "contact.ended").height == answered
    assert events.filter(pl.col("type") == "contact.wrap_up_done").height == answered
    assert events.filter(pl.col("type") == "contact.abandoned").height > 0


def test_contacts_of_the_warm_up_are_not_counted() -> None:
    events = simulate(parse_scenario(SMALL_DAY))
    warm = datetime(2025, 1, 1, 0, 10, tzinfo=UTC)
    queued = events.filter(pl.col("type") == "contact.queued").get_column("ts")
    assert queued.min() >= warm
    assert events.filter(pl.col("type") == "agent.logged_in").height == 8


def test_without_drain_the_day_stops_at_its_end() -> None:
    scenario = parse_scenario(SMALL_DAY.replace("seed = 7", "seed = 7\ndrain = false"))
    events = simulate(scenario)
    assert events.get_column("ts").max() <= datetime(2025, 1, 1, 2, 0, tzinfo=UTC)


def test_ringing_takes_the_configured_time() -> None:
    scenario = parse_scenario(SMALL_DAY.replace("wrap_up_s = 10", "ring_s = 4"))
    answered = simulate(scenario).filter(pl.col("type") == "contact.answered")
    assert set(answered.get_column("ring_s")) == {4.0}


def test_replications_are_independent_and_keep_their_contacts_apart() -> None:
    runs = replicate(parse_scenario(SMALL_DAY), 3)
    assert len(runs) == 3
    ids = [set(run.get_column("contact_id").drop_nulls()) for run in runs]
    assert not ids[0] & ids[1]
    assert {i.split(".")[0] for i in ids[2]} == {"2"}
    sizes = {run.height for run in runs}
    assert len(sizes) > 1


def test_overflow_and_priorities_run_end_to_end() -> None:
    scenario = parse_scenario(
        """
        [simulation]
        duration_s = 3600
        seed = 3
        [[queue]]
        name = "billing"
        arrival_rate_per_hour = 120
        service = { distribution = "exponential", mean_s = 120 }
        overflow = [{ after_s = 30, queue = "general" }]
        [[queue]]
        name = "general"
        priority = 1
        arrival_rate_per_hour = 60
        service = { distribution = "exponential", mean_s = 120 }
        patience = { distribution = "exponential", mean_s = 300 }
        [[agents]]
        count = 3
        skills = ["billing", "general"]
        """
    )
    events = simulate(scenario)
    moved = events.filter((pl.col("type") == "contact.exited") & (pl.col("target") == "general"))
    assert moved.height > 0
    counts = outcome_counts(events)
    assert (counts.get_column("outcomes") == 1).all()


def test_arrivals_follow_the_profile() -> None:
    rng = np.random.default_rng(1)
    times = poisson_arrivals(rng, 1.0, 4000, profile=[1.0, 0.0], interval_s=1000)
    assert np.all(np.diff(times) >= 0)
    assert not np.any((times >= 1000) & (times < 2000))
    assert 1800 < len(times) < 2200


@pytest.mark.parametrize(
    "distribution",
    [
        Exponential(mean_s=180),
        Lognormal(mean_s=200, sd_s=100),
        Deterministic(value_s=30),
        Empirical(values_s=(10, 20, 90)),
    ],
)
def test_distributions_draw_around_their_mean(
    distribution: Exponential | Lognormal | Deterministic | Empirical,
) -> None:
    values = distribution.sample(np.random.default_rng(2), 20_000)
    assert values.min() >= 0
    assert values.mean() == pytest.approx(distribution.mean(), rel=0.03)


def test_the_lognormal_has_the_asked_spread() -> None:
    values = Lognormal(mean_s=200, sd_s=100).sample(np.random.default_rng(3), 50_000)
    assert values.std() == pytest.approx(100, rel=0.05)


def test_the_calendar_runs_in_time_order_and_refuses_the_past() -> None:
    calendar = Calendar(100.0)
    seen: list[tuple[float, str]] = []
    calendar.call_at(105.0, lambda: seen.append((calendar.now(), "b")))
    calendar.call_at(101.0, lambda: seen.append((calendar.now(), "a")))
    calendar.call_at(105.0, lambda: seen.append((calendar.now(), "c")))
    calendar.run(110.0)
    assert seen == [(101.0, "a"), (105.0, "b"), (105.0, "c")]
    assert calendar.now() == 110.0
    with pytest.raises(ValueError, match="past"):
        calendar.call_at(109.0, print)


def test_callers_who_take_a_callback_are_called_back_in_their_place() -> None:
    day = SMALL_DAY.replace("count = 8", "count = 6")
    events = simulate(
        parse_scenario(day.replace("wrap_up_s = 10", "callback = { after_s = 30, accept = 0.5 }"))
    )
    exits = events.filter(pl.col("type") == "contact.exited")
    assert set(exits.get_column("reason")) == {"callback"}
    called_back = events.filter(
        (pl.col("type") == "contact.queued") & pl.col("attrs").str.contains("callback_of")
    )
    assert called_back.height == exits.height > 10
    answered = events.filter(pl.col("type") == "contact.answered")
    assert answered.filter(pl.col("contact_id").str.ends_with("-callback")).height == exits.height
    assert (outcome_counts(events).get_column("outcomes") == 1).all()
    without = simulate(parse_scenario(day.replace("wrap_up_s = 10", "")))
    late = (pl.col("type") == "contact.abandoned") & (pl.col("wait_s") > 30)
    assert events.filter(late).height < without.filter(late).height


def test_contacts_arriving_out_of_hours_exit_closed() -> None:
    text = SMALL_DAY.replace(
        "duration_s = 7200", "duration_s = 86400\nstart = 2025-01-04T00:00:00Z"
    )
    hours = 'hours = { tz = "Asia/Tehran", open = { sat = "08:00-17:00" } }'
    events = simulate(parse_scenario(text.replace("wrap_up_s = 10", hours)))
    queued = events.filter(pl.col("type") == "contact.queued")
    exits = events.filter(pl.col("type") == "contact.exited")
    opening = datetime(2025, 1, 4, 4, 30, tzinfo=UTC)
    closing = datetime(2025, 1, 4, 13, 30, tzinfo=UTC)
    outside = queued.filter((pl.col("ts") < opening) | (pl.col("ts") >= closing))
    assert set(exits.get_column("reason")) == {"closed"}
    assert sorted(exits.get_column("contact_id")) == sorted(outside.get_column("contact_id"))
    assert 0 < outside.height < queued.height


TRANSFERRING_DAY = (
    SMALL_DAY.replace('skills = ["support"]', 'skills = ["support", "billing"]')
    + """
[[queue]]
name = "billing"
arrival_rate_per_hour = 0
service = { distribution = "exponential", mean_s = 60 }
patience = { distribution = "exponential", mean_s = 30 }
"""
)


def with_transfer(share: float, escalation: bool = False) -> str:
    return TRANSFERRING_DAY.replace(
        "wrap_up_s = 10",
        f'wrap_up_s = 10\ntransfer = {{ queue = "billing", share = {share}, '
        f"escalation = {str(escalation).lower()} }}",
    )


def test_a_transfer_share_passes_answered_contacts_on_to_another_queue() -> None:
    events = simulate(parse_scenario(with_transfer(1.0, escalation=True)))
    support = events.filter(pl.col("queue") == "support")
    answered = set(support.filter(pl.col("type") == "contact.answered")["contact_id"])
    moved = support.filter(pl.col("type") == "contact.transferred")
    assert answered and set(moved["contact_id"]) == answered
    assert set(moved["target"]) == {"billing"} and set(moved["reason"]) == {"escalation"}
    assert support.filter(pl.col("type") == "contact.ended").is_empty()
    billing = events.filter(pl.col("queue") == "billing")
    assert set(billing.filter(pl.col("type") == "contact.queued")["contact_id"]) == answered
    ends = billing.filter(pl.col("type").is_in([*OUTCOMES[1:], "contact.ended"]))
    assert ends["contact_id"].n_unique() == ends.height == len(answered)


def test_a_transfer_share_of_nought_changes_nothing_else() -> None:
    without = simulate(parse_scenario(TRANSFERRING_DAY))
    assert simulate(parse_scenario(with_transfer(0.0))).equals(without)
    some = simulate(parse_scenario(with_transfer(0.3)))
    transferred = some.filter(pl.col("type") == "contact.transferred").height
    assert 0 < transferred < some.filter(pl.col("type") == "contact.answered").height
