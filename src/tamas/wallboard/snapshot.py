"""The wallboard's picture of the center at one moment: each queue live (contacts
waiting, the longest wait, its agents by state) with today's figures against its
targets, and every agent with its state, contact in hand and contacts today.

The live part is read from this process's router in one step on the loop, so the counts
agree with each other; today's figures come from the KPI engine over today's events in
the center's time zone (`tamas.reports.kpi_query.KpiQuery`), never from counters kept
beside the log, so the wallboard shows the numbers a report of today shows.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from itertools import groupby
from typing import Any

import polars as pl
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tamas.acd import Acd, Agent, AgentState, QueueConfig
from tamas.desk.center import AgentStatus, LiveCenter, agent_name
from tamas.desk.today import local_midnight
from tamas.events import EventLog
from tamas.kpi import KPI_COLUMNS, KpiDefinitions
from tamas.org.models import Queue, Role, Team, User
from tamas.reports.kpi_query import KpiQuery
from tamas.wallboard.assessment import (
    Alert,
    QueueFigures,
    Status,
    assess,
    projected_service_level,
)
from tamas.wallboard.targets import Targets, queue_targets

SHOWN_STATES = (
    AgentState.READY,
    AgentState.RESERVED,
    AgentState.BUSY,
    AgentState.WRAP_UP,
    AgentState.PAUSED,
)
"""The states a queue's agents are counted in (logged-out agents are not the queue's)."""
TODAY_KPIS = ("offered", "answered", "abandoned", "service_level", "abandon_rate", "asa_s", "aht_s")


@dataclass(frozen=True)
class QueueBoard:
    queue: str
    title: str
    waiting: int
    oldest_queued_at: datetime | None
    """When the longest-waiting contact joined the queue (a screen counts its wait on)."""
    longest_wait_s: float | None
    agents: dict[str, int]
    """Agents serving the queue by state: ready, reserved (ringing), busy, wrap_up, paused."""
    paused: dict[str, int]
    """Paused agents by pause reason."""
    today: dict[str, Any]
    """TODAY_KPIS of the queue since local midnight, from the KPI engine."""
    last_interval_offered: int
    projected_service_level: float | None
    targets: Targets
    status: dict[str, Status]
    alerts: list[Alert]


@dataclass(frozen=True)
class AgentBoard:
    agent: str
    """The agent's name in the router and the event log."""
    username: str | None
    """The user it is (None: an agent known only to the router, e.g. from telephony)."""
    full_name: str
    team: str | None
    status: AgentStatus
    contacts_today: int


@dataclass(frozen=True)
class Snapshot:
    at: datetime
    day_start: datetime
    tz: str
    interval_min: int
    queues: list[QueueBoard]
    agents: list[AgentBoard] = field(default_factory=list)

    def seen_by(self, agents: set[str] | None) -> Snapshot:
        """The snapshot with only the agents in `agents` listed (None: all). Queue figures
        are the center's and stay whole, as in the KPI report."""
        if agents is None:
            return self
        return replace(self, agents=[row for row in self.agents if row.agent in agents])


def serves(config: QueueConfig, agent: Agent) -> bool:
    """The agent is one of the queue's own: it has one of the queue's skills at the level
    asked (agents an overflow rule reaches later are not counted)."""
    return config.channel in agent.capacity and any(
        agent.skills.get(need.skill, 0) >= need.min_level for need in config.skills
    )


@dataclass(frozen=True)
class _LiveQueue:
    waiting: int
    oldest_queued_at: float | None
    agents: Counter[str]
    paused: Counter[str]


def _live_queues(acd: Acd, names: list[str]) -> dict[str, _LiveQueue]:
    """The router's queues now (blocking nothing: a read of the router on the loop)."""
    found = {}
    agents = [a for a in acd.agents() if a.presence is not AgentState.LOGGED_OUT]
    for name in names:
        try:
            config = acd.queue(name)
        except KeyError:
            found[name] = _LiveQueue(0, None, Counter(), Counter())
            continue
        waiting = acd.waiting(name)
        own = [agent for agent in agents if serves(config, agent)]
        found[name] = _LiveQueue(
            waiting=len(waiting),
            oldest_queued_at=min((c.queued_at for c in waiting), default=None),
            agents=Counter(agent.state.value for agent in own),
            paused=Counter(
                agent.pause_reason or "" for agent in own if agent.state is AgentState.PAUSED
            ),
        )
    return found


@dataclass(frozen=True)
class TodayFigures:
    by_queue: dict[str, dict[str, Any]]
    last_interval: dict[str, int]
    answered_by_agent: dict[str, int]


