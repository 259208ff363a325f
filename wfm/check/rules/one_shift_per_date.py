"""A person works at most one shift per date (FORMAT.md, Time)."""

from __future__ import annotations

from collections import defaultdict

from ...roster.model import Roster
from ...scenario.model import Scenario
from ..common import violation


def check_one_shift_per_date(sc: Scenario, roster: Roster) -> list:
    out = []
    seen: dict[tuple[str, int], list] = defaultdict(list)
    for shift in roster.shifts:
        seen[(shift.employee_id, shift.day)].append(shift)
    for shifts in seen.values():
        for extra in sorted(shifts, key=lambda s: s.start)[1:]:
            out.append(violation(sc, "one_shift_per_date", extra, extra.start,
                                 f"{len(shifts)} shifts on one date",
                                 "keep one shift on this date"))
    return out
