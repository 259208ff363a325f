"""labor.max_consecutive_days: no longer runs of working dates."""

from __future__ import annotations

from ...roster.model import Roster
from ...scenario.model import Scenario
from ..common import violation


def check_max_consecutive_days(sc: Scenario, roster: Roster) -> list:
    limit = sc.config.labor.max_consecutive_days
    if limit is None:
        return []
    out = []
    for shifts in roster.by_employee().values():
        by_day = {s.day: s for s in shifts}
        run = 0
        for d in range(sc.grid.days):
            run = run + 1 if d in by_day else 0
            if run == limit + 1:
                out.append(violation(sc, "max_consecutive_days", by_day[d], by_day[d].start,
                                     f"{run} working dates in a row (at most {limit})",
                                     "give a day off within the run"))
    return out
