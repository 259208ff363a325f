"""Erlang B (M/M/N/N, blocked calls lost): trunk and voice-line sizing."""

from __future__ import annotations

from scipy.optimize import brentq

from .special import erlang_b


def lines_for(load: float, blocking: float) -> int:
    """Fewest lines so that a load of A Erlangs is blocked with probability <= blocking."""
    n, b = 0, 1.0
    while load > 0 and b > blocking:
        n += 1
        b = load * b / (n + load * b)  # the stable upward Erlang B recursion
    return n


def traffic_for(lines: int, blocking: float) -> float:
    """Largest load (Erlangs) that `lines` lines carry at the given blocking probability."""
    return float(brentq(lambda a: float(erlang_b(lines, a)) - blocking, 1e-12, 10.0 * lines
                        + 100.0, xtol=1e-12, rtol=1e-14))
