"""Staffing maths against ../shared/reference/queueing_cases.json (50-digit ground truth)."""

from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest

from wfm.staffing import Targets, erlang_a, erlang_b, erlang_c, min_agents, scheduled_agents
from wfm.staffing.erlang_b import lines_for, traffic_for

PROB = 1e-9  # probabilities: absolute
REL = 1e-9  # times: relative


def c_targets(i: dict) -> Targets:
    return Targets(i["sl_target"], i["target_answer_time_s"], None, None, i["asa_target_s"],
                   i["max_occupancy"])


def test_erlang_c_cases_exact(reference):
    assert len(reference["erlang_c"]) >= 30
    for case in reference["erlang_c"]:
        i, o = case["inputs"], case["outputs"]
        load = i["calls"] * i["aht_s"] / i["interval_s"]
        assert load == pytest.approx(case["offered_load_erlangs"], rel=1e-12)
        n = int(min_agents([load], [i["aht_s"]], c_targets(i))[0])
        assert n == o["min_agents_all_constraints"], case["id"]
        assert int(scheduled_agents(n, i["shrinkage"])) == o["scheduled_agents"], case["id"]
        for key in ("at_min_agents", "at_min_agents_minus_1"):
            ref = o[key]
            m = erlang_c(ref["agents"], load, i["aht_s"], i["target_answer_time_s"])
            if ref.get("unstable"):
                assert m.pw == 1.0 and m.service_level == 0.0 and np.isinf(m.asa_seconds)
                continue
            assert abs(m.pw - ref["pw"]) < PROB, case["id"]
            assert abs(m.service_level - ref["sl"]) < PROB, case["id"]
            assert m.asa_seconds == pytest.approx(ref["asa_s"], rel=REL), case["id"]
            assert abs(m.occupancy - ref["occupancy"]) < PROB, case["id"]
        b = erlang_b(o["at_min_agents"]["agents"], load)
        assert abs(b - o["erlang_b_at_min_agents"]) < PROB, case["id"]


def test_erlang_c_min_agents_for_each_target_alone(reference):
    for case in reference["erlang_c"]:
        i, o = case["inputs"], case["outputs"]
        load = case["offered_load_erlangs"]
        if o["min_agents_sl_only"] is not None:
            sl_only = Targets(i["sl_target"], i["target_answer_time_s"])
            assert min_agents([load], [i["aht_s"]], sl_only)[0] == o["min_agents_sl_only"]
        if o["min_agents_asa_only"] is not None:
            asa_only = Targets(0.0, i["target_answer_time_s"], max_asa_seconds=i["asa_target_s"])
            assert min_agents([load], [i["aht_s"]], asa_only)[0] == o["min_agents_asa_only"]
        nothing = Targets(0.0, i["target_answer_time_s"])
        assert min_agents([load], [i["aht_s"]], nothing)[0] == o["min_stable_agents"]


def test_erlang_a_cases_exact(reference):
    assert len(reference["erlang_a"]) >= 10
    for case in reference["erlang_a"]:
        i, o = case["inputs"], case["outputs"]
        assert i["sl_definition_for_staffing"] == "answered_within_t_over_offered"
        load, aht, patience, t = (i["offered_load_erlangs"], i["aht_s"], i["mean_patience_s"],
                                  i["target_answer_time_s"])
        for ref in o["by_agents"]:
            m = erlang_a(ref["agents"], load, aht, patience, t)
            assert abs(m.pw - ref["pw"]) < PROB, case["id"]
            assert abs(m.abandon_rate - ref["p_abandon"]) < PROB, case["id"]
            sl = ref["sl"]["answered_within_t_over_offered"]
            assert abs(m.service_level - sl) < PROB, (case["id"], ref["agents"])
            assert m.asa_seconds == pytest.approx(ref["asa_answered_s"], rel=REL), case["id"]
            assert m.mean_wait_all_seconds == pytest.approx(ref["mean_wait_all_s"], rel=REL)
            assert abs(m.occupancy - ref["occupancy"]) < PROB, case["id"]
        sl_target = Targets(i["sl_target"], t, patience)
        assert min_agents([load], [aht], sl_target)[0] == o["min_agents_sl"], case["id"]
        abandon = Targets(0.0, t, patience, max_abandon_rate=0.03)
        assert min_agents([load], [aht], abandon)[0] == o["min_agents_max_abandon_3pct"]
        as_c = Targets(i["sl_target"], t)
        assert min_agents([load], [aht], as_c)[0] == o["erlang_c_min_agents_same_target"]


