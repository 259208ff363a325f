"""A second first roster: solve the aggregate model as a MIP, then give its shifts to people.

People identical for the model form groups (`bound.aggregate_model`); HiGHS decides how
many of each group take each shift option, as integers, with breaks, seats and coverage in
aggregate form. Those counts are then handed to named people day by day by the greedy's own
rule checks (one shift per date, rest, consecutive days, days off, weekly minutes, seats and
kits), preferring people still below a weekly minimum, then those with fewest shifts. A
count no one can take is dropped; the greedy then fills what demand is left and tops people
up to their minimums.

On models where people are interchangeable (the pyworkforce weekly case: 400 identical
people) this finds the optimum of the count model in a second, which the person-level local
search cannot; elsewhere it is a start the search can compare with the plain greedy.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from .bound import aggregate_model, shift_columns
from .context import SCALE, Context
from .greedy import Greedy
from .state import Assignment


@dataclass
class AggregateStart:
    state: Assignment | None
    status: str
    mip_bound: float | None  # a valid lower bound when the MIP was solved (or bounded)
    seconds: float


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
    for d in range(ctx.days):
        for g, people in enumerate(agg.members):
            counts = [(k, int(round(primal[j]))) for k, j in agg.shifts.get((g, d), ())]
            group = [ctx.persons[p] for p in people]
            for k, n in sorted(counts, key=lambda kn: ctx.options[kn[0]].start):
                greedy.hand_out(group, k, n)
    state = greedy.run()  # fills demand left uncovered, then weekly minimums
    return AggregateStart(state, status, bound, time.perf_counter() - started)
