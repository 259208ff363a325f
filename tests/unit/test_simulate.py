"""The simulator against steady-state Erlang C / Erlang A, and its agent rules."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from wfm.api import load
from wfm.roster.model import Roster, RosterShift, Segment
from wfm.simulate import simulate
from wfm.simulate.engine import replicate
from wfm.simulate.plan import compile_plan


def case(reference: dict, section: str, case_id: str) -> dict:
    return next(c for c in reference[section] if c["id"] == case_id)


def steady_scenario(root: Path, *, days: int, step: int, calls: float, aht: int,
                    answer: int, agents: int, patience: int | None = None,
                    queues=("general",), skills: list[str] | None = None) -> Path:
    """`agents` people on `queues`, each with the same constant traffic all week."""
    root.mkdir(parents=True, exist_ok=True)
    queue_toml = "".join(
        f'[[queues]]\nname = "{q}"\naht_seconds = {aht}\nservice_level = 0.8\n'
        f'answer_seconds = {answer}\n'
        + (f"patience_seconds = {patience}\n" if patience else "") for q in queues)
    (root / "scenario.toml").write_text(
        f'name = "steady"\ntimezone = "UTC"\n[horizon]\nstart = 2021-03-01\ndays = {days}\n'
        f'interval_minutes = {step}\n{queue_toml}[[sites]]\nname = "hq"\nseats = 100\n'
        f'[[shifts]]\nname = "all day"\nearliest_start = "00:00"\nlatest_start = "00:00"\n'
        f'lengths_minutes = [1440]\n')
    skills = skills or [";".join(queues)] * agents
    (root / "employees.csv").write_text(
        "employee_id,name,site,skills,remote\n"
        + "".join(f"E{i},Agent {i},hq,{skills[i]},no\n" for i in range(agents)))
    rows = ["interval_start,queue,contacts"]
    for i in range(days * 1440 // step):
        minute = i * step
        stamp = f"2021-03-{1 + minute // 1440:02d}T{minute % 1440 // 60:02d}:{minute % 60:02d}"
        rows.extend(f"{stamp},{q},{calls}" for q in queues)
    (root / "volume.csv").write_text("\n".join(rows) + "\n")
    return root


def all_day_roster(days: int, queue_of: list[str]) -> Roster:
    """Each person works every day 00:00-24:00 on one queue: a constant staff."""
    return Roster(shifts=[
        RosterShift(employee_id=f"E{i}", day=d, start=d * 1440, end=(d + 1) * 1440,
                    seat="onsite",
                    segments=(Segment(start=d * 1440, end=(d + 1) * 1440, activity="work",
                                      queue=q),))
        for i, q in enumerate(queue_of) for d in range(days)])


def within(summary: dict, name: str, reference: float, slack: float = 0.0) -> bool:
    return abs(summary[name] - reference) <= summary[f"{name}_ci95"] + slack


def test_erlang_c_steady_state_c003(tmp_path, reference):
    c = case(reference, "erlang_c", "C003")
    inputs, ref = c["inputs"], c["outputs"]["at_min_agents"]
    n = ref["agents"]
    root = steady_scenario(tmp_path / "c", days=7, step=inputs["interval_s"] // 60,
                           calls=inputs["calls"], aht=inputs["aht_s"],
                           answer=inputs["target_answer_time_s"], agents=n)
    result = simulate(load(root), all_day_roster(7, ["general"] * n), replications=10,
                      seed=3, workers=1)
    s = result.summary
    assert s["calls_per_replication"] == pytest.approx(7 * 48 * inputs["calls"], rel=0.01)
    assert within(s, "service_level", ref["sl"])
    # Erlang C ASA is over all calls; every call is answered here, so it equals ASA answered.
    assert within(s, "asa_seconds", ref["asa_s"])
    assert within(s, "occupancy", ref["occupancy"])
    assert s["abandon_rate"] is None  # Erlang C queue: callers do not abandon
    assert s["erlang"]["service_level"] == pytest.approx(ref["sl"], abs=1e-6)


def test_erlang_a_steady_state_a001(tmp_path, reference):
    c = case(reference, "erlang_a", "A001")
    inputs = c["inputs"]
    ref = next(r for r in c["outputs"]["by_agents"] if r["agents"] == 12)
    calls = inputs["offered_load_erlangs"] * 1800 / inputs["aht_s"]
    root = steady_scenario(tmp_path / "a", days=7, step=30, calls=calls,
                           aht=inputs["aht_s"], answer=inputs["target_answer_time_s"],
                           agents=12, patience=inputs["mean_patience_s"])
    result = simulate(load(root), all_day_roster(7, ["general"] * 12), replications=10,
                      seed=5, workers=1)
    s = result.summary
    assert within(s, "service_level", ref["sl"]["answered_within_t_over_offered"])
    assert within(s, "abandon_rate", ref["p_abandon"])
    assert within(s, "asa_seconds", ref["asa_answered_s"])
    assert within(s, "occupancy", ref["occupancy"])
    assert s["erlang"]["abandon_rate"] == pytest.approx(ref["p_abandon"], abs=1e-6)


def test_simulation_detects_understaffing(tmp_path):
    """Two agents fewer than C003 needs: the simulated SL falls well below 80%."""
    root = steady_scenario(tmp_path / "u", days=2, step=30, calls=100, aht=180, answer=20,
                           agents=11)
    s = simulate(load(root), all_day_roster(2, ["general"] * 11), replications=4, seed=1,
                 workers=1).summary
    assert s["service_level"] + s["service_level_ci95"] < 0.7


def one_agent_plan(tmp_path):
    """One agent: work 00:00-01:00, break 01:00-01:15, work 01:15-02:00."""
    root = steady_scenario(tmp_path / "b", days=1, step=15, calls=0, aht=300, answer=20,
                           agents=1)
    sc = load(root)
    roster = Roster(shifts=[RosterShift(
        employee_id="E0", day=0, start=0, end=120, seat="onsite",
        segments=(Segment(start=0, end=60, activity="work", queue="general"),
                  Segment(start=60, end=75, activity="break"),
                  Segment(start=75, end=120, activity="work", queue="general")))])
    return compile_plan(sc, roster)


def calls(*rows):
    """(arrival s, handle s) on queue 0 with no abandonment, in the engine's arrays."""
    t = np.array([r[0] for r in rows], dtype=float)
    return (t, np.zeros(len(rows), dtype=int), (t // 900).astype(int),
            np.array([r[1] for r in rows], dtype=float), np.full(len(rows), np.inf))


def test_break_starts_after_the_call_in_hand_and_keeps_its_length(tmp_path):
    plan = one_agent_plan(tmp_path)
    # The call in hand at 01:00 ends at 01:05; the break runs 01:05-01:20. A call arriving
    # at 01:10 waits until the agent is back at 01:20 (not 01:15 as planned).
    counts = replicate(plan, 0, calls=calls((3500, 400), (4200, 60)))
    assert counts.break_lateness.tolist() == [300.0]
    assert counts.answered.sum() == 2
    assert counts.wait_answered.sum() == pytest.approx(4800 - 4200)
    assert counts.within.sum() == 1


def test_no_calls_answered_during_a_break_or_after_the_shift(tmp_path):
    plan = one_agent_plan(tmp_path)
    counts = replicate(plan, 0, calls=calls((3700, 60), (7300, 60)))
    assert counts.break_lateness.tolist() == [0.0]
    assert counts.wait_answered.sum() == pytest.approx(4500 - 3700)  # waits for 01:15
    assert counts.answered.sum() == 1  # nobody works after 02:00: the second call waits on


def test_skills_routing_pools_multi_skilled_agents(tmp_path):
    """Four agents with both skills, planned 3 on 'a' and 1 on 'b' while the traffic is
    equal: routing by skills lets idle 'a' agents answer 'b', which the plan forbids."""
    root = steady_scenario(tmp_path / "p", days=2, step=30, calls=12, aht=180, answer=20,
                           agents=4, queues=("a", "b"))  # A = 1.2 each
    sc = load(root)
    roster = all_day_roster(2, ["a", "a", "a", "b"])
    plan = simulate(sc, roster, replications=6, seed=2, workers=1).summary
    pooled = simulate(sc, roster, replications=6, seed=2, routing="skills",
                      workers=1).summary
    assert pooled["service_level"] - pooled["service_level_ci95"] > \
        plan["service_level"] + plan["service_level_ci95"]
    assert pooled["queues"]["b"]["service_level"] > plan["queues"]["b"]["service_level"] + 0.2


def test_absence_removes_shifts_at_the_shrinkage_rate(tmp_path):
    root = steady_scenario(tmp_path / "s", days=7, step=60, calls=10, aht=180, answer=20,
                           agents=10)
    text = (root / "scenario.toml").read_text()
    (root / "scenario.toml").write_text(text + "[staffing]\nshrinkage = 0.3\n")
    sc = load(root)
    roster = all_day_roster(7, ["general"] * 10)
    result = simulate(sc, roster, replications=8, seed=4, absence=True, workers=1)
    staffed = np.mean([r.staffed_seconds.sum() for r in result.runs])
    assert staffed / (10 * 7 * 86400) == pytest.approx(0.7, abs=0.05)
    assert result.summary["shrinkage_applied"] == 0.3


def test_same_seed_same_figures_whatever_the_workers(tmp_path):
    root = steady_scenario(tmp_path / "r", days=1, step=30, calls=40, aht=180, answer=20,
                           agents=5, patience=120)
    sc = load(root)
    roster = all_day_roster(1, ["general"] * 5)
    one = simulate(sc, roster, replications=3, seed=9, workers=1)
    two = simulate(sc, roster, replications=3, seed=9, workers=2)
    assert one.frame.equals(two.frame)
    other = simulate(sc, roster, replications=3, seed=10, workers=1)
    assert not one.frame.equals(other.frame)


def test_priority_routing_serves_the_priority_queue_first(tmp_path):
    """Three agents with both skills, two overloaded queues whose callers abandon: by
    skills alone a freed agent takes the longest-waiting caller of either queue; with
    priorities it takes a 'b' caller (priority 3) first, so fewer 'b' callers give up, at
    the expense of 'a'."""
    root = steady_scenario(tmp_path / "q", days=3, step=30, calls=20, aht=180, answer=20,
                           agents=3, patience=120, queues=("a", "b"))
    text = (root / "scenario.toml").read_text()
    (root / "scenario.toml").write_text(text.replace('name = "b"\n',
                                                     'name = "b"\npriority = 3.0\n'))
    sc = load(root)
    roster = all_day_roster(3, ["a", "b", "a"])
    plain = simulate(sc, roster, replications=8, seed=2, routing="skills", workers=1).summary
    ranked = simulate(sc, roster, replications=8, seed=2, routing="priority",
                      workers=1).summary
    rb, pb = ranked["queues"]["b"], plain["queues"]["b"]
    assert rb["abandon_rate"] + rb["abandon_rate_ci95"] < \
        pb["abandon_rate"] - pb["abandon_rate_ci95"]
    assert ranked["queues"]["a"]["abandon_rate"] > plain["queues"]["a"]["abandon_rate"]
