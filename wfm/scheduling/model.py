"""Build the CP-SAT model of one shift neighbourhood: some (person, date) pairs free.

With every pair free this is the monolithic model. Hard rules first, then the soft terms,
then one objective. Breaks ride along as patterns (see variables.py) and are optimised
exactly by break moves (`hood.breaks`: see `_joint_working`).
"""

from __future__ import annotations

from collections import defaultdict

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
from .rules.breaks import add_break_rules
from .state import Assignment, Neighbourhood
from .variables import ModelVars, create_counts, create_decisions


def build_model(ctx: Context, state: Assignment, hood: Neighbourhood,
                incumbent: Evaluation, hard_rules_only: bool = False) -> ModelVars:
    """`incumbent`: the exact evaluation of `state` (coverage and division among queues).
    `hard_rules_only`: no coverage and no objective, for a question of feasibility."""
    if hood.breaks and any(d not in hood.days for _p, d in hood.free):
        raise ValueError("a break move frees shifts only on the dates whose breaks it places")
    v = ModelVars(ctx=ctx, state=state, model=cp_model.CpModel(), hood=hood)
    freed = Assignment({pair: shift for pair, shift in state.shifts.items()
                        if pair in hood.free or (hood.breaks and pair[1] in hood.days)},
                       state.breaks)
    freed_at_work = at_work(ctx, freed)
    fixed_cover = _fixed_coverage(ctx, incumbent, freed_at_work)
    # in a joint move a free shift's breaks are the model's, not a pattern's
    patterns = (lambda p, d, k: ()) if hood.breaks else PatternBook(ctx, state,
                                                                     incumbent.covered)
    create_decisions(v, patterns, Menu(ctx, state, fixed_cover, hood.menu_size))
    create_counts(v)
    # hard rules
    add_one_shift_per_date(v)
    add_min_rest(v)
    add_max_consecutive_days(v)
    add_working_days_per_week(v)
    add_paid_minutes_per_week(v)
    add_seats(v)
    add_loaner_kits(v)
    if not hard_rules_only:
        if hood.breaks:
            add_coverage(v, _joint_working(v), freed_at_work, queue_constant=fixed_cover)
        elif hood.redivide:
            working, constant, split = _redivided(ctx, incumbent, _working(v),
                                                  freed_at_work, fixed_cover)
            add_coverage(v, working, freed_at_work, queue_constant=constant,
                         split_hint=split)
        else:
            add_coverage(v, _working(v), freed_at_work, queue_constant=fixed_cover)
        add_preferences(v)
        add_labour_cost(v)
    v.finish()
    return v


class Menu:
    """The options offered to a free (person, date): the incumbent's, the best of each
    shift type, and the rest of the `size` that would cover the most of what the fixed
    people leave uncovered. A smaller menu makes a sub-model much easier and loses little:
    low-value options rarely win."""

    def __init__(self, ctx: Context, state: Assignment, fixed_cover: np.ndarray,
                 size: int | None):
        self.ctx, self.state, self.size = ctx, state, size
        short = ctx.required > fixed_cover
        worth = np.where(short, np.array(ctx.weights.shortfall, dtype=float)[:, None],
                         -float(ctx.weights.overstaffing) - 1.0)
        self.prefix = [np.concatenate([[0.0], np.cumsum(worth[list(members)].max(axis=0))])
                       for members in ctx.skill_sets]

    def __call__(self, p: int, d: int) -> list[int]:
        person = self.ctx.persons[p]
        options = person.options_by_day[d]
        if self.size is None or len(options) <= self.size:
            return options
        prefix = self.prefix[person.skill_set]
        cover = self.ctx.cover
        ranked = sorted(options, key=lambda k: prefix[cover[k][0]] - prefix[cover[k][1]])
        # the best option of every shift type, then the best of all: a shift type valued
        # low against the fixed people's frozen division (nights for a vip-only agent, on
        # an overloaded day shift) could otherwise never be tried
        keep: set[int] = set()
        types: set[str] = set()
        for k in ranked:
            if self.ctx.options[k].type_name not in types:
                types.add(self.ctx.options[k].type_name)
                keep.add(k)
        for k in ranked:
            if len(keep) >= self.size:
                break
            keep.add(k)
        current = self.state.shifts.get((p, d))
        if current is not None:
            keep.add(current[0])
        return [k for k in options if k in keep]


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


