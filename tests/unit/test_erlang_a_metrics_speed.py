"""The Erlang A ASA integral, int_0^inf r e^{-(x+1) r - y e^{-r}} dr, after it was made cheap.

`_log_wait_integral` uses a closed form where N is well below A and a fixed-size quadrature
(no iterations over the whole array) elsewhere. These tests hold it to 40-digit values from
two routes that share nothing with it, check that the two methods agree where it switches,
and that `erlang_a`'s unmasked fast path gives the numbers of the masked one.
"""

from __future__ import annotations

import importlib

import mpmath as mp
import numpy as np
import pytest

from wfm.staffing import erlang_a

ea = importlib.import_module("wfm.staffing.erlang_a")


def mp_log_integral(x: float, y: float) -> float:
    """log of the integral in 40 digits.

    y <= x + 1: the series e^-y sum_k y^k / ((x+1)...(x+k+1)) * sum_{j<=k+1} 1/(x+j) (expand
    e^{y(1 - e^-r)} and integrate term by term). Otherwise mpmath's tanh-sinh quadrature,
    split at the peak (found by bisection) and at multiples of its width out to where the
    integrand is e^-100 of it, then to infinity.
    """
    with mp.workdps(40):
        x, y = mp.mpf(x), mp.mpf(y)
        c = x + 1
        if y <= c:
            term = 1 / c
            harmonic = 1 / c
            total = term * harmonic
            k = 0
            while True:
                k += 1
                term = term * y / (x + k + 1)
                harmonic += 1 / (x + k + 1)
                total += term * harmonic
                if term * harmonic < mp.mpf(10) ** -42 * total:
                    return float(mp.log(total) - y)

        def g(r):
            return mp.log(r) - c * r - y * mp.exp(-r)

        lo, hi = 1 / (c + y), 2 / c + mp.log(2 * y / c) + 1  # g' > 0 at lo, < 0 at hi
        for _ in range(160):
            mid = (lo + hi) / 2
            if 1 / mid - c + y * mp.exp(-mid) > 0:
                lo = mid
            else:
                hi = mid
        peak = (lo + hi) / 2
        top = g(peak)
        width = 1 / mp.sqrt(1 / peak**2 + y * mp.exp(-peak))
        points = [peak + k * width for k in (-12, -6, -3, -1, 0, 1, 3, 6, 12, 25, 50, 100)]
        points = [mp.mpf(0)] + [r for r in points if r > 0] + [mp.inf]
        return float(top + mp.log(mp.quad(lambda r: mp.exp(g(r) - top) if r > 0 else 0, points)))


CASES = [
    # tiny x and y, y far below x + 1 (N far above A)
    (1e-4, 1e-5), (1e-3, 0.5), (0.01, 3.0), (5.0, 0.01), (1e3, 1.0), (1e5, 10.0),
    # N near A, as in staffing weeks (x, y = N, A times patience / AHT)
    (13.1, 9.3), (61.9, 55.9), (285.6, 279.7), (2773.1, 2797.4), (10.0, 11.0), (1e4, 1e4),
    # N below A with short patience: a long right tail, a double-exponential left side
    (0.05, 20.0), (0.5, 27.0), (2.0, 40.0), (30.0, 100.0), (1.0, 6.0),
    # N far below A: the closed form (from c = 30 via Stirling's series)
    (0.01, 1e3), (5.0, 1e4), (40.0, 1e3), (1e3, 5e3), (1e4, 1e6), (1e-4, 1e6),
]


@pytest.mark.parametrize("x,y", CASES)
def test_wait_integral_against_40_digits(x, y):
    ref = mp_log_integral(x, y)
    got = ea._log_wait_integral(np.array([x]), np.array([y]))[0]
    # log I is rounded to ~1e-16 |log I| (|log I| ~ c (log(y/c) + 1) reaches 1e5 here)
    assert abs(np.expm1(got - ref)) <= 1e-12 + 4e-16 * abs(ref), (x, y, got, ref)


