"""What the router routes: queue settings, agents and contacts.

Queue settings are immutable values a person configures; agents and contacts are the
router's own mutable records, read by drivers (the simulator, the live service) but only
changed through `tamas.acd.Acd`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from tamas.acd.hours import BusinessHours
from tamas.acd.states import AgentState, ContactState
from tamas.events import Channel

MIN_LEVEL = 1
MAX_LEVEL = 10
"""Skill proficiency runs from 1 (novice) to 10 (expert)."""


class Strategy(StrEnum):
    """How a queue picks among the agents free to take its contact."""

    LONGEST_IDLE = "longest_idle"
    """The agent whose load last changed longest ago (a finished contact, a new ready)."""
    LEAST_OCCUPIED = "least_occupied"
    """Fewest contacts in hand, then least handling time since login, then longest idle."""
    SKILL_LEVEL_FIRST = "skill_level_first"
    """The most proficient agent for the queue's skill, then longest idle."""
    ROUND_ROBIN = "round_robin"
    """The next agent after the one this queue chose last, in login order."""
    RING_ALL = "ring_all"
    """Ring every free agent at once; the first to answer takes the contact."""


@dataclass(frozen=True, slots=True)
class SkillNeed:
    """An agent qualifies when it has `skill` at `min_level` or above."""

    skill: str
    min_level: int = MIN_LEVEL

    def __post_init__(self) -> None:
        if not MIN_LEVEL <= self.min_level <= MAX_LEVEL:
            raise ValueError(f"skill {self.skill}: level must be {MIN_LEVEL}..{MAX_LEVEL}")


@dataclass(frozen=True, slots=True)
class Overflow:
    """After `after_s` seconds in the queue, widen who may answer or move to another queue.

    `skills` adds agents (bullseye: each rule reaches a wider ring of agents); `queue`
    moves the contact to that queue as a new queue entry. A rule does one or the other.
    """

    after_s: float
    skills: tuple[SkillNeed, ...] = ()
    queue: str | None = None

    def __post_init__(self) -> None:
        if self.after_s < 0:
            raise ValueError("overflow after_s must be >= 0")
        if bool(self.skills) == (self.queue is not None):
            raise ValueError("an overflow rule either widens skills or names a queue")


@dataclass(frozen=True, slots=True)
class QueueConfig:
    """A queue: who may serve it, in which order, and what happens when it waits too long.

    `skills` defaults to one skill named like the queue. `priority` is added to each
    contact's own priority: across the queues an agent serves, higher priority goes first,
    then the longest (credited) wait. A destination (`max_wait_destination`,
    `full_destination`, `closed_destination`, `empty_destination`) that names a queue moves
    the contact there; any other name (voicemail) ends the entry with that target;
    `callback`, unless a queue has that name, ends it with a callback that keeps the
    contact's place (see `Acd.request_callback`).
    """

    name: str
    skills: tuple[SkillNeed, ...] = ()
    priority: int = 0
    strategy: Strategy = Strategy.LONGEST_IDLE
    channel: Channel = Channel.VOICE
    wrap_up_s: float = 0.0
    auto_answer: bool = False
    ring_timeout_s: float | None = None
    overflow: tuple[Overflow, ...] = ()
    max_wait_s: float | None = None
    max_wait_destination: str | None = None
    max_length: int | None = None
    full_destination: str | None = None
    callback_after_s: float | None = None
    """After this wait the router asks the driver to offer the caller a callback."""
    hours: BusinessHours | None = None
    """When the queue takes contacts; a contact arriving when closed exits (`closed`)."""
    closed_destination: str | None = None
    exit_when_empty: bool = False
    """Contacts leave (`empty`) when no logged-in agent may serve the queue: on arrival,
    and all waiting callers when the last such agent logs out. Paused agents count."""
    empty_destination: str | None = None

    def __post_init__(self) -> None:
        if not self.skills:
            object.__setattr__(self, "skills", (SkillNeed(self.name),))
        if self.wrap_up_s < 0:
            raise ValueError(f"queue {self.name}: wrap_up_s must be >= 0")
        if self.ring_timeout_s is not None and self.ring_timeout_s <= 0:
            raise ValueError(f"queue {self.name}: ring_timeout_s must be > 0")
        if self.callback_after_s is not None and self.callback_after_s < 0:
            raise ValueError(f"queue {self.name}: callback_after_s must be >= 0")
        if self.max_length is not None and self.max_length < 0:
            raise ValueError(f"queue {self.name}: max_length must be >= 0")
        object.__setattr__(
            self, "overflow", tuple(sorted(self.overflow, key=lambda rule: rule.after_s))
        )


