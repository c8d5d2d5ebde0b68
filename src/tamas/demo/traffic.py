"""Live traffic for the demo: callers keep arriving at the demo center's queues in real
time, and simulated agents answer, talk, hang up and wrap up, so the whole desk can be
tried without a phone system.

Arrivals are a Poisson process (exponential gaps) split over the queues by their share of
the center's calls; talk times, patience and ring times are drawn from `tamas.sim`
distributions; callers are Iranian mobile numbers (`tamas.demo.center`), some of them the
returning customers with a history. The simulated agents (agent2, agent3...) are logged
in ready and handle whatever the router offers them; the person signed in as agent1 goes
ready when they want and gets contacts from the same router. A caller who waits longer
than their patience hangs up.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Iterable

import numpy as np
from sqlalchemy import select

from tamas.acd import Acd, AcdListener, Agent, AgentState, Contact, ContactState
from tamas.crm.models import CustomerIdentity, Disposition, IdentityKind, Note
from tamas.demo.center import QUEUES, caller_numbers
from tamas.desk.center import LiveCenter, agent_name
from tamas.errors import InputError
from tamas.org.models import Queue, User
from tamas.sim import Draws, Exponential, Lognormal

log = logging.getLogger(__name__)

RETURNING_SHARE = 0.3
"""Share of demo callers who are returning customers with a history."""
SIMULATED_AGENTS = ("agent2", "agent3")
"""The demo agents the traffic plays; agent1 is left to the person trying the demo."""


def national(e164: str) -> str:
    """+989121234567 as an Iranian line presents it: 09121234567."""
    return "0" + e164.removeprefix("+98") if e164.startswith("+98") else e164


class DemoTraffic(AcdListener):
    """Callers and simulated agents for a `LiveCenter`: make it, pass it as the center's
    router listener, then `start` it with the center."""

    def __init__(
        self,
        simulated: Iterable[str] = SIMULATED_AGENTS,
        *,
        mean_gap_s: float = 25.0,
        speed: float = 1.0,
        seed: int | None = None,
    ) -> None:
        """Callers arrive `mean_gap_s` apart on average; `speed` divides every duration
        (talk, ring, patience, the agents' pauses) — tests run the demo faster."""
        self.simulated = set(simulated)
        self.returning: list[str] = []
        rng = np.random.default_rng(seed)
        self._rng = rng
        self._speed = speed
        self._gap = Draws(Exponential(mean_s=mean_gap_s), rng)
        self._talk = Draws(Lognormal(mean_s=50.0 / speed, sd_s=25.0 / speed), rng)
        self._ring = Draws(Lognormal(mean_s=3.0 / speed, sd_s=1.0 / speed), rng)
        self._patience = Draws(Exponential(mean_s=120.0 / speed), rng)
        self._strangers = caller_numbers(rng, 2000)
        self._center: LiveCenter | None = None
        self._codes: dict[str, list[str]] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    # ---- the router's listener (called on the loop; schedule, never call back) --------

    def offered(self, contact: Contact, agent: Agent) -> None:
        if agent.name in self.simulated:
            self._spawn(self._handle(contact.contact_id, agent.name))

    # ---- running -----------------------------------------------------------------------

    async def start(self, center: LiveCenter) -> None:
        """Log the simulated agents in (ready) and let callers arrive; the customers with
        notes call again now and then, from their numbers as a phone line shows them."""
        self._center = center
        async with center.sessions() as session:
            phones = await session.scalars(
                select(CustomerIdentity.value)
                .join(Note, Note.customer_id == CustomerIdentity.customer_id)
                .where(CustomerIdentity.kind == IdentityKind.PHONE)
                .distinct()
            )
            self.returning = sorted(national(phone) for phone in phones)
            users = list(await session.scalars(select(User).where(User.active.is_(True))))
            rows = await session.execute(
                select(Queue.name, Disposition.code)
                .join(Disposition, Disposition.queue_id == Queue.id)
                .where(Disposition.active.is_(True))
            )
            for queue, code in rows:
                self._codes.setdefault(queue, []).append(code)
            for user in users:
                if agent_name(user) in self.simulated:
                    await center.set_state(user, AgentState.READY, None)
        self._spawn(self._arrivals())

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def _spawn(self, work) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _arrivals(self) -> None:
        assert self._center is not None
        queues = [q.name for q in QUEUES]
        shares = np.array([q.share for q in QUEUES])
        while True:
            await asyncio.sleep(self._gap.next())
            queue = queues[int(self._rng.choice(len(queues), p=shares / shares.sum()))]
            contact_id = f"demo-{uuid.uuid4().hex[:12]}"
            try:
                await self._center.arrive(contact_id, queue, self._caller(), None)
            except InputError as error:
                log.warning("demo caller not queued: %s", error)
                continue
            self._spawn(self._patience_runs_out(contact_id))

    def _caller(self) -> str:
        pool = self.returning if self.returning and self._rng.random() < RETURNING_SHARE else None
        pool = pool or self._strangers
        return pool[int(self._rng.integers(len(pool)))]

    async def _patience_runs_out(self, contact_id: str) -> None:
        await asyncio.sleep(self._patience.next())
        assert self._center is not None

        def hang_up(acd: Acd) -> None:
            contact = acd.contact(contact_id)
            if contact is not None and contact.state in (
                ContactState.WAITING,
                ContactState.OFFERED,
            ):
                acd.abandon(contact_id)

        await self._center.live.apply(hang_up)

    async def _handle(self, contact_id: str, agent: str) -> None:
        """A simulated agent picks up after a ring, talks, hangs up and wraps up."""
        center = self._center
        assert center is not None
        try:
            await asyncio.sleep(self._ring.next())
            await center.answer(agent, contact_id)
            await asyncio.sleep(self._talk.next())
            queue = center.holding(agent, contact_id).queue
            await center.hang_up(agent, contact_id)
            codes = self._codes.get(queue)
            await asyncio.sleep((2 + 3 * self._rng.random()) / self._speed)
            code = codes[int(self._rng.integers(len(codes)))] if codes else None
            await center.finish_wrap_up(agent, contact_id, code)
        except InputError:
            return  # the caller hung up first, or the offer moved on
