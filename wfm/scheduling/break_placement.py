"""Place every break of the shifts dated in a window of days, with the shifts fixed.

This is the tightly coupled second phase of the search: the shift model decides who works
when (with provisional break patterns), this model decides exactly where each break and
lunch goes, interval by interval, to cover the requirement best. Shift counts are
constants here, so the FIFO model of `rules/breaks.py` is small and fast.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from .at_work import at_work
from .context import Context
from .rules.breaks import add_break_rules
from .rules.coverage import add_coverage
from .state import Assignment
from .variables import ModelBase


@dataclass
class BreakVars(ModelBase):
    days: range = range(0)
    breaks: dict = field(default_factory=dict)
    hinted_breaks: dict = field(default_factory=dict)


def build_break_model(ctx: Context, state: Assignment, days: range) -> BreakVars:
    v = BreakVars(ctx=ctx, state=state, model=cp_model.CpModel(), days=days)
    classes: dict[tuple[int, int], list[int]] = defaultdict(list)
    inside, outside = Assignment(), Assignment()
    for (p, d), (k, seat) in state.shifts.items():
        target = inside if d in days else outside
        target.shifts[(p, d)] = (k, seat)
        if (p, d) in state.breaks:
            target.breaks[(p, d)] = state.breaks[(p, d)]
        if d in days:
            key = (ctx.persons[p].skill_set, ctx.options[k].length)
            if key in ctx.classes:
                classes[key].append(k)
                for i, t in enumerate(state.breaks.get((p, d), ())):
                    v.hinted_breaks[(key, i, t)] = v.hinted_breaks.get((key, i, t), 0) + 1
    off_phone = add_break_rules(v, classes)
    constant = at_work(ctx, outside)
    no_breaks = Assignment(inside.shifts, {})
    present = at_work(ctx, no_breaks)
    working = {}
    T = ctx.n_intervals
    touched = {(s, t) for (s, t) in off_phone if t < T}
    for (p, _d), (k, _seat) in inside.shifts.items():
        s = ctx.persons[p].skill_set
        first, last = ctx.cover[k]
        touched.update((s, t) for t in range(first, min(last, T)))
    for s, t in touched:
        base = int(constant[s, t] + present[s, t])
        working[(s, t)] = (base, [], off_phone.get((s, t), []))
    add_coverage(v, working, at_work(ctx, state))
    v.finish()
    return v


def read_breaks(v: BreakVars, solver: cp_model.CpSolver) -> Assignment:
    """The incumbent with every break of the window's shifts handed out FIFO."""
    return hand_out_breaks(v.ctx, v.state.copy(), v.days,
                           {key: solver.value(var) for key, var in v.breaks.items()})


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
