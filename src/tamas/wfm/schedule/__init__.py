"""Shift scheduling: which shifts to work and where their breaks go, from required agents.

``parse_requirements`` and ``parse_shift_file`` read the two inputs (CSV and TOML text);
``schedule`` solves. See docs/wfm.md, "Scheduling".
"""

from tamas.wfm.schedule.model import (
    IntervalCoverage,
    Level,
    PlacedBreak,
    PlannedShift,
    Schedule,
    schedule,
)
from tamas.wfm.schedule.plain import as_dict
from tamas.wfm.schedule.requirements import Requirements, parse_requirements
from tamas.wfm.schedule.rules import Agent, Break, ShiftFile, ShiftTemplate, parse_shift_file

__all__ = [
    "Agent",
    "Break",
    "IntervalCoverage",
    "Level",
    "PlacedBreak",
    "PlannedShift",
    "Requirements",
    "Schedule",
    "ShiftFile",
    "ShiftTemplate",
    "as_dict",
    "parse_requirements",
    "parse_shift_file",
    "schedule",
]
