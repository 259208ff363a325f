"""The shift catalogue: every (date, start, length) a shift type allows, and who may take it.

CP-SAT gets a finite menu per person and date instead of free start/end variables; the
menu already honours shift types (windows, step, lengths, weekdays), availability `off`
(days and windows), `max_paid_minutes_per_day` and DST (starts in a skipped hour do not
exist; lengths are elapsed minutes).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..scenario.model import Employee, Scenario


@dataclass(frozen=True)
class BreakSlot:
    """One break of a rule, with its window tightened by min_work_minutes and the shift end.

    `earliest`/`latest` are minutes after shift start at which the break may start.
    """

    kind: str
    minutes: int
    paid: bool
    earliest: int
    latest: int


@dataclass(frozen=True)
class ShiftOption:
    index: int
    day: int
    start: int  # elapsed minutes
    length: int
    type_name: str
    rule: int | None  # index into break_rules, None = no breaks
    paid_minutes: int

    @property
    def end(self) -> int:
        return self.start + self.length


def break_slots(scenario: Scenario, length: int) -> tuple[BreakSlot, ...]:
    """The breaks a shift of this length carries, windows tightened to what is feasible."""
    rule = scenario.config.break_rule_for(length)
    if rule is None or not rule.breaks:
        return ()
    work = rule.min_work_minutes
    earliest, latest = [], []
    ready = work
    for spec in rule.breaks:
        e = max(spec.earliest, ready)
        earliest.append(e)
        ready = e + spec.minutes + work
    limit = length - work
    for spec in reversed(rule.breaks):
        l_ = min(spec.latest, limit - spec.minutes)
        latest.append(l_)
        limit = l_ - work
    latest.reverse()
    return tuple(BreakSlot(s.kind, s.minutes, s.paid, e, l_)
                 for s, e, l_ in zip(rule.breaks, earliest, latest, strict=True))


def unpaid_minutes(scenario: Scenario, length: int) -> int:
    return sum(s.minutes for s in break_slots(scenario, length) if not s.paid)


def build_options(scenario: Scenario) -> list[ShiftOption]:
    """All distinct shifts of the horizon, ordered by day then start then length."""
    grid = scenario.grid
    cfg = scenario.config
    seen: dict[tuple[int, int, int], ShiftOption] = {}
    for d in range(grid.days):
        weekday = grid.weekday(d)
        for shift_type in cfg.shifts:
            if weekday not in shift_type.days:
                continue
            for hour, minute in shift_type.start_minutes_of_day(cfg.horizon.interval_minutes):
                start = grid.wall_to_minute(d, hour, minute)
                if start is None or grid.day_of_minute(start) != d:
                    continue
                for length in shift_type.lengths_minutes:
                    key = (d, start, length)
                    if key in seen:
                        continue
                    rule = next((i for i, r in enumerate(cfg.break_rules) if r.applies_to(length)),
                                None)
                    seen[key] = ShiftOption(0, d, start, length, shift_type.name, rule,
                                            length - unpaid_minutes(scenario, length))
    ordered = sorted(seen.values(), key=lambda o: (o.day, o.start, o.length))
    return [ShiftOption(i, o.day, o.start, o.length, o.type_name, o.rule, o.paid_minutes)
            for i, o in enumerate(ordered)]


def seats_allowed(e: Employee) -> tuple[str, ...]:
    return {"yes": ("onsite", "remote"), "no": ("onsite",), "only": ("remote",)}[e.remote]


def allowed_options(scenario: Scenario, e: Employee, options: list[ShiftOption]) -> list[int]:
    """Options this person may take: availability `off` and the daily paid maximum."""
    off_days = set()
    windows: list[tuple[int, int]] = []
    for a in scenario.availability:
        if a.employee_id != e.employee_id or a.kind != "off":
            continue
        if a.whole_day:
            off_days.add(a.day)
        else:
            windows.append((a.start_minute, a.end_minute))
    daily_max = scenario.config.labor.max_paid_minutes_per_day
    out = []
    for o in options:
        if o.day in off_days:
            continue
        if daily_max is not None and o.paid_minutes > daily_max:
            continue
        if any(o.start < we and ws < o.end for ws, we in windows):
            continue
        out.append(o.index)
    return out


def break_windows(option: ShiftOption, slots: tuple[BreakSlot, ...],
                  step: int) -> list[tuple[int, int]]:
    """Per break, the interval indices [lo, hi] where it may start (breaks start on the
    interval grid); lo > hi when the window holds no interval start."""
    return [(math.ceil((option.start + s.earliest) / step),
             math.floor((option.start + s.latest) / step)) for s in slots]


def breaks_fit_grid(option: ShiftOption, slots: tuple[BreakSlot, ...], step: int) -> bool:
    return all(lo <= hi for lo, hi in break_windows(option, slots, step))


def off_grid_options(scenario: Scenario) -> list[ShiftOption]:
    """Shifts of the catalogue whose breaks cannot start on the interval grid."""
    step = scenario.grid.interval_minutes
    options = build_options(scenario)
    slots = {n: break_slots(scenario, n) for n in {o.length for o in options}}
    return [o for o in options if not breaks_fit_grid(o, slots[o.length], step)]


def off_grid_note(left_out: list[ShiftOption], step: int) -> str | None:
    """What the grid made wfm leave out of the catalogue, in words, or None."""
    if not left_out:
        return None
    shapes = sorted({(o.type_name, o.length) for o in left_out})
    which = ", ".join(f"{name} {length} min" for name, length in shapes[:5])
    return (f"{len(left_out)} shift(s) of the catalogue ({which}) are left out: a break "
            f"window of their break rule holds no {step}-minute interval start, and wfm "
            "places breaks on the interval grid")