def test_closed_form_and_quadrature_agree_where_it_switches():
    """Where the part below r = 0 just drops under e^-30 of the whole, both are right."""
    xs = np.logspace(-4, 5, 91)
    ys = np.logspace(0, 6, 241)
    x, y = (v.ravel() for v in np.meshgrid(xs, ys))
    c = x + 1.0
    d = y - c
    far = (d > 5.0) & (d * d > 20.0 * c)
    c, y, d = c[far], y[far], d[far]
    full = ea._log_full_integral(c, y)
    share = -y - 2.0 * np.log(d) - full
    near = (share < ea._NEGLIGIBLE) & (share > ea._NEGLIGIBLE - 10.0)
    assert near.sum() > 100
    quad = ea._log_wait_quadrature(c[near], y[near])
    diff = np.abs(np.expm1(quad - full[near]))
    assert np.all(diff <= 3e-12 + 4e-16 * np.abs(full[near]))
    # and the switch sees every row whose share is negligible
    xs2 = np.logspace(-4, 7, 221)
    ys2 = np.logspace(-5, 7.5, 251)
    x2, y2 = (v.ravel() for v in np.meshgrid(xs2, ys2))
    c2 = x2 + 1.0
    d2 = y2 - c2
    cand = d2 > 5.0
    share2 = np.full(c2.shape, np.inf)
    share2[cand] = -y2[cand] - 2.0 * np.log(d2[cand]) - ea._log_full_integral(c2[cand], y2[cand])
    missed = (share2 < ea._NEGLIGIBLE) & ~(cand & (d2 * d2 > 20.0 * c2))
    assert not missed.any()


def test_wait_integral_shapes():
    x = np.array([[1.0, 50.0], [0.1, 3000.0]])
    y = np.array([[0.5, 1e4], [40.0, 2900.0]])
    out = ea._log_wait_integral(x, y)
    assert out.shape == (2, 2)
    flat = ea._log_wait_integral(x.ravel(), y.ravel())
    assert np.array_equal(out.ravel(), flat)
    assert ea._log_wait_integral(np.zeros(0), np.zeros(0)).shape == (0,)


def test_unmasked_path_gives_the_masked_numbers():
    """All rows live skips the masks; one idle row forces them: the same numbers, bit for bit."""
    rng = np.random.default_rng(5)
    load = np.exp(rng.uniform(np.log(0.01), np.log(5000.0), 400))
    agents = np.maximum(1, np.round(load * rng.uniform(0.2, 2.0, 400)))
    aht = rng.uniform(30.0, 1800.0, 400)
    patience = np.exp(rng.uniform(np.log(5.0), np.log(3600.0), 400))
    fast = erlang_a(agents, load, aht, patience, 20.0)
    masked = erlang_a(np.append(agents, 3), np.append(load, 0.0), np.append(aht, 300.0),
                      np.append(patience, 60.0), 20.0)
    for field in ("pw", "abandon_rate", "service_level", "asa_seconds",
                  "mean_wait_all_seconds", "occupancy"):
        assert np.array_equal(getattr(fast, field), getattr(masked, field)[:-1]), field
    scalar = erlang_a(12, 10.0, 240.0, 150.0, 20.0)
    assert scalar.asa_seconds.shape == ()
    assert scalar.asa_seconds == erlang_a([12], [10.0], 240.0, 150.0, 20.0).asa_seconds[0]


@pytest.mark.parametrize("load", [0.01, 2.0, 45.5, 900.0, 5000.0])
@pytest.mark.parametrize("patience", [5.0, 150.0, 3600.0])
def test_asa_finite_and_falling_in_agents(load, patience):
    """From far below to far above the load: finite, >= 0, and falling as agents are added."""
    agents = np.arange(1, int(2 * load) + 30)
    asa = erlang_a(agents, load, 240.0, patience, 20.0).asa_seconds
    assert np.all(np.isfinite(asa)) and np.all(asa >= 0)
    assert np.all(np.diff(asa) <= 1e-12 * asa[:-1])
