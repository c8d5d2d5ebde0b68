"""The event bus: in one process, and between processes through NATS JetStream."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from tamas.errors import InputError
from tamas.events import Event, EventType
from tamas.live import InProcessBus, NatsBus, open_bus
from tamas.live.wire import decode, encode
from tests.live.conftest import NATS_URL


def event(n: int, agent: str | None, type: EventType = EventType.AGENT_READY) -> Event:
    return Event(f"{n:032x}", datetime.now(UTC), type, "tamas.acd", agent=agent, attrs={"n": n})


async def taken(subscription, count: int) -> list[Event]:
    found = []
    async for item in subscription:
        found.append(item)
        if len(found) == count:
            break
    return found


def test_an_agents_subscription_gets_only_its_events() -> None:
    async def main() -> tuple[list[Event], list[Event]]:
        bus = InProcessBus()
        everyone, ali = bus.subscribe(), bus.subscribe(agent="ali")
        await bus.publish([event(1, "ali"), event(2, "sara"), event(3, None), event(4, "ali")])
        return await taken(everyone, 4), await taken(ali, 2)

    everyone, ali = asyncio.run(main())
    assert [e.attrs["n"] for e in everyone] == [1, 2, 3, 4]
    assert [e.attrs["n"] for e in ali] == [1, 4]


def test_an_event_survives_the_wire() -> None:
    sent = event(7, "ali", EventType.CONTACT_TRANSFERRED)
    assert decode(encode(sent)) == sent


def test_events_published_by_one_process_reach_the_others(nats_prefix: str) -> None:
    async def main() -> tuple[list[Event], list[Event]]:
        one, other = NatsBus(NATS_URL, nats_prefix), NatsBus(NATS_URL, nats_prefix)
        await one.start()
        await other.start()
        mine, theirs = one.subscribe(agent="ali"), other.subscribe()
        await one.publish([event(1, "ali"), event(2, "sara", EventType.CONTACT_OFFERED)])
        await one.publish([event(1, "ali")])  # a repeat: JetStream drops it
        await other.publish([event(3, "ali")])
        found = (
            await asyncio.wait_for(taken(mine, 2), 10),
            await asyncio.wait_for(taken(theirs, 3), 10),
        )
        await one.close()
        await other.close()
        return found

    mine, theirs = asyncio.run(main())
    assert [e.attrs["n"] for e in mine] == [1, 3]
    assert [e.attrs["n"] for e in theirs] == [1, 2, 3]


def test_a_bus_url_must_be_nats_and_reachable() -> None:
    assert isinstance(open_bus(None), InProcessBus)
    with pytest.raises(InputError, match="TAMAS_BUS_URL"):
        open_bus("redis://127.0.0.1:6379")
    with pytest.raises(InputError, match="cannot reach NATS"):
        asyncio.run(NatsBus("nats://127.0.0.1:9", connect_timeout_s=0.3).start())
