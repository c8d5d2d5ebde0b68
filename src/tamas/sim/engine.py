"""Run a scenario: arrivals, patience and handling drive the production router on a
virtual clock, and the router's events are the result.

The loop is the calendar's: each queue has one pending arrival at a time, each answered
contact one pending end, each waiting contact one pending give-up. Everything random is
drawn up front or in batches from numpy generators spawned per queue and purpose, so a
change to one queue leaves the others' random numbers as they were (common random
numbers make what-if comparisons sharper).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import polars as pl

from tamas.acd import Acd, AcdListener, Agent, AgentState, ColumnRecorder, Contact, ContactState
from tamas.events import EventType, conform
from tamas.sim.arrivals import poisson_arrivals
from tamas.sim.calendar import Calendar
from tamas.sim.distributions import Draws
from tamas.sim.scenario import AgentGroup, QueueSpec, Scenario, TransferSpec
from tamas.sim.shifts import Move, Step, shift_steps

SOURCE = "tamas.sim"

Seed = int | np.random.SeedSequence | None


class _Stream:
    """One queue's arrivals and the random durations of its contacts."""

    __slots__ = ("callbacks", "callers", "patience", "service", "spec", "times", "transfers")

    def __init__(
        self,
        spec: QueueSpec,
        seeds: np.random.SeedSequence,
        start: float,
        duration_s: float,
        replay: pl.DataFrame | None,
    ) -> None:
        arrivals, service, patience, callbacks, transfers = (
            np.random.default_rng(s) for s in seeds.spawn(5)
        )
        self.spec = spec
        self.callers: list[str | None] | None = None
        if spec.arrivals is not None:
            if replay is None:
                raise ValueError(f"queue {spec.name} replays arrivals: give the replay events")
            self.times, self.callers = replayed_arrivals(
                replay, spec.arrivals.queue or spec.name, start, start + duration_s
            )
        else:
            assert spec.arrival_rate_per_hour is not None
            offsets = poisson_arrivals(
                arrivals,
                spec.arrival_rate_per_hour / 3600.0,
                duration_s,
                spec.profile or (1.0,),
                spec.profile_interval_s if spec.profile else None,
            )
            self.times = (offsets + start).tolist()
        self.service = Draws(spec.service, service)
        self.patience = None if spec.patience is None else Draws(spec.patience, patience)
        self.callbacks = callbacks
        """Whether an offered caller takes a callback (uniform draws against `accept`)."""
        self.transfers = transfers
        """Whether an answered contact is passed on (uniform draws against `share`)."""


