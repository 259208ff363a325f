"""Breaks handed to named people from a model's break counts.

Break moves (`lns.py`, a `Neighbourhood` with `breaks`) decide every break of a date as
counts b[class, slot, t] (`rules/breaks.py`), with some people's shifts that date free
too. Within a class (skill set and shift length) the break windows are translates of each
other, so the counts go to the class's shifts first-in first-out by start time.
"""

from __future__ import annotations

from collections import defaultdict

from .context import Context
from .state import Assignment


def hand_out_breaks(ctx: Context, state: Assignment, days: range,
                    counts: dict[tuple, int]) -> Assignment:
    """`state` (changed in place) with the breaks of its shifts dated in `days` handed out
    first-in first-out from `counts[(class, slot, start)]`."""
    starts: dict = defaultdict(list)
    for (key, i, t), n in counts.items():
        starts[(key, i)].extend([t] * n)
    members: dict = defaultdict(list)
    for (p, d), (k, _seat) in state.shifts.items():
        if d in days:
            key = (ctx.persons[p].skill_set, ctx.options[k].length)
            if key in ctx.classes:
                members[key].append((ctx.options[k].start, p, d))
            else:
                state.breaks[(p, d)] = ()
    for key, shifts in members.items():
        shifts.sort()
        slots = len(ctx.classes[key].slots)
        lists = [sorted(starts.get((key, i), [])) for i in range(slots)]
        for i, times in enumerate(lists):
            if len(times) != len(shifts):
                raise RuntimeError(f"break count mismatch in class {key} slot {i}")
        for j, (_start, p, d) in enumerate(shifts):
            state.breaks[(p, d)] = tuple(lists[i][j] for i in range(slots))
    return state
