"""Erlang C (M/M/N): callers wait as long as it takes.

Conventions (FORMAT.md and the reference cases):
- service level = P(wait <= t) = 1 - Pw exp(-(N - A) t / AHT);
- ASA = mean wait over all calls = Pw AHT / (N - A);
- occupancy = A / N.
With N <= A the queue is unstable: the formula is never used there; the metrics are those
of an infinite queue (Pw = 1, SL = 0, ASA = inf, occupancy = 1).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .special import log_inv_erlang_b


@dataclass
class ErlangCMetrics:
    agents: np.ndarray
    pw: np.ndarray
    service_level: np.ndarray
    asa_seconds: np.ndarray
    occupancy: np.ndarray


def stable(agents, load) -> np.ndarray:
    """N > A, the only region where Erlang C has a steady state."""
    return np.asarray(agents, dtype=float) > np.asarray(load, dtype=float)


def erlang_c(agents, load, aht_seconds, answer_seconds) -> ErlangCMetrics:
    """Metrics of N agents under offered load A (Erlangs); arrays broadcast."""
    n, a, aht, t = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in
                                         (agents, load, aht_seconds, answer_seconds)))
    pw = np.ones(n.shape)
    sl = np.zeros(n.shape)
    asa = np.full(n.shape, np.inf)
    occ = np.ones(n.shape)
    ok = n > a
    zero = ok & (a <= 0)
    pw[zero], sl[zero], asa[zero], occ[zero] = 0.0, 1.0, 0.0, 0.0
    live = ok & (a > 0)
    if np.any(live):
        nl, al, ahtl, tl = n[live], a[live], aht[live], t[live]
        b = np.exp(-log_inv_erlang_b(nl, al))
        c = nl * b / (nl - al + al * b)
        pw[live] = c
        sl[live] = 1.0 - c * np.exp(-(nl - al) * tl / ahtl)
        asa[live] = c * ahtl / (nl - al)
        occ[live] = al / nl
    return ErlangCMetrics(n, pw, sl, asa, occ)
