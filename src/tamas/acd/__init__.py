"""The router (automatic contact distributor): skills, priorities, strategies, overflow.

Pure: time comes from an injected `Clock` and every decision is written as an event of
`tamas.events`, so the live service and the simulator run the same routing code.
"""

from tamas.acd.hours import WEEKDAYS, BusinessHours
from tamas.acd.model import (
    MAX_LEVEL,
    MIN_LEVEL,
    Agent,
    Contact,
    Overflow,
    QueueConfig,
    SkillNeed,
    Strategy,
    Task,
)
from tamas.acd.recording import (
    ColumnRecorder,
    EventRecorder,
    Recorder,
    RouterEvent,
    router_event_id,
)
from tamas.acd.router import CALLBACK, Acd, AcdListener, Clock
from tamas.acd.states import AgentState, ContactState, IllegalTransitionError

__all__ = [
    "CALLBACK",
    "MAX_LEVEL",
    "MIN_LEVEL",
    "WEEKDAYS",
    "Acd",
    "AcdListener",
    "Agent",
    "AgentState",
    "BusinessHours",
    "Clock",
    "ColumnRecorder",
    "Contact",
    "ContactState",
    "EventRecorder",
    "IllegalTransitionError",
    "Overflow",
    "QueueConfig",
    "Recorder",
    "RouterEvent",
    "SkillNeed",
    "Strategy",
    "Task",
    "router_event_id",
]
