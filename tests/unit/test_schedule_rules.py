"""Each rule of FORMAT.md is enforced by the scheduler: the roster respects it, the
independent checker agrees, and without the rule the roster changes."""

from __future__ import annotations

import pytest

from wfm.api import load, schedule
from wfm.check import check_roster
from wfm.scheduling import ScheduleOptions

from ..conftest import SHARED
from ..schedule_builders import hours, scenario, shifts_of, solve

EVERY_DAY = {("general", d, h): 1 for d in range(7) for h in range(8, 16)}


def clean(result):
    verdict = check_roster(result.scenario, result.roster)
    assert verdict.ok, verdict.violations[:5]
    return result


def run(tmp_path, name, **kwargs):
    return clean(solve(scenario(tmp_path / name, **kwargs)))


def test_min_rest(tmp_path):
    shifts = ('[[shifts]]\nname = "early"\nearliest_start = "06:00"\nlatest_start = "06:00"\n'
              'lengths_minutes = [480]\n[[shifts]]\nname = "late"\nearliest_start = "16:00"\n'
              'latest_start = "16:00"\nlengths_minutes = [480]\n')
    demand = {**hours(range(16, 24), day=0), **hours(range(6, 14), day=1)}
    people = [{"employee_id": "E1"}]
    with_rule = run(tmp_path, "rest", days=2, employees=people, demand=demand, shifts=shifts,
                    labor="min_rest_minutes = 660")
    assert len(shifts_of(with_rule, "E1")) == 1
    without = run(tmp_path, "free", days=2, employees=people, demand=demand, shifts=shifts)
    late, early = shifts_of(without, "E1")
    assert early.start - late.end == 360  # 6 h: allowed only without the rule


def test_max_consecutive_days(tmp_path):
    people = [{"employee_id": "E1"}]
    with_rule = run(tmp_path, "c", days=7, employees=people, demand=EVERY_DAY,
                    labor="max_consecutive_days = 3")
    days = sorted(s.day for s in shifts_of(with_rule, "E1"))
    assert days == [0, 1, 2, 4, 5, 6]
    without = run(tmp_path, "f", days=7, employees=people, demand=EVERY_DAY)
    assert len(shifts_of(without, "E1")) == 7


def test_min_days_off_per_week(tmp_path):
    people = [{"employee_id": "E1"}]
    with_rule = run(tmp_path, "o", days=7, employees=people, demand=EVERY_DAY,
                    labor="min_days_off_per_week = 2")
    assert len(shifts_of(with_rule, "E1")) == 5
    # a shorter last block scales the minimum: 10 days = 7 + 3, floor(2 * 3 / 7) = 0 off
    ten = {("general", d, h): 1 for d in range(10) for h in range(8, 16)}
    longer = run(tmp_path, "ten", days=10, employees=people, demand=ten,
                 labor="min_days_off_per_week = 2")
    assert len(shifts_of(longer, "E1")) == 8


def test_weekly_paid_minutes_with_override(tmp_path):
    people = [{"employee_id": "E1"}, {"employee_id": "E2", "max_paid_minutes_per_week": 960}]
    demand = {("general", d, h): 2 for d in range(7) for h in range(8, 16)}
    result = run(tmp_path, "w", days=7, employees=people, demand=demand,
                 labor="max_paid_minutes_per_week = 1440")
    assert len(shifts_of(result, "E1")) == 3  # 3 x 480 = 1440
    assert len(shifts_of(result, "E2")) == 2  # the override: 960


def test_weekly_minimum_makes_people_work_without_demand(tmp_path):
    people = [{"employee_id": "E1"}]
    result = run(tmp_path, "m", days=7, employees=people, demand={},
                 labor="min_paid_minutes_per_week = 960")
    assert len(shifts_of(result, "E1")) == 2
    idle = run(tmp_path, "i", days=7, employees=people, demand={})
    assert shifts_of(idle, "E1") == []


