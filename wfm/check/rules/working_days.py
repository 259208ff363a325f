"""labor.min_days_off_per_week and employees.csv max_days_per_week, per 7-day block from
horizon.start (a last block of L days needs floor(min_days_off x L / 7) days off)."""

from __future__ import annotations

from ...roster.model import Roster
from ...scenario.model import Scenario
from ..common import scaled_minimum, violation, weeks


def check_working_days_per_week(sc: Scenario, roster: Roster) -> list:
    out = []
    min_off = sc.config.labor.min_days_off_per_week
    for employee_id, shifts in roster.by_employee().items():
        e = sc.employee(employee_id)
        for first, length in weeks(sc):
            inside = [s for s in shifts if first <= s.day < first + length]
            days = {s.day for s in inside}
            if not inside:
                continue
            need_off = scaled_minimum(min_off, length)
            if length - len(days) < need_off:
                out.append(violation(sc, "min_days_off_per_week", inside[-1], None,
                                     f"{length - len(days)} days off in the block of "
                                     f"{length} days from {sc.grid.date_of_index(first)} "
                                     f"(at least {need_off})",
                                     "remove a working date from this block"))
            if e.max_days_per_week is not None and len(days) > e.max_days_per_week:
                out.append(violation(sc, "max_days_per_week", inside[-1], None,
                                     f"{len(days)} working dates in the block from "
                                     f"{sc.grid.date_of_index(first)} (at most "
                                     f"{e.max_days_per_week})",
                                     "remove a working date from this block"))
    return out
