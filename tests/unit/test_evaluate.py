"""The exact evaluation stays exact when it reuses the divisions it has already solved."""

from __future__ import annotations

import numpy as np

from wfm.api import load
from wfm.scheduling.context import Context
from wfm.scheduling.evaluate import evaluate
from wfm.scheduling.state import Assignment
from wfm.staffing import requirements_for_scheduling

from ..schedule_builders import scenario

SHIFTS = ('[[shifts]]\nname = "day"\nearliest_start = "06:00"\nlatest_start = "14:00"\n'
          'start_step_minutes = 60\nlengths_minutes = [480]\n')


def test_remembered_divisions_match_a_fresh_evaluation(tmp_path):
    """Dropping single-skilled people changes what the multi-skilled ones must cover in
    the same intervals: a division remembered by the multi-skilled alone would be stale."""
    people = [{"employee_id": f"E{i}", "skills": ["general", "billing", "general;billing",
                                                  "general"][i % 4]} for i in range(16)]
    demand = {(q, d, h): n for d in range(2) for h in range(6, 22)
              for q, n in (("general", 3 if 9 <= h < 17 else 2), ("billing", 2))}
    root = scenario(tmp_path / "e", days=2, queues=("general", "billing"), employees=people,
                    demand=demand, shifts=SHIFTS)
    sc = load(root)
    ctx = Context(sc, requirements_for_scheduling(sc).agents_required)
    # Everyone at work on day 0 from 08:00: general is overstaffed, so where billing's own
    # people are missing the multi-skilled ones must move to billing.
    k = next(o.index for o in ctx.options if o.day == 0 and o.start == 8 * 60)
    state = Assignment({(p.index, 0): (k, "onsite") for p in ctx.persons}, {})
    evaluate(ctx, state)  # remembers every interval's division
    billing = ctx.queues.index("billing")
    single = [(p.index, 0) for p in ctx.persons if ctx.skill_sets[p.skill_set] == (billing,)]
    assert len(single) >= 3
    rng = np.random.default_rng(0)
    for _ in range(5):
        changed = state.copy()
        for i in rng.choice(len(single), size=int(rng.integers(1, len(single))), replace=False):
            changed.shifts.pop(single[i])
        warm = evaluate(ctx, changed)
        fresh = evaluate(Context(sc, ctx.required), changed)
        assert (warm.objective, warm.shortfall, warm.surplus) == \
            (fresh.objective, fresh.shortfall, fresh.surplus)
