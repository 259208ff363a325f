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
    # the dates placed longest ago come first, then the worst covered
    search.dirty_days = {0, 1, 2}
    search.breaks_placed = {0: 5, 1: 2}
    assert search._hot_dirty_days()[0] == 2 and search._hot_dirty_days()[1:] == [1, 0]
