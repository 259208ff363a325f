"""Erlang A (M/M/N+M): callers abandon after an exponential patience.

With lambda the arrival rate, mu = 1/AHT, theta = 1/patience, x = N mu/theta,
y = lambda/theta, rho = A/N and Phi from `special`:

    P(wait > 0)        = Phi B / (1 + (Phi - 1) B)                    (B = Erlang B)
    P(abandon | wait)  = 1 - (1 - 1/Phi(x, y)) / rho
    P(answered within t, offered) = 1 - Pw + Pw * x/(x+1)
        * [Phi(x+1, y) - e^{-(x+1) theta t + y(1-u)} Phi(x+1, y u)] / Phi(x, y),  u = e^{-theta t}

The last line follows from the virtual wait V of a caller who finds k others queued: V is the
(k+1)-th order statistic of x+k exponential(theta) clocks, so e^{-theta V} ~ Beta(x, k+1),
and the sum over k collapses to incomplete gamma functions. The ASA of answered calls,
E[V e^{-theta V}] / P(answered), reduces the same way to the log-concave integral

    E[V e^{-theta V} | wait] = x e^y / (theta Phi(x, y)) * int_0^inf r e^{-(x+1) r - y e^{-r}} dr,

in closed form where N is well below A, elsewhere by Gauss-Legendre quadrature on the
region where the integrand matters (`_log_wait_integral`).
Service level counts abandons as failures ("answered within t over offered"); occupancy is
A (1 - P(abandon)) / N. N may be below A: abandonment keeps the queue stable.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special

from .special import log_inv_erlang_b, log_phi

_DROP = 40.0  # integrate where the integrand is within e^-40 of its peak
_REACH = np.sqrt(2.0 * _DROP)  # where a parabola of the peak's curvature is e^-40 below it
_NEGLIGIBLE = -30.0  # log of a share of the ASA integral small enough to leave out (1e-13)
_HALF_LOG_2PI = 0.5 * np.log(2.0 * np.pi)
_NEWTON_STEPS = 2


def _gauss_legendre(n: int, bend: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """n-point Gauss-Legendre on [0, 1] through u -> (1 - bend) u + bend u^2: the nodes as a
    column, the weights times the Jacobian."""
    t, w = np.polynomial.legendre.leggauss(n)
    u = 0.5 * (t + 1.0)
    return (((1.0 - bend) * u + bend * u * u)[:, None],
            0.5 * w * ((1.0 - bend) + 2.0 * bend * u))


_LEFT_NODES, _LEFT_WEIGHTS = _gauss_legendre(18)
_RIGHT_NODES, _RIGHT_WEIGHTS = _gauss_legendre(24, 0.6)  # the right tail can be long


@dataclass
class ErlangAMetrics:
    agents: np.ndarray
    pw: np.ndarray
    abandon_rate: np.ndarray
    service_level: np.ndarray
    asa_seconds: np.ndarray  # mean wait of answered contacts
    mean_wait_all_seconds: np.ndarray  # over all arrivals, abandons included
    occupancy: np.ndarray


def erlang_a(agents, load, aht_seconds, patience_seconds, answer_seconds,
             with_asa: bool = True) -> ErlangAMetrics:
    """Metrics of N agents under offered load A (Erlangs); arrays broadcast. N >= 1."""
    n, a, aht, pat, t = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (
        agents, load, aht_seconds, patience_seconds, answer_seconds)))
    shape = n.shape
    if ((n > 0) & (a > 0)).all():  # the usual case: no masked copies, the same numbers
        m = live_metrics(*(np.ravel(v) for v in (n, a, aht, pat, t)), with_asa=with_asa)
        pw, pab, sl, occ = (v.reshape(shape) for v in (
            m.pw, m.abandon_rate, m.service_level, m.occupancy))
        asa = m.asa_seconds.reshape(shape) if with_asa else np.zeros(shape)
        return ErlangAMetrics(n, pw, pab, sl, asa, pab * pat, occ)
    pw = np.zeros(shape)
    pab = np.zeros(shape)
    sl = np.ones(shape)
    asa = np.zeros(shape)
    occ = np.zeros(shape)
    nobody = (n <= 0) & (a > 0)
    pw[nobody], pab[nobody], sl[nobody], asa[nobody] = 1.0, 1.0, 0.0, np.nan
    live = (n > 0) & (a > 0)
    if np.any(live):
        m = live_metrics(*(v[live] for v in (n, a, aht, pat, t)), with_asa=with_asa)
        pw[live], pab[live], sl[live], occ[live] = m.pw, m.abandon_rate, m.service_level, \
            m.occupancy
        if with_asa:
            asa[live] = m.asa_seconds
    mean_wait_all = pab * pat
    return ErlangAMetrics(n, pw, pab, sl, asa, mean_wait_all, occ)


@dataclass
class LiveMetrics:
    """`live_metrics`: the metrics, and the intermediate arrays the service level and the
    ASA are computed from (`service_level_on`, `asa_on`, `service_level_floor_on`)."""

    pw: np.ndarray
    abandon_rate: np.ndarray
    occupancy: np.ndarray
    service_level: np.ndarray | None
    asa_seconds: np.ndarray | None
    parts: tuple  # x, y, log Phi(x, y), P(wait) unclipped, P(abandon) unclipped, t, patience


def live_metrics(n, a, aht, pat, t, with_sl: bool = True, with_asa: bool = True,
                 log_inv_b: np.ndarray | None = None) -> LiveMetrics:
    """The arithmetic of `erlang_a` on 1-D arrays of one length where every N > 0 and A > 0.

    `erlang_a` calls this, so the staffing search, which calls it directly to skip the
    masks and the work no target asks for, gets bit-identical numbers. The service level
    costs one more incomplete gamma function (log Phi(x+1, y u)) and the ASA a quadrature:
    without them those fields are None (`service_level_on` and `asa_on` compute them on
    some rows). `log_inv_b`, log 1/B(N, A), may be passed in when known.
    """
    r = pat / aht
    x, y = n * r, a * r
    lphi = log_phi(x, y)
    if log_inv_b is None:
        log_inv_b = log_inv_erlang_b(n, a)
    log_b_odds = np.log1p(-np.exp(-log_inv_b)) + log_inv_b
    with np.errstate(over="ignore"):  # N far above A: P(wait) -> 0
        p_wait = 1.0 / (1.0 + np.exp(log_b_odds - lphi))
    rho = a / n
    ab_given_wait = np.clip(1.0 + np.expm1(-lphi) / rho, 0.0, 1.0)
    p_ab = p_wait * ab_given_wait
    occ = np.minimum(a * (1.0 - p_ab) / n, 1.0)
    parts = (x, y, lphi, p_wait, p_ab, t, pat)
    return LiveMetrics(np.clip(p_wait, 0.0, 1.0), np.clip(p_ab, 0.0, 1.0), occ,
                       _service_level(*parts) if with_sl else None,
                       _asa_seconds(*parts) if with_asa else None, parts)


def service_level_on(m: LiveMetrics, rows) -> np.ndarray:
    """The service level of `live_metrics` on some rows (an index array or a mask)."""
    return _service_level(*(v[rows] for v in m.parts))


def asa_on(m: LiveMetrics, rows) -> np.ndarray:
    """The ASA of `live_metrics` on some rows (an index array or a mask)."""
    return _asa_seconds(*(v[rows] for v in m.parts))


def service_level_floor_on(m: LiveMetrics, rows) -> np.ndarray:
    """A lower bound of `service_level_on(m, rows)` without its incomplete gamma function.

    Phi(x+1, z), z = y u, enters the service level with a minus sign. Its series
    1 + z/(x+2) + z^2/((x+2)(x+3)) + ... has ratios z/(x+1+k) that fall with k, so the
    first two terms and a geometric tail of ratio q = z/(x+4) from the third bound it from
    above where q < 1 (elsewhere the floor is 1 - P(wait)). The same arithmetic
    with that bound in place of the computed log Phi(x+1, z) gives at most the computed
    service level plus round-off (~1e-12: both share every other term), and near the
    answer, where e^(-(x+1) theta t + y (1 - u)) is small, it is close to it.
    """
    x, y, lphi, p_wait, p_ab, t, pat = (v[rows] for v in m.parts)
    z = y * np.exp(-t / pat)
    q = z / (x + 4.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        bound = 1.0 + z / (x + 2.0) * (1.0 + z / (x + 3.0) / (1.0 - q))
        lphi1u = np.where(q < 1.0, np.log(bound), np.inf)
    return _service_level(x, y, lphi, p_wait, p_ab, t, pat, lphi1u)


def _service_level(x, y, lphi, p_wait, p_ab, t, pat, lphi1u=None) -> np.ndarray:
    """P(answered within t), over all offered calls (abandons fail)."""
    theta_t = t / pat
    u = np.exp(-theta_t)
    lphi1 = _log_phi_next(x, y, lphi)
    if lphi1u is None:
        lphi1u = log_phi(x + 1.0, y * u)
    within = x / (x + 1.0) * (np.exp(lphi1 - lphi)
                               - np.exp(-(x + 1.0) * theta_t + y * (1.0 - u) + lphi1u - lphi))
    return np.clip(1.0 - p_wait + p_wait * np.clip(within, 0.0, 1.0), 0.0, 1.0)


def _asa_seconds(x, y, lphi, p_wait, p_ab, t, pat) -> np.ndarray:
    """The mean wait of answered calls."""
    served_wait = p_wait * pat * np.exp(np.log(x) + y + _log_wait_integral(x, y) - lphi)
    return served_wait / np.maximum(1.0 - p_ab, 1e-300)


def _log_phi_next(x: np.ndarray, y: np.ndarray, lphi: np.ndarray) -> np.ndarray:
    """log Phi(x+1, y) from Phi(x, y) = 1 + y/(x+1) Phi(x+1, y); direct where Phi is near 1.

    log(Phi - 1) = log(expm1(log Phi)) overflows past log Phi ~ 709 (N far below A with a
    long patience), where it equals log Phi to the last bit.
    """
    with np.errstate(divide="ignore", over="ignore"):
        out = np.log(np.expm1(lphi)) + np.log(x + 1.0) - np.log(y)
    huge = lphi > 700.0
    if huge.any():
        out[huge] = lphi[huge] + np.log(x[huge] + 1.0) - np.log(y[huge])
    near_one = lphi < 1e-3
    if near_one.any():
        out[near_one] = log_phi(x[near_one] + 1.0, y[near_one])
    return out


def _log_wait_integral(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """log of int_0^inf r exp(-(x+1) r - y e^{-r}) dr (a log-concave integrand).

    Over the whole line the integral has a closed form (r = log(y/w) turns it into
    Gamma-function integrals): Gamma(c) y^-c (log y - psi(c)), c = x + 1. It is used where
    the part below r = 0 is too small to matter (N well below A); everywhere else a
    quadrature adds up the integrand on r > 0.
    """
    shape = np.shape(x)
    c = np.ravel(x) + 1.0
    y = np.ravel(y)
    d = y - c
    # Only where y - c > 5 and (y - c)^2 > 20 c can the part below 0 be negligible: the
    # log of its bound (below) is then about -(y - c)^2 / (2 c) plus logs, and is below
    # _NEGLIGIBLE nowhere with (y - c)^2 < 47 c on a grid of x to 1e7, y to 3e7.
    far = (d > 5.0) & (d * d > 20.0 * c)
    if far.any():
        c_far, y_far = c[far], y[far]
        full = _log_full_integral(c_far, y_far)
        # h(r) = -c r - y e^{-r} is concave with h'(0) = y - c > 0, so the part below 0,
        # int_{-inf}^0 |r| e^{h(r)} dr, is at most e^{h(0)} / h'(0)^2.
        closed = -y_far - 2.0 * np.log(d[far]) - full < _NEGLIGIBLE
        if closed.any():
            out = np.empty(c.shape)
            rows = np.flatnonzero(far)[closed]
            out[rows] = full[closed]
            rest = np.ones(c.shape, dtype=bool)
            rest[rows] = False
            if rest.any():
                out[rest] = _log_wait_quadrature(c[rest], y[rest])
            return out.reshape(shape)
    return _log_wait_quadrature(c, y).reshape(shape)


def _log_full_integral(c: np.ndarray, y: np.ndarray) -> np.ndarray:
    """log int_{-inf}^inf r e^{-c r - y e^{-r}} dr = log Gamma(c) - c log y + log(log y - psi(c))
    where log y > psi(c). From c = 30 through Stirling's series, so that the large terms
    log Gamma(c) and c log y do not cancel in floating point."""
    log_y = np.log(y)
    out = special.gammaln(c) - c * log_y + np.log(log_y - special.psi(c))
    big = c >= 30.0
    if big.any():
        cb = c[big]
        log_ratio = np.log(y[big] / cb)
        z = 1.0 / cb
        z2 = z * z
        stirling = z * (1 / 12 - z2 * (1 / 360 - z2 * (1 / 1260 - z2 / 1680)))
        log_minus_psi = z * (0.5 + z * (1 / 12 - z2 * (1 / 120 - z2 * (1 / 252 - z2 / 240))))
        out[big] = (-cb * (log_ratio + 1.0) - 0.5 * np.log(cb) + _HALF_LOG_2PI + stirling
                    + np.log(log_ratio + log_minus_psi))
    return out


def _log_wait_quadrature(c: np.ndarray, y: np.ndarray) -> np.ndarray:
    """log int_0^inf r e^{h(r)} dr, h(r) = -c r - y e^{-r}, by Gauss-Legendre on each side of
    the peak p of g = log r + h: from where g is e^-40 below its peak (or 0) to p, 18 nodes,
    and from p to where it is e^-40 below again, 24 nodes bunched towards p (the right tail
    falls like e^{-c r} and can be long). With the closed form this is within 3e-13 of
    30-digit quadrature (plus the round-off of log I, ~1e-16 |log I|) for x from 1e-4 to 1e6
    and y from 1e-5 to 1e6 (tests/unit/test_erlang_a_metrics_speed.py checks a sample).

    g is concave and g''' = 2/r^3 + y e^{-r} > 0. g'(r) = 1/r - c + y e^{-r} is convex and
    decreasing, so Newton steps from a point left of its root stay left of it and approach
    it; both starting points are left of it (g' = 1/r > 0 at r = log(y/c); at the root of
    1/r + y (1 - r) = c, g' >= 0 as e^{-r} >= 1 - r), and two steps put p within 0.04 sigma
    of the peak (sigma = (-g''(p))^-1/2), all the ends and the split need. Left of p, g falls
    at least as fast as the parabola of its curvature at p (g''' > 0), so it is e^-40 below
    by p - sqrt(80) sigma (the left end is 0 if that is below p/20). Right of p the tangent
    at q = p + sqrt(80) sigma lies above the concave g: where the tangent is 40 below g(p),
    g is too.

    The integrand is taken relative to h(p): h(p - s) - h(p) = c s - y e^{-p} expm1(s) keeps
    the terms of order c r and y e^{-r} (up to millions) out of the nodes' values.
    """
    b = c - y
    # The root of y r^2 + b r - 1. Where b < 0 the sum cancels, to a relative error of about
    # 1e-16 b^2 / y < 1e-16 y, which a starting point can afford.
    p = np.maximum(2.0 / (b + np.sqrt(b * b + 4.0 * y)), np.log(y / c))
    for _ in range(_NEWTON_STEPS):
        e = y * np.exp(-p)
        p = p + (1.0 / p - c + e) / (1.0 / (p * p) + e)
    yp = y * np.exp(-p)
    sigma = 1.0 / np.sqrt(1.0 / (p * p) + yp)
    reach = _REACH * sigma
    left_span = np.where(reach > 0.95 * p, p, reach)
    em_q = np.expm1(-reach)
    g_q = np.log1p(reach / p) - c * reach - yp * em_q  # g(q) - g(p)
    fall_q = c - 1.0 / (p + reach) - yp * (1.0 + em_q)  # -g'(q) > 0
    right_span = reach + np.maximum(g_q + _DROP, 0.0) / np.maximum(fall_q, 1e-300)

    n_left = _LEFT_NODES.size
    s = np.empty((n_left + _RIGHT_NODES.size, c.size))  # p - r at the nodes
    np.multiply(_LEFT_NODES, left_span, out=s[:n_left])
    np.multiply(_RIGHT_NODES, -right_span, out=s[n_left:])
    v = np.expm1(s)
    v *= -yp
    v += s * c  # h(r) - h(p)
    np.exp(v, out=v)
    s *= v  # r e^(...) = p e^(...) - s e^(...)
    total = (p * (_LEFT_WEIGHTS @ v[:n_left]) - _LEFT_WEIGHTS @ s[:n_left]) * left_span
    total += (p * (_RIGHT_WEIGHTS @ v[n_left:]) - _RIGHT_WEIGHTS @ s[n_left:]) * right_span
    return np.log(total) - c * p - yp
