"""The objective: one place sums the penalty terms that rule functions return.

    shortfall x priority x missing agent-intervals      ([objective] shortfall)
  + overstaffing x surplus agent-intervals               ([objective] overstaffing)
  + paid_minute x paid minutes x cost factor             ([objective] paid_minute)
  + preference x broken prefer_on / prefer_off wishes    ([objective] preference)

The cost factor is cost_per_hour / the mean cost_per_hour when employees.csv gives it,
else 1. CP-SAT needs integers: every weight is multiplied by SCALE (100) and rounded;
reported objectives are divided back.

With `shortfall_model = "callers"` the k-th missing agent of an interval costs
shortfall x priority x (callers answered within target that this agent adds) / (the
average such callers per agent at full staffing), predicted with Erlang C/A after
shrinkage. Service level is concave in agents, so the first missing agent costs less than
the fifth, and a fully missed interval costs exactly what it costs under "agents".
Erlang C queues are valued as Erlang A with a patience of 3 x AHT, so that an overloaded
interval keeps a finite value per agent instead of the unstable queue's zero.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..staffing.agents import on_phones
from ..staffing.erlang_a import erlang_a

SEGMENTS = (1, 1, 1, 1, 2, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048)


def shortfall_steps(ctx, q: int, t: int, need: int) -> list[tuple[int, int]]:
    """(size, cost per missing agent) segments of the shortfall of one queue-interval,
    costs non-decreasing (convex), sizes summing to `need`."""
    weight = ctx.weights.shortfall[q]
    if ctx.scenario.config.objective.shortfall_model == "agents" or need <= 1:
        return [(need, weight)]
    marginal = caller_marginals(ctx, q, t, need)
    steps = []
    depth = 0
    for size in SEGMENTS:
        if depth >= need:
            break
        size = min(size, need - depth)
        cost = float(np.mean(marginal[depth:depth + size]))
        steps.append((size, max(1, round(weight * cost))))
        depth += size
    if depth < need:
        steps.append((need - depth, max(1, round(weight * float(marginal[depth:].mean())))))
    return steps


def caller_marginals(ctx, q: int, t: int, need: int) -> np.ndarray:
    """Relative cost of the 1st, 2nd, ... missing agent below `need` (averages to 1)."""
    scenario = ctx.scenario
    contacts = 0.0 if scenario.contacts is None else float(scenario.contacts[q, t])
    aht = float(scenario.config.queues[q].aht_seconds if scenario.aht_seconds is None
                else scenario.aht_seconds[q, t])
    queue = scenario.config.queues[q]
    patience = queue.patience_seconds or 3.0 * aht
    return _marginals(need, round(contacts, 6), aht, patience, queue.answer_seconds, ctx.step,
                      scenario.config.staffing.shrinkage)


@lru_cache(maxsize=100_000)
def _marginals(need: int, contacts: float, aht: float, patience: float, answer: float,
               step: int, shrinkage: float) -> np.ndarray:
    flat = np.ones(need)
    if contacts <= 0:
        return flat
    load = contacts * aht / (step * 60.0)
    staffed = np.arange(need, -1, -1)  # need, need-1, ..., 0 scheduled
    phones = on_phones(staffed, shrinkage)
    sl = erlang_a(np.maximum(phones, 0), load, aht, patience, answer,
                  with_asa=False).service_level
    sl = np.where(phones > 0, sl, 0.0)
    value = contacts * sl  # callers answered within target with `staffed` agents
    drops = value[:-1] - value[1:]  # the k-th missing agent loses this many callers
    per_agent = value[0] / need
    if per_agent <= 0:
        return flat
    marginal = np.maximum(drops / per_agent, 0.0)
    marginal = np.maximum.accumulate(marginal)  # keep it convex against rounding
    return marginal * need / max(marginal.sum(), 1e-12)


def add_labour_cost(v) -> None:
    """paid_minute x paid minutes x cost factor, for the free shift literals."""
    weight = v.ctx.weights.paid_minute
    if weight == 0:
        return
    opts = v.ctx.options
    for (p, _d, k, _seat), var in v.x.items():
        coef = round(weight * opts[k].paid_minutes * v.ctx.persons[p].cost_factor)
        if coef:
            v.terms["paid_minutes"].append((coef, var))

