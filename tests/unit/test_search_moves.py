"""Which kind of move the search draws: people moves while something is short (in
proportion to their gains), days moves once nothing is."""

import time

from wfm.api import load
from wfm.scheduling.context import Context
from wfm.scheduling.greedy import construct
from wfm.scheduling.lns import LocalSearch, SearchLimits
from wfm.scheduling.state import Assignment
from wfm.scheduling.subsolve import SolverSettings, Stopper
from wfm.staffing.requirements import requirements_for_scheduling

from ..schedule_builders import hours, scenario


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
