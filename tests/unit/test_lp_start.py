"""The LP start: the LP relaxation's shift counts, rounded and handed to named people."""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace

import numpy as np
import pytest

from wfm.api import load, schedule
from wfm.check import check_roster
from wfm.scheduling import ScheduleOptions
from wfm.scheduling.aggregate import lp_start
from wfm.scheduling.bound import Bound, Relaxation, relax
from wfm.scheduling.context import Context
from wfm.scheduling.decode import decode
from wfm.scheduling.evaluate import evaluate
from wfm.scheduling.solve import WAIT_SHORT, _learn_bound, _waits_for_lp
from wfm.staffing import requirements_for_scheduling

from ..schedule_builders import scenario

SHIFTS = ('[[shifts]]\nname = "day"\nearliest_start = "06:00"\nlatest_start = "14:00"\n'
          'start_step_minutes = 60\nlengths_minutes = [480]\n')


def _context(root):
    sc = load(root)
    return sc, Context(sc, requirements_for_scheduling(sc).agents_required)


def test_the_lp_counts_are_what_people_get(tmp_path):
    """Two agents 08:00-16:00 and one 12:00-20:00 on each of three days: the LP takes
    exactly those shifts (anything else leaves a gap or a surplus) and so does the start."""
    people = [{"employee_id": f"E{i}", "max_paid_minutes_per_week": 2400} for i in range(5)]
    demand = {("general", d, h): 2 + (h >= 12) - 2 * (h >= 16) for d in range(3)
              for h in range(8, 20)}
    _sc, ctx = _context(scenario(tmp_path / "s", days=3, employees=people, demand=demand,
                                shifts=SHIFTS, objective="overstaffing = 1\npaid_minute = 0\n"))
    relaxation = relax(ctx, 30)
    assert relaxation.bound.value == pytest.approx(0.0, abs=1e-9)
    state = lp_start(ctx, relaxation)
    starts = Counter((d, ctx.options[k].start % 1440 // 60)
                     for (_p, d), (k, _seat) in state.shifts.items())
    assert starts == Counter({(d, h): n for d in range(3) for h, n in ((8, 2), (12, 1))})
    assert evaluate(ctx, state).objective == 0.0


def test_people_short_of_a_weekly_minimum_are_topped_up_and_every_rule_holds(tmp_path):
    """Demand for one agent; four people who must each work 960 minutes (two shifts): the
    LP's counts cover the demand, and the top-up gives everyone their minimum."""
    people = [{"employee_id": f"E{i}", "min_paid_minutes_per_week": 960,
               "max_paid_minutes_per_week": 2400} for i in range(4)]
    demand = {("general", d, h): 1 for d in range(5) for h in range(9, 17)}
    sc, ctx = _context(scenario(tmp_path / "m", days=5, employees=people, demand=demand,
                                shifts=SHIFTS, seats=4,
                                labor="min_rest_minutes = 660\nmax_consecutive_days = 5\n",
                                objective="overstaffing = 1\n"))
    state = lp_start(ctx, relax(ctx, 30))
    worked = Counter(p for p, _d in state.shifts)
    assert worked == Counter({p: 2 for p in range(4)})
    roster = decode(ctx, state, evaluate(ctx, state))
    assert check_roster(sc, roster).ok


def test_a_run_with_the_bound_starts_from_the_lp(tmp_path):
    people = [{"employee_id": f"E{i}", "max_paid_minutes_per_week": 2400} for i in range(6)]
    demand = {("general", d, h): 3 for d in range(2) for h in range(8, 18)}
    root = scenario(tmp_path / "r", days=2, employees=people, demand=demand, shifts=SHIFTS,
                    objective="overstaffing = 1\n")
    sc = load(root)
    with_lp = schedule(sc, ScheduleOptions(time_limit=10, workers=1, seed=0, bound=True))
    without = schedule(sc, ScheduleOptions(time_limit=10, workers=1, seed=0, bound=False))
    assert with_lp.stats.start == "LP" and without.stats.start in ("greedy", "MIP")
    assert check_roster(sc, with_lp.roster).ok
    assert with_lp.bound_info.status == "optimal" and without.bound_info is None


def test_two_workers_wait_for_the_lp_unless_the_greedy_roster_is_overloaded():
    """The LP start is made only when the LP is nearly fully covered (aggregate.OVERLOAD),
    so with two workers the search waits for the LP only when the greedy roster is short
    by at most WAIT_SHORT of the requirement; with one worker it always waits."""
    ctx = SimpleNamespace(required=np.full((2, 50), 10))  # 1,000 agent-intervals required
    short = 1000 * WAIT_SHORT

    def waits(shortfall, deterministic=False):
        return _waits_for_lp(ctx, SimpleNamespace(shortfall=shortfall), deterministic)

    assert waits(0) and waits(short)
    assert not waits(short + 1)
    assert waits(short + 1, deterministic=True)


def test_the_running_search_learns_the_lp_bound_once_solved():
    search = SimpleNamespace(bound=None)
    job = SimpleNamespace(done=lambda: False)
    assert _learn_bound(job, search, None) is False and search.bound is None
    job = SimpleNamespace(done=lambda: True,
                          relaxation=Relaxation(Bound(123.0, 1.0, 1, "optimal")))
    assert _learn_bound(job, search, None) is False and search.bound == 123.0
    assert _learn_bound(job, search, 200.0) is False and search.bound == 200.0


def test_the_run_does_not_wait_for_an_lp_too_large_to_come_in_time():
    import threading
    import time

    from wfm.scheduling.solve import _LpJob
    from wfm.scheduling.subsolve import Stopper
    job = _LpJob.__new__(_LpJob)
    job.thread = threading.Thread(target=time.sleep, args=(3.0,), daemon=True)
    job.thread.start()
    now = time.perf_counter()
    job.expected_at = now + 60.0  # its size says a minute
    job.wait(Stopper(), lambda: None, now + 1.5, give_up=True)
    assert time.perf_counter() - now < 0.5
    job.wait(Stopper(), lambda: None, now + 1.5)  # without give_up: until the deadline
    assert time.perf_counter() - now >= 1.4
    job.expected_at = now + 1.0  # expected in time: waits for it
    job.wait(Stopper(), lambda: None, now + 2.5, give_up=True)
    assert time.perf_counter() - now >= 2.4


def test_an_lp_not_expected_within_half_its_budget_is_not_solved(tmp_path):
    from wfm.scheduling.solve import _LpJob, lp_seconds
    from wfm.scheduling.subsolve import Stopper
    people = [{"employee_id": f"E{i}", "max_paid_minutes_per_week": 2400} for i in range(3)]
    demand = {("general", 0, h): 2 for h in range(8, 18)}
    _sc, ctx = _context(scenario(tmp_path / "h", employees=people, demand=demand,
                                shifts=SHIFTS))
    expected = lp_seconds(len(relax(ctx, 30).model.lp.vals))
    for budget, solved in ((1.9 * expected, False), (2.1 * expected, True)):
        job = _LpJob(ctx, budget)
        job.wait(Stopper(), lambda: None)
        status = job.relaxation.bound.status
        assert (status == "optimal") is solved and (status.startswith("skipped")) is not solved


def test_the_lp_start_puts_breaks_where_the_lp_put_them(tmp_path):
    """Four agents needed 07:00-14:00 (two 06:00-07:00 and 14:00-15:00), three at 07:45,
    08:00, 09:00 and 09:15; 8-hour shifts at 06:00 or 07:00, one 15-minute break 90-150
    minutes in. Only the 06:00 shifts reach the first two dips and only the 07:00 shifts
    the last two: the LP breaks exactly there, and so must its start, first in first out."""
    shifts = SHIFTS.replace('latest_start = "14:00"', 'latest_start = "07:00"')
    rule = ('[[break_rules]]\nmin_shift_minutes = 480\nmax_shift_minutes = 480\n'
            'min_work_minutes = 60\nbreaks = [{ kind = "break", minutes = 15, earliest = 90, '
            'latest = 150 }]\n')
    root = scenario(tmp_path / "b", employees=[{"employee_id": f"E{i}"} for i in range(4)],
                    shifts=shifts, break_rules=rule, objective="overstaffing = 1\n")
    lines = ["interval_start,queue,agents_required"]
    for quarter in range(6 * 4, 15 * 4):
        hour, minute = divmod(15 * quarter, 60)
        need = 2 if hour in (6, 14) else 3 if (hour, minute) in (
            (7, 45), (8, 0), (9, 0), (9, 15)) else 4
        lines.append(f"2020-01-27T{hour:02d}:{minute:02d},general,{need}")
    (root / "requirements.csv").write_text("\n".join(lines) + "\n")
    sc, ctx = _context(root)
    relaxation = relax(ctx, 30)
    assert relaxation.bound.value == pytest.approx(0.0, abs=1e-9)
    state = lp_start(ctx, relaxation)
    minute_of = {p: ctx.options[k].start % 1440 for (p, _d), (k, _s) in state.shifts.items()}
    breaks = sorted((minute_of[p], t[0] * ctx.step) for (p, _d), t in state.breaks.items())
    assert breaks == [(360, 465), (360, 480), (420, 540), (420, 555)]
    assert evaluate(ctx, state).objective == 0.0
    assert check_roster(sc, decode(ctx, state, evaluate(ctx, state))).ok
