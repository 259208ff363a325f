"""Everything the CP-SAT models need, computed once per scenario.

People with the same skills share coverage and breaks, so both are modelled per *skill set*
(counts of shifts), not per person: breaks are placed per class of interchangeable shifts
(same skill set and length) and assigned to people afterwards, first-in first-out, which
is exact because the break windows of one class are translates of each other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..scenario.model import Employee, Scenario
from .catalogue import (
    BreakSlot,
    ShiftOption,
    allowed_options,
    break_slots,
    break_windows,
    breaks_fit_grid,
    build_options,
    off_grid_note,
    seats_allowed,
)

SCALE = 100  # objective weights are floats; CP-SAT wants integers


@dataclass
class WeekLimits:
    first_day: int
    days: int
    min_minutes: int
    max_minutes: int | None
    max_days: int  # working dates allowed in the block (days off and max_days_per_week)


@dataclass
class Person:
    index: int
    employee: Employee
    skill_set: int
    site: int
    seats: tuple[str, ...]
    needs_kit: bool  # no home kit, yet may work remote
    options_by_day: list[list[int]]
    weeks: list[WeekLimits]
    prefer_on: set[int] = field(default_factory=set)
    prefer_off: set[int] = field(default_factory=set)
    cost_factor: float = 1.0

    @property
    def employee_id(self) -> str:
        return self.employee.employee_id


@dataclass
class BreakClass:
    """Shifts of one skill set and length: their breaks are interchangeable."""

    key: tuple[int, int]  # (skill set, length)
    slots: tuple[BreakSlot, ...]
    min_work: int
    options: list[int]  # option indices of this length
    # per option: per slot, the window of break starts as interval indices [lo, hi]
    windows: dict[int, list[tuple[int, int]]] = field(default_factory=dict)


@dataclass
class Weights:
    shortfall: list[int]  # per queue, scaled, priority included
    overstaffing: int
    paid_minute: int
    preference: int


class Context:
    def __init__(self, scenario: Scenario, required: np.ndarray):
        self.scenario = scenario
        self.grid = scenario.grid
        self.step = scenario.grid.interval_minutes
        self.n_intervals = scenario.grid.n_intervals
        self.days = scenario.grid.days
        cfg = scenario.config
        self.queues = scenario.queue_names
        self.required = np.asarray(required, dtype=np.int64)
        self.labor = cfg.labor
        self.site_names = [s.name for s in cfg.sites]
        self.site_seats = [s.seats for s in cfg.sites]
        self.remote_seats = cfg.remote.seats
        self.loaner_kits = cfg.remote.loaner_kits
        options = build_options(scenario)
        self.slots_by_length = {n: break_slots(scenario, n) for n in {o.length for o in options}}
        # Breaks start on the interval grid: a shift with a break window that holds no
        # interval start cannot be rostered (said in notes and contradictions).
        fits = [breaks_fit_grid(o, self.slots_by_length[o.length], self.step) for o in options]
        self.options = [o for o, ok in zip(options, fits, strict=True) if ok]
        self.off_grid = [o for o, ok in zip(options, fits, strict=True) if not ok]
        self.options = [ShiftOption(i, o.day, o.start, o.length, o.type_name, o.rule,
                                    o.paid_minutes) for i, o in enumerate(self.options)]
        self.cover = [self._covered(o) for o in self.options]
        self.options_by_day = [[o.index for o in self.options if o.day == d]
                               for d in range(self.days)]
        self.skill_sets: list[tuple[int, ...]] = []
        self.persons = [self._person(i, e) for i, e in enumerate(scenario.employees)]
        self.classes = self._classes()
        self.weights = self._weights()
        # interval divisions among queues already solved (evaluate.divide_among_queues)
        self.split_cache: dict = {}

    def off_grid_note(self) -> str | None:
        return off_grid_note(self.off_grid, self.step)

    # --- options ------------------------------------------------------------------------
    def _windows(self, o: ShiftOption, slots) -> list[tuple[int, int]]:
        return break_windows(o, slots, self.step)

    def _covered(self, o: ShiftOption) -> tuple[int, int]:
        """Intervals [first, last) that the shift covers whole (inside the horizon)."""
        first = math.ceil(o.start / self.step)
        last = min(o.end // self.step, self.n_intervals)
        return first, max(first, last)

    # --- people ---------------------------------------------------------------------------
    def _person(self, index: int, e: Employee) -> Person:
        sc = self.scenario
        skills = tuple(sorted(self.queues.index(q) for q in e.skills))
        if skills not in self.skill_sets:
            self.skill_sets.append(skills)
        allowed = set(allowed_options(sc, e, self.options))
        by_day = [[k for k in self.options_by_day[d] if k in allowed] for d in range(self.days)]
        seats = seats_allowed(e)
        labor = self.labor
        weeks = []
        for first, length in sc.weeks():
            min_off = (labor.min_days_off_per_week or 0) * length // 7
            max_days = length - min_off
            if e.max_days_per_week is not None:
                max_days = min(max_days, e.max_days_per_week)
            weeks.append(WeekLimits(first, length,
                                    sc.min_paid_minutes_per_week(e) * length // 7,
                                    sc.max_paid_minutes_per_week(e), max_days))
        person = Person(index=index, employee=e, skill_set=self.skill_sets.index(skills),
                        site=self.site_names.index(e.site), seats=seats,
                        needs_kit=(not e.home_kit) and "remote" in seats,
                        options_by_day=by_day, weeks=weeks)
        for a in sc.availability:
            if a.employee_id == e.employee_id and a.kind == "prefer_on":
                person.prefer_on.add(a.day)
            elif a.employee_id == e.employee_id and a.kind == "prefer_off":
                person.prefer_off.add(a.day)
        return person

    def _classes(self) -> dict[tuple[int, int], BreakClass]:
        classes = {}
        lengths = sorted({o.length for o in self.options})
        for s in range(len(self.skill_sets)):
            for length in lengths:
                slots = self.slots_by_length[length]
                if not slots:
                    continue
                rule = self.scenario.config.break_rule_for(length)
                members = [o.index for o in self.options if o.length == length]
                cls = BreakClass((s, length), slots, rule.min_work_minutes, members)
                for k in members:
                    cls.windows[k] = self._windows(self.options[k], slots)
                classes[(s, length)] = cls
        return classes

    def _weights(self) -> Weights:
        obj = self.scenario.config.objective
        costs = [e.cost_per_hour for e in self.scenario.employees if e.cost_per_hour]
        mean_cost = float(np.mean(costs)) if costs else None
        for p in self.persons:
            if mean_cost and p.employee.cost_per_hour:
                p.cost_factor = p.employee.cost_per_hour / mean_cost
        return Weights(
            shortfall=[round(obj.shortfall * q.priority * SCALE) for q in
                       self.scenario.config.queues],
            overstaffing=round(obj.overstaffing * SCALE),
            paid_minute=round(obj.paid_minute * SCALE),
            preference=round(obj.preference * SCALE))

    # --- helpers --------------------------------------------------------------------------
    def break_intervals(self, slot: BreakSlot) -> int:
        """How many intervals a break starting on the grid takes out of coverage."""
        return math.ceil(slot.minutes / self.step)

    def gap_intervals(self, cls: BreakClass, i: int) -> int:
        """Grid steps from the start of break i to the earliest start of break i+1."""
        return math.ceil((cls.slots[i].minutes + cls.min_work) / self.step)

    def break_limits(self, cls: BreakClass, k: int) -> tuple[list[int], list[int]]:
        """For option k's breaks: the gaps between consecutive starts (`gap_intervals`),
        and each break's latest start that still leaves room for the breaks after it."""
        windows = cls.windows[k]
        gaps = [self.gap_intervals(cls, i) for i in range(len(windows) - 1)]
        latest = [hi for _, hi in windows]
        for i in range(len(windows) - 2, -1, -1):
            latest[i] = min(latest[i], latest[i + 1] - gaps[i])
        return gaps, latest

    def queue_members(self, s: int) -> tuple[int, ...]:
        return self.skill_sets[s]
