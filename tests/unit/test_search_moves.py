"""Which kind of move the search draws: people moves while something is short (in
proportion to their gains), days moves once nothing is; and break moves, which place
every break of a date together with some people's shifts that date."""

import time
from types import SimpleNamespace

import pytest

from wfm.api import load
from wfm.check import check_roster
from wfm.scheduling.context import Context
from wfm.scheduling.decode import decode
from wfm.scheduling.evaluate import evaluate
from wfm.scheduling.greedy import construct
from wfm.scheduling.lns import LocalSearch, Move, SearchLimits
from wfm.scheduling.model import Menu
from wfm.scheduling.state import Assignment, Neighbourhood
from wfm.scheduling.subsolve import SolverSettings, Stopper, solve_neighbourhood
from wfm.staffing.requirements import requirements_for_scheduling

from ..schedule_builders import break_dip, hours, scenario


def _search(tmp_path, state_of) -> LocalSearch:
    root = scenario(tmp_path, days=3, demand={**hours(range(8, 12), agents=1, day=0),
                                              **hours(range(8, 12), agents=1, day=1)},
                    employees=[{"employee_id": f"E{i}"} for i in range(3)])
    sc = load(root)
    ctx = Context(sc, requirements_for_scheduling(sc).agents_required)
    return LocalSearch(ctx, state_of(ctx), SolverSettings(workers=1, seed=3),
                       SearchLimits(10.0), Stopper(), lambda _p: None, time.perf_counter())


def _days_share(search: LocalSearch, draws: int = 1000) -> float:
    return sum(search._next_kind() == "days" for _ in range(draws)) / draws


def test_days_moves_once_nothing_is_short(tmp_path):
    search = _search(tmp_path, lambda ctx: construct(ctx, 0))
    assert search.best.shortfall == 0
    search.rate = {"people": 10.0, "days": 0.0}  # what people moves gained does not count
    assert 0.9 <= _days_share(search) < 1.0


def test_moves_follow_their_gains_while_something_is_short(tmp_path):
    search = _search(tmp_path, lambda ctx: Assignment())
    assert search.best.shortfall > 0
    search.rate = {"people": 10.0, "days": 0.0}
    assert 0.15 <= _days_share(search) <= 0.25  # days moves keep their fifth
    search.rate = {"people": 1.0, "days": 1.0}
    assert 0.45 <= _days_share(search) <= 0.55


def _dip(tmp_path):
    sc = load(break_dip(tmp_path / "dip"))
    return sc, Context(sc, requirements_for_scheduling(sc).agents_required)


def test_a_break_move_places_a_dates_breaks_with_the_free_shifts(tmp_path):
    sc, ctx = _dip(tmp_path)
    late = next(o.index for o in ctx.options if o.start % 1440 == 420)
    window = ctx.classes[(ctx.persons[0].skill_set, 480)].windows[late][0]
    # both at 07:00 (06:00-07:00 uncovered), breaks at 08:30, before the dip
    state = Assignment({(p, 0): (late, "onsite") for p in range(2)},
                       {(p, 0): (window[0],) for p in range(2)})
    before = evaluate(ctx, state)
    assert before.objective == pytest.approx(6000)  # 4 at 06:00-07:00 and two breaks
    hood = Neighbourhood({(1, 0)}, range(0, 1), "breaks", None, breaks=True)
    result = solve_neighbourhood(ctx, state, hood, before, time_limit=10,
                                 deterministic_limit=None,
                                 settings=SolverSettings(workers=1, seed=0))
    assert result.status == "optimal"
    after = evaluate(ctx, result.state)
    assert after.objective == pytest.approx(1000)
    assert result.state.shifts[(1, 0)][0] != late  # the free person moved to 06:00
    # and the fixed person's break moved into the dip (08:45 or 09:00)
    assert result.state.breaks[(0, 0)][0] in (window[0] + 1, window[0] + 2)
    assert check_roster(sc, decode(ctx, result.state, after)).ok


def test_unproven_break_moves_come_back_with_more_time(tmp_path):
    search = _search(tmp_path, lambda ctx: construct(ctx, 0))
    search.dirty_days = set()
    search.stats.by_kind["breaks"] = [4, 0]

    def move(d, seconds, status):
        return Move("breaks", Neighbourhood(set(), range(d, d + 1)), range(d, d + 1),
                    SimpleNamespace(status=status), seconds=seconds)

    search._retry_breaks(move(0, 2.0, "feasible"))
    search._retry_breaks(move(1, 2.0, "optimal"))
    search._retry_breaks(move(2, search.MAX_BREAK_SECONDS, "feasible"))
    assert search.break_seconds == {0: 4.0}
    assert search.dirty_days == {0}
    assert search.empty_first == {0, 2}  # first break moves that gained nothing
    # the dates placed longest ago come first, then the worst covered
    search.dirty_days = {0, 1, 2}
    search.breaks_placed = {0: 5, 1: 2}
    assert search._hot_dirty_days()[0] == 2 and search._hot_dirty_days()[1:] == [1, 0]


