"""What a scenario holds, for `wfm validate`: people, skills, seats, hours needed and available.

The hours available are an upper bound from each person's own limits (weekly maximum,
days per week, days off, availability), not a schedule: if even this bound is below the
hours needed, no roster can cover the demand.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from .model import Employee, Scenario


@dataclass
class QueueHours:
    queue: str
    people: int  # with this skill
    needed_hours: float  # agent-hours required (after shrinkage)
    peak_agents: int


@dataclass
class ScenarioSummary:
    name: str
    timezone: str
    days: int
    intervals: int
    people: int
    by_site: dict[str, int]
    remote_flags: dict[str, int]
    without_home_kit: int
    multi_skilled: int
    site_seats: dict[str, int]
    remote_seats: int
    loaner_kits: int
    kits_needed_at_least: int  # remote-only people without a home kit
    queues: list[QueueHours] = field(default_factory=list)
    needed_hours: float = 0.0
    paid_hours_available: float = 0.0
    phone_hours_available: float = 0.0
    shift_options_per_day: int = 0
    notes: list[str] = field(default_factory=list)


def describe(scenario: Scenario, required: np.ndarray | None) -> ScenarioSummary:
    cfg = scenario.config
    people = scenario.employees
    step = cfg.horizon.interval_minutes
    summary = ScenarioSummary(
        name=cfg.name, timezone=cfg.timezone, days=cfg.horizon.days,
        intervals=scenario.grid.n_intervals, people=len(people),
        by_site=dict(Counter(e.site for e in people)),
        remote_flags=dict(Counter(e.remote for e in people)),
        without_home_kit=sum(not e.home_kit for e in people),
        multi_skilled=sum(len(e.skills) > 1 for e in people),
        site_seats={s.name: s.seats for s in cfg.sites},
        remote_seats=cfg.remote.seats, loaner_kits=cfg.remote.loaner_kits,
        kits_needed_at_least=sum(e.remote == "only" and not e.home_kit for e in people))
    lengths = sorted({n for s in cfg.shifts for n in s.lengths_minutes})
    summary.shift_options_per_day = sum(
        len(s.start_minutes_of_day(step)) * len(s.lengths_minutes) for s in cfg.shifts)
    longest_paid = max(paid_minutes(scenario, n) for n in lengths)
    phone_share = float(np.mean([phone_minutes(scenario, n) / max(paid_minutes(scenario, n), 1)
                                 for n in lengths]))
    paid = sum(_paid_capacity(scenario, e, longest_paid) for e in people)
    summary.paid_hours_available = paid / 60.0
    summary.phone_hours_available = paid * phone_share / 60.0
    if required is not None:
        for q, queue in enumerate(cfg.queues):
            summary.queues.append(QueueHours(
                queue=queue.name, people=sum(queue.name in e.skills for e in people),
                needed_hours=float(required[q].sum()) * step / 60.0,
                peak_agents=int(required[q].max()) if required.shape[1] else 0))
        summary.needed_hours = float(required.sum()) * step / 60.0
    _notes(scenario, summary)
    return summary


def paid_minutes(scenario: Scenario, length: int) -> int:
    rule = scenario.config.break_rule_for(length)
    unpaid = sum(b.minutes for b in rule.breaks if not b.paid) if rule else 0
    return length - unpaid


def phone_minutes(scenario: Scenario, length: int) -> int:
    rule = scenario.config.break_rule_for(length)
    return length - (sum(b.minutes for b in rule.breaks) if rule else 0)


def _paid_capacity(scenario: Scenario, e: Employee, longest_paid: int) -> int:
    labor = scenario.config.labor
    off_days = {a.day for a in scenario.availability
                if a.employee_id == e.employee_id and a.kind == "off" and a.whole_day}
    daily = min(longest_paid, labor.max_paid_minutes_per_day or longest_paid)
    total = 0
    for first, length in scenario.weeks():
        days = sum(1 for d in range(first, first + length) if d not in off_days)
        if labor.min_days_off_per_week:
            days = min(days, length - labor.min_days_off_per_week * length // 7)
        if e.max_days_per_week is not None:
            days = min(days, e.max_days_per_week)
        if labor.max_consecutive_days is not None and length > labor.max_consecutive_days:
            days = min(days, length - length // (labor.max_consecutive_days + 1))
        minutes = days * daily
        weekly_max = scenario.max_paid_minutes_per_week(e)
        if weekly_max is not None:
            minutes = min(minutes, weekly_max)
        total += max(minutes, 0)
    return total


def _notes(scenario: Scenario, s: ScenarioSummary) -> None:
    if not scenario.employees:
        s.notes.append("no employees.csv (or nobody in it): enough for wfm staff, but wfm "
                       "schedule needs people")
    if s.kits_needed_at_least > s.loaner_kits:
        s.notes.append(f"{s.kits_needed_at_least} remote-only people have no home kit but "
                       f"only {s.loaner_kits} loaner kits exist: some cannot work")
    for queue in s.queues:
        if queue.people == 0 and queue.needed_hours > 0:
            s.notes.append(f"nobody has the skill for queue {queue.queue}")
    if s.needed_hours > s.phone_hours_available > 0:
        s.notes.append(f"demand ({s.needed_hours:,.0f} agent-hours) exceeds what the staff "
                       f"can give on the phones (about {s.phone_hours_available:,.0f} h): "
                       "expect shortfall")
    for file, columns in scenario.ignored_columns.items():
        s.notes.append(f"{file}: columns not used by wfm: {', '.join(columns)}")
