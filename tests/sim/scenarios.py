"""Scenario files shared by the simulator's tests and the CLI's."""

SMALL_DAY = """
[simulation]
duration_s = 7200
warmup_s = 600
seed = 7
[[queue]]
name = "support"
arrival_rate_per_hour = 240
service = { distribution = "exponential", mean_s = 120 }
patience = { distribution = "exponential", mean_s = 60 }
wrap_up_s = 10
[[agents]]
count = 8
skills = ["support"]
"""

SALES = """
[[queue]]
name = "sales"
arrival_rate_per_hour = 60
service = { distribution = "exponential", mean_s = 90 }
sl_threshold_s = 40
"""

TWO_QUEUES = (
    SMALL_DAY.replace('skills = ["support"]', 'skills = ["support", "sales"]').replace(
        "wrap_up_s = 10", "sl_threshold_s = 15"
    )
    + SALES
)
"""Support (with a 15 s threshold) and sales (40 s), served by the same eight agents."""
