"""labor.min/max_paid_minutes_per_week with employees.csv overrides (hard).

Paid minutes are the shift length less its unpaid breaks. The daily maximum
(`max_paid_minutes_per_day`) is applied by the shift catalogue. Minimums of a shorter last
block scale to floor(value x L / 7); maximums stay.
"""

from __future__ import annotations

from ..variables import ModelVars, paid, total


def add_paid_minutes_per_week(v: ModelVars) -> None:
    for p in {p for p, _ in v.hood.free}:
        free = set(v.free_days(p))
        for week in v.ctx.persons[p].weeks:
            days = range(week.first_day, week.first_day + week.days)
            if free.isdisjoint(days):
                continue
            week_paid = total(paid(v, p, d) for d in days)
            if week.max_minutes is not None:
                v.model.add(week_paid <= week.max_minutes)
            if week.min_minutes > 0:
                v.model.add(week_paid >= week.min_minutes)