def test_published_checks(reference):
    """The published figures (pyworkforce, CRAN ErlangC, turbotab, Westbay, VoIP tables)."""
    # 100 calls / 30 min, AHT 180 s, 80/20, max occupancy 85%, shrinkage 30%.
    m = erlang_c(14, 10.0, 180, 20)
    assert m.pw == pytest.approx(0.1741319335950498, abs=1e-15)
    assert m.service_level == pytest.approx(0.8883500191794669, abs=1e-15)
    assert m.asa_seconds == pytest.approx(7.83593701177724, rel=1e-12)
    assert min_agents([10.0], [180], Targets(0.8, 20, max_occupancy=0.85))[0] == 14
    assert scheduled_agents(14, 0.3) == 20
    # turbotab: 25 calls / 600 s, AHT 180 -> 11 productive, 16 scheduled.
    assert min_agents([7.5], [180], Targets(0.8, 20))[0] == 11
    assert scheduled_agents(11, 0.3) == 16
    # Erlang A guide: N = 13 meets 80/20, max abandon 5 %, 19 scheduled with 30 % shrinkage.
    targets = Targets(0.8, 20, 300, max_abandon_rate=0.05, max_occupancy=0.85)
    assert min_agents([10.0], [180], targets)[0] == 13
    assert scheduled_agents(13, 0.3) == 19
    # Erlang B: 15 lines at 1 % carry 8.108 E; 33.333 E at 1 % needs 45 lines.
    assert traffic_for(15, 0.01) == pytest.approx(8.108, abs=5e-4)
    assert lines_for(1200 * 100 / 3600, 0.01) == 45
    assert traffic_for(5, 0.01) == pytest.approx(1.4, abs=0.05)
    # A load of 48 E needs 49 agents for a stable Erlang C queue.
    assert min_agents([48.0], [60], Targets(0.0, 20))[0] == 49
    # 60 calls/h, AHT 3 min, 5 agents: P(wait) 0.2362 (the published 35 % is wrong), 80/20 met.
    m = erlang_c(5, 3.0, 180, 20)
    assert m.pw == pytest.approx(0.2361516035, abs=1e-10)
    assert m.service_level >= 0.8
    checks = [c for c in reference["published_checks"] if c["agree"] is not None]
    assert len(checks) >= 30


# --- the traps ---------------------------------------------------------------------------

def test_unstable_erlang_c_never_uses_the_formula():
    for n, load in ((10, 10.0), (9, 10.0), (3, 3.0), (1, 1.5)):
        m = erlang_c(n, load, 300, 20)
        assert (m.pw, m.service_level, m.occupancy) == (1.0, 0.0, 1.0)
        assert np.isinf(m.asa_seconds)
    # Exactly A agents: the smallest stable count is A + 1.
    assert min_agents([10.0], [300], Targets(0.0, 20))[0] == 11
    assert min_agents([2.0], [300], Targets(0.0, 20))[0] == 3


def test_shrinkage_float_guard():
    assert 21 / (1 - 0.3) > 30  # the float trap itself
    assert scheduled_agents(21, 0.3) == 30
    assert scheduled_agents(np.array([0, 7, 21, 22]), 0.3).tolist() == [0, 10, 30, 32]
    assert scheduled_agents(14, 0.0) == 14


def test_zero_contacts_give_zero_agents():
    loads = np.array([0.0, 0.0, 2.5])
    assert min_agents(loads, 300, Targets(0.8, 20)).tolist()[:2] == [0, 0]
    assert min_agents(loads, 300, Targets(0.8, 20, 120, 0.01)).tolist()[:2] == [0, 0]


def _mp_erlang_b(n: int, load) -> mp.mpf:
    b = mp.mpf(1)
    for k in range(1, n + 1):
        b = load * b / (k + load * b)
    return b


