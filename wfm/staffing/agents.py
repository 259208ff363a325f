"""The fewest agents on the phones that meet every target of a queue, per interval.

Erlang C scans upward from the stability bound with the Erlang B recursion
B(n+1) = A B / (n + 1 + A B), which is exact and costs a few array operations per step.
Erlang A has no such recursion in N (its patience term moves by patience/AHT per agent),
and each evaluation costs two or three incomplete gamma functions, so it verifies a first
guess that is nearly always right: the roots of the targets in a continuous N, found at a
dozen loads and interpolated across the intervals (the targets and the patience are the
queue's, so the roots depend smoothly on the load and the AHT only). One round of
(g-1, g) then settles nearly every interval; secant steps on the margins settle the rest.
Every metric is monotone in N, so both return the smallest N meeting all targets; a
metric computed a cheaper way decides only where it is clear of its target by far more
than its round-off, and is computed the `erlang_a` way elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .erlang_a import (
    asa_on,
    erlang_a,
    live_metrics,
    service_level_floor_on,
    service_level_on,
)
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


# --- targets: met, margins ------------------------------------------------------------------

def _target_names(tg: Targets) -> list[str]:
    """The targets a queue sets, in the row order of `_met` and `_margins`."""
    return [name for name, on in (("service_level", tg.service_level > 0),
                                  ("max_abandon_rate", tg.max_abandon_rate is not None),
                                  ("max_asa_seconds", tg.max_asa_seconds is not None),
                                  ("max_occupancy", tg.max_occupancy is not None)) if on]


def _met(tg: Targets, agents, sl, pab, asa, occ) -> np.ndarray:
    """Per target [t, N]: met, ties met. NaN (a metric not computed) is not met."""
    met = []
    if tg.service_level > 0:
        met.append(sl >= tg.service_level - _TOL)
    if tg.max_abandon_rate is not None:
        met.append(pab <= tg.max_abandon_rate * (1 + _TOL))
    if tg.max_asa_seconds is not None:
        met.append(asa <= tg.max_asa_seconds * (1 + _TOL))
    if tg.max_occupancy is not None:
        met.append(occ <= tg.max_occupancy * (1 + _TOL))
    if not met:  # no target at all: one agent is enough
        met.append(np.asarray(agents, dtype=float) >= 1)
    return np.array(met)


def _margins(tg: Targets, agents, sl, pab, asa, occ) -> np.ndarray:
    """Per target [t, N]: a smooth margin, >= 0 where met, nearly linear in N.

    The margins are logits of probabilities and logs of times, which straighten the
    S-shaped metrics so that a secant step lands close to the answer.
    """
    margin = []
    if tg.service_level > 0:
        margin.append(_logit(sl) - _logit(np.float64(tg.service_level)))
    if tg.max_abandon_rate is not None:
        margin.append(_logit(np.float64(tg.max_abandon_rate)) - _logit(pab))
    if tg.max_asa_seconds is not None:
        margin.append(np.log(tg.max_asa_seconds) - np.log(np.maximum(asa, 1e-300)))
    if tg.max_occupancy is not None:
        margin.append(np.log(tg.max_occupancy) - np.log(np.maximum(occ, 1e-300)))
    if not margin:
        margin.append(np.where(np.asarray(agents, dtype=float) >= 1, 1.0, -1.0))
    return np.array(margin)


def _near_ties(tg: Targets, sl, pab, asa, occ) -> np.ndarray:
    """Where some metric is within _BAND of its target (relative for the ASA)."""
    near = np.zeros(pab.shape, dtype=bool)
    for value, limit, on in ((sl, tg.service_level - _TOL, tg.service_level > 0),
                             (pab, (tg.max_abandon_rate or 0.0) * (1 + _TOL),
                              tg.max_abandon_rate is not None),
                             (asa, (tg.max_asa_seconds or 0.0) * (1 + _TOL),
                              tg.max_asa_seconds is not None),
                             (occ, (tg.max_occupancy or 0.0) * (1 + _TOL),
                              tg.max_occupancy is not None)):
        if on:
            near |= np.abs(value - limit) <= _BAND * max(limit, 1.0)
    return near


def _margins_a(agents, load, aht, tg: Targets) -> tuple[np.ndarray, np.ndarray]:
    """Per target: met (with ties met) and the margin, from `erlang_a`. Shape [targets, N]."""
    m = erlang_a(agents, load, aht, tg.patience_seconds, tg.answer_seconds,
                 with_asa=tg.max_asa_seconds is not None)
    metrics = (agents, m.service_level, m.abandon_rate, m.asa_seconds, m.occupancy)
    return _met(tg, *metrics), _margins(tg, *metrics)


def _metrics_a(agents: np.ndarray, load: np.ndarray, aht: np.ndarray, tg: Targets) -> list:
    """[service level, abandon rate, ASA, occupancy] of N agents, bit for bit as `erlang_a`
    reports them, but only those the targets ask for (None otherwise) and without its masks.
    1-D arrays of one length; every load > 0; N <= 0 means nobody answers."""
    with_sl = tg.service_level > 0
    with_asa = tg.max_asa_seconds is not None
    k = agents.size
    pat = np.full(k, float(tg.patience_seconds))
    t = np.full(k, float(tg.answer_seconds))
    live = agents > 0
    if live.all():
        m = live_metrics(agents, load, aht, pat, t, with_sl, with_asa)
        return [m.service_level, m.abandon_rate, m.asa_seconds, m.occupancy]
    sl, pab, asa, occ = np.zeros(k), np.ones(k), np.full(k, np.nan), np.zeros(k)
    if live.any():
        m = live_metrics(*(v[live] for v in (agents, load, aht, pat, t)), with_sl, with_asa)
        pab[live], occ[live] = m.abandon_rate, m.occupancy
        if with_sl:
            sl[live] = m.service_level
        if with_asa:
            asa[live] = m.asa_seconds
    return [sl if with_sl else None, pab, asa if with_asa else None, occ]


# --- the search -------------------------------------------------------------------------------

def _min_agents_a(load: np.ndarray, aht: np.ndarray, tg: Targets) -> np.ndarray:
    """A first round around estimated roots (`_first_round`), then secant steps on the
    margins inside bad < answer <= good for the intervals it left open.

    A round evaluates a few neighbouring N at once: (g-1, g) first, then (p-2, p-1, p)
    around the secant prediction p, which after one round is exact or one too high.
    Bisection is the fallback and a scan finishes narrow brackets, so the loop always ends.
    """
    bad = np.zeros(load.shape)
    good = np.full(load.shape, np.inf)
    guess = np.maximum(1.0, np.round(load + np.sqrt(load)))
    todo = np.arange(load.size)
    per_target = _root_estimate_a(load, aht, tg)
    if per_target is not None:
        _first_round(load, aht, tg, per_target, bad, good)
        todo = np.flatnonzero(good - bad > 1)
        guess[todo] = np.where(np.isfinite(good[todo]), good[todo], bad[todo] + 1.0)
    offsets = np.array([-1.0, 0.0])
    for round_ in range(200):
        if not todo.size:
            break
        g, k, reps = guess[todo], todo.size, offsets.size
        points = (g[None, :] + offsets[:, None]).ravel()
        rows = np.tile(todo, reps)
        metrics = (points, *_metrics_a(points, load[rows], aht[rows], tg))
        met = (_met(tg, *metrics).all(axis=0) & (points >= 1)).reshape(reps, k)
        margins = _margins(tg, *metrics)
        points = points.reshape(reps, k)
        b = np.maximum(bad[todo], np.max(np.where(met, 0.0, points), axis=0))
        gd = np.minimum(good[todo], np.min(np.where(met, points, np.inf), axis=0))
        bad[todo], good[todo] = b, gd
        lo_m, hi_m = margins[:, (reps - 2) * k:(reps - 1) * k], margins[:, (reps - 1) * k:]
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
    metrics = _metrics_a(points, load[rows][owner], aht[rows][owner], tg)
    met = _met(tg, points, *metrics).all(axis=0) & (points >= 1)
    best = np.full(rows.size, np.inf)
    np.minimum.at(best, owner[met], points[met])
    good[rows] = np.minimum(good[rows], best)
    bad[rows] = good[rows] - 1.0


def _first_round(load: np.ndarray, aht: np.ndarray, tg: Targets, per_target: np.ndarray,
                 bad: np.ndarray, good: np.ndarray) -> None:
    """Evaluate g = ceil(max_t root_t) and g - 1 for every interval, and g + 1 or g - 2
    where that maximum is within _NEAR of an integer; tighten bad < answer <= good.

    The estimates are nearly always within _NEAR, so this settles nearly every interval
    with two evaluations, made cheaper in ways that change no decision:
      - At g - 1 one failing target is enough: where the abandon or occupancy root is
        clearly above g - 1, the service level and ASA are not computed there (a third
        incomplete gamma function, a quadrature), unless those targets turn out met.
      - At g the service level is computed only where its floor
        (`service_level_floor_on`, no incomplete gamma function) is below the target.
      - 1/B at g comes from 1/B at g - 1 by 1/B(N) = 1 + (N/A) / B(N-1), saving one
        incomplete gamma function. It differs from the direct value by ~1e-12 (the direct
        one cancels terms of size N log A).
    Where a metric at g is within _BAND of its target (far more than those ~1e-12), the
    point is evaluated again the way `erlang_a` does, and so are the skipped ones.
    """
    n = load.size
    est = per_target.max(axis=0)
    known = np.isfinite(est)
    g = np.maximum(1.0, np.ceil(est))
    if not known.all():
        g[~known] = np.maximum(1.0, np.round(load + np.sqrt(load)))[~known]
    low = np.flatnonzero(g >= 2.0)  # g - 1 = 0 meets nothing: bad = 0 already says so
    below = np.flatnonzero(known & (g - est < _NEAR))  # the answer may be g + 1
    above = np.flatnonzero(known & (est - (g - 1.0) < _NEAR) & (g >= 3.0))  # or g - 1
    # Points [g - 1 | g + 1, g - 2 | g]: 1/B directly for all but the last n.
    rows = np.concatenate([low, below, above, np.arange(n)])
    points = np.concatenate([g[low] - 1.0, g[below] + 1.0, g[above] - 2.0, g])
    at_g = slice(points.size - n, points.size)
    log_inv_b = np.empty(points.size)
    log_inv_b[:at_g.start] = log_inv_erlang_b(points[:at_g.start], load[rows[:at_g.start]])
    before = np.zeros(n)  # log 1/B(g - 1): 0 for g - 1 = 0
    before[low] = log_inv_b[:low.size]
    log_inv_b[at_g] = np.logaddexp(0.0, before + np.log(g / load))
    m = live_metrics(points, load[rows], aht[rows], np.full(points.size, float(
        tg.patience_seconds)), np.full(points.size, float(tg.answer_seconds)), False, False,
        log_inv_b)
    sl = asa = None
    names = _target_names(tg)
    cheap = [i for i, name in enumerate(names) if name in ("max_abandon_rate", "max_occupancy")]
    # Where the service level or the ASA is needed: everywhere but at the g - 1 where a
    # cheap target is to fail.
    needed = np.ones(points.size, dtype=bool)
    if cheap and len(cheap) < len(names):
        needed[:low.size] = ~known[low] | (per_target[cheap][:, low].max(axis=0) <=
                                           g[low] - 1.0 + _NEAR)
    if tg.service_level > 0:
        sl = np.full(points.size, np.nan)
        sl[at_g] = service_level_floor_on(m, at_g)
        exact = needed & ~(sl >= tg.service_level - _TOL + _BAND)
        sl[exact] = service_level_on(m, exact)
    if tg.max_asa_seconds is not None:
        asa = np.full(points.size, np.nan)
        asa[needed] = asa_on(m, needed)
    metrics = [sl, m.abandon_rate, asa, m.occupancy]
    met = _met(tg, points, *metrics)
    redo = ~needed & met[cheap].all(axis=0) if cheap else np.zeros(points.size, dtype=bool)
    redo[at_g] = _near_ties(tg, *(None if v is None else v[at_g] for v in metrics))
    redo = np.flatnonzero(redo)
    if redo.size:
        again = _metrics_a(points[redo], load[rows[redo]], aht[rows[redo]], tg)
        met[:, redo] = _met(tg, points[redo], *again)
    met = met.all(axis=0)
    np.maximum.at(bad, rows[~met], points[~met])
    np.minimum.at(good, rows[met], points[met])


# --- the first guess: continuous roots at a few nodes, interpolated across intervals -------
#
# Every target's margin is a smooth, increasing function of a continuous N (the formulas
# hold for any N > 0), so it has a root N_t(A, AHT), and the answer is the smallest integer
# >= max_t N_t except where a root is within round-off of an integer. Within a queue the
# patience and the targets are fixed, so N_t depends on the load and the AHT only, smoothly:
# a Chebyshev interpolant in A^(1/4) (and log AHT when it varies) through the roots at a
# dozen nodes is within ~1e-3 agents of N_t over 0.01..5000 Erlangs. The roots at the nodes
# cost two evaluations of a hundred-odd points, against two evaluations per interval to
# verify.

_FEW = 48  # fewer intervals than this: start the search from the crude guess instead
_NEAR = 0.02  # agents: an estimate this close to an integer also evaluates the neighbour
_BAND = 1e-9  # a metric this close to its target is evaluated again the direct way
_NODES = (8, 12)  # Chebyshev nodes in A^(1/4), for A spanning at most / more than 16x
_AHT_NODES = (3, 5)  # in log AHT where it varies, at most / more than 2x
# The first evaluation brackets every root on a grid: N = A + beta sqrt(max(A, 1)) around
# A, and fractions of A below (heavy abandonment puts some roots far below A).
_BETA = np.array([-6.0, -3.0, -1.5, 0.0, 1.5, 3.0, 6.0, 16.0])
_FRACTIONS = np.array([0.55, 0.75, 0.87])
# The ASA of answered calls can stay low with most callers abandoning (a short patience):
# its root may be a small fraction of A, where 1/B costs a slow series, so only with it.
_ASA_FRACTIONS = np.array([0.03, 0.1, 0.25, 0.4, 0.55, 0.75, 0.87])
# The next ones evaluate est + _SPREAD (hi - lo) around the estimate in the bracket.
_SPREAD = 0.01 * np.array([-9.0, -3.0, -1.0, 1.0, 3.0, 9.0])
_ROUNDS = 4  # of the refining evaluations, for the few roots not bracketed at once


def _root_estimate_a(load: np.ndarray, aht: np.ndarray, tg: Targets) -> np.ndarray | None:
    """The interpolated continuous root of each target [t, interval] (NaN: unknown).

    None where the nodes would cost more than they save (a few intervals, no target)."""
    if load.size < _FEW or not _target_names(tg):
        return None
    u = np.sqrt(np.sqrt(load))
    u_lo, u_hi = u.min(), u.max()
    u_nodes = _chebyshev_nodes(u_lo, u_hi, _NODES[int(u_hi > 2.0 * u_lo)])
    h_lo, h_hi = aht.min(), aht.max()
    if h_hi <= h_lo * (1.0 + 1e-9):  # one AHT: interpolate in A alone
        return _interpolate(u, u_nodes, _roots_a(u_nodes ** 4, np.full(u_nodes.size, h_lo), tg))
    h = np.log(aht)
    h_nodes = _chebyshev_nodes(np.log(h_lo), np.log(h_hi), _AHT_NODES[int(h_hi > 2.0 * h_lo)])
    ku, kh = u_nodes.size, h_nodes.size
    roots = _roots_a(np.repeat(u_nodes ** 4, kh), np.tile(np.exp(h_nodes), ku), tg)
    # Along A for every AHT node, then along log AHT.
    along_u = _interpolate(u, u_nodes, roots.reshape(-1, ku, kh).transpose(0, 2, 1)
                           .reshape(-1, ku)).reshape(-1, kh, u.size)
    return (along_u * _interpolate(h, h_nodes, np.eye(kh))).sum(axis=1)


def _chebyshev_nodes(lo: float, hi: float, count: int) -> np.ndarray:
    """Chebyshev points of the first kind on [lo, hi]; one point if the range is empty."""
    if hi - lo <= 1e-9 * abs(hi):
        return np.array([lo])
    return 0.5 * (lo + hi) + 0.5 * (hi - lo) * np.cos(np.pi * (np.arange(count) + 0.5) / count)


def _interpolate(x: np.ndarray, nodes: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The polynomials through (nodes, values [m, node]) at x: [m, x]. The barycentric form
    for first-kind Chebyshev nodes; NaN where x is a node (the search then starts crude)."""
    count = nodes.size
    if count == 1:
        return np.repeat(values, x.size, axis=1)
    j = np.arange(count)
    c = (-1.0) ** j * np.sin(np.pi * (j + 0.5) / count) / (x[:, None] - nodes)
    both = np.concatenate([values, np.ones((1, count))]) @ c.T
    return both[:-1] / both[-1]


