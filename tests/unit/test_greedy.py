"""The greedy first roster counts what is left to cover as the exact evaluation does."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from wfm.api import load
from wfm.scheduling.context import Context
from wfm.scheduling.evaluate import evaluate
from wfm.scheduling.greedy import Greedy
from wfm.staffing import requirements_for_scheduling

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "hotline_week"


def test_recounting_with_the_exact_division_leaves_less_shortfall(monkeypatch):
    """On the sample week the greedy's own division (each multi-skilled agent on the queue
    neediest when they were placed) saw queues short that the exact division covers, and
    stopped with people who could still help on those queues."""
    sc = load(SAMPLE)
    ctx = Context(sc, requirements_for_scheduling(sc).agents_required)
    greedy = Greedy(ctx, 0)
    greedy.fill_demand()
    seen = np.maximum(greedy.residual, 0).sum()
    assert greedy._redivide()
    # the greedy saw more missing than there was
    assert np.maximum(greedy.residual, 0).sum() < seen
    ev = evaluate(ctx, Greedy(ctx, 0).run())
    monkeypatch.setattr(Greedy, "REDIVIDE_ROUNDS", 0)
    plain = evaluate(ctx, Greedy(ctx, 0).run())
    assert ev.shortfall < 0.75 * plain.shortfall


def test_depth_tie_break_never_outweighs_a_queue_priority():
    """Queues weighted 100 and 101: the deeper shortfall of the first may not make it worth
    more than the second."""
    from types import SimpleNamespace as NS

    ctx = NS(weights=NS(shortfall=[100_000, 101_000, 0], overstaffing=100), options=[],
             grid=NS(total_minutes=0), step=15, loaner_kits=0, site_seats=[],
             required=np.zeros((3, 4)), persons=[])
    depth = Greedy(ctx).depth
    assert depth < 0.01
    assert 100_000 * (1 + depth) < 101_000
