"""What the reports page is asked (its form, read in the reader's calendar and time zone)
and what it shows: the KPI report and its breakdowns, all from one counting of the
entries by `tamas.kpi` (through `KpiQuery`), never figures of its own.

Scoping follows the API's: a supervisor picks among its own teams and their agents, and
sees only their agent rows; queue figures are the center's. The team and agent filters
narrow what is about agents: the agent comparison, the handle-time distribution and the
contact lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tamas.events import EventLog
from tamas.kpi import (
    Calendar,
    ContactFilter,
    Grouping,
    KpiDefinitions,
    Period,
    busiest_hours,
    contacts,
    handle_time_spread,
    wait_curve,
)
from tamas.org.models import Queue, Team, User
from tamas.org.users import visible_agent_names, visible_teams, visible_users
from tamas.reports.kpi_query import KpiQuery
from tamas.web.i18n import N_
from tamas.web.pages import Viewer

DEFAULT_DAYS = 7
"""Without a range, the report covers the last week up to today."""
MAX_DAYS = 3 * 366
"""The longest range one report reads (about three years)."""
MAX_INTERVAL_DAYS = 31
"""The longest range shown by interval (a month of half-hours is 1,488 rows)."""
CONTACTS_SHOWN = 500
"""The most contacts one drill-down lists (it says how many matched)."""
PERIODS = {
    Period.INTERVAL: N_("Interval"),
    Period.DAY: N_("Day"),
    Period.WEEK: N_("Week"),
    Period.MONTH: N_("Month"),
}
OUTCOME_CHOICES = ("answered", "abandoned", "exited", "waiting")


@dataclass
class ReportForm:
    """The report's question as typed (`values`, shown back), what was wrong with it
    (`errors`, by field), and, when nothing was, the query and whose agent figures to
    show (`agents`; None: everyone's)."""

    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    query: KpiQuery | None = None
    agents: set[str] | None = None
    first_day: date | None = None
    last_day: date | None = None


@dataclass(frozen=True)
class Choices:
    """What the form offers this viewer: queues, its teams, and their agents."""

    queues: list[Queue]
    teams: list[Team]
    agents: list[User]

    def options(self, viewer: Viewer) -> dict[str, list[tuple[str, str]]]:
        """Each list of the form as (value, text) pairs, texts in the viewer's words."""
        return {
            "queue": [(queue.name, queue.title or queue.name) for queue in self.queues],
            "team": [(str(team.id), team.name) for team in self.teams],
            "agent": [
                (person.agent_name or "", person.full_name or person.username)
                for person in self.agents
            ],
            "period": [(period, viewer.gettext(title)) for period, title in PERIODS.items()],
        }

    def agent_names(self) -> dict[str, str]:
        """How the page names each agent of the event log: the person's full name."""
        return {
            person.agent_name or "": person.full_name or person.username for person in self.agents
        }


async def choices_for(db: AsyncSession, viewer: Viewer) -> Choices:
    user = viewer.signed_in
    queues = list(await db.scalars(select(Queue).order_by(Queue.name)))
    teams = list(await db.scalars(visible_teams(user).order_by(Team.name)))
    people = await db.scalars(visible_users(user).order_by(User.username))
    return Choices(queues, teams, [person for person in people if person.agent_name])


def _calendar(viewer: Viewer) -> Calendar:
    return Calendar.JALALI if viewer.language.jalali else Calendar.GREGORIAN


async def read_form(
    params: Mapping[str, str], viewer: Viewer, db: AsyncSession, choices: Choices, now: datetime
) -> ReportForm:
    """The form's question, or its errors in the viewer's language."""
    fmt = viewer.fmt
    today = fmt.today(now)
    values = {
        "from": params.get("from") or fmt.date_input(today - timedelta(days=DEFAULT_DAYS - 1)),
        "to": params.get("to") or fmt.date_input(today),
        "queue": params.get("queue", ""),
        "team": params.get("team", ""),
        "agent": params.get("agent", ""),
        "period": params.get("period") or Period.DAY,
    }
    form = ReportForm(values)
    days = {}
    for name in ("from", "to"):
        try:
            days[name] = fmt.read_date(values[name])
        except ValueError:
            form.errors[name] = viewer.gettext(
                "Write a date such as %(example)s.", example=fmt.date_input(today)
            )
    if not form.errors and not 0 <= (days["to"] - days["from"]).days < MAX_DAYS:
        form.errors["to"] = viewer.gettext(
            "The last day must be on or after the first, at most %(days)s days later.",
            days=fmt.number(MAX_DAYS),
        )
    if values["queue"] and values["queue"] not in {queue.name for queue in choices.queues}:
        form.errors["queue"] = viewer.gettext("Choose a queue from the list.")
    if values["period"] not in set(Period):
        form.errors["period"] = viewer.gettext("Choose a grouping from the list.")
    elif (
        values["period"] == Period.INTERVAL
        and not form.errors
        and (days["to"] - days["from"]).days >= MAX_INTERVAL_DAYS
    ):
        form.errors["period"] = viewer.gettext(
            "Group by day, week or month for a range longer than %(days)s days.",
            days=fmt.number(MAX_INTERVAL_DAYS),
        )
    agents = await _agents(db, viewer, choices, values, form.errors)
    if form.errors:
        return form
    form.first_day, form.last_day = days["from"], days["to"]
    form.agents = agents
    form.query = KpiQuery(
        definitions=KpiDefinitions(tz=fmt.zone.key),
        start=datetime.combine(days["from"], time(), fmt.zone),
        end=datetime.combine(days["to"] + timedelta(days=1), time(), fmt.zone),
        queues=[values["queue"]] if values["queue"] else None,
        grouping=Grouping(Period(values["period"]), _calendar(viewer)),
    )
    return form


async def _agents(
    db: AsyncSession,
    viewer: Viewer,
    choices: Choices,
    values: dict[str, str],
    errors: dict[str, str],
) -> set[str] | None:
    """Whose agent figures the report shows: those the viewer may see, narrowed to the
    chosen team and agent."""
    agents = await visible_agent_names(db, viewer.signed_in)
    if values["team"]:
        team = next((t for t in choices.teams if str(t.id) == values["team"]), None)
        if team is None:
            errors["team"] = viewer.gettext("Choose a team from the list.")
        else:
            members = {p.agent_name for p in choices.agents if p.team_id == team.id}
            agents = members if agents is None else agents & members
    if values["agent"]:
        if values["agent"] not in {p.agent_name for p in choices.agents}:
            errors["agent"] = viewer.gettext("Choose an agent from the list.")
        else:
            agents = {values["agent"]} if agents is None else agents & {values["agent"]}
    return agents


def report_figures(query: KpiQuery, agents: set[str] | None, log: EventLog) -> dict[str, Any]:
    """The report (the JSON contract, agent rows narrowed to `agents`) and its breakdowns
    under `views`, from one reading of the log and one counting of its entries."""
    counted = query.counted_from(query.events_from(log))
    figures = query.figures_of_counted(counted)
    if agents is not None:
        figures["by_agent"] = [row for row in figures["by_agent"] if row["agent"] in agents]
    figures["views"] = {
        "wait_curve": wait_curve(counted),
        "handle_time": handle_time_spread(counted, agents),
        "busiest_hours": busiest_hours(counted, query.grouping),
    }
    return figures


def report_contacts(
    query: KpiQuery, agents: set[str] | None, wanted: ContactFilter, log: EventLog
) -> tuple[int, list[dict[str, Any]]]:
    """The contacts behind a figure: how many, and the first CONTACTS_SHOWN. Contacts
    are the queue's, as its figures are; the agent who answered is named only when among
    `agents` (None: all), and an agent outside them has no contacts to list."""
    if wanted.agent is not None and agents is not None and wanted.agent not in agents:
        return 0, []
    counted = query.counted_from(query.events_from(log))
    total, rows = contacts(counted, wanted, CONTACTS_SHOWN)
    if agents is not None:
        for row in rows:
            if row["agent"] not in agents:
                row["agent"] = None
    return total, rows
