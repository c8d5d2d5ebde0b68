"""Free agents indexed by channel, skill and level, so a routing decision never scans them all.

A center with 5000 agents and 200 skills must decide in well under a millisecond. Each
(channel, skill) has one bucket per proficiency level; a bucket keeps the free agents in
the orders the strategies of the queues using that skill need: a heap by idle time, a heap
by occupancy, a sorted list by login order. Heaps are lazy: an agent whose availability
or keys change gets a new `stamp` and fresh entries, and stale entries are dropped when
they reach the top (or when a heap grows far beyond its live size).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Sequence

from sortedcontainers import SortedList

from tamas.acd.model import MAX_LEVEL, Agent, SkillNeed, Strategy
from tamas.events import Channel

IDLE = "idle"
OCCUPANCY = "occupancy"
ORDER = "order"

ORDERING: dict[Strategy, str] = {
    Strategy.LONGEST_IDLE: IDLE,
    Strategy.SKILL_LEVEL_FIRST: IDLE,
    Strategy.LEAST_OCCUPIED: OCCUPANCY,
    Strategy.ROUND_ROBIN: ORDER,
    Strategy.RING_ALL: ORDER,
}

_COMPACT_SLACK = 64


class _Level:
    """The free agents of one (channel, skill, level)."""

    __slots__ = ("idle", "members", "occupancy", "size")

    def __init__(self, orderings: set[str]) -> None:
        self.idle: list[tuple[float, int, int, Agent]] | None = [] if IDLE in orderings else None
        self.occupancy: list[tuple[int, float, float, int, int, Agent]] | None = (
            [] if OCCUPANCY in orderings else None
        )
        self.members: SortedList | None = SortedList() if ORDER in orderings else None
        self.size = 0
        """Agents having this skill at this level, free or not: bounds the heaps' garbage."""

    def add(self, agent: Agent, load: int) -> None:
        stamp = agent.stamp
        if self.idle is not None:
            heapq.heappush(self.idle, (agent.idle_since, agent.order, stamp, agent))
            if len(self.idle) > 2 * self.size + _COMPACT_SLACK:
                self.idle = _compact(self.idle)
        if self.occupancy is not None:
            entry = (load, agent.busy_s, agent.idle_since, agent.order, stamp, agent)
            heapq.heappush(self.occupancy, entry)
            if len(self.occupancy) > 2 * self.size + _COMPACT_SLACK:
                self.occupancy = _compact(self.occupancy)
        if self.members is not None and (agent.order, agent) not in self.members:
            self.members.add((agent.order, agent))

    def discard(self, agent: Agent) -> None:
        if self.members is not None:
            self.members.discard((agent.order, agent))


def _compact(heap: list) -> list:
    live = [entry for entry in heap if entry[-1].stamp == entry[-2]]
    heapq.heapify(live)
    return live


def _head(heap: list) -> tuple | None:
    """The top live entry of a lazy heap, dropping stale ones on the way."""
    while heap:
        entry = heap[0]
        if entry[-1].stamp == entry[-2]:
            return entry
        heapq.heappop(heap)
    return None


class _Bucket:
    """The free agents of one (channel, skill), by level."""

    __slots__ = ("levels", "orderings", "present")

    def __init__(self) -> None:
        self.orderings: set[str] = set()
        self.levels: list[_Level | None] = [None] * (MAX_LEVEL + 1)
        self.present: list[int] = []
        """Levels some agent has, highest first."""

    def level(self, level: int) -> _Level:
        found = self.levels[level]
        if found is None:
            found = self.levels[level] = _Level(self.orderings)
            self.present = sorted(
                (lv for lv, bucket in enumerate(self.levels) if bucket is not None), reverse=True
            )
        return found

    def reaching(self, min_level: int) -> Iterator[tuple[int, _Level]]:
        for level in self.present:
            if level < min_level:
                return
            found = self.levels[level]
            assert found is not None
            yield level, found


