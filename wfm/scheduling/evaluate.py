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
                      covered)


def divide_among_queues(ctx: Context, working: np.ndarray):
    """Optimal people per (skill set, queue, interval) and the resulting coverage."""
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
    if not multi or not np.any(working[multi]):
        for s in multi:
            for q in ctx.skill_sets[s]:
                split[(s, q)] = np.zeros(T, dtype=np.int64)
        return split, covered
    residual = ctx.required - covered
    y_index, costs, rows, cols, vals, b_eq, bounds = {}, [], [], [], [], [], []
    n_var = 0

    def new_var(cost: float, upper: float | None) -> int:
        nonlocal n_var
        costs.append(cost)
        bounds.append((0, upper))
        n_var += 1
        return n_var - 1

    row = 0
    queue_rows: dict[tuple[int, int], int] = {}
    active = [t for t in range(T) if any(working[s, t] for s in multi)]
    for t in active:
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
            queue_rows[(q, t)] = row
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
    for s in multi:
        for q in ctx.skill_sets[s]:
            split[(s, q)] = np.zeros(T, dtype=np.int64)
    for (s, q, t), j in y_index.items():
        split[(s, q)][t] = x[j]
        covered[q, t] += x[j]
    return split, covered


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