class _Run(AcdListener):
    def __init__(
        self,
        scenario: Scenario,
        seeds: np.random.SeedSequence,
        replication: int,
        replay: pl.DataFrame | None,
    ) -> None:
        settings = scenario.simulation
        self.start = settings.start.timestamp()
        self.scenario = scenario
        self.calendar = Calendar(self.start)
        self.recorder = ColumnRecorder(SOURCE)
        self.acd = Acd(self.calendar, self.recorder, self)
        self.prefix = f"{replication}."
        self.arrived = 0
        self.on_shift: set[str] = set()
        """Agents who started a shift (and are known to the router)."""
        self.transferred: dict[str, float] = {}
        """When each contact was last passed on: patience drawn before that has run out."""
        self.streams: dict[str, _Stream] = {}
        for spec, queue_seeds in zip(scenario.queue, seeds.spawn(len(scenario.queue)), strict=True):
            self.acd.add_queue(spec.config())
            self.streams[spec.name] = _Stream(
                spec, queue_seeds, self.start, settings.duration_s, replay
            )
        end = self.start + settings.duration_s
        for number, group in enumerate(scenario.agents, start=1):
            name = group.name or f"agents{number}"
            steps = (
                None
                if group.shifts is None
                else shift_steps(group.shifts, settings.tz, self.start, end)
            )
            for n in range(1, group.count + 1):
                agent = f"{name}-{n}"
                if steps is None:
                    self.acd.login(agent, group.levels(), {group.channel: group.capacity})
                for step in steps or ():
                    self.calendar.call_at(step.at, self._move, agent, group, step)

    def run(self) -> pl.DataFrame:
        for stream in self.streams.values():
            if stream.times:
                self.calendar.call_at(stream.times[0], self._arrive, stream, 0)
        settings = self.scenario.simulation
        end = self.start + settings.duration_s
        self.calendar.run(float("inf") if settings.drain else end)
        return self._counted(self.recorder.frame(), self.start + settings.warmup_s)

    def _arrive(self, stream: _Stream, n: int) -> None:
        self.arrived += 1
        contact_id = self.prefix + str(self.arrived)
        caller = None if stream.callers is None else stream.callers[n]
        self._wait(stream, self.acd.enqueue(contact_id, stream.spec.name, caller=caller))
        if n + 1 < len(stream.times):
            self.calendar.call_at(stream.times[n + 1], self._arrive, stream, n + 1)

    def _move(self, name: str, group: AgentGroup, step: Step) -> None:
        """An agent's shift step; a step that no longer fits the agent's state is skipped
        (a break that ends after its shift did, a pause taken while logging out)."""
        if step.move is Move.LOGIN:
            if name not in self.on_shift or self.acd.agent(name).presence is AgentState.LOGGED_OUT:
                self.on_shift.add(name)
                self.acd.login(name, group.levels(), {group.channel: group.capacity})
            return
        agent = self.acd.agent(name)
        presence = agent.presence
        if presence is AgentState.LOGGED_OUT:
            return
        if step.move is Move.PAUSE:
            if presence is AgentState.READY:
                self.acd.pause(name, step.reason or "break")
        elif step.move is Move.UNPAUSE:
            if presence is AgentState.PAUSED and agent.pause_reason == step.reason:
                self.acd.unpause(name)
        else:
            self.acd.logout(name, when_free=True)

    def _wait(self, stream: _Stream, contact: Contact) -> None:
        """A caller not answered at once gives up after a patience drawn from its queue's;
        a patience runs on if the caller is moved to another queue unanswered."""
        state = contact.state
        if stream.patience is not None and (
            state is ContactState.WAITING or state is ContactState.OFFERED
        ):
            now = self.calendar.now()
            self.calendar.call_at(
                now + stream.patience.next(), self._give_up, contact.contact_id, now
            )

    def _give_up(self, contact_id: str, since: float) -> None:
        contact = self.acd.contact(contact_id)
        if self.transferred and self.transferred.get(contact_id, since) > since:
            return
        if contact is not None and (
            contact.state is ContactState.WAITING or contact.state is ContactState.OFFERED
        ):
            self.acd.abandon(contact_id)

    def offered(self, contact: Contact, agent: Agent) -> None:
        ring_s = self.streams[contact.queue].spec.ring_s
        if ring_s > 0:
            now = self.calendar.now()
            self.calendar.call_at(now + ring_s, self._pick_up, contact, agent.name, contact.offers)

    def _pick_up(self, contact: Contact, agent: str, offers: int) -> None:
        if (
            contact.offers == offers
            and contact.state is ContactState.OFFERED
            and agent in contact.ringing
        ):
            self.acd.answer(contact.contact_id, agent)

    def callback_offer(self, contact: Contact) -> None:
        stream = self.streams[contact.queue]
        assert stream.spec.callback is not None
        if stream.callbacks.random() < stream.spec.callback.accept:
            self.calendar.call_at(self.calendar.now(), self._take_callback, contact, contact.seq)

    def _take_callback(self, contact: Contact, seq: int) -> None:
        if contact.seq == seq and contact.state is ContactState.WAITING:
            self.acd.request_callback(contact.contact_id)

    def answered(self, contact: Contact, agent: Agent) -> None:
        stream = self.streams[contact.queue]
        end_at = self.calendar.now() + stream.service.next()
        transfer = stream.spec.transfer
        if transfer is not None and stream.transfers.random() < transfer.share:
            self.calendar.call_at(end_at, self._transfer, contact.contact_id, transfer)
        else:
            self.calendar.call_at(end_at, self.acd.end, contact.contact_id)

    def _transfer(self, contact_id: str, transfer: TransferSpec) -> None:
        """The agent passes the contact on when the talk is over; in the new queue the
        caller waits with a fresh patience."""
        self.transferred[contact_id] = self.calendar.now()
        entry = self.acd.transfer(contact_id, queue=transfer.queue, escalation=transfer.escalation)
        self._wait(self.streams[transfer.queue], entry)

    @staticmethod
    def _counted(frame: pl.DataFrame, warm_from: float) -> pl.DataFrame:
        """The events without those of contacts that arrived during the warm-up.

        Agent events are all kept, so the agents' states at the end of the warm-up are
        known to whoever reads the log.
        """
        warm = pl.lit(round(warm_from * 1_000_000)).cast(pl.Datetime("us", "UTC"))
        early = frame.filter((pl.col("type") == "contact.queued") & (pl.col("ts") < warm))
        return frame.filter(
            pl.col("contact_id").is_in(early.get_column("contact_id").implode()).not_()
            | pl.col("contact_id").is_null()
        )