class ReadyAgents:
    """The index of free agents the router consults for every contact it places."""

    def __init__(self) -> None:
        self._buckets: dict[tuple[Channel, str], _Bucket] = {}
        self._places: dict[Agent, list[tuple[Channel, list[_Level]]]] = {}
        """Each logged-in agent's levels, so re-indexing it after every decision looks
        nothing up; forgotten when the agent logs out or a bucket is rebuilt."""

    def require(
        self,
        channel: Channel,
        needs: Iterable[SkillNeed],
        strategy: Strategy,
        agents: Iterable[Agent],
    ) -> None:
        """Make the buckets of these skills keep the order `strategy` needs.

        A bucket that gains an ordering is rebuilt from the logged-in `agents`.
        """
        ordering = ORDERING[strategy]
        changed = set()
        for need in needs:
            bucket = self._buckets.setdefault((channel, need.skill), _Bucket())
            if ordering not in bucket.orderings:
                bucket.orderings.add(ordering)
                bucket.levels = [None] * (MAX_LEVEL + 1)
                bucket.present = []
                changed.add(need.skill)
        if not changed:
            return
        self._places.clear()
        for agent in agents:
            if channel not in agent.capacity:
                continue
            for skill in changed & agent.skills.keys():
                found = self._buckets[(channel, skill)].level(agent.skills[skill])
                found.size += 1
                if agent.free_slots(channel) > 0:
                    found.add(agent, len(agent.tasks))

    def enrol(self, agent: Agent) -> None:
        """Count a newly logged-in agent in the buckets of its skills."""
        for channel in agent.capacity:
            for skill, level in agent.skills.items():
                bucket = self._buckets.get((channel, skill))
                if bucket is not None:
                    bucket.level(level).size += 1

    def withdraw(self, agent: Agent) -> None:
        """Stop counting a logging-out agent (its entries are already stale)."""
        self._places.pop(agent, None)
        for channel in agent.capacity:
            for skill, level in agent.skills.items():
                bucket = self._buckets.get((channel, skill))
                if bucket is not None:
                    found = bucket.level(level)
                    found.size -= 1
                    found.discard(agent)

    def update(self, agent: Agent) -> None:
        """Re-index an agent whose availability or keys changed (its stamp was bumped)."""
        places = self._places.get(agent)
        if places is None:
            places = self._places[agent] = self._levels_of(agent)
        load = len(agent.tasks)
        for channel, levels in places:
            if agent.free_slots(channel) > 0:
                for found in levels:
                    found.add(agent, load)
            else:
                for found in levels:
                    found.discard(agent)

    def _levels_of(self, agent: Agent) -> list[tuple[Channel, list[_Level]]]:
        """The levels of the buckets an agent belongs to, per channel it takes."""
        places = []
        for channel in agent.capacity:
            levels = []
            for skill, level in agent.skills.items():
                bucket = self._buckets.get((channel, skill))
                if bucket is not None:
                    levels.append(bucket.level(level))
            places.append((channel, levels))
        return places

    def best(
        self, channel: Channel, needs: Sequence[SkillNeed], strategy: Strategy, last_order: int
    ) -> Agent | None:
        """The free agent `strategy` picks among those meeting any of `needs`.

        `last_order` is the login order of the agent the queue chose last (round robin).
        """
        best_key: tuple | None = None
        best_agent: Agent | None = None
        for need in needs:
            bucket = self._buckets.get((channel, need.skill))
            if bucket is None:
                continue
            for level in bucket.present:
                if level < need.min_level:
                    break
                found = bucket.levels[level]
                assert found is not None
                key: tuple | None
                if strategy is Strategy.LONGEST_IDLE or strategy is Strategy.SKILL_LEVEL_FIRST:
                    assert found.idle is not None
                    entry = _head(found.idle)
                    if entry is None:
                        continue
                    key = entry[:2]
                    if strategy is Strategy.SKILL_LEVEL_FIRST:
                        key = (-level, *key)
                elif strategy is Strategy.LEAST_OCCUPIED:
                    assert found.occupancy is not None
                    entry = _head(found.occupancy)
                    if entry is None:
                        continue
                    key = entry[:4]
                else:
                    key, entry = _next_in_order(found, last_order)
                    if entry is None:
                        continue
                if best_key is None or key < best_key:
                    best_key, best_agent = key, entry[-1]
        return best_agent

    def every(self, channel: Channel, needs: Sequence[SkillNeed]) -> list[Agent]:
        """All free agents meeting any of `needs`, in login order (ring-all)."""
        found_agents: dict[int, Agent] = {}
        for need in needs:
            bucket = self._buckets.get((channel, need.skill))
            if bucket is None:
                continue
            for _, found in bucket.reaching(need.min_level):
                assert found.members is not None
                for order, agent in found.members:
                    found_agents[order] = agent
        return [found_agents[order] for order in sorted(found_agents)]


def _next_in_order(found: _Level, last_order: int) -> tuple[tuple, tuple | None]:
    """The first free agent after `last_order` in login order, wrapping around."""
    members = found.members
    assert members is not None
    if not members:
        return (), None
    at = members.bisect_left((last_order + 1,))
    if at < len(members):
        entry = members[at]
        return (0, entry[0]), entry
    entry = members[0]
    return (1, entry[0]), entry
