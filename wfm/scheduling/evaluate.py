"""The exact objective of a whole roster, and the best division of people among queues.

Given who is at work per skill set and interval, dividing them among their queues is a
transportation problem per interval (sources: skill sets, sinks: queues, convex shortfall
segments, surplus as slack). One LP over all intervals solves it; its constraint matrix is
a network matrix, so the simplex optimum is integral. The large-neighbourhood search
accepts a move only if this global objective does not get worse.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

from .at_work import at_work
from .context import SCALE, Context
from .objective import shortfall_steps
from .state import Assignment


@dataclass
class Evaluation:
    objective: float  # in [objective] units
    shortfall: int  # missing agent-intervals
    surplus: int
    paid_minutes: int
    broken_preferences: int
    split: dict[tuple[int, int], np.ndarray]  # (skill set, queue) -> people per interval
    covered: np.ndarray  # [queue, interval]
    working: np.ndarray  # people at work (not on a break) per skill set and interval


def evaluate(ctx: Context, state: Assignment) -> Evaluation:
    working = at_work(ctx, state)
    split, covered = divide_among_queues(ctx, working)
    short = np.maximum(ctx.required - covered, 0)
    over = np.maximum(covered - ctx.required, 0)
    cost = 0
    for q in range(len(ctx.queues)):
        for t in np.flatnonzero(short[q]):
            need = int(ctx.required[q, t])
            missing = int(short[q, t])
            for size, step_cost in shortfall_steps(ctx, q, int(t), need):
                take = min(size, missing)
                cost += take * step_cost
                missing -= take
                if missing == 0:
                    break
    cost += ctx.weights.overstaffing * int(over.sum())
    paid = 0
    labour = 0.0
    for (p, _d), (k, _seat) in state.shifts.items():
        minutes = ctx.options[k].paid_minutes
        paid += minutes
        labour += round(ctx.weights.paid_minute * minutes * ctx.persons[p].cost_factor)
    broken = 0
    for person in ctx.persons:
        broken += sum(1 for d in person.prefer_off if (person.index, d) in state.shifts)
        broken += sum(1 for d in person.prefer_on if (person.index, d) not in state.shifts)
    total = cost + labour + ctx.weights.preference * broken
    return Evaluation(total / SCALE, int(short.sum()), int(over.sum()), paid, broken, split,
                      covered, working)


def divide_among_queues(ctx: Context, working: np.ndarray):
    """Optimal people per (skill set, queue, interval) and the resulting coverage.

    Intervals are independent problems, so each division is remembered by what it was
    given (the interval and who is at work there): a move changes a few days and only
    those intervals are solved again."""
    Q, T = len(ctx.queues), ctx.n_intervals
    covered = np.zeros((Q, T), dtype=np.int64)
    split: dict[tuple[int, int], np.ndarray] = {}
    multi = []
    for s, members in enumerate(ctx.skill_sets):
        if len(members) == 1:
            covered[members[0]] += working[s]
            split[(s, members[0])] = working[s].copy()
        else:
            multi.append(s)
    for s in multi:
        for q in ctx.skill_sets[s]:
            split[(s, q)] = np.zeros(T, dtype=np.int64)
    if not multi or not np.any(working[multi]):
        return split, covered
    residual = ctx.required - covered
    # An interval's division depends on everyone at work there (single-skilled people
    # set what is left to cover), so that whole column is the key.
    columns = np.ascontiguousarray(working.T)  # [T, S]
    cache = _split_cache(ctx)
    active = np.flatnonzero(working[multi].any(axis=0)).tolist()
    keys = {t: (t, columns[t].tobytes()) for t in active}
    todo = [t for t, key in keys.items() if key not in cache]
    if todo:
        solved = _divide(ctx, working, residual, multi, todo)
        for t in todo:
            cache[keys[t]] = solved[t]
    for t, key in keys.items():
        for (s, q), n in cache[key]:
            split[(s, q)][t] = n
            covered[q, t] += n
    return split, covered


_CACHE_LIMIT = 200_000  # remembered divisions per scenario (under 100 MB)


def _split_cache(ctx: Context) -> dict:
    cache = ctx.split_cache
    if len(cache) > _CACHE_LIMIT:
        cache.clear()
    return cache


def _divide(ctx: Context, working: np.ndarray, residual: np.ndarray, multi: list[int],
            intervals: list[int]) -> dict[int, list[tuple[tuple[int, int], int]]]:
    """One LP for the given intervals: per interval, ((skill set, queue), people) > 0."""
    Q = len(ctx.queues)
    y_index, costs, rows, cols, vals, b_eq, bounds = {}, [], [], [], [], [], []
    n_var = 0

    def new_var(cost: float, upper: float | None) -> int:
        nonlocal n_var
        costs.append(cost)
        bounds.append((0, upper))
        n_var += 1
        return n_var - 1

    row = 0
    for t in intervals:
        for s in multi:
            if working[s, t] == 0:
                continue
            for q in ctx.skill_sets[s]:
                j = new_var(0.0, None)
                y_index[(s, q, t)] = j
                rows.append(row)
                cols.append(j)
                vals.append(1.0)
            b_eq.append(float(working[s, t]))
            row += 1
        for q in range(Q):
            ys = [y_index[(s, q, t)] for s in multi if (s, q, t) in y_index]
            if not ys:
                continue
            for j in ys:
                rows.append(row)
                cols.append(j)
                vals.append(1.0)
            need = int(residual[q, t])
            if need > 0:
                # the shortfall that single-skill people left behind, cheapest first
                for size, cost in _residual_steps(ctx, q, t, need):
                    j = new_var(float(cost), float(size))
                    rows.append(row)
                    cols.append(j)
                    vals.append(1.0)
            j = new_var(float(ctx.weights.overstaffing), None)  # surplus
            rows.append(row)
            cols.append(j)
            vals.append(-1.0)
            b_eq.append(float(max(need, 0)))
            row += 1
    a_eq = sparse.csr_matrix((vals, (rows, cols)), shape=(row, n_var))
    result = linprog(np.array(costs), A_eq=a_eq, b_eq=np.array(b_eq), bounds=bounds,
                     method="highs-ds")
    if not result.success:
        raise RuntimeError(f"queue split LP failed: {result.message}")
    x = np.rint(result.x).astype(np.int64)
    out: dict[int, list[tuple[tuple[int, int], int]]] = {t: [] for t in intervals}
    for (s, q, t), j in y_index.items():
        if x[j]:
            out[t].append(((s, q), int(x[j])))
    return out


def _residual_steps(ctx: Context, q: int, t: int, residual: int) -> list[tuple[int, int]]:
    """The deepest `residual` segments of the queue's shortfall curve: what multi-skilled
    people can still fill after single-skill people covered the rest."""
    out = []
    depth = 0  # segment i covers missing agents [depth, depth + size)
    for size, cost in shortfall_steps(ctx, q, t, int(ctx.required[q, t])):
        take = max(0, min(depth + size, residual) - depth)
        depth += size
        if take:
            out.append((take, cost))
    return out
