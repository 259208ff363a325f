"""Rosters shaped by the aggregate model (`bound.aggregate_model`): the LP start and the
MIP start. Both decide how many people of each group take each shift option, then hand
those counts to named people day by day by the greedy's own rule checks (one shift per
date, rest, consecutive days, days off, weekly limits, seats and kits), preferring people
still below a weekly minimum, then those with fewest shifts; a count no one can take is
dropped.

- The LP start rounds the LP relaxation that gives the lower bound (solved anyway). Its
  shifts leave shortfall that is mostly breaks placed one shift at a time: three greedy
  sweeps re-place them, the greedy only replaces the shifts nobody could take (as many
  per date), and the search's first exact break pass removes most of the rest (435 x 7:
  1,987 agent-intervals short after the hand-out, 438 after one exact pass). Covering
  that shortfall with more shifts first instead leaves surplus the search hardly
  removes. On 435 x 7 at 120 s the search then ends near 7,200-7,300 instead of
  8,500-9,700 from the greedy's start. Under overload it is not made (see OVERLOAD).
- The MIP start groups only people identical for the model and solves for integer counts;
  the greedy then fills what demand is left. Where people are interchangeable (the
  pyworkforce weekly case: 400 identical people) it finds the optimum of the count model
  in a second, which the person-level local search cannot.
"""

from __future__ import annotations

import time
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


SWEEPS = 3  # greedy break re-placements over the LP start's shifts
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
    """The LP relaxation's shift counts, rounded and handed out; breaks re-placed; the
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
    for _ in range(SWEEPS):
        greedy.replace_breaks()
    return greedy.run(budget=dropped)


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
