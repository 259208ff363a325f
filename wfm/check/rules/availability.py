"""availability.csv `off`: no shift dated that day; with a window, no shift may overlap it.
Preferences are soft and not violations."""

from __future__ import annotations

from ...roster.model import Roster
from ...scenario.model import Scenario
from ..common import violation


def check_availability(sc: Scenario, roster: Roster) -> list:
    out = []
    by_employee = roster.by_employee()
    for a in sc.availability:
        if a.kind != "off":
            continue
        for shift in by_employee.get(a.employee_id, []):
            if a.whole_day and shift.day == a.day:
                out.append(violation(sc, "availability", shift, shift.start,
                                     "works on a date marked off",
                                     f"remove this shift (availability.csv line {a.line})"))
            elif not a.whole_day and shift.start < a.end_minute and a.start_minute < shift.end:
                out.append(violation(sc, "availability", shift, max(shift.start, a.start_minute),
                                     f"overlaps the off window {sc.grid.label(a.start_minute)} - "
                                     f"{sc.grid.label(a.end_minute)}",
                                     f"move the shift out of the window (availability.csv line "
                                     f"{a.line})"))
    return out