@dataclass(eq=False, slots=True)
class Task:
    """One contact in an agent's hands: ringing, busy or in wrap-up."""

    contact: Contact
    phase: AgentState
    since: float


@dataclass(eq=False, slots=True)
class Agent:
    name: str
    skills: dict[str, int]
    capacity: dict[Channel, int]
    order: int
    """Login order, for round robin."""
    presence: AgentState = AgentState.LOGGED_OUT
    pause_reason: str | None = None
    tasks: dict[str, Task] = field(default_factory=dict)
    idle_since: float = 0.0
    busy_s: float = 0.0
    """Handling time (talk and wrap-up) since login, for the least-occupied strategy."""
    missed: int = 0
    """Offers missed in a row; reset by an answer."""
    leaving: bool = False
    """Asked to log out when its contacts are done."""
    stamp: int = 0
    """Changes whenever the agent's availability or ordering keys change."""
    shown: AgentState | None = None
    """The visible state its last `agent.*` event wrote."""
    shown_since: float = 0.0
    """When `shown` began (the time of that event)."""
    n_events: int = 0

    @property
    def state(self) -> AgentState:
        """The one state a wallboard shows: the most engaged contact, else the presence."""
        if not self.tasks:
            return self.presence
        if len(self.tasks) == 1:
            return next(iter(self.tasks.values())).phase
        phases = {task.phase for task in self.tasks.values()}
        for phase in (AgentState.BUSY, AgentState.RESERVED, AgentState.WRAP_UP):
            if phase in phases:
                return phase
        raise AssertionError("a task is always ringing, busy or in wrap-up")

    def free_slots(self, channel: Channel) -> int:
        """How many more contacts of `channel` the agent may take now."""
        if self.presence is not AgentState.READY:
            return 0
        for task in self.tasks.values():
            if task.contact.channel is not channel:
                return 0
        return self.capacity.get(channel, 0) - len(self.tasks)


@dataclass(eq=False, slots=True)
class Contact:
    """One queue entry of a contact, as the router holds it until the entry ends."""

    contact_id: str
    queue: str
    channel: Channel
    priority: int
    """The queue's priority plus the contact's own."""
    queued_at: float
    credited_since: float
    """`queued_at` less the head start: the age the contact is ordered by."""
    seq: int
    caller: str | None = None
    context: Mapping[str, Any] = field(default_factory=dict)
    """Customer, notes, case... carried along when the contact moves between queues."""
    state: ContactState = ContactState.WAITING
    step: int = 0
    """How many overflow rules that widen the skills have applied."""
    original_position: int = 0
    offered_at: float = 0.0
    ringing: list[str] = field(default_factory=list)
    agent: str | None = None
    answered_at: float = 0.0
    held: bool = False
    """The answered contact is on hold (the agent still has it in hand)."""
    offers: int = 0
    """Offer rounds so far: tells a ring timer whether its offer is still the current one."""
    n_events: int = 0
    """Events written about this contact, across its queue entries (part of their ids)."""
    callback_of: str | None = None
    """For a callback entry: the contact that asked for it."""
    direct_from: str | None = None
    """For a contact transferred straight to an agent: the agent who passed it on."""