def test_dates_whose_first_break_move_gained_nothing_go_again_at_once(tmp_path):
    search = _search(tmp_path, lambda ctx: construct(ctx, 0))
    search.limits = SearchLimits(0.5)
    calls = []

    def break_pass(order, batches=None, seconds=None, people=0):
        calls.append((list(order), seconds))
        search.empty_first = {1}

    search.break_pass = break_pass
    search.run()
    assert calls[:2] == [([0, 1, 2], search.first_break_seconds),
                         ([1], 2 * search.first_break_seconds)]


def test_a_menu_offers_every_shift_type(tmp_path):
    """Demand only by day: the best options are all day shifts, yet a menu of two still
    offers the night shift, the best of its type."""
    shifts = ('[[shifts]]\nname = "day"\nearliest_start = "06:00"\nlatest_start = "12:00"\n'
              'start_step_minutes = 60\nlengths_minutes = [480]\n\n'
              '[[shifts]]\nname = "night"\nearliest_start = "22:00"\nlatest_start = "22:00"\n'
              'start_step_minutes = 60\nlengths_minutes = [480]\n')
    root = scenario(tmp_path, days=2, shifts=shifts, employees=[{"employee_id": "E0"}],
                    demand=hours(range(8, 16)))
    sc = load(root)
    ctx = Context(sc, requirements_for_scheduling(sc).agents_required)
    offered = Menu(ctx, Assignment(), ctx.required * 0, 2)(0, 0)
    assert len(offered) == 2
    assert sorted(ctx.options[k].type_name for k in offered) == ["day", "night"]
    assert ctx.options[offered[0]].start % 1440 == 480  # 08:00-16:00, the best day shift


def test_a_shift_move_counts_on_fixed_people_switching_queues(tmp_path):
    """vip (priority 3) and general (1). E0 takes only vip, E1 both; both work 06:00-10:00,
    E1 on general. vip is also needed 14:00-17:00. Moving E0 to 14:00-18:00 (E0 alone
    free) leaves vip uncovered in the morning only if E1 may not switch to it: with E1's
    division frozen the move is a loss (3 x 12 gained, 3 x 16 lost), with E1 re-divided a
    gain (general short instead: 1 x 16 lost)."""
    shifts = ('[[shifts]]\nname = "early"\nearliest_start = "06:00"\nlatest_start = "06:00"\n'
              'start_step_minutes = 60\nlengths_minutes = [240]\n\n'
              '[[shifts]]\nname = "late"\nearliest_start = "14:00"\nlatest_start = "14:00"\n'
              'start_step_minutes = 60\nlengths_minutes = [240]\n')
    root = scenario(tmp_path, queues=("general", "vip"), shifts=shifts,
                    employees=[{"employee_id": "E0", "skills": "vip"},
                               {"employee_id": "E1", "skills": "general;vip"}],
                    demand={**hours(range(6, 10), "general"), **hours(range(6, 10), "vip"),
                            **hours(range(14, 17), "vip")},
                    objective="overstaffing = 0\npaid_minute = 0\n")
    text = (root / "scenario.toml").read_text()
    (root / "scenario.toml").write_text(text.replace(
        'name = "vip"\naht_seconds = 300', 'name = "vip"\npriority = 3.0\naht_seconds = 300'))
    sc = load(root)
    ctx = Context(sc, requirements_for_scheduling(sc).agents_required)
    early, late = (next(o.index for o in ctx.options if o.start % 1440 == hour * 60)
                   for hour in (6, 14))
    state = Assignment({(0, 0): (early, "onsite"), (1, 0): (early, "onsite")}, {})
    before = evaluate(ctx, state)
    assert before.objective == pytest.approx(3 * 12 * 1000)  # vip short in the afternoon
    results = [solve_neighbourhood(ctx, state, Neighbourhood({(0, 0)}, range(0, 1), "people",
                                                             redivide=redivide),
                                   before, time_limit=10, deterministic_limit=None,
                                   settings=SolverSettings(workers=1, seed=0))
               for redivide in (True, False)]
    assert [r.status for r in results] == ["optimal", "optimal"]
    assert results[0].state.shifts[(0, 0)][0] == late
    assert evaluate(ctx, results[0].state).objective == pytest.approx(16 * 1000)
    assert results[1].state.shifts[(0, 0)][0] == early  # frozen: the move looks a loss
