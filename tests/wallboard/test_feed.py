"""The shared snapshot feed: a burst of events costs one or two rebuilds, not one each;
every listener gets a snapshot built after the last event; requests made while a
snapshot is being built share the next one; the feed stops when its last listener leaves."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from tamas.events import Event, EventType
from tamas.live import InProcessBus
from tamas.wallboard import Snapshot, WallboardFeed


class Builds:
    """Numbered snapshots: `count` says how many were built."""

    def __init__(self, seconds: float = 0.0) -> None:
        self.count = 0
        self.seconds = seconds

    async def __call__(self) -> Snapshot:
        self.count += 1
        await asyncio.sleep(self.seconds)
        return Snapshot(datetime.now(UTC), datetime.now(UTC), "Asia/Tehran", self.count, [])


def _event(n: int) -> Event:
    return Event(f"e{n}", datetime.now(UTC), EventType.CONTACT_QUEUED, "test", contact_id=f"c{n}")


async def _burst_then_listen() -> tuple[int, list[int]]:
    bus = InProcessBus()
    builds = Builds(seconds=0.01)
    feed = WallboardFeed(builds, bus.subscribe, min_gap_s=0.1, idle_s=60.0)
    seen: list[int] = []

    async def listen() -> None:
        async for snapshot in feed.listen():
            seen.append(snapshot.interval_min)

    listener = asyncio.create_task(listen())
    await asyncio.sleep(0.05)
    for n in range(50):
        await bus.publish([_event(n)])
        await asyncio.sleep(0.002)
    last = builds.count
    await asyncio.sleep(0.5)
    listener.cancel()
    await feed.close()
    return builds.count - last, seen


def test_a_burst_costs_a_rebuild_or_two_and_the_last_snapshot_follows_it() -> None:
    after_burst, seen = asyncio.run(_burst_then_listen())
    assert seen[0] == 1, "a listener starts with a snapshot at once"
    assert len(seen) <= 6, f"50 events, {len(seen)} snapshots: the feed did not debounce"
    assert after_burst >= 1, "a rebuild follows the last event of the burst"
    assert seen[-1] == max(seen)


async def _concurrent() -> tuple[int, list[int]]:
    builds = Builds(seconds=0.05)
    feed = WallboardFeed(builds, InProcessBus().subscribe)
    answers = await asyncio.gather(*(feed.snapshot() for _ in range(5)))
    return builds.count, [answer.interval_min for answer in answers]


def test_requests_made_during_a_rebuild_share_the_next_one() -> None:
    count, answers = asyncio.run(_concurrent())
    assert (count, answers) == (2, [1, 2, 2, 2, 2])


async def _leave() -> bool:
    feed = WallboardFeed(Builds(), InProcessBus().subscribe, min_gap_s=0.01, idle_s=0.02)
    listening = feed.listen()
    await anext(listening)
    running = feed.running
    await listening.aclose()
    await asyncio.sleep(0.2)
    return running and not feed.running


def test_the_feed_stops_when_its_last_listener_leaves() -> None:
    assert asyncio.run(_leave())