def _mp_min_agents_c(load: float, aht: float, sl: float, t: float) -> int:
    a = mp.mpf(load)
    n = int(mp.floor(a)) + 1
    while True:
        b = _mp_erlang_b(n, a)
        c = n * b / (n - a + a * b)
        if 1 - c * mp.e ** (-(n - a) * t / aht) >= sl:
            return n
        n += 1


def test_three_thousand_erlangs():
    load = 3000.0
    n = int(min_agents([load], [180], Targets(0.8, 20))[0])
    with mp.workdps(40):
        assert n == _mp_min_agents_c(load, 180, 0.8, 20)
        b = _mp_erlang_b(n, mp.mpf(load))
        c = n * b / (n - load + load * b)
        sl = 1 - c * mp.e ** (-(n - load) * 20 / 180)
    m = erlang_c(n, load, 180, 20)
    assert abs(m.service_level - float(sl)) < 1e-10
    assert np.isfinite(m.asa_seconds)


@pytest.mark.parametrize("load", [0.01, 0.3, 2.7, 45.5, 480.0, 1999.5, 5000.0])
def test_stable_over_the_whole_range(load):
    """Erlang B and C agree with 40-digit arithmetic from 0.01 to 5,000 Erlangs."""
    n_star = int(min_agents([load], [240], Targets(0.9, 15))[0])
    with mp.workdps(40):
        assert n_star == _mp_min_agents_c(load, 240, 0.9, 15)
        for n in {int(load) + 1, n_star, n_star + 3}:
            b_ref = _mp_erlang_b(n, mp.mpf(load))
            assert abs(erlang_b(n, load) - float(b_ref)) < 1e-12
    # Erlang A, N both below and above the load, stays finite and in [0, 1].
    agents = np.unique(np.maximum(1, np.round(load * np.array([0.5, 0.9, 1.0, 1.2]))))
    m = erlang_a(agents, load, 240, 180, 20)
    for arr in (m.pw, m.abandon_rate, m.service_level, m.occupancy):
        assert np.all(np.isfinite(arr)) and np.all((arr >= 0) & (arr <= 1))
    assert np.all(np.isfinite(m.asa_seconds))
    assert np.all(np.diff(m.service_level) >= -1e-12)


def _mp_erlang_a(n: int, load: float, aht: float, patience: float, t: float):
    """Erlang A from the birth-death chain, summed term by term in 40 digits."""
    with mp.workdps(40):
        lam, mu, th = mp.mpf(load) / aht, mp.mpf(1) / aht, mp.mpf(1) / patience
        weights = [mp.mpf(1)]
        for j in range(1, n + 1):
            weights.append(weights[-1] * lam / (j * mu))
        tail = []
        w = weights[-1]
        k = 0
        while True:
            k += 1
            w = w * lam / (n * mu + k * th)
            tail.append(w)
            if w < mp.mpf(10) ** -45 * sum(weights) and k > 10:
                break
        total = sum(weights) + sum(tail)
        pw = (weights[-1] + sum(tail)) / total
        phi = 1 + sum(tail) / weights[-1]
        ab_w = 1 - (1 - 1 / phi) * (n / mp.mpf(load))
        return float(pw), float(pw * ab_w)


@pytest.mark.parametrize("n,load,patience", [(3, 2.0, 60), (40, 50.0, 90), (120, 100.0, 600),
                                             (8, 0.4, 30), (700, 800.0, 120)])
def test_erlang_a_against_the_birth_death_chain(n, load, patience):
    pw, pab = _mp_erlang_a(n, load, 180, patience, 20)
    m = erlang_a(n, load, 180, patience, 20)
    assert abs(m.pw - pw) < 1e-10
    assert abs(m.abandon_rate - pab) < 1e-10


def test_vectorised_over_a_week_matches_one_by_one():
    rng = np.random.default_rng(3)
    loads = rng.uniform(0, 60, 672)
    loads[::7] = 0.0
    aht = rng.uniform(120, 400, 672)
    for targets in (Targets(0.8, 20, max_occupancy=0.9), Targets(0.8, 20, 150, 0.02, 30)):
        week = min_agents(loads, aht, targets)
        for i in range(0, 672, 37):
            assert week[i] == min_agents([loads[i]], [aht[i]], targets)[0]
