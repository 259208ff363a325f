"""The fewest agents on the phones that meet every target of a queue, per interval.

Erlang C scans upward from the stability bound with the Erlang B recursion
B(n+1) = A B / (n + 1 + A B), which is exact and costs a few array operations per step.
Erlang A has no such recursion in N (its patience term moves by patience/AHT per agent),
so it brackets the answer and bisects. Every metric is monotone in N, so both return the
smallest N meeting all targets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .erlang_a import erlang_a
from .special import log_inv_erlang_b

_TOL = 1e-12  # ties go to "meets": a target hit exactly is met


@dataclass(frozen=True)
class Targets:
    """What a queue promises its callers (FORMAT.md [[queues]])."""

    service_level: float
    answer_seconds: float
    patience_seconds: float | None = None
    max_abandon_rate: float | None = None
    max_asa_seconds: float | None = None
    max_occupancy: float | None = None

    @classmethod
    def of_queue(cls, queue) -> Targets:
        return cls(queue.service_level, queue.answer_seconds, queue.patience_seconds,
                   queue.max_abandon_rate, queue.max_asa_seconds, queue.max_occupancy)


def min_agents(load, aht_seconds, targets: Targets) -> np.ndarray:
    """Smallest N meeting every target; 0 where the load is 0. Arrays over intervals."""
    load = np.atleast_1d(np.asarray(load, dtype=float))
    aht = np.broadcast_to(np.asarray(aht_seconds, dtype=float), load.shape)
    out = np.zeros(load.shape, dtype=np.int64)
    busy = load > 0
    if np.any(busy):
        solve = _min_agents_a if targets.patience_seconds is not None else _min_agents_c
        out[busy] = solve(load[busy], aht[busy], targets)
    return out


def _min_agents_c(load: np.ndarray, aht: np.ndarray, tg: Targets) -> np.ndarray:
    n = np.floor(load) + 1.0  # the smallest stable N
    if tg.max_occupancy is not None:
        n = np.maximum(n, np.floor(load / tg.max_occupancy))
        n = np.where(n > load, n, np.floor(load) + 1.0)
    b = np.exp(-log_inv_erlang_b(n, load))
    answer = np.zeros(load.shape, dtype=np.int64)
    todo = np.arange(load.size)
    while todo.size:
        nn, aa, bb, hh = n[todo], load[todo], b[todo], aht[todo]
        c = nn * bb / (nn - aa + aa * bb)
        ok = np.ones(todo.size, dtype=bool)
        if tg.service_level > 0:
            ok &= 1.0 - c * np.exp(-(nn - aa) * tg.answer_seconds / hh) >= tg.service_level - _TOL
        if tg.max_asa_seconds is not None:
            ok &= c * hh / (nn - aa) <= tg.max_asa_seconds * (1 + _TOL)
        if tg.max_occupancy is not None:
            ok &= aa / nn <= tg.max_occupancy * (1 + _TOL)
        answer[todo[ok]] = nn[ok].astype(np.int64)
        todo = todo[~ok]
        nn, aa, bb = nn[~ok] + 1.0, aa[~ok], bb[~ok]
        n[todo] = nn
        b[todo] = aa * bb / (nn + aa * bb)
    return answer


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-300, 1.0 - 1e-16)
    return np.log(p) - np.log1p(-p)


def _margins_a(agents, load, aht, tg: Targets) -> tuple[np.ndarray, np.ndarray]:
    """Per target: met (with ties met) and a smooth margin, nearly linear in N.

    The margins are logits of probabilities and logs of times, which straighten the
    S-shaped metrics so that a secant step lands close to the answer. Shape [targets, N].
    """
    m = erlang_a(agents, load, aht, tg.patience_seconds, tg.answer_seconds,
                 with_asa=tg.max_asa_seconds is not None)
    met, margin = [], []
    if tg.service_level > 0:
        met.append(m.service_level >= tg.service_level - _TOL)
        margin.append(_logit(m.service_level) - _logit(np.float64(tg.service_level)))
    if tg.max_abandon_rate is not None:
        met.append(m.abandon_rate <= tg.max_abandon_rate * (1 + _TOL))
        margin.append(_logit(np.float64(tg.max_abandon_rate)) - _logit(m.abandon_rate))
    if tg.max_asa_seconds is not None:
        met.append(m.asa_seconds <= tg.max_asa_seconds * (1 + _TOL))
        margin.append(np.log(tg.max_asa_seconds) - np.log(np.maximum(m.asa_seconds, 1e-300)))
    if tg.max_occupancy is not None:
        met.append(m.occupancy <= tg.max_occupancy * (1 + _TOL))
        margin.append(np.log(tg.max_occupancy) - np.log(np.maximum(m.occupancy, 1e-300)))
    if not met:  # no target at all: one agent is enough
        ones = np.asarray(agents, dtype=float) >= 1
        met.append(ones)
        margin.append(np.where(ones, 1.0, -1.0))
    return np.array(met), np.array(margin)


def _min_agents_a(load: np.ndarray, aht: np.ndarray, tg: Targets) -> np.ndarray:
    """Secant steps on the margins, inside a bracket bad < answer <= good.

    A round evaluates a few neighbouring N at once: (g-1, g) first, then (p-2, p-1, p)
    around the secant prediction p, which after one round is exact or one too high.
    Bisection is the fallback, so the loop always ends.
    """
    bad = np.zeros(load.shape)
    good = np.full(load.shape, np.inf)
    guess = np.maximum(1.0, np.round(load + np.sqrt(load)))
    todo = np.arange(load.size)
    offsets = np.array([-1.0, 0.0])
    for round_ in range(200):
        if not todo.size:
            break
        g, k = guess[todo], todo.size
        points = (g[None, :] + offsets[:, None]).ravel()
        reps = offsets.size
        met, margins = _margins_a(points, np.tile(load[todo], reps), np.tile(aht[todo], reps),
                                  tg)
        met = (np.all(met, axis=0) & (points >= 1)).reshape(reps, k)
        points = points.reshape(reps, k)
        b, gd = bad[todo], good[todo]
        gd = np.minimum(gd, np.min(np.where(met, points, np.inf), axis=0))
        b = np.maximum(b, np.max(np.where(~met, points, 0.0), axis=0))
        bad[todo], good[todo] = b, gd
        lo_m = margins[:, (reps - 2) * k:(reps - 1) * k]
        hi_m = margins[:, (reps - 1) * k:]
        slope = hi_m - lo_m
        with np.errstate(divide="ignore", invalid="ignore"):
            zero = np.where(slope > 0, g - hi_m / slope, np.nan)
        predicted = np.ceil(np.nanmax(np.where(np.isnan(zero), -np.inf, zero), axis=0))
        mid = np.where(np.isfinite(gd), np.floor(0.5 * (b + gd)), 2.0 * g + 1.0)
        inside = np.isfinite(predicted) & (predicted > b) & (predicted <= gd)
        guess[todo] = np.where(inside, predicted, np.maximum(mid, b + 1.0))
        todo = todo[good[todo] - bad[todo] > 1]
        offsets = np.array([-2.0, -1.0, 0.0])
        # The few intervals the secant has not settled in two rounds: scan what is left of
        # their brackets in one evaluation rather than bisect them round after round.
        narrow = todo[good[todo] - bad[todo] <= _SCAN] if round_ >= 1 else todo[:0]
        if narrow.size:
            _scan(narrow, bad, good, load, aht, tg)
            todo = todo[good[todo] - bad[todo] > 1]
    return good.astype(np.int64)


_SCAN = 64


def _scan(rows: np.ndarray, bad: np.ndarray, good: np.ndarray, load, aht, tg) -> None:
    """good[rows] = the smallest N in each open bracket (bad, good) meeting every target."""
    width = (good[rows] - bad[rows] - 1).astype(np.int64)
    owner = np.repeat(np.arange(rows.size), width)
    step = np.arange(owner.size) - np.repeat(np.cumsum(width) - width, width)
    points = bad[rows][owner] + 1.0 + step
    met, _ = _margins_a(points, load[rows][owner], aht[rows][owner], tg)
    met = np.all(met, axis=0) & (points >= 1)
    best = np.full(rows.size, np.inf)
    np.minimum.at(best, owner[met], points[met])
    good[rows] = np.minimum(good[rows], best)
    bad[rows] = good[rows] - 1.0


def meets_erlang_a(agents, load, aht, tg: Targets) -> np.ndarray:
    """True where N agents meet every target of an Erlang A queue."""
    return np.all(_margins_a(agents, load, aht, tg)[0], axis=0)


def scheduled_agents(agents_raw, shrinkage: float) -> np.ndarray:
    """ceil(N / (1 - shrinkage)), guarded so that 21 / 0.7 stays 30, not 31."""
    raw = np.asarray(agents_raw, dtype=float)
    return np.ceil(raw / (1.0 - shrinkage) - 1e-9).astype(np.int64)


def on_phones(scheduled, shrinkage: float) -> np.ndarray:
    """floor(scheduled * (1 - shrinkage)): the agents expected to be available."""
    return np.floor(np.asarray(scheduled, dtype=float) * (1.0 - shrinkage) + 1e-9) \
        .astype(np.int64)
