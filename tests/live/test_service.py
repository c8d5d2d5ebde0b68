"""The live router on a real asyncio loop: events stored in order, then published."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from tamas.acd import Acd, IllegalTransitionError, QueueConfig
from tamas.events import Event, EventLog, InMemoryEventLog
from tamas.live import LiveAcd, SubscriberTooSlowError
from tamas.store import SqlEventLog, open_database


def center(acd: Acd, ring_timeout_s: float = 30.0) -> None:
    """A long ring timeout by default: a busy machine must not ring out the offer
    before the test answers it. The wrap-up is short so its timer fires soon."""
    acd.add_queue(QueueConfig("support", wrap_up_s=0.05, ring_timeout_s=ring_timeout_s))
    acd.login("ali", {"support": 5})


def quick_ring_timeout(acd: Acd) -> None:
    center(acd, ring_timeout_s=0.05)


def types(log: EventLog) -> list[str]:
    return log.read().get_column("type").to_list()


async def until(holds: Callable[[], bool]) -> None:
    """Let the loop run its timers until `holds()`, for at most 5 s (a busy machine
    fires them late; the assertion after this says what was expected)."""
    for _ in range(100):
        if holds():
            return
        await asyncio.sleep(0.05)


async def day(log: EventLog) -> list[Event]:
    live = LiveAcd(log)
    await live.start(center)
    subscription = live.subscribe()
    contact = await live.apply(Acd.enqueue, "c1", "support", caller="0912")
    assert contact.ringing == ["ali"]
    assert types(log)[-2:] == ["contact.queued", "contact.offered"]
    await live.apply(Acd.answer, "c1", "ali")
    await live.apply(Acd.end, "c1")
    wrapped_up = ["contact.wrap_up_done", "agent.ready"]
    await until(lambda: types(log)[-2:] == wrapped_up)  # the timer's events are stored
    assert types(log)[-2:] == wrapped_up
    await live.stop()
    return [event async for event in subscription]


def test_operations_and_timers_are_stored_then_published() -> None:
    log = InMemoryEventLog()
    heard = asyncio.run(day(log))
    assert [e.type for e in heard] == types(log)[2:]
    assert types(log)[:2] == ["agent.logged_in", "agent.ready"]
    assert {e.source for e in heard} == {"tamas.acd"}


def test_the_sql_event_log_holds_the_day(sqlite_url: str) -> None:
    log = SqlEventLog(open_database(sqlite_url))
    asyncio.run(day(log))
    assert log.read().height == 10


def test_router_errors_reach_the_caller_and_ring_timeouts_fire() -> None:
    async def main() -> list[str]:
        log = InMemoryEventLog()
        live = LiveAcd(log)
        await live.start(quick_ring_timeout)
        await live.apply(Acd.enqueue, "c1", "support")
        with pytest.raises(IllegalTransitionError):
            await live.apply(Acd.end, "c1")
        await until(lambda: "contact.ring_no_answer" in types(log))
        await live.stop()
        return types(log)

    assert "contact.ring_no_answer" in asyncio.run(main())


def test_a_subscriber_that_falls_behind_is_told() -> None:
    async def main() -> None:
        live = LiveAcd(InMemoryEventLog())
        await live.start(center)
        subscription = live.subscribe(maxsize=2)
        for n in range(3):
            await live.apply(Acd.enqueue, f"c{n}", "support")
        with pytest.raises(SubscriberTooSlowError):
            async for _ in subscription:
                pass
        await live.stop()

    asyncio.run(main())


def test_apply_needs_a_started_service() -> None:
    async def main() -> None:
        live = LiveAcd(InMemoryEventLog())
        with pytest.raises(RuntimeError, match="start"):
            await live.apply(Acd.enqueue, "c1", "support")

    asyncio.run(main())
