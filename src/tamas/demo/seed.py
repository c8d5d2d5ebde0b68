"""The demo center's records and history, made once and found again on every start:
users of every role (password `demo` unless TAMAS_DEMO_PASSWORD), the demo queues with
their skills, wrap-up times and wrap-up codes, departments, a team, Iranian customers —
a few of them returning callers with notes and cases — and a month of the center's
traffic in the event log (the demo queue_log, imported like a real one).

Everything is looked up by name before it is made, so `tamas serve --demo` may start any
number of times on the same database.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import Engine, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tamas.audit import CommandLine
from tamas.connectors.asterisk import read_queue_log
from tamas.connectors.importer import ImportSummary, import_file
from tamas.crm import cases, customers, followups, notes
from tamas.crm.identities import normalize_phone
from tamas.crm.models import CaseStatus, CustomerIdentity, Disposition, FollowUpKind, IdentityKind
from tamas.demo.center import QUEUES, agent_names, caller_numbers
from tamas.demo.queue_log import generate_queue_log
from tamas.org import directory
from tamas.org.models import Department, Queue, Role, Skill, Team, User
from tamas.org.passwords import hash_password
from tamas.org.users import create_user
from tamas.store import SqlEventLog
from tamas.store.schema import events

SEED = 6
HISTORY_DAYS = 30
HISTORY_CALLS_PER_DAY = 300
"""A month of a small center (about a dozen agents) before today."""
DEPARTMENTS = {
    "repairs": "Repairs",
    "engineering": "Engineering",
    "billing": "Billing",
    "management": "Management",
}
QUEUE_DEPARTMENTS = {
    "support": "engineering",
    "billing": "billing",
    "sales": "management",
    "repairs": "repairs",
}
DISPOSITIONS = {
    "solved": "Solved on the call",
    "info": "Information given",
    "follow_up": "Needs a follow-up",
    "transferred": "Handed to a department",
}
USERS: tuple[tuple[str, Role, str, dict[str, int]], ...] = (
    ("agent1", Role.AGENT, "Sara Ahmadi", {q.name: 5 for q in QUEUES}),
    ("agent2", Role.AGENT, "Reza Karimi", {"support": 7, "repairs": 6, "sales": 4}),
    ("agent3", Role.AGENT, "Maryam Hosseini", {"billing": 7, "sales": 6, "support": 3}),
    ("supervisor1", Role.SUPERVISOR, "Hamid Moradi", {q.name: 8 for q in QUEUES}),
    ("manager1", Role.MANAGER, "Leila Sadeghi", {}),
    ("planner1", Role.PLANNER, "Omid Rahimi", {}),
    ("admin", Role.ADMIN, "Tamas Admin", {}),
)
TEAM = "team-a"
CUSTOMERS = 40
RETURNING = 6
"""Customers in all; the first RETURNING are the month's most frequent callers, with
notes and cases."""
STORIES = (
    ("Internet drops every evening", "repairs", "Modem replaced last week; still drops at 8 pm."),
    ("Charged twice for March", "billing", "Refund promised within 5 working days."),
    ("Wants the business plan", "management", "Asked for a quote for 12 lines."),
    ("Slow speed after upgrade", "engineering", "Line test shows noise on the copper."),
    ("Router password reset", "repairs", "Reset done; customer asked for written steps."),
    ("Invoice address wrong", "billing", "New address: Shiraz, Zand Blvd."),
)


@dataclass(frozen=True)
class Seeded:
    users: list[str]
    """Users made now (none when they existed already)."""
    customers: int
    """Customers made now."""


def history(engine: Engine, directory_: Path, today: date, tz: str) -> ImportSummary | None:
    """A month of the center's queue_log, ending at local midnight, imported into the log
    once (None when the log holds it already)."""
    log = SqlEventLog(engine)
    with engine.connect() as connection:
        imported = connection.scalar(
            select(func.count()).select_from(events).where(events.c.source == "asterisk.queue_log")
        )
    if imported:
        return None
    path = directory_ / "queue_log-month"
    with path.open("w", encoding="utf-8") as out:
        generate_queue_log(
            out,
            first_day=today - timedelta(days=HISTORY_DAYS),
            days=HISTORY_DAYS,
            seed=SEED,
            calls_per_day=HISTORY_CALLS_PER_DAY,
            tz=tz,
        )
    return import_file(log, "asterisk.queue_log", path, read_queue_log(path))


def frequent_callers(engine: Engine, count: int) -> list[str]:
    """The mobile numbers that called most often in the log."""
    query = (
        select(events.c.caller)
        .where(events.c.type == "contact.queued", events.c.caller.like("09%"))
        .group_by(events.c.caller)
        .order_by(func.count().desc(), events.c.caller)
        .limit(count)
    )
    with engine.connect() as connection:
        return list(connection.scalars(query))


async def _named(session: AsyncSession, model, name: str, fields: dict):
    found = await session.scalar(select(model).where(model.name == name))
    if found is not None:
        return found
    return await directory.create(session, CommandLine("demo"), model, {"name": name, **fields})


async def _structure(session: AsyncSession) -> None:
    departments = {
        name: await _named(session, Department, name, {"title": title})
        for name, title in DEPARTMENTS.items()
    }
    for profile in QUEUES:
        await _named(session, Skill, profile.name, {"title": profile.name.title()})
        queue = await _named(
            session,
            Queue,
            profile.name,
            {
                "title": profile.name.title(),
                "department_id": departments[QUEUE_DEPARTMENTS[profile.name]].id,
                "wrap_up_s": profile.wrapup_s,
            },
        )
        codes = set(
            await session.scalars(select(Disposition.code).where(Disposition.queue_id == queue.id))
        )
        for code, title in DISPOSITIONS.items():
            if code not in codes:
                session.add(Disposition(queue_id=queue.id, code=code, title=title))
    await session.flush()


async def _users(session: AsyncSession, password: str) -> list[str]:
    """The demo's users, with the demo password: it may be shorter than a real account's
    (8 characters), so it is set after the account is made."""
    made = []
    for username, role, full_name, skills in USERS:
        if await session.scalar(select(User.id).where(User.username == username)):
            continue
        fields = {
            "username": username,
            "password": secrets.token_urlsafe(16),
            "role": role,
            "full_name": full_name,
            "skills": skills,
        }
        user = await create_user(session, CommandLine("demo"), fields)
        user.password_hash = await asyncio.to_thread(hash_password, password)
        made.append(username)
    supervisor = await session.scalar(select(User).where(User.username == "supervisor1"))
    team = await _named(session, Team, TEAM, {"supervisors": [supervisor]})
    for username, role, *_ in USERS:
        if role is Role.AGENT:
            user = await session.scalar(select(User).where(User.username == username))
            user.team_id = team.id
    return made


async def _customers(session: AsyncSession, returning: list[str], now: datetime) -> int:
    """The customers, unless the first returning caller is one already."""
    rng = np.random.default_rng(SEED)
    numbers = [*returning, *(n for n in caller_numbers(rng, CUSTOMERS * 2) if n.startswith("09"))]
    first = normalize_phone(numbers[0])
    if await session.scalar(select(CustomerIdentity.id).where(CustomerIdentity.value == first)):
        return 0
    actor = CommandLine("demo")
    names = agent_names(rng, CUSTOMERS)
    agent = await session.scalar(select(User).where(User.username == "agent2"))
    departments = {d.name: d.id for d in await session.scalars(select(Department))}
    for index, name in enumerate(names):
        customer = await customers.create_customer(
            session, actor, name, [(IdentityKind.PHONE, numbers[index])]
        )
        if index >= min(RETURNING, len(returning)):
            continue
        title, department, story = STORIES[index % len(STORIES)]
        opened = now - timedelta(days=10 - index)
        case = await cases.open_case(
            session,
            agent,
            {"customer_id": customer.id, "title": title, "department_id": departments[department]},
            opened,
        )
        await notes.add_note(session, agent, customer.id, story, opened, case.id)
        await notes.add_note(
            session,
            agent,
            customer.id,
            "Called again for news of the case.",
            opened + timedelta(days=3),
        )
        if index % 3 == 2:
            fields = {"status": CaseStatus.RESOLVED}
            await cases.change_case(session, agent, case, fields, "confirmed fixed", now)
        if index == 0:
            await followups.schedule(
                session,
                agent,
                {
                    "customer_id": customer.id,
                    "kind": FollowUpKind.CALLBACK,
                    "owner_id": agent.id,
                    "due_at": now + timedelta(hours=2),
                    "case_id": case.id,
                    "note": "Call back to confirm the line holds in the evening.",
                },
            )
    return len(names)


async def seed_center(
    session: AsyncSession, password: str, returning: list[str], now: datetime
) -> Seeded:
    """Make what is missing of the demo center's records (the caller commits);
    `returning` are the phones of the customers with a history."""
    await _structure(session)
    made = await _users(session, password)
    return Seeded(made, await _customers(session, returning, now))


def today_in(tz: str) -> date:
    return datetime.now(UTC).astimezone(ZoneInfo(tz)).date()
