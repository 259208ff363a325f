"""The Erlang A staffing search against a brute-force scan.

`min_agents` with a patience runs a fast path for a queue-week (roots of the targets
interpolated across intervals, one verifying round with shortcuts, see
wfm/staffing/agents.py). Whatever it does, the answer must be what a scan gives: the first N
from 1 upward that `meets_erlang_a`.
"""

from __future__ import annotations

import numpy as np
import pytest

from wfm.staffing import Targets, erlang_a, min_agents
from wfm.staffing.agents import _FEW, _first_round, _root_estimate_a, meets_erlang_a


def brute_force(load: np.ndarray, aht: np.ndarray, tg: Targets) -> np.ndarray:
    """The first N >= 1 meeting every target, by evaluating every N (0 where load is 0)."""
    out = np.zeros(load.size, dtype=np.int64)
    for i in np.flatnonzero(load > 0):
        top = int(2.0 * load[i] + 12.0 * np.sqrt(load[i]) + 30.0)
        n = np.arange(1, top + 1, dtype=float)
        met = meets_erlang_a(n, np.full(n.size, load[i]), np.full(n.size, aht[i]), tg)
        assert met.any(), (load[i], aht[i], tg)
        out[i] = n[np.argmax(met)]
    return out


def random_targets(rng: np.random.Generator) -> Targets:
    """Any combination of service level, abandon rate, ASA and occupancy."""
    while True:
        sl = float(rng.choice([0.0, rng.uniform(0.6, 0.95)]))
        abandon = float(rng.uniform(0.005, 0.1)) if rng.random() < 0.6 else None
        asa = float(rng.uniform(5.0, 60.0)) if rng.random() < 0.25 else None
        occupancy = float(rng.uniform(0.75, 0.95)) if rng.random() < 0.3 else None
        if sl > 0 or abandon or asa or occupancy:
            return Targets(sl, float(rng.uniform(5.0, 60.0)),
                           float(np.exp(rng.uniform(np.log(20.0), np.log(1500.0)))),
                           abandon, asa, occupancy)


def random_week(rng: np.random.Generator, size: int, top: float, varying_aht: bool):
    load = np.exp(rng.uniform(np.log(0.01), np.log(top), size))
    load[rng.random(size) < 0.05] = 0.0
    aht = rng.uniform(60.0, 900.0)
    aht = aht * rng.uniform(0.7, 1.4, size) if varying_aht else np.full(size, aht)
    return load, aht


@pytest.mark.parametrize("seed", range(8))
def test_week_matches_brute_force(seed):
    """Random targets, loads 0.01..2000 E (some zero), one AHT or one per interval."""
    rng = np.random.default_rng(seed)
    tg = random_targets(rng)
    top = 300.0 if tg.max_asa_seconds is not None else 2000.0  # the ASA quadrature is slow
    load, aht = random_week(rng, 60, top, varying_aht=seed % 2 == 1)
    assert _root_estimate_a(load[load > 0], aht[load > 0], tg) is not None  # the fast path
    assert min_agents(load, aht, tg).tolist() == brute_force(load, aht, tg).tolist(), tg


@pytest.mark.parametrize("tg", [
    Targets(0.8, 20, 150, 0.012),                    # the benchmark queue
    Targets(0.8, 20, 150),                           # service level alone
    Targets(0.0, 20, 150, 0.03),                     # abandon rate alone
    Targets(0.9, 15, 60, 0.05, None, 0.85),          # with occupancy
    Targets(0.8, 20, 30),                            # impatient: N well below A
    Targets(0.95, 10, 2000, 0.005),                  # patient
    Targets(0.7, 60, 100, 0.1, None, 0.95),
    Targets(0.0, 20, 300, None, 20.0),               # ASA alone
])
def test_intraday_week_matches_brute_force(tg):
    """A week-like shape, 0.05..700 E: many intervals close in load, as in real weeks."""
    rng = np.random.default_rng(7)
    shape = np.tile(np.sin(np.linspace(0.0, np.pi, 24)) ** 2 + 0.002, 4)
    load = shape * (700.0 if tg.max_asa_seconds is None else 200.0) * rng.gamma(40, 1 / 40,
                                                                                  shape.size)
    aht = np.full(load.size, 240.0)
    assert min_agents(load, aht, tg).tolist() == brute_force(load, aht, tg).tolist()


def test_few_intervals_match_brute_force():
    """Below _FEW intervals the search starts from the crude guess: same answers."""
    rng = np.random.default_rng(11)
    for _ in range(6):
        tg = random_targets(rng)
        load, aht = random_week(rng, _FEW // 4, 300.0, varying_aht=True)
        assert min_agents(load, aht, tg).tolist() == brute_force(load, aht, tg).tolist(), tg


def test_targets_hit_exactly_are_met():
    """A target equal to the metric at some N is met there (ties go to "meets"), also when
    the fast path computes that metric another way (1/B by recursion, a floor of the
    service level): then it must evaluate again the way `erlang_a` does."""
    rng = np.random.default_rng(5)
    load = np.exp(rng.uniform(np.log(0.5), np.log(800.0), 64))
    aht = np.full(load.size, 200.0)
    for i in (3, 17, 40):
        n = int(np.ceil(load[i] + np.sqrt(load[i])))
        m = erlang_a(n, load[i], 200.0, 120.0, 20.0, with_asa=False)
        for tg in (Targets(float(m.service_level), 20.0, 120.0),
                   Targets(0.0, 20.0, 120.0, float(m.abandon_rate)),
                   Targets(0.5, 20.0, 120.0, float(m.abandon_rate), None,
                           float(m.occupancy))):
            got = min_agents(load, aht, tg)
            assert got[i] <= n
            assert got.tolist() == brute_force(load, aht, tg).tolist(), tg


def test_first_round_settles_a_week():
    """The speed of the fast path rests on the estimated roots: one round of (g-1, g)
    settles every interval of a typical week, for one AHT and for an AHT per interval."""
    rng = np.random.default_rng(3)
    shape = np.tile(np.sin(np.linspace(0.0, np.pi, 96)) ** 2 + 0.01, 7)
    for peak in (10.0, 300.0, 3000.0):
        load = shape * peak * rng.gamma(40, 1 / 40, shape.size)
        for aht in (np.full(load.size, 240.0),
                    240.0 * (1.0 + 0.15 * np.sin(np.arange(load.size) * 2 * np.pi / 96))):
            tg = Targets(0.8, 20, 150, 0.012)
            bad, good = np.zeros(load.size), np.full(load.size, np.inf)
            _first_round(load, aht, tg, _root_estimate_a(load, aht, tg), bad, good)
            settled = good - bad <= 1
            assert np.count_nonzero(~settled) <= 2, peak
            assert good[settled].tolist() == min_agents(load, aht, tg)[settled].tolist()
