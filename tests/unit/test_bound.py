"""The lower bounds are valid: never above the objective of a roster that keeps every rule."""

from __future__ import annotations

from wfm.api import load, schedule
from wfm.check import check_roster
from wfm.scheduling import ScheduleOptions, bound
from wfm.scheduling.context import Context
from wfm.staffing import requirements_for_scheduling

from ..schedule_builders import scenario

BREAKS = ('[[break_rules]]\nmin_shift_minutes = 480\nmax_shift_minutes = 540\n'
          'min_work_minutes = 60\nbreaks = [{ kind = "break", minutes = 15, earliest = 90, '
          'latest = 150 }, { kind = "lunch", minutes = 30, earliest = 180, latest = 300, '
          'paid = false }]\n')
SHIFTS = ('[[shifts]]\nname = "day"\nearliest_start = "06:00"\nlatest_start = "14:00"\n'
          'start_step_minutes = 60\nlengths_minutes = [480, 540]\n')


def test_fine_and_coarse_bounds_are_below_a_checked_roster(tmp_path, monkeypatch):
    people = [{"employee_id": f"E{i}", "skills": ["general", "billing", "general;billing"][i % 3],
               "remote": ["yes", "no", "only"][i % 3], "min_paid_minutes_per_week": 900}
              for i in range(9)]
    demand = {(q, d, h): n for d in range(3) for h in range(7, 21)
              for q, n in (("general", 3 if 9 <= h < 17 else 1), ("billing", 2))}
    root = scenario(tmp_path / "b", days=3, queues=("general", "billing"), employees=people,
                    demand=demand, shifts=SHIFTS, break_rules=BREAKS, seats=3, remote_seats=4,
                    labor="min_rest_minutes = 660\n", objective="overstaffing = 1\n"
                                                             "paid_minute = 0.01\n")
    sc = load(root)
    result = schedule(sc, ScheduleOptions(time_limit=20, workers=1, seed=0, bound=False))
    assert check_roster(sc, result.roster).ok
    ctx = Context(sc, requirements_for_scheduling(sc).agents_required)
    fine = bound.lower_bound(ctx, 30).value
    monkeypatch.setattr(bound, "FINE_COLUMNS", 0)  # force the skill-set grouping
    coarse = bound.lower_bound(ctx, 30).value
    assert fine is not None and coarse is not None
    assert coarse <= fine + 1e-6 <= result.objective + 1e-6
    assert fine > 0  # paid minutes and surplus: a bound with content


def test_weekly_limits_are_rounded_to_sums_of_whole_shifts():
    """Shifts paying 450 or 510 minutes, five days at most: a 2,400-minute cap is really
    2,370 (2 x 510 + 3 x 450) and a 1,440-minute minimum really 1,470 (2 x 510 + 450)."""
    from types import SimpleNamespace as NS

    from wfm.scheduling.bound import _reachable_week
    opts = [NS(paid_minutes=450), NS(paid_minutes=510)]
    person = NS(options_by_day=[[0, 1]] * 7)
    week = NS(min_minutes=1440, max_minutes=2400, max_days=5)
    assert _reachable_week(person, week, range(7), opts) == (1470, 2370)
    off = NS(options_by_day=[[0, 1]] * 3 + [[]] * 4)  # four days off: three shifts at most
    assert _reachable_week(off, week, range(7), opts) == (1470, 1530)
