"""Large-neighbourhood search: free a few people (or a few days), re-solve exactly, keep
what does not make the roster worse.

Neighbourhoods:
- `people`: a handful of people who share a skill with the worst-covered queue-intervals,
  every date free (moves shifts across days, swaps nights, changes seats);
- `days`: a window of two or three dates for more people (re-times shifts locally);
- `breaks`: every break of a window of days, shifts fixed (exact placement).
Sizes adapt: a sub-model solved to optimality grows the next one, a timed-out one shrinks
it. Every move is judged by the exact global objective (`evaluate.py`), so the search never
goes backwards. With one worker and a seed the whole search is deterministic: sub-solves
are limited in deterministic time, and the loop stops on a deterministic budget.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .context import Context
from .evaluate import Evaluation, evaluate
from .state import Assignment, Neighbourhood
from .subsolve import SolverSettings, Stopper, SubResult, solve_breaks, solve_neighbourhood


@dataclass
class Progress:
    elapsed: float
    objective: float
    bound: float | None
    shortfall: int
    surplus: int
    phase: str
    moves: int = 0
    tried: int = 0


@dataclass
class SearchLimits:
    time_limit: float  # wall seconds for the whole search
    deterministic_budget: float | None = None  # stop after this much CP-SAT work


@dataclass
class SearchStats:
    tried: int = 0
    accepted: int = 0
    improved: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=dict)
    deterministic_time: float = 0.0
    first_roster_seconds: float | None = None


class LocalSearch:
    def __init__(self, ctx: Context, state: Assignment, settings: SolverSettings,
                 limits: SearchLimits, stopper: Stopper, report: Callable[[Progress], None],
                 started: float, bound: float | None = None):
        self.ctx = ctx
        self.state = state
        self.settings = settings
        self.limits = limits
        self.stopper = stopper
        self.report = report
        self.started = started
        self.bound = bound
        self.rng = np.random.default_rng(settings.seed)
        self.best: Evaluation = evaluate(ctx, state)
        self.stats = SearchStats()
        self.people_size = 6
        self.window_people = 24
        self.dirty_days: set[int] = set(range(ctx.days))

    # --- budget -----------------------------------------------------------------------------
    def remaining(self) -> float:
        return self.limits.time_limit - (time.perf_counter() - self.started)

    def exhausted(self) -> bool:
        if self.stopper.stopped.is_set() or self.remaining() <= 0.05:
            return True
        budget = self.limits.deterministic_budget
        if budget is not None and self.stats.deterministic_time >= budget:
            return True
        return self.bound is not None and self.best.objective <= self.bound + 1e-6

    def _limits_for(self, share: float) -> tuple[float, float | None]:
        wall = max(0.1, min(share, self.remaining()))
        det = None
        if self.limits.deterministic_budget is not None:
            det = max(0.05, min(share, self.limits.deterministic_budget
                                - self.stats.deterministic_time))
        return wall, det

    # --- moves ------------------------------------------------------------------------------
    def _consider(self, kind: str, result: SubResult) -> bool:
        self.stats.tried += 1
        self.stats.deterministic_time += result.deterministic_time
        counts = self.stats.by_kind.setdefault(kind, [0, 0])
        counts[0] += 1
        if result.state is None:
            return False
        candidate = evaluate(self.ctx, result.state)
        if candidate.objective <= self.best.objective + 1e-9:
            if candidate.objective < self.best.objective - 1e-9:
                self.stats.improved += 1
                counts[1] += 1
            self.stats.accepted += 1
            self.state, self.best = result.state, candidate
            return True
        return False

    def _tell(self, phase: str) -> None:
        self.report(Progress(time.perf_counter() - self.started, self.best.objective,
                             self.bound, self.best.shortfall, self.best.surplus, phase,
                             self.stats.improved, self.stats.tried))

    def break_pass(self, days: list[int], share: float = 2.0) -> None:
        for d in sorted(days):
            if self.exhausted():
                return
            wall, det = self._limits_for(share)
            result = solve_breaks(self.ctx, self.state, range(d, d + 1), time_limit=wall,
                                  deterministic_limit=det, settings=self.settings,
                                  stopper=self.stopper)
            self._consider("breaks", result)
            self.dirty_days.discard(d)
            self._tell("breaks")

    def people_move(self) -> None:
        people = self._hot_people(self.people_size)
        free = {(p, d) for p in people for d in range(self.ctx.days)
                if self.ctx.persons[p].options_by_day[d]}
        self._shift_move("people", Neighbourhood(free, range(self.ctx.days), "people"),
                         grow="people_size", lo=2, hi=40)

    def days_move(self) -> None:
        ctx = self.ctx
        width = min(ctx.days, 2 if ctx.days > 2 else ctx.days)
        first = int(self._hot_day())
        first = max(0, min(first - int(self.rng.integers(0, width)), ctx.days - width))
        days = range(first, first + width)
        people = self._hot_people(self.window_people, days)
        free = {(p, d) for p in people for d in days if ctx.persons[p].options_by_day[d]}
        self._shift_move("days", Neighbourhood(free, days, "days"), grow="window_people",
                         lo=4, hi=400)

    def _shift_move(self, kind: str, hood: Neighbourhood, grow: str, lo: int, hi: int) -> None:
        if not hood.free:
            return
        wall, det = self._limits_for(3.0)
        result = solve_neighbourhood(self.ctx, self.state, hood, self.best,
                                     time_limit=wall, deterministic_limit=det,
                                     settings=self.settings, stopper=self.stopper)
        if self._consider(kind, result):
            self.dirty_days.update(hood.days)
        size = getattr(self, grow)
        if result.status == "optimal":
            setattr(self, grow, min(hi, int(size * 1.25) + 1))
        elif result.status in ("feasible", "unknown"):
            setattr(self, grow, max(lo, int(size * 0.8)))
        self._tell(kind)

    # --- where to look --------------------------------------------------------------------
    def _gap_weights(self) -> np.ndarray:
        short = np.maximum(self.ctx.required - self.best.covered, 0)
        weights = np.array(self.ctx.weights.shortfall, dtype=float)[:, None]
        return short * weights

    def _hot_day(self) -> int:
        per_interval = self._gap_weights().sum(axis=0)
        grid = self.ctx.grid
        per_day = np.array([per_interval[grid.day_start[d] // self.ctx.step:
                                         grid.day_start[d + 1] // self.ctx.step].sum()
                            for d in range(self.ctx.days)]) + 1.0
        return int(self.rng.choice(self.ctx.days, p=per_day / per_day.sum()))

    def _hot_people(self, count: int, days: range | None = None) -> list[int]:
        """People who can serve the worst-covered queues, weighted by how much they can help."""
        ctx = self.ctx
        gap = self._gap_weights()
        if days is not None:
            mask = np.zeros(ctx.n_intervals, dtype=bool)
            for d in days:
                mask[ctx.grid.day_start[d] // ctx.step:ctx.grid.day_start[d + 1] // ctx.step] = 1
            gap = gap * mask
        per_queue = gap.sum(axis=1) + 1e-9
        scores = np.array([per_queue[list(ctx.skill_sets[p.skill_set])].sum() + 0.05 *
                           per_queue.sum() for p in ctx.persons])
        count = min(count, len(ctx.persons))
        chosen = self.rng.choice(len(ctx.persons), size=count, replace=False,
                                 p=scores / scores.sum())
        return sorted(int(c) for c in chosen)

    # --- the loop ---------------------------------------------------------------------------
    def run(self) -> Assignment:
        self._tell("start")
        self.break_pass(sorted(self.dirty_days), share=1.0)
        moves = 0
        while not self.exhausted():
            if moves % 3 == 2:
                self.days_move()
            else:
                self.people_move()
            moves += 1
            if moves % 12 == 0 and self.dirty_days:
                self.break_pass(sorted(self.dirty_days), share=1.0)
        if self.dirty_days and not self.stopper.stopped.is_set() and self.remaining() > 0.5:
            self.break_pass(sorted(self.dirty_days), share=1.0)
        return self.state