def test_max_paid_minutes_per_day(tmp_path):
    shifts = ('[[shifts]]\nname = "d"\nearliest_start = "08:00"\nlatest_start = "08:00"\n'
              'lengths_minutes = [480, 600]\n')
    demand = hours(range(8, 18))
    with_rule = run(tmp_path, "d", employees=[{"employee_id": "E1"}], demand=demand,
                    shifts=shifts, labor="max_paid_minutes_per_day = 540")
    assert shifts_of(with_rule, "E1")[0].length == 480
    without = run(tmp_path, "n", employees=[{"employee_id": "E1"}], demand=demand, shifts=shifts)
    assert shifts_of(without, "E1")[0].length == 600


def test_availability_day_and_window(tmp_path):
    people = [{"employee_id": "E1"}]
    off = [("E1", "2020-01-29", "off", "", ""), ("E1", "2020-01-30", "off", "15:00", "24:00")]
    result = run(tmp_path, "a", days=7, employees=people, demand=EVERY_DAY, availability=off)
    by_day = {s.day: s for s in shifts_of(result, "E1")}
    assert 2 not in by_day
    assert by_day[3].end <= 3 * 1440 + 15 * 60  # ends before the off window
    free = run(tmp_path, "f", days=7, employees=people, demand=EVERY_DAY)
    assert {s.day for s in shifts_of(free, "E1")} == set(range(7))


def test_breaks_are_placed_where_demand_dips(tmp_path):
    breaks = ('[[break_rules]]\nmin_shift_minutes = 480\nmax_shift_minutes = 480\n'
              'min_work_minutes = 60\nbreaks = [{ kind = "lunch", minutes = 30, earliest = 180, '
              'latest = 300, paid = false }]\n')
    shifts = ('[[shifts]]\nname = "d"\nearliest_start = "08:00"\nlatest_start = "08:00"\n'
              'lengths_minutes = [480]\n')
    demand = {("general", 0, h): 1 for h in range(8, 16) if h != 12}  # a dip at 12:00
    result = run(tmp_path, "b", employees=[{"employee_id": "E1"}], demand=demand,
                 shifts=shifts, break_rules=breaks)
    (shift,) = shifts_of(result, "E1")
    (lunch,) = [s for s in shift.segments if s.activity == "lunch"]
    assert 12 * 60 <= lunch.start and lunch.end <= 13 * 60
    assert result.evaluation.shortfall == 0
    assert sum(s.end - s.start for s in shift.segments if s.activity == "work") == 450


def test_onsite_seats_are_capped(tmp_path):
    people = [{"employee_id": f"E{i}"} for i in range(3)]
    demand = hours(range(8, 16), agents=3)
    capped = run(tmp_path, "s", employees=people, demand=demand, seats=2)
    assert len(capped.roster.shifts) == 2
    assert capped.evaluation.shortfall == 32
    free = run(tmp_path, "f", employees=people, demand=demand, seats=3)
    assert len(free.roster.shifts) == 3


def test_remote_seats_and_kits(tmp_path):
    people = [{"employee_id": f"E{i}", "remote": "only", "home_kit": "no"} for i in range(3)]
    demand = hours(range(8, 16), agents=3)
    kits = run(tmp_path, "k", employees=people, demand=demand, remote_seats=3, kits=2)
    assert len(kits.roster.shifts) == 2
    seats = run(tmp_path, "r", employees=people, demand=demand, remote_seats=1, kits=3)
    assert len(seats.roster.shifts) == 1
    assert all(s.seat == "remote" for s in seats.roster.shifts)
    enough = run(tmp_path, "e", employees=people, demand=demand, remote_seats=3, kits=3)
    assert len(enough.roster.shifts) == 3


def test_flexible_people_go_home_when_desks_are_full(tmp_path):
    people = [{"employee_id": "E0"}, {"employee_id": "E1", "remote": "yes"}]
    result = run(tmp_path, "m", employees=people, demand=hours(range(8, 16), agents=2), seats=1)
    seats = {s.employee_id: s.seat for s in result.roster.shifts}
    assert seats == {"E0": "onsite", "E1": "remote"}


def test_skills_and_division_among_queues(tmp_path):
    people = [{"employee_id": "E1", "skills": "general"}]
    demand = {("fault", 0, h): 1 for h in range(8, 16)}
    unskilled = run(tmp_path, "u", queues=("general", "fault"), employees=people,
                    demand=demand)
    assert unskilled.roster.shifts == [] or all(
        seg.queue == "general" for s in unskilled.roster.shifts for seg in s.segments
        if seg.activity == "work")
    both = [{"employee_id": "E1", "skills": "general;fault"}]
    split = {**hours(range(8, 12), "general"), **hours(range(12, 16), "fault")}
    result = run(tmp_path, "s", queues=("general", "fault"), employees=both, demand=split)
    assert result.evaluation.shortfall == 0
    queues = [seg.queue for s in result.roster.shifts for seg in s.segments]
    assert queues == ["general", "fault"]


