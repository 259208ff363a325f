"""Log-space building blocks shared by Erlang B, C and A, vectorised with numpy.

Two sums carry all the queueing formulas:

    Phi(a, z)   = sum_k z^k / ((a+1)(a+2)...(a+k))   = P(a, z) / pois(a, z)
    1/B(n, A)   = sum_j n!/(n-j)! / A^j               = Q(n+1, A) / pois(n, A)

where P, Q are the regularised incomplete gamma functions and
pois(a, z) = z^a e^-z / Gamma(a+1). scipy evaluates P and Q to near machine precision;
where they underflow (far from the mode, where the sums converge geometrically) the sums
are added up directly. Nothing overflows from 0.01 to well past 5,000 Erlangs.
"""

from __future__ import annotations

import numpy as np
from scipy import special

_TINY = 1e-280


def log_pois(a: np.ndarray, z: np.ndarray) -> np.ndarray:
    """log(z^a e^-z / Gamma(a+1)) for a >= 0, z > 0."""
    return a * np.log(z) - z - special.gammaln(a + 1.0)


def _geometric_sum(first_ratio: np.ndarray, ratio_at) -> np.ndarray:
    """log of 1 + r1 + r1 r2 + ... where ratio_at(k) gives the k-th ratio (< 1, shrinking)."""
    total = np.ones_like(first_ratio)
    term = np.ones_like(first_ratio)
    k = 1
    while True:
        term = term * ratio_at(k)
        total = total + term
        if not np.any(term > 1e-17 * total) or k > 200_000:
            return np.log(total)
        k += 1


def log_phi(a, z) -> np.ndarray:
    """log Phi(a, z) = log sum_k z^k / (a+1)_k, for a > 0, z >= 0."""
    a, z = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(z, dtype=float))
    pos = z > 0
    if a.ndim and pos.all():  # the usual case: no masked copies
        return _log_phi_pos(np.ascontiguousarray(a), np.ascontiguousarray(z))
    out = np.zeros(a.shape)
    if pos.any():
        out[pos] = _log_phi_pos(a[pos], z[pos])
    return out


def _log_phi_pos(a: np.ndarray, z: np.ndarray) -> np.ndarray:
    """log_phi where every z > 0."""
    p = special.gammainc(a, z)
    with np.errstate(divide="ignore"):
        res = np.log(p) - log_pois(a, z)
    small = p < _TINY
    if small.any():
        a_s, z_s = a[small], z[small]
        res[small] = _geometric_sum(z_s / (a_s + 1.0), lambda k: z_s / (a_s + k))
    return res


def log_inv_erlang_b(n, load) -> np.ndarray:
    """log(1 / B(n, A)) for integer n >= 0 and load A > 0 (Erlang B blocking B)."""
    n, load = np.broadcast_arrays(np.asarray(n, dtype=float), np.asarray(load, dtype=float))
    q = special.gammaincc(n + 1.0, load)
    with np.errstate(divide="ignore"):
        res = np.log(q) - log_pois(n, load)
    small = q < _TINY
    if small.any():
        n_s, a_s = n[small], load[small]
        res[small] = _geometric_sum(n_s / a_s,
                                    lambda k: np.maximum(n_s - (k - 1), 0.0) / a_s)
    return res


def erlang_b(n, load) -> np.ndarray:
    """Erlang B blocking probability of n servers under load A (Erlangs)."""
    n, load = np.broadcast_arrays(np.asarray(n, dtype=float), np.asarray(load, dtype=float))
    out = np.zeros(n.shape)
    pos = load > 0
    out[pos] = np.exp(-log_inv_erlang_b(n[pos], load[pos]))
    return out
