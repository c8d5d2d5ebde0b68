"""A small center for the web tests and the browser tests: a user of every role, two
departments, and a returning customer whose earlier call (answered by agent1 an hour ago)
is in the event log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tamas.audit import CommandLine
from tamas.cli.options import run_in_session
from tamas.crm.customers import create_customer
from tamas.crm.models import IdentityKind
from tamas.events import Event, EventType, events_to_frame
from tamas.org.models import Department, Role
from tamas.org.users import create_user
from tamas.store import SqlEventLog, open_database
from tests.today import earlier_today

PASSWORD = "correct horse battery"
SECRET = "a test signing key that is long enough"
USERS = {
    "agent1": (Role.AGENT, "Maryam Karimi"),
    "agent2": (Role.AGENT, "Reza Hosseini"),
    "supervisor1": (Role.SUPERVISOR, "Ali Rostami"),
    "manager1": (Role.MANAGER, "Neda Jafari"),
    "planner1": (Role.PLANNER, "Hamid Azizi"),
    "admin": (Role.ADMIN, "Admin"),
}
ROLE_USERS = {role: name for name, (role, _full) in USERS.items() if name != "agent2"}
CUSTOMER_NAME = "Sara Ahmadi"
CUSTOMER_PHONE = "09121234567"
TALK_S = 188.0


@dataclass(frozen=True)
class Center:
    url: str
    customer_id: int
    call_at: datetime


async def _people(session) -> int:
    actor = CommandLine("test")
    for username, (role, full_name) in USERS.items():
        fields = {"username": username, "password": PASSWORD, "role": role}
        await create_user(session, actor, fields | {"full_name": full_name})
    session.add_all([Department(name="repairs", title="Repairs"), Department(name="billing")])
    customer = await create_customer(
        session,
        actor,
        CUSTOMER_NAME,
        [(IdentityKind.PHONE, CUSTOMER_PHONE), (IdentityKind.EMAIL, "sara@example.com")],
    )
    return customer.id


def _earlier_call(at: datetime) -> list[Event]:
    call = {"source": "test", "contact_id": "call-1", "queue": "support"}
    return [
        Event("e1", at, EventType.CONTACT_QUEUED, caller="09121234567", **call),
        Event(
            "e2",
            at + timedelta(seconds=9),
            EventType.CONTACT_ANSWERED,
            agent="agent1",
            wait_s=9,
            **call,
        ),
        Event(
            "e3",
            at + timedelta(seconds=9 + TALK_S),
            EventType.CONTACT_ENDED,
            agent="agent1",
            wait_s=9,
            talk_s=TALK_S,
            reason="agent",
            **call,
        ),
    ]


def seed_center(url: str) -> Center:
    customer_id = run_in_session(url, _people)
    call_at = earlier_today(timedelta(hours=1))
    engine = open_database(url)
    try:
        SqlEventLog(engine).append(events_to_frame(_earlier_call(call_at)))
    finally:
        engine.dispose()
    return Center(url, customer_id, call_at)