def today_figures(
    log: EventLog, tz: str, now: datetime, thresholds: dict[str, int]
) -> TodayFigures:
    """Today's KPIs of every queue, each under its own service-level threshold, the
    contacts offered in the last interval, and each agent's answered contacts (blocking:
    run it in a thread). One report runs per threshold in use.

    The log is read once, from the earlier of local midnight and the last interval's
    start, without the margin before a report's range that `KpiQuery.events_from` adds:
    that margin is for agents' logged-in and paused time (a login before midnight),
    which the wallboard does not show; every event of an entry that begins in the range
    is in the range, so the queue rows and answered counts are those of
    `GET /kpi?from=<midnight>`, at half the reading on a busy day."""
    start = local_midnight(now, tz)
    definitions = KpiDefinitions(tz=tz)
    window = now - timedelta(minutes=definitions.interval_min)
    events = log.read(min(start, window), None, columns=KPI_COLUMNS)
    by_queue: dict[str, dict[str, Any]] = {}
    answered: dict[str, int] = {}
    groups = groupby(sorted(thresholds.items(), key=lambda item: item[1]), key=lambda i: i[1])
    for first, (threshold, members) in enumerate(groups):
        queues = [queue for queue, _ in members]
        report = KpiQuery(
            replace(definitions, sl_threshold_s=threshold),
            start,
            None,
            None if first == 0 else queues,
        ).figures_of(events)
        by_queue |= {row["queue"]: row for row in report["by_queue"] if row["queue"] in queues}
        if first == 0:
            answered = {row["agent"]: row["answered"] for row in report["by_agent"]}
    lately = events.filter(pl.col("ts") >= window.astimezone(UTC))
    recent = KpiQuery(definitions, window, None, None).figures_of(lately)
    return TodayFigures(
        by_queue,
        {row["queue"]: row["offered"] for row in recent["by_queue"]},
        answered,
    )


def _moment(at: float | None) -> datetime | None:
    return None if at is None else datetime.fromtimestamp(at, UTC)


async def build_snapshot(
    center: LiveCenter,
    log: EventLog,
    sessions: async_sessionmaker[AsyncSession],
    tz: str,
) -> Snapshot:
    """The whole center's snapshot now, every agent listed."""
    async with sessions() as session:
        targets = await queue_targets(session)
        queues = list(await session.scalars(select(Queue).order_by(Queue.name)))
        teams = {team.id: team.name for team in await session.scalars(select(Team))}
        users = list(await session.scalars(select(User).where(User.active.is_(True))))
    names = [queue.name for queue in queues]
    now = datetime.now(UTC)
    live = _live_queues(center.acd, names)
    statuses = {agent.name: center.status(agent.name) for agent in center.acd.agents()}
    thresholds = {name: targets[name].sl_threshold_s for name in names}
    today = await asyncio.to_thread(today_figures, log, tz, now, thresholds)
    definitions = KpiDefinitions(tz=tz)
    boards = []
    for queue in queues:
        state = live[queue.name]
        figures = {k: today.by_queue.get(queue.name, {}).get(k) for k in TODAY_KPIS}
        for count in ("offered", "answered", "abandoned"):
            figures[count] = figures[count] or 0
        wait = None if state.oldest_queued_at is None else now.timestamp() - state.oldest_queued_at
        staffed = sum(n for s, n in state.agents.items() if s != AgentState.PAUSED.value)
        offered_lately = today.last_interval.get(queue.name, 0)
        target = targets[queue.name]
        projected = projected_service_level(
            offered_lately,
            figures["aht_s"],
            staffed,
            definitions.interval_min * 60.0,
            target.sl_threshold_s,
        )
        status, alerts = assess(
            QueueFigures(
                service_level=figures["service_level"],
                abandon_rate=figures["abandon_rate"],
                asa_s=figures["asa_s"],
                aht_s=figures["aht_s"],
                longest_wait_s=wait,
                projected_service_level=projected,
            ),
            target,
        )
        boards.append(
            QueueBoard(
                queue=queue.name,
                title=queue.title or queue.name,
                waiting=state.waiting,
                oldest_queued_at=_moment(state.oldest_queued_at),
                longest_wait_s=wait,
                agents={s.value: state.agents.get(s.value, 0) for s in SHOWN_STATES},
                paused=dict(state.paused),
                today=figures,
                last_interval_offered=offered_lately,
                projected_service_level=projected,
                targets=target,
                status=status,
                alerts=alerts,
            )
        )
    return Snapshot(
        at=now,
        day_start=local_midnight(now, tz),
        tz=tz,
        interval_min=definitions.interval_min,
        queues=boards,
        agents=_agent_rows(center, users, teams, statuses, today.answered_by_agent),
    )


def _agent_rows(
    center: LiveCenter,
    users: list[User],
    teams: dict[int, str],
    statuses: dict[str, AgentStatus],
    answered: dict[str, int],
) -> list[AgentBoard]:
    """Every agent user (and any other user or name the router has as an agent), by name."""
    rows = {}
    for user in users:
        name = agent_name(user)
        if user.role is Role.AGENT or name in statuses:
            rows[name] = AgentBoard(
                agent=name,
                username=user.username,
                full_name=user.full_name or user.username,
                team=teams.get(user.team_id) if user.team_id is not None else None,
                status=statuses.get(name) or center.status(name),
                contacts_today=answered.get(name, 0),
            )
    for name, status in statuses.items():
        if name not in rows:
            rows[name] = AgentBoard(name, None, name, None, status, answered.get(name, 0))
    return [rows[name] for name in sorted(rows)]
