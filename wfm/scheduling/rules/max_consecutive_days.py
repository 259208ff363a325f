"""labor.max_consecutive_days: no more working dates in a row (hard)."""

from __future__ import annotations

from ..variables import ModelVars, total, worked


def add_max_consecutive_days(v: ModelVars) -> None:
    """Every window of max+1 consecutive dates holds at most max working dates."""
    limit = v.ctx.labor.max_consecutive_days
    days = v.ctx.days
    if limit is None or limit >= days:
        return
    for p in {p for p, _ in v.hood.free}:
        free = set(v.free_days(p))
        for first in range(0, days - limit):
            window = range(first, first + limit + 1)
            if free.isdisjoint(window):
                continue
            v.model.add(total(worked(v, p, d) for d in window) <= limit)