def test_shift_type_weekdays(tmp_path):
    shifts = ('[[shifts]]\nname = "weekday"\nearliest_start = "08:00"\nlatest_start = "08:00"\n'
              'lengths_minutes = [480]\ndays = ["mon", "wed"]\n')
    result = run(tmp_path, "wd", days=7, employees=[{"employee_id": "E1"}], demand=EVERY_DAY,
                 shifts=shifts)
    assert sorted(s.day for s in result.roster.shifts) == [0, 2]


def test_overload_returns_best_roster_with_shortfall(tmp_path):
    people = [{"employee_id": f"E{i}"} for i in range(2)]
    result = run(tmp_path, "o", employees=people, demand=hours(range(6, 22), agents=4))
    assert len(result.roster.shifts) == 2
    assert result.evaluation.shortfall == 4 * 64 - 2 * 32
    assert result.status in ("feasible", "optimal")


def test_preferences_are_soft(tmp_path):
    people = [{"employee_id": "E1"}, {"employee_id": "E2"}]
    wishes = [("E1", "2020-01-27", "prefer_off", "", "")]
    result = run(tmp_path, "p", employees=people, demand=hours(range(8, 16)),
                 availability=wishes)
    assert [s.employee_id for s in result.roster.shifts] == ["E2"]
    both = run(tmp_path, "b", employees=people, demand=hours(range(8, 16), agents=2),
               availability=wishes)
    assert len(both.roster.shifts) == 2  # coverage outweighs the wish


def test_pyworkforce_weekly_case_reaches_the_count_model_optimum():
    """400 interchangeable people, 8/9 h shifts at any half hour: the aggregate MIP start
    finds the optimum of the anonymous count model (11,365 paid hours, no shortfall) and
    the bound proves it."""
    case = SHARED / "benchmarks" / "pyworkforce-weekly"
    if not case.exists():
        pytest.skip(f"{case} is not present")
    result = schedule(load(case), ScheduleOptions(time_limit=30, workers=1, seed=0))
    assert result.evaluation.shortfall == 0
    assert result.evaluation.paid_minutes == 11_365 * 60
    assert result.status == "optimal"
    assert check_roster(result.scenario, result.roster).ok


def test_callers_objective_spreads_the_shortfall(tmp_path):
    """Three people, 3 agents needed 08-12 (16 intervals) and 17-20 (12 intervals); one
    shift type reaches each period. Counting agents, covering the longer period fully and
    leaving the evening empty is cheapest (36 missing agent-intervals against 40). Counting
    callers, the first missing agent of an interval costs less than the last, so the
    evening gets one person: nobody answering for three hours hurts callers most."""
    shifts = ('[[shifts]]\nname = "a"\nearliest_start = "08:00"\nlatest_start = "08:00"\n'
              'lengths_minutes = [480]\n[[shifts]]\nname = "b"\nearliest_start = "12:00"\n'
              'latest_start = "12:00"\nlengths_minutes = [480]\n')
    demand = {("general", 0, h): 3 for h in (8, 9, 10, 11, 17, 18, 19)}
    people = [{"employee_id": f"E{i}"} for i in range(3)]

    def evening(model: str) -> int:
        root = scenario(tmp_path / model, employees=people, demand=demand, shifts=shifts,
                        objective=f'shortfall_model = "{model}"\n')
        rows = ["interval_start,queue,contacts"]  # 1 Erlang: the callers' marginal values
        rows += [f"2020-01-27T{h:02d}:{m:02d},general,3" for h in range(24) for m in
                 (0, 15, 30, 45)]
        (root / "volume.csv").write_text("\n".join(rows) + "\n")
        result = clean(solve(root))
        return sum(1 for s in result.roster.shifts if s.start == 12 * 60)

    assert evening("agents") == 0
    assert evening("callers") == 1
