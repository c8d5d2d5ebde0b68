"""A what-if scenario: the center to simulate, as written in a TOML file.

The file names queues (arrival rate, intraday profile, handle time, patience, routing
settings) and groups of agents (how many, which skills); docs/simulation.md describes
every field. Validation names the field that is wrong, so a planner can fix the file
without reading Python.
"""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime, time
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeFloat,
    NonNegativeInt,
    PositiveFloat,
    PositiveInt,
    ValidationError,
    model_validator,
)

from tamas.acd import (
    MAX_LEVEL,
    MIN_LEVEL,
    BusinessHours,
    Overflow,
    QueueConfig,
    SkillNeed,
    Strategy,
)
from tamas.errors import InputError
from tamas.events import Channel
from tamas.sim.distributions import Distribution

Level = Annotated[int, Field(ge=MIN_LEVEL, le=MAX_LEVEL)]

LISTED_SKILL_LEVEL = 5
"""The level of a skill given as a plain name (`skills = ["support"]`): a middle one."""


def _levels(skills: list[str] | dict[str, int]) -> dict[str, int]:
    if isinstance(skills, dict):
        return dict(skills)
    return dict.fromkeys(skills, LISTED_SKILL_LEVEL)


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SimulationSpec(_Spec):
    duration_s: PositiveFloat
    warmup_s: NonNegativeFloat = 0.0
    seed: int | None = None
    start: AwareDatetime = datetime(2025, 1, 1, tzinfo=UTC)
    """The simulated day's first moment; events are stamped from it."""
    drain: bool = True
    """After the last arrival, let the contacts still in the center finish."""
    tz: str = "Asia/Tehran"
    """The center's time zone: agents' shift and break times are local times in it."""

    @model_validator(mode="after")
    def _warmup_inside(self) -> SimulationSpec:
        if self.warmup_s >= self.duration_s:
            raise ValueError("warmup_s must be shorter than duration_s")
        try:
            ZoneInfo(self.tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"tz: unknown time zone {self.tz!r}") from None
        return self


class OverflowSpec(_Spec):
    after_s: NonNegativeFloat
    skills: list[str] | dict[str, Level] = Field(default_factory=list)
    """Skills added after `after_s`; a table gives each one's minimum level."""
    queue: str | None = None

    @model_validator(mode="after")
    def _one_action(self) -> OverflowSpec:
        if bool(self.skills) == (self.queue is not None):
            raise ValueError("an overflow rule sets either skills or queue")
        return self

    def rule(self) -> Overflow:
        needs = tuple(
            SkillNeed(skill, level if isinstance(self.skills, dict) else MIN_LEVEL)
            for skill, level in _levels(self.skills).items()
        )
        return Overflow(self.after_s, needs, self.queue)


class CallbackSpec(_Spec):
    after_s: NonNegativeFloat
    """The queue offers a callback to callers still waiting after this long."""
    accept: float = Field(default=1.0, ge=0, le=1)
    """The share of callers offered a callback who take it."""


class TransferSpec(_Spec):
    queue: str = Field(min_length=1)
    """The queue the agent passes the contact on to when the talk is over."""
    share: float = Field(ge=0, le=1)
    """The share of the queue's answered contacts that are passed on."""
    escalation: bool = False
    """Written as an escalation (reason `escalation`) instead of a blind transfer."""


class HoursSpec(_Spec):
    tz: str = "Asia/Tehran"
    open: dict[str, str]
    """Open spans per weekday (`sat = "08:00-17:00"`); a day not named is closed."""
    closed: list[date] = Field(default_factory=list)
    """Holidays and other closed dates."""

    @model_validator(mode="after")
    def _valid(self) -> HoursSpec:
        self.hours()
        return self

    def hours(self) -> BusinessHours:
        return BusinessHours.weekly(self.tz, self.open, self.closed)


class ReplaySpec(_Spec):
    replay: str = Field(min_length=1)
    """The event log file to take the arrivals from (relative to the scenario file)."""
    queue: str | None = None
    """The queue's name in that log; its own name when absent."""


