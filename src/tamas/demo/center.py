"""The shape of the demo contact center: its queues, week, opening hours, staff and callers.

An Iranian center: the working week runs Saturday to Wednesday, Thursday is a half day and
Friday is the weekend, when only a small support team answers. Calls peak in the middle of
the morning and again early in the afternoon (Asia/Tehran time), with a dip around the
noon prayer and lunch. Everything the simulation in `tamas.demo.queue_log` needs to know
about the center is here, as data, so it can be read (and changed) in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np


@dataclass(frozen=True, slots=True)
class QueueProfile:
    name: str
    extension: str
    """What is dialled to reach the queue; blind transfers into it name it."""
    share: float
    """Share of the center's calls that enter this queue."""
    aht_s: float
    """Mean talk time."""
    wrapup_s: int
    """The queue's `wrapuptime`: how long an agent rests after each call."""
    patience_s: float
    """Median time a caller waits before hanging up."""
    timeout_s: int
    """The queue's `timeout`: a caller waiting this long leaves (EXITWITHTIMEOUT)."""
    exit_key: str | None = None
    """A key the announcement offers to leave the queue (EXITWITHKEY), e.g. for voicemail."""
    did: str | None = None
    """A public number of the queue's own; the dialplan marks calls on it with a DID line."""
    did_share: float = 0.0
    """Share of the queue's calls that come in on `did` (the rest through the main IVR)."""


QUEUES: tuple[QueueProfile, ...] = (
    QueueProfile(
        "support", "7001", share=0.42, aht_s=250, wrapup_s=10, patience_s=150, timeout_s=900
    ),
    QueueProfile(
        "billing", "7002", share=0.25, aht_s=170, wrapup_s=8, patience_s=120, timeout_s=600,
        exit_key="1",
    ),
    QueueProfile(
        "sales", "7003", share=0.19, aht_s=290, wrapup_s=15, patience_s=100, timeout_s=300,
        did="02191008000", did_share=0.3,
    ),
    QueueProfile(
        "repairs", "7004", share=0.14, aht_s=380, wrapup_s=20, patience_s=180, timeout_s=900
    ),
)  # fmt: skip

SECOND_QUEUE: dict[str, str] = {"support": "repairs", "repairs": "support", "billing": "sales"}
"""The queue an agent trained for two also serves, by their first queue."""
CROSS_TRAINED_SHARE = 0.25
"""Share of agents who are members of their second queue too."""


@dataclass(frozen=True, slots=True)
class PauseSlot:
    """A pause an agent takes each shift, starting somewhere between two local hours."""

    reason: str
    earliest_h: float
    latest_h: float
    minutes: float


@dataclass(frozen=True, slots=True)
class Shift:
    name: str
    start_h: float
    end_h: float
    pauses: tuple[PauseSlot, ...]


MORNING = Shift(
    "morning",
    7.75,
    15.75,
    (
        PauseSlot("Break", 9.25, 10.0, 10),
        PauseSlot("Prayer", 12.0, 12.75, 12),
        PauseSlot("Lunch", 12.75, 13.75, 30),
        PauseSlot("Break", 14.25, 15.0, 10),
    ),
)
MIDDAY = Shift(
    "midday",
    9.5,
    17.5,
    (
        PauseSlot("Break", 11.5, 12.0, 10),
        PauseSlot("Prayer", 12.25, 13.0, 12),
        PauseSlot("Lunch", 13.75, 14.75, 30),
        PauseSlot("Break", 15.75, 16.5, 10),
    ),
)
EVENING = Shift(
    "evening",
    12.0,
    20.25,
    (
        PauseSlot("Break", 14.0, 15.0, 10),
        PauseSlot("Lunch", 15.5, 16.5, 30),
        PauseSlot("Prayer", 17.25, 18.5, 12),
        PauseSlot("Break", 18.75, 19.5, 10),
    ),
)
THURSDAY_SHIFT = Shift(
    "thursday",
    7.75,
    14.25,
    (PauseSlot("Break", 9.5, 10.5, 10), PauseSlot("Prayer", 12.0, 12.75, 12)),
)
FRIDAY_SHIFT = Shift("friday", 8.75, 13.25, (PauseSlot("Break", 10.5, 11.5, 10),))