def _redivided(ctx: Context, incumbent: Evaluation, working: dict,
               freed: np.ndarray, fixed_cover: np.ndarray) -> tuple[dict, np.ndarray, dict]:
    """Where free people may be at work and the fixed ones (as divided in the incumbent)
    leave some queue short, the fixed multi-skilled people are put back into the division
    among queues (their count a constant); only the single-skilled fixed people stay a
    constant per queue there.

    With their division frozen, taking an agent off a queue cost that queue's weight even
    where a fixed multi-skilled agent could switch to it from a queue of lower weight
    (under overload: a vip-only agent moved from day peaks to uncovered nights looked like
    a loss of 3 per interval instead of 1). Where the fixed people cover every queue,
    nothing can be short whatever the division, and it stays frozen: dividing everyone
    anew everywhere made the normal-load sub-models so much larger that 435 x 7 ended at
    31,481 (22 short) against about 7,000. Even so the sub-models grow, and with 5 queues
    (1,000 x 7, normal load) the run ended 706 agent-intervals short instead of 41: the
    search asks for it only under overload (`LocalSearch.REDIVIDE_SHORT`).

    Returns the working people, the queue constants, and the incumbent's division of each
    re-divided (skill set, interval) as a hint."""
    gap = np.any(ctx.required > fixed_cover, axis=0)
    times = sorted({t for _s, t in working if gap[t]})
    if not times:
        return working, fixed_cover, {}
    fixed = incumbent.working - freed
    constant = fixed_cover.copy()
    constant[:, times] = 0
    hint = {}
    for s, members in enumerate(ctx.skill_sets):
        if len(members) == 1:
            constant[members[0], times] += fixed[s, times]
            continue
        for t in times:
            if fixed[s, t] > 0:
                _base, plus, minus = working.get((s, t), (0, [], []))
                working[(s, t)] = (int(fixed[s, t]), plus, minus)
            if (s, t) in working:
                hint[(s, t)] = {q: int(incumbent.split[(s, q)][t]) for q in members}
    return working, constant, hint


def _joint_working(v: ModelVars) -> dict:
    """People at work per (skill set, interval) in a joint move: the fixed shifts dated in
    `hood.days` and the free ones, less every break of those shifts, placed by the model
    (FIFO counts per class, `rules/breaks.py`, the free shifts' counts opening windows)."""
    ctx, state, days = v.ctx, v.state, v.hood.days
    T = ctx.n_intervals
    fixed = {pair: shift for pair, shift in state.shifts.items()
             if pair[1] in days and pair not in v.hood.free}
    present = at_work(ctx, Assignment(fixed, {}))
    classes: dict = defaultdict(list)
    for (p, _d), (k, _seat) in fixed.items():
        classes[(ctx.persons[p].skill_set, ctx.options[k].length)].append(k)
    chosen: dict = defaultdict(list)
    plus: dict[tuple[int, int], list] = defaultdict(list)
    for (s, k, _pattern), n in v.counts.items():
        chosen[(s, ctx.options[k].length)].append((k, n))
        first, last = ctx.cover[k]
        for t in range(first, min(last, T)):
            plus[(s, t)].append(n)
    for (p, d), (k, _seat) in state.shifts.items():
        if d in days:
            key = (ctx.persons[p].skill_set, ctx.options[k].length)
            for i, t in enumerate(state.breaks.get((p, d), ())):
                v.hinted_breaks[(key, i, t)] = v.hinted_breaks.get((key, i, t), 0) + 1
    off = add_break_rules(v, {key: ks for key, ks in classes.items() if key in ctx.classes},
                          {key: ns for key, ns in chosen.items() if key in ctx.classes})
    cells = {(int(s), int(t)) for s, t in zip(*np.nonzero(present), strict=True)}
    cells |= set(plus) | {cell for cell in off if cell[1] < T}
    return {(s, t): (int(present[s, t]), plus.get((s, t), []), off.get((s, t), []))
            for s, t in cells}