def simulate(
    scenario: Scenario,
    *,
    seed: Seed = None,
    replication: int = 0,
    replay: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One simulated run of `scenario` as an event frame (`tamas.events.EVENT_SCHEMA`).

    `seed` defaults to the scenario's; contact ids start with `<replication>.` so that
    replications can share one log. `replay` is the event log the queues with
    `arrivals = { replay = ... }` take their arrivals from (see `replayed_arrivals`).
    """
    chosen = scenario.simulation.seed if seed is None else seed
    seeds = chosen if isinstance(chosen, np.random.SeedSequence) else np.random.SeedSequence(chosen)
    with _collector_paused():
        return _Run(scenario, seeds, replication, replay).run()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a run, as it was before afterwards.

    A run makes hundreds of thousands of small objects that live until its frame is
    built (event rows, contacts, timers); each collection would walk all of them again,
    a quarter of a run's time. The router makes no cycles per contact, so nothing piles
    up; the run's few cycles are collected after it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def replicate(
    scenario: Scenario,
    replications: int,
    *,
    seed: int | None = None,
    replay: pl.DataFrame | None = None,
) -> list[pl.DataFrame]:
    """Independent runs of `scenario`, each from its own stream of the one seed."""
    if replications < 1:
        raise ValueError("replications must be >= 1")
    root = np.random.SeedSequence(scenario.simulation.seed if seed is None else seed)
    return [
        simulate(scenario, seed=child, replication=n, replay=replay)
        for n, child in enumerate(root.spawn(replications))
    ]


def replayed_arrivals(
    events: pl.DataFrame, queue: str, start: float, end: float
) -> tuple[list[float], list[str | None]]:
    """Arrival times and callers of `queue` in an event log, within [start, end).

    An arrival is a contact's first `contact.queued`: a later entry of the same contact
    (an overflow, a transfer) is the simulated router's business, not a new arrival.
    """
    first = (
        conform(events)
        .filter(pl.col("type") == EventType.CONTACT_QUEUED)
        .sort("ts", maintain_order=True)
        .unique("contact_id", keep="first", maintain_order=True)
        .filter(pl.col("queue") == queue)
        .select(
            (pl.col("ts").dt.epoch("us") / 1_000_000).alias("at"),
            pl.col("caller"),
        )
        .filter((pl.col("at") >= start) & (pl.col("at") < end))
    )
    return first.get_column("at").to_list(), first.get_column("caller").to_list()