def _roots_a(load: np.ndarray, aht: np.ndarray, tg: Targets) -> np.ndarray:
    """Per target [t, node]: the continuous N > 0 where its margin crosses 0 (NaN if it is
    above the grid; 0 if below).

    One evaluation on a grid (_BETA, _FRACTIONS) brackets each root between grid points
    lo < root <= hi, and the inverse cubic through the four grid points around it
    (N as a cubic in the margin, at margin 0) estimates it. Then evaluations at the
    estimate + _SPREAD (hi - lo) give a bracket a few percent as wide and the inverse cubic
    through the four points around the sign change, within ~1e-4 agents; a root still at
    the edge of the new points (the estimate was that far off) takes another round. The
    roots that cannot be the maximum at their node are not refined, and so often no
    service level is computed: where the abandon rate binds everywhere.
    """
    names = _target_names(tg)
    count, k = len(names), load.size
    scale = np.sqrt(np.maximum(load, 1.0))
    fractions = _FRACTIONS if tg.max_asa_seconds is None else _ASA_FRACTIONS
    grid = [load[:, None] * fractions, load[:, None] + _BETA * scale[:, None]]
    if tg.max_occupancy is not None:  # its root is just below A / max occupancy
        grid.append((load / tg.max_occupancy)[:, None] - np.array([2.0, 0.5, 0.0]) *
                    scale[:, None])
    grid = np.sort(np.concatenate(grid, axis=1), axis=1)
    j = grid.shape[1]
    grid = np.maximum(grid, 0.02 * np.arange(1, j + 1))  # > 0 and increasing
    flat = grid.ravel()
    m = _margins(tg, flat, *_metrics_a(flat, np.repeat(load, j), np.repeat(aht, j), tg))
    m = m.reshape(count * k, j)
    grid = np.tile(grid, (count, 1))
    # Margins increase with N: the root is above the last grid point that fails (which,
    # unlike the first that meets, ignores round-off far below A, where nothing is met).
    fails = m < 0
    hi_at = np.where(fails.any(axis=1), j - np.argmax(fails[:, ::-1], axis=1), 0)
    inside = (hi_at > 0) & (hi_at < j)
    below = hi_at == 0
    est = _bracketed_root(grid, m, np.clip(hi_at, 1, j - 1))
    # Refine the roots that may be the largest at their node: the others are below it by
    # more than an agent and a quarter of their bracket (the estimate is far closer).
    lo, hi, m_lo, m_hi, est = est
    top = np.where(inside, est, np.where(below, 0.0, np.inf)).reshape(count, k).max(axis=0)
    todo = np.flatnonzero(inside & (est + 0.25 * (hi - lo) + 1.0 >= np.tile(top, count)))
    keep = np.unique(todo // k)
    sub = replace(tg, **{name: 0.0 if name == "service_level" else None
                         for i, name in enumerate(names) if i not in keep})
    wide = _SPREAD.size
    for _ in range(_ROUNDS):
        if not todo.size:
            break
        node, lo_t, hi_t = todo % k, lo[todo], hi[todo]
        p = np.minimum(np.maximum(est[todo, None] + (hi_t - lo_t)[:, None] * _SPREAD,
                                  lo_t[:, None]), hi_t[:, None]).ravel()
        mp = _margins(sub, p, *_metrics_a(p, np.repeat(load[node], wide),
                                          np.repeat(aht[node], wide), sub))
        mp = mp[0] if keep.size == 1 else mp[np.searchsorted(keep, np.repeat(todo // k, wide)),
                                              np.arange(p.size)]
        p = np.concatenate([lo_t[:, None], p.reshape(todo.size, wide), hi_t[:, None]], axis=1)
        mp = np.concatenate([m_lo[todo, None], mp.reshape(todo.size, wide), m_hi[todo, None]],
                            axis=1)
        cut = np.argmax(mp >= 0, axis=1)  # the first of the sorted points meeting it
        lo[todo], hi[todo], m_lo[todo], m_hi[todo], est[todo] = _bracketed_root(p, mp, cut)
        todo = todo[(cut == 1) | (cut == wide + 1)]
    return np.where(inside, est, np.where(below, 0.0, np.nan)).reshape(count, k)


def _bracketed_root(n: np.ndarray, m: np.ndarray, hi_at: np.ndarray):
    """Rows of increasing N and margins m, the root between columns hi_at - 1 and hi_at:
    (lo, hi, m_lo, m_hi, root), the root by the inverse cubic through the four points
    around it (N as a cubic in m, at m = 0, Lagrange form) if it lands inside, else by the
    secant."""
    width = n.shape[1]
    start = np.arange(n.shape[0]) * width  # of each row in the flattened arrays
    n, m = n.ravel(), m.ravel()
    at = start + hi_at
    lo, hi, m_lo, m_hi = n[at - 1], n[at], m[at - 1], m[at]
    four = (start + np.minimum(np.maximum(hi_at, 2), width - 2) - 2)[:, None] + _FOUR
    n4, m4 = n[four], m[four]
    with np.errstate(divide="ignore", invalid="ignore"):
        weight = m4[:, None, :] / (m4[:, None, :] - m4[:, :, None])  # [row, i, other]
        weight[:, _EYE] = 1.0
        cubic = (weight.prod(axis=2) * n4).sum(axis=1)
        secant = lo - m_lo * (hi - lo) / (m_hi - m_lo)
    return lo, hi, m_lo, m_hi, np.where((cubic > lo) & (cubic < hi), cubic, secant)


_FOUR = np.arange(4)
_EYE = np.eye(4, dtype=bool)


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
