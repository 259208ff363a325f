"""labor.min_rest_minutes from the end of one shift to the start of the next; shifts of one
person never overlap."""

from __future__ import annotations

from itertools import pairwise

from ...roster.model import Roster
from ...scenario.model import Scenario
from ..common import violation


def check_min_rest(sc: Scenario, roster: Roster) -> list:
    rest = sc.config.labor.min_rest_minutes or 0
    out = []
    for shifts in roster.by_employee().values():
        for before, after in pairwise(shifts):
            gap = after.start - before.end
            if gap < rest:
                what = "overlaps the previous shift" if gap < 0 else \
                    f"starts {gap} minutes after the previous shift ends"
                out.append(violation(sc, "min_rest_minutes", after, after.start,
                                     f"{what}; the rest is {rest} minutes",
                                     f"start at least {rest - gap} minutes later, or end the "
                                     "previous shift earlier"))
    return out