OCCASIONAL_PAUSES: tuple[tuple[PauseSlot, float], ...] = (
    (PauseSlot("Training", 8.5, 11.0, 60), 0.03),
    (PauseSlot("Coaching", 9.0, 15.0, 20), 0.05),
)
"""Pauses some agents take on some days, with the chance per agent-day (morning shifts)."""
ABSENCE = 0.04
"""Chance that an agent is off sick on a day they are scheduled."""


@dataclass(frozen=True, slots=True)
class DayPlan:
    """What a weekday looks like: its volume, opening hours and open queues."""

    volume: float
    """Calls, as a share of the reference working day's."""
    open_h: float
    close_h: float
    queues: tuple[str, ...]


SATURDAY, THURSDAY, FRIDAY = 5, 3, 4
_ALL = tuple(queue.name for queue in QUEUES)
WEEK: dict[int, DayPlan] = {
    SATURDAY: DayPlan(1.12, 8, 20, _ALL),  # the backlog of the weekend
    6: DayPlan(1.05, 8, 20, _ALL),
    0: DayPlan(1.00, 8, 20, _ALL),
    1: DayPlan(0.97, 8, 20, _ALL),
    2: DayPlan(0.92, 8, 20, _ALL),
    THURSDAY: DayPlan(0.45, 8, 14, _ALL),  # half day
    FRIDAY: DayPlan(0.06, 9, 13, ("support",)),  # the weekend: support on call
}
"""The Iranian week by Python weekday (Monday = 0)."""

FRIDAY_CREW = 2
"""Support agents on call on a Friday (they take turns, week by week)."""

INTRADAY: dict[int, float] = {
    8: 0.55, 9: 0.95, 10: 1.25, 11: 1.20, 12: 0.95, 13: 1.05,
    14: 1.10, 15: 0.90, 16: 0.70, 17: 0.55, 18: 0.45, 19: 0.35,
}  # fmt: skip
"""Relative call rate by local hour: a mid-morning peak and an early-afternoon one."""

FIRST_NAMES = (
    "Ali", "Mohammad", "Hossein", "Reza", "Mehdi", "Amir", "Hamid", "Saeed", "Mostafa", "Javad",
    "Majid", "Morteza", "Behnam", "Arash", "Kaveh", "Omid", "Farhad", "Babak", "Navid", "Pouya",
    "Zahra", "Fatemeh", "Maryam", "Narges", "Sara", "Leila", "Mina", "Parisa", "Elham", "Shirin",
    "Niloofar", "Somayeh", "Mahsa", "Nazanin", "Roya", "Azadeh", "Hoda", "Samira", "Fereshteh",
    "Golnaz",
)  # fmt: skip
SURNAMES = (
    "Rezaei", "Mohammadi", "Hosseini", "Ahmadi", "Karimi", "Moradi", "Jafari", "Rahimi",
    "Hashemi", "Sadeghi", "Ghasemi", "Kazemi", "Ebrahimi", "Heidari", "Alavi", "Akbari",
    "Tehrani", "Shirazi", "Esfahani", "Tabrizi", "Najafi", "Nouri", "Salehi", "Bagheri",
    "Zamani", "Kiani", "Yazdani", "Farahani", "Mousavi", "Rostami",
)  # fmt: skip

MOBILE_PREFIXES = (
    "0912", "0919", "0935", "0936", "0937", "0938", "0939", "0901",
    "0902", "0903", "0990", "0991", "0921", "0922", "0910", "0913",
)  # fmt: skip
LANDLINE_PREFIXES = ("021", "026", "031", "051", "071", "041")
LANDLINE_SHARE = 0.10
WITHHELD_SHARE = 0.015
"""Callers whose number is not presented: Asterisk writes an empty caller id."""


