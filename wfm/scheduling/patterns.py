"""Break patterns for candidate shifts in the shift model.

A shift the incumbent already has keeps its own (optimised) breaks. A new candidate gets
breaks placed, slot by slot within its windows, where the incumbent roster has the most
slack for the person's skill set: a surplus costs nothing to lose, a shortfall costs the
queue's weight. Ties go to the middle of the window. The exact break optimisation
(a break move, `lns.py`) then moves them.
"""

from __future__ import annotations

import numpy as np

from .context import Context
from .state import Assignment


class PatternBook:
    def __init__(self, ctx: Context, state: Assignment, covered: np.ndarray):
        self.ctx = ctx
        self.state = state
        gap = covered - ctx.required  # [queue, interval]
        weights = np.array(ctx.weights.shortfall, dtype=float)[:, None]
        harm = np.where(gap > 0, -0.001 * np.minimum(gap, 5), weights)  # cost of one less
        # per skill set: prefix sums of the harm, so a break's harm is one subtraction
        self.harm = [np.concatenate([[0.0], np.cumsum(harm[list(members)].min(axis=0))])
                     for members in ctx.skill_sets]
        self._cache: dict[tuple[int, int], tuple[int, ...]] = {}

    def __call__(self, p: int, d: int, k: int) -> tuple[int, ...]:
        current = self.state.shifts.get((p, d))
        if current is not None and current[0] == k and (p, d) in self.state.breaks:
            return self.state.breaks[(p, d)]
        s = self.ctx.persons[p].skill_set
        key = (s, k)
        if key not in self._cache:
            self._cache[key] = self._place(s, k)
        return self._cache[key]

    def _place(self, s: int, k: int) -> tuple[int, ...]:
        ctx = self.ctx
        option = ctx.options[k]
        cls = ctx.classes.get((s, option.length))
        if cls is None:
            return ()
        windows = cls.windows[k]
        n = len(cls.slots)
        gaps, latest = ctx.break_limits(cls, k)
        prefix = self.harm[s]
        T = ctx.n_intervals
        starts: list[int] = []
        ready = windows[0][0]
        for i, slot in enumerate(cls.slots):
            lo, hi = max(windows[i][0], ready), latest[i]
            width = ctx.break_intervals(slot)
            centre = 0.5 * (windows[i][0] + windows[i][1])
            best, best_score = lo, None
            for t in range(lo, hi + 1):
                a, b = min(max(t, 0), T), min(max(t + width, 0), T)
                score = (float(prefix[b] - prefix[a]), abs(t - centre))
                if best_score is None or score < best_score:
                    best, best_score = t, score
            starts.append(best)
            if i < n - 1:
                ready = best + gaps[i]
        return tuple(starts)
