"""[[shifts]]: start windows, start step, lengths and weekdays; a shift's date is the
local date on which it starts (FORMAT.md, Time)."""

from __future__ import annotations

from ...roster.model import Roster
from ...scenario.model import Scenario
from ..common import violation


def allowed_starts(sc: Scenario, day: int, length: int) -> set[int]:
    grid = sc.grid
    starts = set()
    for shift_type in sc.config.shifts:
        if grid.weekday(day) not in shift_type.days or length not in shift_type.lengths_minutes:
            continue
        for hour, minute in shift_type.start_minutes_of_day(sc.config.horizon.interval_minutes):
            start = grid.wall_to_minute(day, hour, minute)
            if start is not None:
                starts.add(start)
    return starts


def check_shift_catalogue(sc: Scenario, roster: Roster) -> list:
    out = []
    for shift in roster.shifts:
        if sc.grid.day_of_minute(shift.start) != shift.day:
            out.append(violation(sc, "shift_catalogue", shift, shift.start,
                                 "the date column is not the local date the shift starts",
                                 "date the shift by its start"))
            continue
        if shift.start not in allowed_starts(sc, shift.day, shift.length):
            lengths = sorted({n for t in sc.config.shifts for n in t.lengths_minutes})
            out.append(violation(
                sc, "shift_catalogue", shift, shift.start,
                f"no shift type starts a {shift.length}-minute shift at this time on a "
                f"{sc.grid.weekday(shift.day)}",
                f"start within a shift type's window and step, with a length in {lengths}"))
    return out