class QueueSpec(_Spec):
    name: str = Field(min_length=1)
    arrival_rate_per_hour: NonNegativeFloat | None = None
    arrivals: ReplaySpec | None = None
    """Arrivals replayed from a log instead of drawn at `arrival_rate_per_hour`."""
    service: Distribution
    patience: Distribution | None = None
    """Absent: callers never give up."""
    sl_threshold_s: PositiveInt = 20
    """The service-level threshold of this queue's row in `tamas sim run`."""
    profile: list[NonNegativeFloat] | None = Field(default=None, min_length=1)
    """Factors on the arrival rate, one per `profile_interval_s`, repeated over the run."""
    profile_interval_s: PositiveFloat = 3600.0
    skill: str | None = None
    """The skill that serves the queue; its own name when absent."""
    min_level: Level = MIN_LEVEL
    priority: int = 0
    strategy: Strategy = Strategy.LONGEST_IDLE
    channel: Channel = Channel.VOICE
    wrap_up_s: NonNegativeFloat = 0.0
    ring_s: NonNegativeFloat = 0.0
    """How long an agent's phone rings before the agent answers."""
    ring_timeout_s: PositiveFloat | None = None
    overflow: list[OverflowSpec] = Field(default_factory=list)
    max_wait_s: PositiveFloat | None = None
    max_wait_destination: str | None = None
    max_length: NonNegativeInt | None = None
    full_destination: str | None = None
    callback: CallbackSpec | None = None
    transfer: TransferSpec | None = None
    hours: HoursSpec | None = None
    closed_destination: str | None = None
    exit_when_empty: bool = False
    empty_destination: str | None = None

    @model_validator(mode="after")
    def _one_arrival_source(self) -> QueueSpec:
        if (self.arrival_rate_per_hour is None) == (self.arrivals is None):
            raise ValueError("give either arrival_rate_per_hour or arrivals = { replay = ... }")
        return self

    def config(self) -> QueueConfig:
        return QueueConfig(
            name=self.name,
            skills=(SkillNeed(self.skill or self.name, self.min_level),),
            priority=self.priority,
            strategy=self.strategy,
            channel=self.channel,
            wrap_up_s=self.wrap_up_s,
            auto_answer=self.ring_s == 0,
            ring_timeout_s=self.ring_timeout_s,
            overflow=tuple(rule.rule() for rule in self.overflow),
            max_wait_s=self.max_wait_s,
            max_wait_destination=self.max_wait_destination,
            max_length=self.max_length,
            full_destination=self.full_destination,
            callback_after_s=None if self.callback is None else self.callback.after_s,
            hours=None if self.hours is None else self.hours.hours(),
            closed_destination=self.closed_destination,
            exit_when_empty=self.exit_when_empty,
            empty_destination=self.empty_destination,
        )


class BreakSpec(_Spec):
    start: time
    """Local time the break starts (within its shift)."""
    minutes: PositiveFloat
    reason: str = "break"
    """The pause reason written on `agent.paused`."""


class ShiftSpec(_Spec):
    start: time
    end: time
    """Local times; an end at or before the start is on the next day."""
    breaks: list[BreakSpec] = Field(default_factory=list)


class AgentGroup(_Spec):
    count: PositiveInt
    skills: list[str] | dict[str, Level] = Field(min_length=1)
    """Skill names (at a middle level) or a table of skill = level (1-10)."""
    name: str | None = None
    """Agents are named `<name>-<n>`; `agents<group number>` when absent."""
    capacity: PositiveInt = 1
    channel: Channel = Channel.VOICE
    shifts: list[ShiftSpec] | None = None
    """Worked every day of the run in the simulation's time zone; absent: all the run."""

    def levels(self) -> dict[str, int]:
        return _levels(self.skills)


class Scenario(_Spec):
    simulation: SimulationSpec
    queue: list[QueueSpec] = Field(min_length=1)
    agents: list[AgentGroup] = Field(default_factory=list)

    @model_validator(mode="after")
    def _queues_known(self) -> Scenario:
        names = [queue.name for queue in self.queue]
        if len(set(names)) != len(names):
            raise ValueError("queue names must be unique")
        for queue in self.queue:
            for rule in queue.overflow:
                if rule.queue is not None and rule.queue not in names:
                    raise ValueError(f"queue {queue.name}: overflow to unknown queue {rule.queue}")
            if queue.transfer is not None and queue.transfer.queue not in names:
                raise ValueError(
                    f"queue {queue.name}: transfer to unknown queue {queue.transfer.queue}"
                )
        return self


def parse_scenario(text: str, source: str = "scenario.toml") -> Scenario:
    """The scenario in `text` (TOML); `source` names it in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"{source}: not valid TOML: {error}") from None
    try:
        return Scenario.model_validate(data)
    except ValidationError as error:
        raise InputError(f"{source}: {_first_problem(error)}") from None


def _first_problem(error: ValidationError) -> str:
    """The most specific problem: for a field of several shapes, the deepest complaint."""
    problems = error.errors()
    first = max(problems, key=lambda problem: len(problem["loc"]))
    where = _field_path(first["loc"])
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"{where or 'scenario'}: {first['msg']}{more}"


def _field_path(loc: tuple[Any, ...]) -> str:
    """`queue[0].service.mean_s` from pydantic's location, without its shape tags."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif "[" in part or part in {"exponential", "lognormal", "deterministic", "empirical"}:
            continue
        else:
            path += f".{part}" if path else part
    return path
