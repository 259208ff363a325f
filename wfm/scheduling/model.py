"""Build the CP-SAT model of one shift neighbourhood: some (person, date) pairs free.

With every pair free this is the monolithic model. Hard rules first, then the soft terms,
then one objective. Breaks ride along as patterns (see variables.py) and are optimised
exactly by `break_placement.py`.
"""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from .at_work import at_work
from .context import Context
from .evaluate import Evaluation
from .objective import add_labour_cost
from .patterns import PatternBook
from .rules import (
    add_coverage,
    add_loaner_kits,
    add_max_consecutive_days,
    add_min_rest,
    add_one_shift_per_date,
    add_paid_minutes_per_week,
    add_preferences,
    add_seats,
    add_working_days_per_week,
)
from .state import Assignment, Neighbourhood
from .variables import ModelVars, create_counts, create_decisions


def build_model(ctx: Context, state: Assignment, hood: Neighbourhood,
                incumbent: Evaluation) -> ModelVars:
    """`incumbent`: the exact evaluation of `state` (coverage and division among queues)."""
    v = ModelVars(ctx=ctx, state=state, model=cp_model.CpModel(), hood=hood)
    create_decisions(v, PatternBook(ctx, state, incumbent.covered))
    create_counts(v)
    # hard rules
    add_one_shift_per_date(v)
    add_min_rest(v)
    add_max_consecutive_days(v)
    add_working_days_per_week(v)
    add_paid_minutes_per_week(v)
    add_seats(v)
    add_loaner_kits(v)
    # soft rules
    freed = Assignment({pair: shift for pair, shift in state.shifts.items()
                        if pair in hood.free}, state.breaks)
    add_coverage(v, _working(v), at_work(ctx, freed),
                 queue_constant=_fixed_coverage(ctx, incumbent, at_work(ctx, freed)))
    add_preferences(v)
    add_labour_cost(v)
    v.finish()
    return v


def _fixed_coverage(ctx: Context, incumbent: Evaluation, freed: np.ndarray) -> np.ndarray:
    """People outside the model per queue and interval: the incumbent's division among
    queues, less the freed people (taken from the queues with the most surplus first).

    Keeping the fixed people's division keeps the sub-model small; the exact evaluation
    of every move divides everyone anew."""
    covered = incumbent.covered.copy()
    for s, t in zip(*np.nonzero(freed), strict=True):
        members = sorted(ctx.skill_sets[s],
                         key=lambda q: covered[q, t] - ctx.required[q, t], reverse=True)
        remove = int(freed[s, t])
        for q in members:
            take = min(remove, int(incumbent.split[(s, q)][t]))
            covered[q, t] -= take
            remove -= take
            if remove == 0:
                break
    return covered


def _working(v: ModelVars) -> dict:
    """Free people at work per (skill set, interval), as count expressions."""
    ctx = v.ctx
    T = ctx.n_intervals
    terms: dict[tuple[int, int], list] = {}
    for (s, k, pattern), n in v.counts.items():
        first, last = ctx.cover[k]
        off = set()
        slots = ctx.slots_by_length[ctx.options[k].length]
        for start, slot in zip(pattern, slots, strict=False):
            off.update(range(start, start + ctx.break_intervals(slot)))
        for t in range(first, min(last, T)):
            if t not in off:
                terms.setdefault((s, t), []).append(n)
    return {(s, t): (0, ts, []) for (s, t), ts in terms.items()}
