"""The supervisor's wallboard: each queue live and today against its targets, the
agents with their states, and what a supervisor does to an agent (docs/web.md).

An adapter like `tamas.desk`: it reads the live router, the event log (through the KPI
engine) and the database; the judgement of figures against targets
(`tamas.wallboard.assessment`) is pure.
"""

from tamas.wallboard.assessment import Alert, QueueFigures, Status, assess, projected_service_level
from tamas.wallboard.feed import WallboardFeed
from tamas.wallboard.snapshot import AgentBoard, QueueBoard, Snapshot, build_snapshot
from tamas.wallboard.targets import DEFAULTS, QueueTarget, Targets, queue_targets, set_targets

__all__ = [
    "DEFAULTS",
    "AgentBoard",
    "Alert",
    "QueueBoard",
    "QueueFigures",
    "QueueTarget",
    "Snapshot",
    "Status",
    "Targets",
    "WallboardFeed",
    "assess",
    "build_snapshot",
    "projected_service_level",
    "queue_targets",
    "set_targets",
]
