"""People below a weekly minimum are repaired, and only a proof makes a contradiction.

The seat taken by someone without a minimum must not turn into "no roster exists": that
person can stay home. Found by fuzzing: three scenarios exited 3 although wfm itself, given
more time or fewer people, wrote a roster that the checker passed.
"""

from __future__ import annotations

import time

import pytest

from wfm.api import load
from wfm.check import check_roster
from wfm.errors import ContradictionError
from wfm.scheduling.context import Context
from wfm.scheduling.decode import decode
from wfm.scheduling.evaluate import evaluate
from wfm.scheduling.greedy import construct
from wfm.scheduling.solve import _minimums_together, _short_people
from wfm.scheduling.subsolve import SolverSettings, Stopper
from wfm.staffing import requirements_for_scheduling

from ..schedule_builders import hours, scenario, solve

# one shift a day covers the minimum of a one-day horizon (2,100 x 1/7 = 300 minutes)
MINIMUM = 2100
ONLY_08_TO_16 = [("E2", "2020-01-27", "off", "00:00", "08:00"),
                 ("E2", "2020-01-27", "off", "16:00", "24:00")]


def _context(root):
    sc = load(root)
    return sc, Context(sc, requirements_for_scheduling(sc).agents_required)


def test_a_seat_held_by_someone_without_a_minimum_is_given_up(tmp_path):
    """One remote seat; E1 (no minimum) took it 06:00-14:00 in the greedy roster, E2 must
    work and can only between 08:00 and 16:00. E2 gets the seat, E1 stays home; a shift
    of E1 that overlaps nothing of E2's goes back in."""
    people = [{"employee_id": "E1", "remote": "only"},
              {"employee_id": "E2", "remote": "only", "min_paid_minutes_per_week": MINIMUM}]
    root = scenario(tmp_path / "s", employees=people, demand=hours(range(6, 14), agents=2),
                    remote_seats=1, availability=ONLY_08_TO_16)
    sc, ctx = _context(root)
    greedy = construct(ctx, 0)
    e1, e2 = (ctx.persons[i].index for i in range(2))
    assert (e1, 0) in greedy.shifts and _short_people(ctx, greedy) == [e2]
    repaired = _minimums_together(ctx, greedy, [e2], SolverSettings(1, 0), Stopper(),
                                  time.perf_counter() + 10)
    assert (e2, 0) in repaired.shifts and (e1, 0) not in repaired.shifts
    assert _short_people(ctx, repaired) == []
    verdict = check_roster(sc, decode(ctx, repaired, evaluate(ctx, repaired)))
    assert verdict.ok, verdict.violations[:3]

    # two seats: E1's shift fits beside E2's and is put back unchanged
    root = scenario(tmp_path / "two", employees=people, demand=hours(range(6, 14), agents=2),
                    remote_seats=2, availability=ONLY_08_TO_16)
    sc, ctx = _context(root)
    repaired = _minimums_together(ctx, greedy, [e2], SolverSettings(1, 0), Stopper(),
                                  time.perf_counter() + 10)
    assert repaired.shifts[(e1, 0)] == greedy.shifts[(e1, 0)]
    assert (e2, 0) in repaired.shifts


def test_minimums_that_cannot_share_the_seats_are_a_contradiction(tmp_path):
    """Two remote-only people must both work 08:00-16:00 and there is one remote seat:
    each alone could, together they cannot. Exit 3 names them and the rules."""
    people = [{"employee_id": e, "remote": "only", "min_paid_minutes_per_week": MINIMUM}
              for e in ("E1", "E2")]
    window = [(e, "2020-01-27", "off", start, end) for e in ("E1", "E2")
              for start, end in (("00:00", "08:00"), ("16:00", "24:00"))]
    root = scenario(tmp_path / "s", employees=people, demand=hours(range(8, 16)),
                    remote_seats=1, availability=window)
    with pytest.raises(ContradictionError) as raised:
        solve(root, time_limit=10)
    conflicts = raised.value.conflicts
    assert [c.employee_id for c in conflicts] in (["E1"], ["E2"])
    assert conflicts[0].rule == "seats/loaner_kits + min_paid_minutes_per_week"
    assert "even with nobody else rostered" in conflicts[0].detail
    assert raised.value.proven
