"""labor.min_days_off_per_week and employees.csv max_days_per_week (hard).

Both cap the working dates of each 7-day block counted from horizon.start; in a last,
shorter block of L days the minimum of days off scales to floor(value x L / 7).
"""

from __future__ import annotations

from ..variables import ModelVars, total, worked


def add_working_days_per_week(v: ModelVars) -> None:
    for p in {p for p, _ in v.hood.free}:
        free = set(v.free_days(p))
        for week in v.ctx.persons[p].weeks:
            days = range(week.first_day, week.first_day + week.days)
            if free.isdisjoint(days) or week.max_days >= week.days:
                continue
            v.model.add(total(worked(v, p, d) for d in days) <= week.max_days)
