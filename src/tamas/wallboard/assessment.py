"""Today's figures of a queue against its targets: each figure's status (on target, at
risk, missed) and the alerts a supervisor must see. Pure: values in, verdicts out.

The service level is "at risk" when the Erlang C projection for the next interval falls
under the target (docs/web.md, "The wallboard", defines the projection): the calls of the
last interval arrive again, at today's AHT, to the agents serving the queue now. Erlang C
is the planner's model (`tamas.wfm`), so the wallboard warns with the arithmetic the
staffing plan was made with.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tamas.wallboard.targets import Targets
from tamas.wfm import Traffic, performance


class Status(StrEnum):
    ON_TARGET = "on_target"
    AT_RISK = "at_risk"
    MISSED = "missed"
    NO_DATA = "no_data"
    """No contact yet to measure (before the day's first call)."""


@dataclass(frozen=True)
class QueueFigures:
    """What is known of one queue now: today's KPIs (None before there is any) and the
    live state the projection needs."""

    service_level: float | None
    abandon_rate: float | None
    asa_s: float | None
    aht_s: float | None
    longest_wait_s: float | None
    """How long the longest-waiting contact has waited now; None: nobody waits."""
    projected_service_level: float | None


@dataclass(frozen=True)
class Alert:
    figure: str
    """A field of `QueueFigures`."""
    status: Status
    value: float
    target: float


def projected_service_level(
    calls: int, aht_s: float | None, agents: int, interval_s: float, threshold_s: float
) -> float | None:
    """Erlang C service level of `calls` in an interval of `interval_s` seconds handled
    in `aht_s` on average by `agents`; None when there is nothing to project (no calls in
    the last interval, or no AHT yet today). With no agents, or too few for the load,
    it is 0: every call waits past any threshold."""
    if calls <= 0 or aht_s is None or aht_s <= 0:
        return None
    traffic = Traffic([calls], aht_s=aht_s, interval_s=interval_s)
    return float(performance([agents], traffic, threshold_s=threshold_s).service_level[0])


def _ceiling(value: float | None, most: float) -> Status:
    if value is None:
        return Status.NO_DATA
    return Status.MISSED if value > most else Status.ON_TARGET


def _floor(value: float | None, least: float, short: Status) -> Status:
    if value is None:
        return Status.NO_DATA
    return short if value < least else Status.ON_TARGET


def assess(figures: QueueFigures, targets: Targets) -> tuple[dict[str, Status], list[Alert]]:
    """Each figure's status, and an alert for each figure missed or at risk: today's
    service level is missed under its target; the projection for the next interval under
    it puts the service level at risk."""
    limits = {
        "service_level": targets.service_level,
        "projected_service_level": targets.service_level,
        "longest_wait_s": targets.max_wait_s,
        "abandon_rate": targets.abandon_rate,
        "asa_s": targets.asa_s,
        "aht_s": targets.aht_s,
    }
    statuses = {
        "service_level": _floor(figures.service_level, targets.service_level, Status.MISSED),
        "projected_service_level": _floor(
            figures.projected_service_level, targets.service_level, Status.AT_RISK
        ),
        "longest_wait_s": Status.ON_TARGET
        if figures.longest_wait_s is None
        else _ceiling(figures.longest_wait_s, targets.max_wait_s),
        "abandon_rate": _ceiling(figures.abandon_rate, targets.abandon_rate),
        "asa_s": _ceiling(figures.asa_s, targets.asa_s),
        "aht_s": _ceiling(figures.aht_s, targets.aht_s),
    }
    alerts = [
        Alert(figure, status, float(getattr(figures, figure)), float(limits[figure]))
        for figure, status in statuses.items()
        if status in (Status.MISSED, Status.AT_RISK)
    ]
    return statuses, alerts
