"""Choose shifts and place their breaks with CP-SAT: under-staffing first, then paid hours.

Time is cut into slots: the largest step that every time in the requirements and the
shift file falls on (the interval itself when breaks are whole intervals). A shift
*option* is one template started on one day at one of its allowed starts. The model
counts how many agents work each option (``x``) and, for every break of the option,
how many of them start it at each allowed offset (``y``) — the "implicit" break
formulation, far smaller than one variable per person and break pattern.

Counts alone could describe break placements no person can follow (a lunch taken
before the break that must precede it). Pairing the i-th earliest start of one break
with the i-th earliest of the next is the best pairing there is, so it suffices to
require, for every threshold, that the cumulative counts of consecutive breaks keep
order (the next break starts after this one ends) and keep the stretch of work between
them within ``max_consecutive_work``. Each agent of an option then gets the i-th start
of every break, and the result is a valid pattern per person.

With an ``[[agent]]`` list, agents with the same rules form a crew, and ``z`` counts how
many of a crew work each option (summed into ``x``): each agent works at most one
option a day, only on days and hours they are available, only templates whose skills
they have, at most ``max_shifts`` times, never two shifts at once.

The objective is lexicographic, solved in three rounds that each keep the previous
optimum as a constraint: (1) under-staffing in agent-slots, (2) paid time, (3)
over-staffing. Each round starts from the previous solution. A round stopped by the
time limit keeps its best solution and reports its bound.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import reduce

from ortools.sat.python import cp_model

from tamas.errors import InputError
from tamas.wfm.schedule.requirements import Requirements
from tamas.wfm.schedule.rules import DAY, MINUTE_GRID, WEEKDAYS, Agent, ShiftFile, ShiftTemplate


@dataclass(frozen=True)
class PlacedBreak:
    name: str
    start: datetime
    end: datetime
    paid: bool


@dataclass(frozen=True)
class PlannedShift:
    """``count`` agents (one, named, when the file lists agents) working one shift."""

    template: str
    day: date
    start: datetime
    end: datetime
    breaks: tuple[PlacedBreak, ...]
    count: int
    agent: str | None = None


@dataclass(frozen=True)
class IntervalCoverage:
    """Agents needed and scheduled in one interval (scheduled is the mean over its slots
    when breaks are shorter than the interval)."""

    ds: datetime
    required: int
    scheduled: float
    under: float
    over: float

    @property
    def difference(self) -> float:
        return self.scheduled - self.required


@dataclass(frozen=True)
class Level:
    """One round of the lexicographic objective: the value reached and the solver's
    bound on the best possible; they are equal when the round was proven optimal."""

    name: str
    value: float
    bound: float
    optimal: bool

    @property
    def gap(self) -> float:
        return 0.0 if self.optimal else (self.value - self.bound) / max(abs(self.value), 1e-9)


@dataclass(frozen=True)
class Schedule:
    shifts: tuple[PlannedShift, ...]
    coverage: tuple[IntervalCoverage, ...]
    levels: tuple[Level, ...]
    seconds: float

    @property
    def optimal(self) -> bool:
        return all(level.optimal for level in self.levels)

    @property
    def under_staffed(self) -> float:
        """Agent-intervals short of the requirement, summed over intervals."""
        return sum(c.under for c in self.coverage)

    @property
    def over_staffed(self) -> float:
        return sum(c.over for c in self.coverage)

    @property
    def paid_hours(self) -> float:
        return sum(s.count * _paid_minutes(s) for s in self.shifts) / 60


def _paid_minutes(shift: PlannedShift) -> float:
    unpaid = sum((b.end - b.start).total_seconds() for b in shift.breaks if not b.paid)
    return ((shift.end - shift.start).total_seconds() - unpaid) / 60


@dataclass
class _Option:
    """One template, started on one day at one time; ``start`` is in slots from the
    start of the requirements (negative when it starts before them)."""

    template: ShiftTemplate
    day: date
    start: int
    length: int
    windows: tuple[range, ...]
    crews: list[int] = field(default_factory=list)
    """Indices of the crews (see `_Crew`) whose agents may work this option."""

    def span(self, horizon: int) -> range:
        return range(max(self.start, 0), min(self.start + self.length, horizon))


class _Grid:
    """Slots of the horizon: their length and how times map onto them."""

    def __init__(self, requirements: Requirements, shift_file: ShiftFile) -> None:
        start = requirements.start
        minutes = [requirements.interval, start.hour * 60 + start.minute]
        for template in shift_file.shifts:
            minutes += [template.earliest_start, template.length]
            minutes += [template.start_step or requirements.interval]
            minutes += [t for b in template.breaks for t in (b.earliest, b.length)]
            minutes += [template.max_consecutive_work or template.length]
        self.minutes = reduce(math.gcd, minutes)
        if self.minutes < MINUTE_GRID:
            raise InputError(
                f"requirements: intervals of {requirements.interval} min starting at "
                f"{start:%H:%M} do not fit the {MINUTE_GRID}-minute grid of the shift file"
            )
        self.per_interval = requirements.interval // self.minutes
        self.start = start
        self.need = [n for n in requirements.agents for _ in range(self.per_interval)]
        self.size = len(self.need)

    def slots(self, minutes: int) -> int:
        return minutes // self.minutes

    @property
    def day(self) -> int:
        """Slots in a day."""
        return self.slots(DAY)

    def at(self, slot: int) -> datetime:
        return self.start + timedelta(minutes=slot * self.minutes)

    def index(self, moment: datetime) -> int:
        return int((moment - self.start).total_seconds()) // 60 // self.minutes

    def days(self) -> list[date]:
        """The days shifts may start on: from the day before the first interval (a night
        shift reaching into it) to the day of the last."""
        first = self.start.date() - timedelta(days=1)
        last = self.at(self.size - 1).date()
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]

    def midnight(self, day: date) -> datetime:
        return datetime.combine(day, time(), tzinfo=self.start.tzinfo)


def _options(grid: _Grid, shift_file: ShiftFile, step: int) -> list[_Option]:
    options = []
    for template in shift_file.shifts:
        windows = tuple(
            range(grid.slots(lo), grid.slots(hi) + 1) for lo, hi in template.break_windows()
        )
        length = grid.slots(template.length)
        for day in grid.days():
            if WEEKDAYS[day.weekday()] not in template.days:
                continue
            midnight = grid.index(grid.midnight(day))
            starts = range(
                template.earliest_start, template.latest_start + 1, template.start_step or step
            )
            for minute in starts:
                begin = midnight + grid.slots(minute)
                if begin < grid.size and begin + length > 0:
                    options.append(_Option(template, day, begin, length, windows))
    return options


@dataclass(frozen=True)
class _Crew:
    """Agents the file gives the same rules (skills, days, hours, most shifts): the
    model only needs to know how many of them work each option, which keeps a roster
    of a hundred agents as small as a few crews.

    Agents who may work a shift across midnight stay in crews of one: deciding that
    none works a night shift and the next day's early one at once needs each of them.
    """

    names: tuple[str, ...]
    rules: Agent

    @property
    def size(self) -> int:
        return len(self.names)


def _eligible(grid: _Grid, agent: Agent, option: _Option) -> bool:
    begin = option.start - grid.index(grid.midnight(option.day))
    earliest, latest = (grid.slots(m) for m in agent.window())
    return (
        WEEKDAYS[option.day.weekday()] in agent.days
        and option.template.skills <= agent.skills
        and earliest <= begin
        and begin + option.length <= latest
    )


def _crews(grid: _Grid, shift_file: ShiftFile, options: list[_Option]) -> list[_Crew]:
    """Group the agents into crews and mark each option with the crews that may work
    it; options nobody may work are left without crews."""
    groups: dict[tuple, list[Agent]] = defaultdict(list)
    for agent in shift_file.agents:
        key = (agent.skills, agent.days, agent.window(), agent.max_shifts)
        groups[key].append(agent)
    crews: list[_Crew] = []
    for members in groups.values():
        names = tuple(sorted(agent.name for agent in members))
        usable = [option for option in options if _eligible(grid, members[0], option)]
        overnight = any(
            option.start + option.length > grid.index(grid.midnight(option.day)) + grid.day
            for option in usable
        )
        for team in [(name,) for name in names] if overnight else [names]:
            for option in usable:
                option.crews.append(len(crews))
            crews.append(_Crew(team, members[0]))
    return crews


def _check_coverable(grid: _Grid, options: list[_Option]) -> None:
    """Reject a shift file with no template for an interval that needs agents: a gap in
    the file, not a shortage to report. (Agents too few for an interval are a shortage:
    the schedule shows it as under-staffing.)"""
    covered = [False] * grid.size
    for option in options:
        for slot in option.span(grid.size):
            covered[slot] = True
    bare = [t for t in range(grid.size) if grid.need[t] and not covered[t]]
    if bare:
        first, need = grid.at(bare[0]), grid.need[bare[0]]
        count = len({t // grid.per_interval for t in bare})
        raise InputError(
            f"shifts: no shift template covers {first.isoformat()}, which needs {need} "
            f"agent(s) ({count} interval(s) like it); widen the start windows or days, "
            "or add a template"
        )


class _Model:
    """The CP-SAT model of one scheduling problem and its three objectives."""

    def __init__(
        self, grid: _Grid, shift_file: ShiftFile, options: list[_Option], crews: list[_Crew]
    ) -> None:
        self.grid = grid
        self.options = options
        self.crews = crews
        self.model = cp_model.CpModel()
        self.x: list[cp_model.IntVar] = []
        self.y: list[list[dict[int, cp_model.IntVar]]] = []
        self.z: list[dict[int, cp_model.IntVar]] = []
        self.terms: list[list[tuple[cp_model.IntVar, int]]] = [[] for _ in range(grid.size)]
        terms = self.terms
        for option in options:
            self._add_option(option, terms)
        if crews:
            self._add_crews()
        self._add_max_per_day(shift_file)
        self.under, self.over = [], []
        for slot, need in enumerate(grid.need):
            top = sum(coef for _, coef in terms[slot] if coef > 0)
            under = self.model.new_int_var(0, need, "")
            over = self.model.new_int_var(0, top, "")
            self.under.append(under)
            self.over.append(over)
            names = [v for v, _ in terms[slot]] + [under, over]
            coefs = [c for _, c in terms[slot]] + [1, -1]
            self.model.add(cp_model.LinearExpr.weighted_sum(names, coefs) == need)

    def _bound(self, option: _Option) -> int:
        """Most agents an optimal schedule can put on an option: each of them must work
        some slot that is not over-staffed (or dropping them would save paid time), and
        no slot holds more such agents than it needs."""
        top = sum(self.grid.need[t] for t in option.span(self.grid.size))
        if self.crews:
            top = min(top, sum(self.crews[c].size for c in option.crews))
        if option.template.max_per_day is not None:
            top = min(top, option.template.max_per_day)
        return top

    def _add_option(self, option: _Option, terms: list[list[tuple]]) -> None:
        top = self._bound(option)
        x = self.model.new_int_var(0, top, "")
        self.x.append(x)
        for slot in option.span(self.grid.size):
            terms[slot].append((x, 1))
        placements = []
        for brk, window in zip(option.template.breaks, option.windows, strict=True):
            starts = {p: self.model.new_int_var(0, top, "") for p in window}
            self.model.add(sum(starts.values()) == x)
            length = self.grid.slots(brk.length)
            for offset, y in starts.items():
                begin = option.start + offset
                for slot in range(max(begin, 0), min(begin + length, self.grid.size)):
                    terms[slot].append((y, -1))
            placements.append(starts)
        self.y.append(placements)
        limit = option.template.max_consecutive_work
        for j in range(len(placements) - 1):
            first, second = placements[j], placements[j + 1]
            length = self.grid.slots(option.template.breaks[j].length)
            for q in second:
                if max(first) + length > q:
                    self.model.add(
                        sum(y for p, y in second.items() if p <= q)
                        <= sum(y for p, y in first.items() if p + length <= q)
                    )
            if limit is None:
                continue
            gap = length + self.grid.slots(limit)
            for q in (p + gap for p in first):
                if max(second) > q:
                    self.model.add(
                        sum(y for p, y in first.items() if p + gap <= q)
                        <= sum(y for p, y in second.items() if p <= q)
                    )

    def _add_crews(self) -> None:
        """How many of each crew work each option, within the crews' limits."""
        per_day: dict[tuple[int, date], list[cp_model.IntVar]] = defaultdict(list)
        per_crew: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        at_once: dict[tuple[int, int], list[tuple[date, cp_model.IntVar]]] = defaultdict(list)
        overnight = self._overnight()
        for option, x in zip(self.options, self.x, strict=True):
            top = self._bound(option)
            chosen = {
                c: self.model.new_int_var(0, min(self.crews[c].size, top), "") for c in option.crews
            }
            self.model.add(sum(chosen.values()) == x)
            self.z.append(chosen)
            shared = [
                slot
                for day in (option.day, option.day + timedelta(days=1))
                for slot in overnight.get(day, range(0))
                if option.start <= slot < option.start + option.length
            ]
            for c, z in chosen.items():
                per_day[c, option.day].append(z)
                per_crew[c].append(z)
                for slot in shared:
                    at_once[c, slot].append((option.day, z))
        for (c, _day), group in per_day.items():
            self.model.add(sum(group) <= self.crews[c].size)
        for c, group in per_crew.items():
            most = self.crews[c].rules.max_shifts
            if most is not None:
                self.model.add(sum(group) <= most * self.crews[c].size)
        exclusive = {
            (c, tuple(sorted(z.index for _, z in group))): [z for _, z in group]
            for (c, _slot), group in at_once.items()
            if len({day for day, _ in group}) > 1
        }
        for (c, _), group in exclusive.items():
            self.model.add(sum(group) <= self.crews[c].size)

    def _overnight(self) -> dict[date, range]:
        """For each day, the slots after its midnight still worked by shifts of the day
        before: the only slots where one agent could be given two shifts at once."""
        reach: dict[date, range] = {}
        for option in self.options:
            day = option.day + timedelta(days=1)
            midnight = self.grid.index(self.grid.midnight(day))
            end = option.start + option.length
            if end > midnight:
                reach[day] = range(midnight, max(end, reach.get(day, range(0)).stop))
        return reach

    def _add_max_per_day(self, shift_file: ShiftFile) -> None:
        limits = {t.name: t.max_per_day for t in shift_file.shifts if t.max_per_day is not None}
        groups: dict[tuple[str, date], list[cp_model.IntVar]] = defaultdict(list)
        for option, x in zip(self.options, self.x, strict=True):
            if option.template.name in limits:
                groups[option.template.name, option.day].append(x)
        for (name, _day), group in groups.items():
            self.model.add(sum(group) <= limits[name])

    def solve(self, time_limit: float, workers: int) -> tuple[list[int], list[Level], float]:
        """The values of all variables, what is proven about them, and seconds spent.

        Round one minimises ``weight * under + paid`` where ``weight`` exceeds the paid
        time of the longest shift: any change of one agent's shift that lowers
        under-staffing is worth its cost, so under-staffing comes first. (Weighting
        rather than two solver rounds keeps under-staffing soft, which is what lets the
        solver's LP find good schedules quickly.) If round one is proven optimal, round
        two keeps under-staffing and paid time at that optimum and lowers
        over-staffing, with the rest of the time.
        """
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = 1
        # Cuts slow the root LP of a week-long model far more than they tighten it; the
        # LP worker is the one that finds good schedules, so let it start early.
        solver.parameters.cut_level = 0
        solver.parameters.max_time_in_seconds = time_limit
        paid_slots = [self.grid.slots(o.template.paid_minutes) for o in self.options]
        weight = max(paid_slots, default=0) + 1
        under = cp_model.LinearExpr.sum(self.under)
        paid = cp_model.LinearExpr.weighted_sum(self.x, paid_slots)
        over = cp_model.LinearExpr.sum(self.over)
        self.model.minimize(weight * under + paid)
        status = solver.solve(self.model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            raise InputError(
                f"no schedule found within the time limit of {time_limit:g} s; "
                "give a longer --time-limit"
            )
        values = self._without_slack(list(solver.response_proto.solution))
        spent = solver.wall_time
        optimal = status == cp_model.OPTIMAL
        short = sum(values[v.index] for v in self.under)
        cost = sum(values[x.index] * slots for x, slots in zip(self.x, paid_slots, strict=True))
        surplus = sum(values[v.index] for v in self.over)
        floor = round(solver.best_objective_bound) - weight * short
        known = optimal or not short
        levels = [
            self._level("under_staffed", short, short if known else 0, known),
            self._level("paid_hours", cost, max(floor, 0), optimal),
            self._level("over_staffed", surplus, 0, False),
        ]
        if optimal and time_limit - spent > 0.01:
            self.model.add(under <= short)
            self.model.add(paid <= cost)
            self.model.minimize(over)
            for var in self._variables():
                self.model.add_hint(var, values[var.index])
            solver.parameters.max_time_in_seconds = time_limit - spent
            status = solver.solve(self.model)
            spent += solver.wall_time
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                values = self._without_slack(list(solver.response_proto.solution))
                levels[-1] = self._level(
                    "over_staffed",
                    sum(values[v.index] for v in self.over),
                    round(solver.best_objective_bound),
                    status == cp_model.OPTIMAL,
                )
        return values, levels, spent

    def _without_slack(self, values: list[int]) -> list[int]:
        """``values`` with each slot's under- and over-staffing set to the shortfall and
        surplus of its coverage: a solution stopped by the time limit may have both
        above zero at once, which overstates them."""
        for slot, need in enumerate(self.grid.need):
            covered = sum(values[v.index] * coef for v, coef in self.terms[slot])
            values[self.under[slot].index] = max(need - covered, 0)
            values[self.over[slot].index] = max(covered - need, 0)
        return values

    def _level(self, name: str, value: int, bound: int, optimal: bool) -> Level:
        """A result in slots, in the units it is shown in: hours for paid time,
        agent-intervals for under- and over-staffing."""
        unit = self.grid.minutes / 60 if name == "paid_hours" else 1 / self.grid.per_interval
        return Level(name, value * unit, bound * unit, optimal)

    def _variables(self) -> list[cp_model.IntVar]:
        placed = [y for breaks in self.y for starts in breaks for y in starts.values()]
        chosen = [z for group in self.z for z in group.values()]
        return self.x + placed + chosen + self.under + self.over

    def shifts(self, values: list[int]) -> list[PlannedShift]:
        """The solution as shifts: the i-th agent of an option takes the i-th earliest
        start of every break (the pairing the order constraints guarantee is valid).

        A crew's shifts go to its agents in turn, in order of day: no agent gets two on
        one day (a crew works at most as many a day as it has agents), and each gets at
        most ``max_shifts`` (a crew works at most that many per agent).
        """
        planned = []
        rosters: dict[int, list[tuple[_Option, tuple[int, ...]]]] = defaultdict(list)
        for option, x, placements, chosen in zip(
            self.options, self.x, self.y, self.z or [{}] * len(self.options), strict=True
        ):
            count = values[x.index]
            if not count:
                continue
            starts = [
                sorted(p for p, y in window.items() for _ in range(values[y.index]))
                for window in placements
            ]
            patterns = iter(tuple(column[i] for column in starts) for i in range(count))
            if not self.crews:
                planned += [
                    self._shift(option, pattern, n)
                    for pattern, n in sorted(Counter(patterns).items())
                ]
            for c, z in sorted(chosen.items()):
                rosters[c] += [(option, next(patterns)) for _ in range(values[z.index])]
        for c, work in rosters.items():
            names = self.crews[c].names
            work.sort(key=lambda item: (item[0].day, item[0].start))
            planned += [
                self._shift(option, pattern, 1, names[i % len(names)])
                for i, (option, pattern) in enumerate(work)
            ]
        return sorted(planned, key=lambda s: (s.start, s.template, s.agent or ""))

    def _shift(
        self, option: _Option, pattern: tuple[int, ...], count: int, agent: str | None = None
    ) -> PlannedShift:
        at = self.grid.at
        breaks = tuple(
            PlacedBreak(
                brk.name,
                at(option.start + p),
                at(option.start + p + self.grid.slots(brk.length)),
                brk.paid,
            )
            for brk, p in zip(option.template.breaks, pattern, strict=True)
        )
        return PlannedShift(
            option.template.name,
            option.day,
            at(option.start),
            at(option.start + option.length),
            breaks,
            count,
            agent,
        )


def _coverage(
    grid: _Grid, requirements: Requirements, shifts: list[PlannedShift]
) -> list[IntervalCoverage]:
    """Coverage recomputed from the shifts themselves, interval by interval."""
    working = [0] * grid.size
    for shift in shifts:
        delta = [(shift.start, shift.end, shift.count)]
        delta += [(b.start, b.end, -shift.count) for b in shift.breaks]
        for begin, end, count in delta:
            for slot in range(max(grid.index(begin), 0), min(grid.index(end), grid.size)):
                working[slot] += count
    rows = []
    k = grid.per_interval
    for index, need in enumerate(requirements.agents):
        slots = working[index * k : (index + 1) * k]
        rows.append(
            IntervalCoverage(
                ds=requirements.ds(index),
                required=need,
                scheduled=sum(slots) / k,
                under=sum(max(need - s, 0) for s in slots) / k,
                over=sum(max(s - need, 0) for s in slots) / k,
            )
        )
    return rows


def schedule(
    requirements: Requirements,
    shift_file: ShiftFile,
    *,
    time_limit: float = 30.0,
    workers: int = 2,
) -> Schedule:
    """Shifts and breaks covering ``requirements`` as well as the shift file allows.

    Under-staffing is minimised first, then paid hours, then over-staffing. Raises
    InputError when an interval that needs agents is covered by no shift template, or
    when no solution is found in ``time_limit`` seconds.

    >>> from datetime import datetime
    >>> from tamas.wfm.schedule import parse_shift_file
    >>> need = Requirements(datetime(2025, 1, 6, 8), 60, (1, 2, 2, 1))
    >>> rules = parse_shift_file('''
    ... [[shift]]
    ... name = "short"
    ... earliest_start = "08:00"
    ... latest_start = "10:00"
    ... length = "2h"
    ... ''', "shifts.toml")
    >>> plan = schedule(need, rules, time_limit=5)
    >>> [(s.start.hour, s.count) for s in plan.shifts], plan.under_staffed, plan.paid_hours
    ([(8, 1), (9, 1), (10, 1)], 0.0, 6.0)
    """
    if time_limit <= 0:
        raise InputError(f"--time-limit: expected a positive number of seconds, got {time_limit}")
    grid = _Grid(requirements, shift_file)
    options = _options(grid, shift_file, requirements.interval)
    _check_coverable(grid, options)
    crews = _crews(grid, shift_file, options)
    if crews:
        options = [option for option in options if option.crews]
    model = _Model(grid, shift_file, options, crews)
    values, levels, seconds = model.solve(time_limit, workers)
    shifts = model.shifts(values)
    return Schedule(
        shifts=tuple(shifts),
        coverage=tuple(_coverage(grid, requirements, shifts)),
        levels=tuple(levels),
        seconds=seconds,
    )
