"""labor.max_paid_minutes_per_day and min/max_paid_minutes_per_week (employees.csv
overrides first). Paid minutes are the shift length less its unpaid breaks; a last block of
L days scales the weekly minimum to floor(value x L / 7), maximums stay."""

from __future__ import annotations

from ...roster.model import Roster
from ...scenario.model import Scenario
from ..common import paid_minutes, scaled_minimum, violation, weeks


def check_paid_minutes(sc: Scenario, roster: Roster) -> list:
    out = []
    labor = sc.config.labor
    by_employee = roster.by_employee()
    for shift in roster.shifts:
        paid = paid_minutes(sc, shift)
        if labor.max_paid_minutes_per_day is not None and paid > labor.max_paid_minutes_per_day:
            out.append(violation(sc, "max_paid_minutes_per_day", shift, shift.start,
                                 f"{paid} paid minutes (at most "
                                 f"{labor.max_paid_minutes_per_day})", "use a shorter shift"))
    for e in sc.employees:
        shifts = by_employee.get(e.employee_id, [])
        high = e.max_paid_minutes_per_week if e.max_paid_minutes_per_week is not None \
            else labor.max_paid_minutes_per_week
        low = e.min_paid_minutes_per_week if e.min_paid_minutes_per_week is not None \
            else labor.min_paid_minutes_per_week
        for first, length in weeks(sc):
            inside = [s for s in shifts if first <= s.day < first + length]
            total = sum(paid_minutes(sc, s) for s in inside)
            block = f"the block of {length} days from {sc.grid.date_of_index(first)}"
            if high is not None and total > high:
                out.append(violation(sc, "max_paid_minutes_per_week", inside[-1], None,
                                     f"{total} paid minutes in {block} (at most {high})",
                                     f"remove or shorten shifts by {total - high} minutes",
                                     employee_id=e.employee_id))
            need = scaled_minimum(low, length)
            if total < need:
                out.append(violation(sc, "min_paid_minutes_per_week",
                                     inside[-1] if inside else None, None,
                                     f"{total} paid minutes in {block} (at least {need})",
                                     f"add {need - total} paid minutes of shifts",
                                     employee_id=e.employee_id))
    return out
