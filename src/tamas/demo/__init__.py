"""Demo data made by Tamas itself: a believable Iranian contact center's Asterisk logs.

Used by `tamas generate`, `make demo`, tests that need realistic volume, and benchmarks.
"""

from tamas.demo.queue_log import CALLS_PER_DAY, QueueLogSummary, generate_queue_log

__all__ = ["CALLS_PER_DAY", "QueueLogSummary", "generate_queue_log"]
