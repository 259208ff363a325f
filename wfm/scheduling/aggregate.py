"""Rosters shaped by the aggregate model (`bound.aggregate_model`): the LP start and the
MIP start. Both decide how many people of each group take each shift option, then hand
those counts to named people day by day by the greedy's own rule checks (one shift per
date, rest, consecutive days, days off, weekly limits, seats and kits), preferring people
still below a weekly minimum, then those with fewest shifts; a count no one can take is
dropped.

- The LP start rounds the LP relaxation that gives the lower bound (solved anyway). The
  shifts take their breaks where the LP put its own (`_lp_breaks`), the greedy replaces
  only the shifts nobody could take (as many per date), and the search's first exact
  break pass removes most of the shortfall left. Covering that shortfall with more shifts
  first instead leaves surplus the search hardly removes. On 435 x 7 (120 s, an LP taking
  30 s) the search then ends near 7,200 instead of 16,000-19,000 from the greedy's start
  (which needs about 230 s to reach 9,300). Under overload it is not made (see OVERLOAD).
- The MIP start groups only people identical for the model and solves for integer counts;
  the greedy then fills what demand is left. Where people are interchangeable (the
  pyworkforce weekly case: 400 identical people) it finds the optimum of the count model
  in a second, which the person-level local search cannot.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from .bound import AggregateModel, Relaxation, aggregate_model, shift_columns
from .context import SCALE, Context
from .greedy import Greedy
from .state import Assignment


@dataclass
class AggregateStart:
    state: Assignment | None
    status: str
    mip_bound: float | None  # a valid lower bound when the MIP was solved (or bounded)
    seconds: float


# Missing agent-intervals in the LP, as a share of those required, beyond which the LP
# start is not made: staff capacity then binds, and the greedy, which fills everyone to
# their weekly maximum, starts better (435 x 7 at 1.3x load, LP 14% short, 120 s: 11.56M
# from the greedy, 11.90M from the LP start, which gave 468 agent-intervals fewer at work).
OVERLOAD = 0.01
MAX_INTEGERS = 5000  # beyond this HiGHS rarely finds a solution in the time we give it


def aggregate_start(ctx: Context, time_limit: float, seed: int = 0) -> AggregateStart:
    started = time.perf_counter()
    if shift_columns(ctx) > MAX_INTEGERS:
        return AggregateStart(None, "skipped", None, 0.0)
    agg = aggregate_model(ctx)
    integers = [j for columns in agg.shifts.values() for _, j in columns]
    remaining = max(1.0, time_limit - (time.perf_counter() - started))
    status, dual, primal = agg.lp.solve_mip(integers, remaining)
    bound = None if dual is None else (dual + agg.lp.constant) / SCALE * (1 - 1e-6)
    if primal is None:
        return AggregateStart(None, status, bound, time.perf_counter() - started)
    greedy = Greedy(ctx, seed)
    _hand_out(ctx, agg, greedy, {j: int(round(primal[j])) for columns in agg.shifts.values()
                                 for _, j in columns})
    state = greedy.run()  # fills demand left uncovered, then weekly minimums
    return AggregateStart(state, status, bound, time.perf_counter() - started)


def lp_start(ctx: Context, relaxation: Relaxation, seed: int = 0) -> Assignment | None:
    """The LP relaxation's shift counts, rounded and handed out, with the LP's breaks; the
    shifts nobody could take replaced by the greedy's best (as many per date); people
    topped up to their weekly minimums. None when the LP was not solved, or is overloaded
    (see OVERLOAD)."""
    if relaxation.primal is None or relaxation.model is None:
        return None
    agg, primal = relaxation.model, relaxation.primal
    if primal[agg.missing].sum() > OVERLOAD * ctx.required.sum():
        return None
    counts: dict[int, int] = {}
    for g in range(len(agg.members)):
        # Cumulative rounding over the horizon, in date and start order: an interior-point
        # optimum spreads a group's shifts thinly over every equally good option, and
        # rounding each date alone would add shifts the group's week has no room for.
        total, placed = 0.0, 0
        for d in range(ctx.days):
            for _, j in _in_start_order(ctx, agg, g, d):
                total += max(0.0, float(primal[j]))
                counts[j] = int(np.floor(total + 0.5)) - placed
                placed += counts[j]
    greedy = Greedy(ctx, seed)
    dropped = _hand_out(ctx, agg, greedy, counts)
    _lp_breaks(ctx, agg, primal, greedy)
    return greedy.run(budget=dropped)


def _lp_breaks(ctx: Context, agg: AggregateModel, primal: np.ndarray, greedy: Greedy) -> None:
    """The handed-out shifts' breaks where the LP put its breaks. Per class (skill set and
    shift length) and slot, first-in first-out: a shift whose start the LP's shifts of the
    class reach at rank r (counting the LP's shifts starting earlier, and its own place
    among the roster's shifts at that start) takes the first break start by which the LP
    has begun r breaks, within its own window and after its previous break.

    Breaks placed by the greedy one shift at a time bunched: 435 x 7's LP start was 1,220
    agent-intervals short with them, 116 with no breaks at all, while the LP itself is
    short by about 5."""
    lp_shifts: dict = defaultdict(lambda: defaultdict(float))  # class -> start -> shifts
    for (g, _d), columns in agg.shifts.items():
        s = ctx.persons[agg.members[g][0]].skill_set
        for k, j in columns:
            option = ctx.options[k]
            lp_shifts[(s, option.length)][option.start] += max(0.0, float(primal[j]))
    members: dict = defaultdict(list)
    for (p, d), (k, _seat) in greedy.state.shifts.items():
        key = (ctx.persons[p].skill_set, ctx.options[k].length)
        if key in ctx.classes:
            members[key].append((ctx.options[k].start, p, d, k))
    for key, shifts in members.items():
        cls = ctx.classes[key]
        curves = []
        for i in range(len(cls.slots)):
            columns = sorted(agg.breaks.get((key, i), {}).items())
            curves.append(([t for t, _ in columns],
                           np.cumsum([max(0.0, float(primal[j])) for _, j in columns])))
        at_start: dict[int, list] = defaultdict(list)
        for shift in sorted(shifts):
            at_start[shift[0]].append(shift)
        before = 0.0  # the LP's shifts of the class starting earlier
        for start in sorted(set(at_start) | set(lp_shifts[key])):
            lp_here = lp_shifts[key].get(start, 0.0)
            here = at_start.get(start, [])
            for place, (_start, p, d, k) in enumerate(here):
                rank = before + (place + 0.5) * lp_here / len(here)
                greedy.state.breaks[(p, d)] = _follow(curves, rank, cls.windows[k],
                                                      *ctx.break_limits(cls, k))
            before += lp_here
    greedy._redivide()


def _follow(curves, rank: float, windows, gaps: list[int],
            latest: list[int]) -> tuple[int, ...]:
    """Per slot, the first start by which the LP has begun `rank` breaks, kept within the
    shift's windows and the gaps between its breaks."""
    starts, ready = [], windows[0][0]
    for i, (times, cumulative) in enumerate(curves):
        at = int(np.searchsorted(cumulative, rank - 1e-9))
        target = times[at] if at < len(times) else latest[i]
        t = min(max(target, windows[i][0], ready), latest[i])
        starts.append(t)
        if i < len(curves) - 1:
            ready = t + gaps[i]
    return tuple(starts)


def _in_start_order(ctx: Context, agg: AggregateModel, g: int, d: int) -> list[tuple[int, int]]:
    return sorted(agg.shifts.get((g, d), ()), key=lambda kj: ctx.options[kj[0]].start)


def _hand_out(ctx: Context, agg: AggregateModel, greedy: Greedy,
              counts: dict[int, int]) -> dict[int, int]:
    """Per date and group, `counts[column]` people take that column's option. Returns how
    many shifts per date nobody could take."""
    dropped: dict[int, int] = {}
    for d in range(ctx.days):
        for g, people in enumerate(agg.members):
            group = [ctx.persons[p] for p in people]
            for k, j in _in_start_order(ctx, agg, g, d):
                if counts.get(j, 0) > 0:
                    n = counts[j]
                    dropped[d] = dropped.get(d, 0) + n - greedy.hand_out(group, k, n)
    return dropped
