"""The lower bounds are valid: never above the objective of a roster that keeps every rule."""

from __future__ import annotations

import pytest

from wfm.api import load, schedule
from wfm.check import check_roster
from wfm.scheduling import ScheduleOptions, bound
from wfm.scheduling.context import Context
from wfm.staffing import requirements_for_scheduling

from ..schedule_builders import break_dip, scenario

BREAKS = ('[[break_rules]]\nmin_shift_minutes = 480\nmax_shift_minutes = 540\n'
          'min_work_minutes = 60\nbreaks = [{ kind = "break", minutes = 15, earliest = 90, '
          'latest = 150 }, { kind = "lunch", minutes = 30, earliest = 180, latest = 300, '
          'paid = false }]\n')
SHIFTS = ('[[shifts]]\nname = "day"\nearliest_start = "06:00"\nlatest_start = "14:00"\n'
          'start_step_minutes = 60\nlengths_minutes = [480, 540]\n')


def test_fine_and_coarse_bounds_are_below_a_checked_roster(tmp_path):
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
    fine = bound.lower_bound(ctx, 30, coarse=False).value
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


def _overloaded(tmp_path, name="o"):
    """Four people who can work 2,400 minutes in at most five 8- or 9-hour shifts, against
    demand no roster covers: the bound counts what whole shifts can give."""
    people = [{"employee_id": f"E{i}", "skills": "general", "remote": "no",
               "max_paid_minutes_per_week": 2400} for i in range(4)]
    demand = {("general", d, h): 6 for d in range(7) for h in range(6, 23)}
    return scenario(tmp_path / name, days=7, employees=people, demand=demand,
                    shifts=SHIFTS, break_rules=BREAKS,
                    labor="min_rest_minutes = 660\nmin_days_off_per_week = 2\n",
                    objective="overstaffing = 1\n")


def test_most_work_a_week_allows_matches_every_combination_of_whole_shifts(tmp_path):
    """Brute force over every choice per date (nothing, or a shift of each distinct paid
    length): the cut's right-hand side is exactly the best such week."""
    from itertools import product

    from wfm.scheduling.bound import _max_work, _work_intervals
    sc = load(_overloaded(tmp_path))
    ctx = Context(sc, requirements_for_scheduling(sc).agents_required)
    person = ctx.persons[0]
    week = person.weeks[0]
    work = _work_intervals(ctx, person.skill_set)
    choices = []
    for d in range(week.first_day, week.first_day + week.days):
        per_paid = {}
        for k in person.options_by_day[d]:
            paid = ctx.options[k].paid_minutes
            per_paid[paid] = max(per_paid.get(paid, 0), work[k])
        choices.append([(0, 0, 0)] + [(1, paid, w) for paid, w in per_paid.items()])
    best = max(sum(c[2] for c in combo) for combo in product(*choices)
               if sum(c[0] for c in combo) <= week.max_days
               and sum(c[1] for c in combo) <= 2370)
    # 8 h shifts pay 450 (29 intervals on the phones), 9 h pay 510 (33): three and two
    assert best == 3 * 29 + 2 * 33
    assert _max_work(ctx, person, week, 2370, work) == best


def test_work_cut_raises_the_overloaded_bound_and_keeps_it_valid(tmp_path, monkeypatch):
    sc = load(_overloaded(tmp_path))
    result = schedule(sc, ScheduleOptions(time_limit=20, workers=1, seed=0, bound=False))
    assert check_roster(sc, result.roster).ok
    assert result.evaluation.shortfall > 0
    ctx = Context(sc, requirements_for_scheduling(sc).agents_required)
    # the week profiles close the same gap here: measure the work cut alone
    monkeypatch.setattr(bound, "_week_profiles", lambda *args: None)
    with_cut = bound.lower_bound(ctx, 30).value
    monkeypatch.setattr(bound, "_max_work", lambda *args: None)
    without = bound.lower_bound(ctx, 30).value
    # without the cut the LP spreads 2,370 minutes over 4.65 nine-hour shifts: 153.35
    # intervals at work per person instead of 153, 1.4 missing agent-intervals less
    assert without + 1.3 * 1000 < with_cut <= result.objective + 1e-6


def test_week_profiles_forbid_a_fractional_week_of_long_shifts(tmp_path, monkeypatch):
    """Only the 9-hour shift reaches the busy hour (14:00-15:00). Whole weeks within 2,400
    paid minutes hold at most four of them (4 x 510; a fifth makes 2,550), while the paid
    and work rows alone let the LP take 4.64 per person."""
    people = [{"employee_id": f"E{i}", "skills": "general", "remote": "no",
               "max_paid_minutes_per_week": 2400} for i in range(4)]
    demand = {("general", d, 14): 6 for d in range(7)}
    shifts = ('[[shifts]]\nname = "early"\nearliest_start = "06:00"\nlatest_start = "06:00"\n'
              'start_step_minutes = 60\nlengths_minutes = [480, 540]\n')
    root = scenario(tmp_path / "p", days=7, employees=people, demand=demand, shifts=shifts,
                    break_rules=BREAKS, objective="overstaffing = 0\n")
    sc = load(root)
    result = schedule(sc, ScheduleOptions(time_limit=20, workers=1, seed=0, bound=False))
    assert check_roster(sc, result.roster).ok
    ctx = Context(sc, requirements_for_scheduling(sc).agents_required)
    with_profiles = bound.lower_bound(ctx, 30).value
    monkeypatch.setattr(bound, "_week_profiles", lambda *args: None)
    without = bound.lower_bound(ctx, 30).value
    # the busy hour needs 6 x 4 x 7 = 168 agent-intervals; four people give 4 x 4 x 4 = 64
    assert with_profiles == pytest.approx(1000 * (168 - 64), rel=1e-5)
    assert result.objective == pytest.approx(with_profiles, rel=1e-5)
    assert without < with_profiles - 1000 * 4 * 4 * 0.6


def test_breaks_keep_their_windows_at_every_break_start(tmp_path):
    """One person works 06:00-14:00 and one 07:00-15:00; their 15-minute breaks start in
    07:30-08:30 and 08:30-09:30. Two are needed from 07:00 to 14:00 except at 08:45 and
    09:00, so only the later break can fall in that dip: one agent-interval short. FIFO
    checked only every hour let the earlier break slide into the dip too (a bound of 0)."""
    root = break_dip(tmp_path / "f")
    sc = load(root)
    ctx = Context(sc, requirements_for_scheduling(sc).agents_required)
    assert bound.lower_bound(ctx, 30).value == pytest.approx(1000, rel=1e-5)
    result = schedule(sc, ScheduleOptions(time_limit=20, workers=1, seed=0, bound=False))
    assert check_roster(sc, result.roster).ok
    assert result.objective == pytest.approx(1000)