def caller_numbers(rng: np.random.Generator, count: int) -> list[str]:
    """`count` caller ids as Asterisk shows them: 09xx mobiles, city landlines, some withheld."""
    kind = rng.random(count)
    mobiles = rng.choice(np.array(MOBILE_PREFIXES), count)
    landlines = rng.choice(np.array(LANDLINE_PREFIXES), count)
    subscriber = rng.integers(0, 10_000_000, count)
    numbers = []
    for index in range(count):
        if kind[index] < WITHHELD_SHARE:
            numbers.append("")
        elif kind[index] < WITHHELD_SHARE + LANDLINE_SHARE:
            numbers.append(f"{landlines[index]}{subscriber[index] + 20_000_000:08d}")
        else:
            numbers.append(f"{mobiles[index]}{subscriber[index]:07d}")
    return numbers


def agent_names(rng: np.random.Generator, count: int) -> list[str]:
    """`count` different Iranian names, "First Last", as a queue_log member name."""
    if count > len(FIRST_NAMES) * len(SURNAMES):
        raise ValueError(f"at most {len(FIRST_NAMES) * len(SURNAMES)} agents have a name")
    chosen = rng.choice(len(FIRST_NAMES) * len(SURNAMES), size=count, replace=False)
    return [
        f"{FIRST_NAMES[index % len(FIRST_NAMES)]} {SURNAMES[index // len(FIRST_NAMES)]}"
        for index in chosen
    ]


SAFETY = 1.0
"""Staffing above the offered load, in units of its square root (see `staffing`)."""


@dataclass(frozen=True, slots=True)
class AgentProfile:
    name: str
    queues: tuple[str, ...]
    """The queues the agent is a member of, their first queue first."""
    shift: Shift
    """Their shift on a full working day (MORNING, MIDDAY or EVENING)."""


def staffing(calls_per_day: float) -> dict[str, dict[Shift, int]]:
    """Agents per queue and shift for a full working day of this many calls.

    Square-root staffing (agents = load + SAFETY * sqrt(load)) hour by hour: the morning
    shift covers 9:00 (with 8:00, the quiet opening), the evening shift 18:00 (the late
    hours it has alone), and the midday shift what the morning peak and the afternoon
    still need on top. Pauses then make the busy hours tight, as in a real center.
    """
    hourly = sum(INTRADAY.values())
    plan = {}
    for queue in QUEUES:
        handling_h = (queue.aht_s + queue.wrapup_s) / 3600
        need = {
            hour: int(np.ceil(load + SAFETY * np.sqrt(load)))
            for hour, weight in INTRADAY.items()
            for load in [calls_per_day * queue.share * weight / hourly * handling_h]
        }
        morning, evening = need[9], need[18]
        midday = max(need[10] - morning, need[11] - morning, need[16] - evening, 0)
        plan[queue.name] = {MORNING: morning, MIDDAY: midday, EVENING: evening}
    return plan


def roster(rng: np.random.Generator, calls_per_day: float) -> list[AgentProfile]:
    """The center's agents: enough for the volume, with Iranian names; some serve two queues."""
    places = [
        (queue, shift)
        for queue, shifts in staffing(calls_per_day).items()
        for shift, count in shifts.items()
        for _ in range(count)
    ]
    names = agent_names(rng, len(places))
    cross_trained = rng.random(len(places)) < CROSS_TRAINED_SHARE
    return [
        AgentProfile(
            name,
            (queue, SECOND_QUEUE[queue]) if two and queue in SECOND_QUEUE else (queue,),
            shift,
        )
        for name, (queue, shift), two in zip(names, places, cross_trained, strict=True)
    ]


def crew(agents: Sequence[AgentProfile], day: date) -> list[tuple[AgentProfile, Shift]]:
    """Who is scheduled on `day`, and on which shift.

    Saturday to Wednesday everyone works their own shift. On Thursday three in four of the
    morning and midday staff work a short shift, and on Friday two support agents are on
    call; both take turns week by week.
    """
    week = day.toordinal() // 7
    if day.weekday() == THURSDAY:
        daytime = [agent for agent in agents if agent.shift is not EVENING]
        return [(agent, THURSDAY_SHIFT) for i, agent in enumerate(daytime) if (i + week) % 4]
    if day.weekday() == FRIDAY:
        support = [agent for agent in agents if agent.queues[0] == "support"]
        first = week * FRIDAY_CREW
        return [(support[(first + k) % len(support)], FRIDAY_SHIFT) for k in range(FRIDAY_CREW)]
    return [(agent, agent.shift) for agent in agents]
