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

evaluated by Gauss-Legendre quadrature on the region where the integrand matters.
Service level counts abandons as failures ("answered within t over offered"); occupancy is
A (1 - P(abandon)) / N. N may be below A: abandonment keeps the queue stable.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .special import log_inv_erlang_b, log_phi

_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(32)
_DROP = 40.0  # integrate where the integrand is within e^-40 of its peak


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
    pw = np.zeros(shape)
    pab = np.zeros(shape)
    sl = np.ones(shape)
    asa = np.zeros(shape)
    occ = np.zeros(shape)
    nobody = (n <= 0) & (a > 0)
    pw[nobody], pab[nobody], sl[nobody], asa[nobody] = 1.0, 1.0, 0.0, np.nan
    live = (n > 0) & (a > 0)
    if np.any(live):
        nl, al, ahtl, patl, tl = (v[live] for v in (n, a, aht, pat, t))
        r = patl / ahtl
        x, y = nl * r, al * r
        lphi = log_phi(x, y)
        log_inv_b = log_inv_erlang_b(nl, al)
        log_b_odds = np.log1p(-np.exp(-log_inv_b)) + log_inv_b
        p_wait = 1.0 / (1.0 + np.exp(log_b_odds - lphi))
        rho = al / nl
        ab_given_wait = np.clip(1.0 + np.expm1(-lphi) / rho, 0.0, 1.0)
        p_ab = p_wait * ab_given_wait
        theta_t = tl / patl
        u = np.exp(-theta_t)
        lphi1 = _log_phi_next(x, y, lphi)
        lphi1u = log_phi(x + 1.0, y * u)
        within = x / (x + 1.0) * (np.exp(lphi1 - lphi)
                                   - np.exp(-(x + 1.0) * theta_t + y * (1.0 - u) + lphi1u - lphi))
        pw[live] = np.clip(p_wait, 0.0, 1.0)
        pab[live] = np.clip(p_ab, 0.0, 1.0)
        sl[live] = np.clip(1.0 - p_wait + p_wait * np.clip(within, 0.0, 1.0), 0.0, 1.0)
        occ[live] = np.minimum(al * (1.0 - p_ab) / nl, 1.0)
        if with_asa:
            served_wait = p_wait * patl * np.exp(np.log(x) + y + _log_wait_integral(x, y) - lphi)
            asa[live] = served_wait / np.maximum(1.0 - p_ab, 1e-300)
    mean_wait_all = pab * pat
    return ErlangAMetrics(n, pw, pab, sl, asa, mean_wait_all, occ)


def _log_phi_next(x: np.ndarray, y: np.ndarray, lphi: np.ndarray) -> np.ndarray:
    """log Phi(x+1, y) from Phi(x, y) = 1 + y/(x+1) Phi(x+1, y); direct where Phi is near 1."""
    with np.errstate(divide="ignore"):
        out = np.log(np.expm1(lphi)) + np.log(x + 1.0) - np.log(y)
    near_one = lphi < 1e-3
    if np.any(near_one):
        out[near_one] = log_phi(x[near_one] + 1.0, y[near_one])
    return out


def _log_wait_integral(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """log of int_0^inf r exp(-(x+1) r - y e^{-r}) dr (a log-concave integrand)."""
    c = x + 1.0

    def g(r, c=c, y=y):
        return np.log(r) - c * r - y * np.exp(-r)

    def dg(r):
        return 1.0 / np.maximum(r, 1e-300) - c + y * np.exp(-r)

    def d2g(r):
        return -1.0 / (r * r) - y * np.exp(-r)

    # Peak: dg is decreasing from +inf to -c; bracket and apply safeguarded Newton.
    lo = 1.0 / (c + y)
    hi = 2.0 / c + np.maximum(0.0, np.log(np.maximum(2.0 * y / c, 1e-300)))
    peak = np.sqrt(lo * hi)
    for _ in range(40):
        slope = dg(peak)
        lo = np.where(slope > 0, peak, lo)
        hi = np.where(slope > 0, hi, peak)
        step = peak - slope / d2g(peak)
        inside = (step >= lo) & (step <= hi)
        new = np.where(inside, step, np.sqrt(lo * hi))
        if np.all(np.abs(new - peak) <= 1e-9 * peak):
            peak = new
            break
        peak = new
    top = g(peak)
    sigma = 1.0 / np.sqrt(-d2g(peak))
    target = top - _DROP
    # Ends where the integrand has fallen by e^-40: step out until past that level, then
    # Newton from outside, which on a concave function approaches the root monotonically.
    right = _outside(g, peak, 12.0 * sigma, target, +1.0)
    for _ in range(30):
        gap = target - g(right)
        if np.all(gap <= 1.0):
            break
        right = right + np.maximum(gap, 0.0) / np.minimum(dg(right), -1e-300)
    left = _outside(g, peak, 12.0 * sigma, target, -1.0)
    for _ in range(30):
        gap = np.where(left > 0, target - g(np.maximum(left, 1e-300)), 0.0)
        if np.all(gap <= 1.0):
            break
        left = np.where(left > 0, left + np.maximum(gap, 0.0) / np.maximum(dg(left), 1e-300),
                        0.0)
    left = np.where(left < 0.05 * peak, 0.0, np.maximum(left, 0.0))
    total = np.zeros_like(x)
    for a_end, b_end in ((left, peak), (peak, right)):
        half = 0.5 * (b_end - a_end)
        mid = 0.5 * (b_end + a_end)
        r = mid[..., None] + half[..., None] * _NODES
        with np.errstate(divide="ignore"):
            vals = np.exp(g(np.maximum(r, 1e-300), c[..., None], y[..., None]) - top[..., None])
        total = total + half * (vals @ _WEIGHTS)
    return top + np.log(total)


def _outside(g, peak, width, target, side):
    """A point on `side` of the peak where g is below target (0 on the left if none is)."""
    width = width.copy()
    for _ in range(80):
        point = peak + side * width
        if side < 0:
            point = np.maximum(point, 0.0)
            with np.errstate(divide="ignore"):
                high = (point > 0) & (g(np.maximum(point, 1e-300)) > target)
        else:
            high = g(point) > target
        if not np.any(high):
            return point
        width = np.where(high, 2.0 * width, width)
    return point
