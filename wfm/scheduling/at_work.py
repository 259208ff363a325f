"""People at work (not on a break) per skill set and interval, from a roster in solver terms."""

from __future__ import annotations

import numpy as np

from .context import Context
from .state import Assignment


def at_work(ctx: Context, state: Assignment) -> np.ndarray:
    """People at work and not on a break, per skill set and interval [S, T]."""
    T = ctx.n_intervals
    diff = np.zeros((len(ctx.skill_sets), T + 1), dtype=np.int64)
    for (p, d), (k, _seat) in state.shifts.items():
        s = ctx.persons[p].skill_set
        first, last = ctx.cover[k]
        if last > first:
            diff[s, first] += 1
            diff[s, last] -= 1
        slots = ctx.slots_by_length[ctx.options[k].length]
        for t, slot in zip(state.breaks.get((p, d), ()), slots, strict=False):
            lo, hi = max(t, first), min(t + ctx.break_intervals(slot), last)
            if hi > lo:
                diff[s, lo] -= 1
                diff[s, hi] += 1
    return np.cumsum(diff, axis=1)[:, :T]
