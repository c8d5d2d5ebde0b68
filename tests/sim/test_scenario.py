from __future__ import annotations

import pytest

from tamas.acd import Overflow, SkillNeed, Strategy
from tamas.errors import InputError
from tamas.sim import Exponential, parse_scenario

ISSUE_EXAMPLE = """
[simulation]
duration_s = 86400
warmup_s = 3600
seed = 1
[[queue]]
name = "support"
arrival_rate_per_hour = 360
service = { distribution = "exponential", mean_s = 180 }
patience = { distribution = "exponential", mean_s = 120 }   # absent: never abandons
sl_threshold_s = 20
[[agents]]
count = 20
skills = ["support"]
"""


def test_the_issue_example_reads() -> None:
    scenario = parse_scenario(ISSUE_EXAMPLE)
    assert scenario.simulation.warmup_s == 3600
    queue = scenario.queue[0]
    assert queue.service == Exponential(mean_s=180)
    assert queue.config().skills == (SkillNeed("support"),)
    assert scenario.agents[0].levels() == {"support": 5}


def test_routing_options_reach_the_router() -> None:
    scenario = parse_scenario(
        """
        [simulation]
        duration_s = 3600
        [[queue]]
        name = "billing"
        arrival_rate_per_hour = 60
        service = { distribution = "lognormal", mean_s = 200, sd_s = 120 }
        strategy = "skill_level_first"
        priority = 2
        min_level = 4
        ring_s = 5
        profile = [0.5, 1.5]
        overflow = [{ after_s = 60, skills = { sales = 7 } }, { after_s = 300, queue = "sales" }]
        [[queue]]
        name = "sales"
        arrival_rate_per_hour = 10
        service = { distribution = "empirical", values_s = [60, 120, 600] }
        [[agents]]
        count = 3
        skills = { billing = 8, sales = 3 }
        """
    )
    config = scenario.queue[0].config()
    assert config.strategy is Strategy.SKILL_LEVEL_FIRST
    assert (config.priority, config.auto_answer) == (2, False)
    assert config.skills == (SkillNeed("billing", 4),)
    assert config.overflow == (
        Overflow(60, (SkillNeed("sales", 7),)),
        Overflow(300, queue="sales"),
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("mean_s = 180", "mean_s = -1"),
            "queue[0].service.mean_s: Input should be greater than 0",
        ),
        (('"exponential", mean_s = 180', '"gamma", mean_s = 180'), "queue[0].service: Input tag"),
        (("count = 20", "count = 0"), "agents[0].count: Input should be greater than 0"),
        (("warmup_s = 3600", "warmup_s = 90000"), "simulation: Value error, warmup_s"),
        (("sl_threshold_s = 20", "sl_threshold = 20"), "queue[0].sl_threshold: Extra inputs"),
        (
            ('skills = ["support"]', "skills = { support = 11 }"),
            "agents[0].skills.support: Input should be less than or equal to 10",
        ),
        (("seed = 1", "seed = "), "not valid TOML"),
        (
            ("sl_threshold_s = 20", 'hours = { open = { friday = "08:00-12:00" } }'),
            "queue[0].hours: Value error, unknown weekday 'friday'",
        ),
    ],
)
def test_errors_name_the_field(change: tuple[str, str], message: str) -> None:
    with pytest.raises(InputError, match=r"^day\.toml: ") as error:
        parse_scenario(ISSUE_EXAMPLE.replace(*change), "day.toml")
    assert message in str(error.value)


def test_an_overflow_to_an_unknown_queue_is_refused() -> None:
    text = ISSUE_EXAMPLE.replace(
        "sl_threshold_s = 20", 'sl_threshold_s = 20\noverflow = [{ after_s = 5, queue = "x" }]'
    )
    with pytest.raises(InputError, match="overflow to unknown queue x"):
        parse_scenario(text)


def test_a_transfer_to_an_unknown_queue_is_refused() -> None:
    text = ISSUE_EXAMPLE.replace(
        "sl_threshold_s = 20", 'sl_threshold_s = 20\ntransfer = { queue = "x", share = 0.1 }'
    )
    with pytest.raises(InputError, match="transfer to unknown queue x"):
        parse_scenario(text)
    with pytest.raises(InputError, match=r"queue\[0\]\.transfer\.share"):
        parse_scenario(text.replace('"x", share = 0.1', '"support", share = 2'))
