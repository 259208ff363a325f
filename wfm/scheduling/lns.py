"""Large-neighbourhood search: free a few people (or a few days), re-solve exactly, keep
what does not make the roster worse.

Neighbourhoods:
- `people`: a handful of people who share a skill with the worst-covered queue-intervals,
  every date free (moves shifts across days, swaps nights, changes seats);
- `days`: a window of two dates for more people (re-times shifts locally);
- `breaks`: every break of one date's shifts placed exactly, together with the shifts
  that date of a few people who could help where it is short (none in the first pass).
Sizes adapt: a sub-model solved to optimality grows the next one, a timed-out one shrinks it.
Many small moves beat few large ones: on 435 people x 7 days (120 s, two workers) a 0.5 s
limit per shift sub-model ended at 9,279 against 10,353 with 3 s (0.8 s under overload,
where the sub-models re-divide: see REDIVIDE_SECONDS). After a first pass over
every date (and at once a second try for a date whose first move gained nothing),
breaks are re-placed a batch at a time (the dirty dates placed longest ago,
then the worst covered), and only while that pays: a batch that gains less per CP-SAT
second than the shift moves did doubles the rounds until the next one. A break move cut
short by its time limit leaves its date dirty, with twice the time next (2 s, up to 8 s).
While something is short, people or days moves are drawn in proportion to their recent
gain per CP-SAT second; once nothing is, almost only days moves (see `_next_kind`).

With two or more workers the search runs two lanes at once: two sub-models on disjoint
people (break moves: dates two apart), each solved by its own CP-SAT worker in a thread (CP-SAT
releases the GIL). Both moves are applied together when the merged roster keeps every seat
and kit rule and beats each move alone; otherwise the better move is kept. Every move is
judged by the exact global objective (`evaluate.py`), so the search never goes backwards.
With one worker and a seed the whole search is deterministic: one lane, sub-solves limited
in deterministic time, and the loop stops on a deterministic budget.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from .context import Context
from .evaluate import Evaluation, evaluate
from .seat_book import seats_and_kits_hold
from .state import Assignment, Neighbourhood
from .subsolve import SolverSettings, Stopper, SubResult, solve_neighbourhood


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
    merged: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=dict)
    deterministic_time: float = 0.0
    # per kind of move: objective gained and CP-SAT deterministic seconds spent
    gain: dict[str, float] = field(default_factory=dict)
    spent: dict[str, float] = field(default_factory=dict)
    first_roster_seconds: float | None = None
    start: str = "greedy"  # the roster the search started from: greedy, LP or MIP


@dataclass
class Move:
    kind: str
    hood: Neighbourhood
    days: range
    result: SubResult | None = None
    gain: float = 0.0  # how much better than the incumbent its own result was
    seconds: float | None = None  # a break move's own time limit


class LocalSearch:
    SHIFT_SECONDS = 0.5
    WHOLE_SECONDS = 3.0  # a sub-model of everyone: time to prove the roster optimal
    BREAK_SECONDS = 2.0
    MAX_BREAK_SECONDS = 8.0  # a date's break move that ends unproven doubles up to this
    BREAK_PEOPLE = 8  # people whose shift on the date a break move (after the first) frees
    BREAK_EVERY = 6  # rounds between break passes while they improve the roster
    WINDOW = 2  # dates a days move frees (3 dates on 435 x 7: 8,825 and 9,015 in two runs)
    SURPLUS_DAYS_SHARE = 0.95  # days moves once nothing is short (see _next_kind)
    # Shift moves re-divide the fixed multi-skilled people (`Neighbourhood.redivide`) while
    # the roster is short by more than this share of the requirement: under overload
    # (435 x 7 at load 1.3, one worker, 240 s: 11.42-11.44M against 11.49M), not at normal
    # load, where the larger sub-models cost more than they found (1,000 x 7: 706
    # agent-intervals short against 41).
    REDIVIDE_SHORT = 0.05
    # Those larger sub-models get more time: 435 x 7 at load 1.3 (120 s, two workers) ended
    # at 11.365-11.405M over eight runs with 0.8 s, against 11.382-11.444M over six runs
    # with 0.5 s, 11.416-11.458M with 0.3 s and 11.405-11.413M with 1.2 s.
    REDIVIDE_SECONDS = 0.8

    def __init__(self, ctx: Context, state: Assignment, settings: SolverSettings,
                 limits: SearchLimits, stopper: Stopper, report: Callable[[Progress], None],
                 started: float, bound: float | None = None):
        self.ctx = ctx
        self.state = state
        self.limits = limits
        self.stopper = stopper
        self.report = report
        self.started = started
        self.bound = bound
        self.lanes = 2 if settings.workers >= 2 else 1
        self.settings = SolverSettings(workers=max(1, settings.workers // self.lanes),
                                       seed=settings.seed, log=settings.log)
        self.rng = np.random.default_rng(settings.seed)
        self.best: Evaluation = evaluate(ctx, state)
        self.required = float(ctx.required.sum())
        self.stats = SearchStats()
        self.people_size = 6
        self.window_people = 24
        self.menu_size = 12
        self.dirty_days: set[int] = set(range(ctx.days))
        self.everyone = {(p.index, d) for p in ctx.persons for d in range(ctx.days)
                         if p.options_by_day[d]}
        self.converged = False  # a model freeing everyone was solved to optimality
        self.rate = {"people": 0.0, "days": 0.0}  # see _learn
        self.pool = ThreadPoolExecutor(max_workers=self.lanes) if self.lanes > 1 else None
        # Per date in the first break pass: 2 s sufficed alone (435 x 7 at load 1.3), but
        # beside the LP, which doubles every time here, that pass gained 0.82-1.55M.
        self.first_break_seconds = 3.0
        self.break_seconds: dict[int, float] = {}  # per date, after an unproven break move
        self.breaks_placed: dict[int, int] = {}  # date -> break moves tried before its last
        self.empty_first: set[int] = set()  # dates whose first break move gained nothing
        self.until: Callable[[], bool] | None = None  # asked between moves: stop now?

    # --- budget -----------------------------------------------------------------------------
    def remaining(self) -> float:
        return self.limits.time_limit - (time.perf_counter() - self.started)

    def exhausted(self) -> bool:
        if self.stopper.stopped.is_set() or self.remaining() <= 0.05:
            return True
        budget = self.limits.deterministic_budget
        if budget is not None and self.stats.deterministic_time >= budget:
            return True
        if self.converged and not self.dirty_days:
            return True
        if self.until is not None and self.until():
            return True
        # bounds carry a 1e-6 relative safety margin: closer than that is optimal
        return self.bound is not None and \
            self.best.objective <= self.bound + max(1e-6, 2e-6 * abs(self.bound))

    def _limits_for(self, share: float) -> tuple[float, float | None]:
        wall = max(0.1, min(share, self.remaining()))
        det = None
        if self.limits.deterministic_budget is not None:
            det = max(0.05, min(share, self.limits.deterministic_budget
                                - self.stats.deterministic_time))
        return wall, det

    # --- running moves ------------------------------------------------------------------------
    def _solve(self, move: Move) -> Move:
        if move.kind == "breaks":
            wall, det = self._limits_for(move.seconds or self.BREAK_SECONDS)
        else:
            whole = move.hood.menu_size is None
            wall, det = self._limits_for(
                self.WHOLE_SECONDS if whole else
                self.REDIVIDE_SECONDS if move.hood.redivide else self.SHIFT_SECONDS)
        move.result = solve_neighbourhood(self.ctx, self.state, move.hood, self.best,
                                          time_limit=wall, deterministic_limit=det,
                                          settings=self.settings, stopper=self.stopper)
        return move

    def _run(self, moves: list[Move]) -> None:
        moves = [m for m in moves if m.kind == "breaks" or m.hood.free]
        if not moves:
            return
        if self.pool is None or len(moves) == 1:
            done = [self._solve(m) for m in moves]
        else:
            done = list(self.pool.map(self._solve, moves))
        self._accept(done)
        for move in done:
            self._adapt(move)
            self._retry_breaks(move)
            self._learn(move)
            self._tell(move.kind)

    def _accept(self, moves: list[Move]) -> None:
        candidates: list[tuple[float, Assignment, Evaluation, list[Move]]] = []
        for move in moves:
            result = move.result
            self.stats.tried += 1
            self.stats.deterministic_time += result.deterministic_time
            self.stats.by_kind.setdefault(move.kind, [0, 0])[0] += 1
            self.stats.spent[move.kind] = self.stats.spent.get(move.kind, 0.0) + \
                result.deterministic_time
            if result.state is not None:
                ev = evaluate(self.ctx, result.state)
                move.gain = max(0.0, self.best.objective - ev.objective)
                candidates.append((ev.objective, result.state, ev, [move]))
        if len(candidates) == 2:
            merged = self._merge(candidates[0][3][0], candidates[1][3][0])
            if merged is not None:
                ev = evaluate(self.ctx, merged)
                candidates.append((ev.objective, merged, ev, [m for c in candidates for m in c[3]]))
        if not candidates:
            return
        objective, state, ev, used = min(candidates, key=lambda c: c[0])
        if objective <= self.best.objective + 1e-9:
            if objective < self.best.objective - 1e-9:
                self.stats.improved += 1
                for move in used:
                    self.stats.by_kind[move.kind][1] += 1
                    self.stats.gain[move.kind] = self.stats.gain.get(move.kind, 0.0) + \
                        (self.best.objective - objective) / len(used)
            if len(used) == 2:
                self.stats.merged += 1
            self.stats.accepted += 1
            self.state, self.best = state, ev
            for move in used:
                if move.kind == "breaks":
                    self.dirty_days.difference_update(move.days)
                else:
                    self.dirty_days.update(move.days)

    def _merge(self, a: Move, b: Move) -> Assignment | None:
        """Both moves applied to the incumbent, if they touch different (person, date)
        pairs (a seat moved by one and a shift moved by the other count) and seats and
        kits still hold."""
        base = self.state
        merged = base.copy()
        changes = []
        for move in (a, b):
            new = move.result.state
            changes.append((new, (set(new.shifts) ^ set(base.shifts)) | {
                pair for pair in new.shifts if base.shifts.get(pair) != new.shifts[pair]
                or base.breaks.get(pair) != new.breaks.get(pair)}))
        if changes[0][1] & changes[1][1]:
            return None
        for new, changed in changes:
            for pair in changed:
                if pair in new.shifts:
                    merged.shifts[pair] = new.shifts[pair]
                    merged.breaks[pair] = new.breaks.get(pair, ())
                else:
                    merged.shifts.pop(pair, None)
                    merged.breaks.pop(pair, None)
        return merged if seats_and_kits_hold(self.ctx, merged) else None

    def _retry_breaks(self, move: Move) -> None:
        """A break move cut short by its time limit leaves its date dirty, to be tried
        again with twice the time (up to MAX_BREAK_SECONDS). Under overload a date's break
        model needs 2-3 s: 435 x 7 at load 1.3, Monday from the greedy's roster gained
        nothing in 1 s (one worker), 255,000 in 3 s and 272,000 in 10 s."""
        if move.kind != "breaks":
            return
        d = move.days.start
        first = d not in self.breaks_placed
        self.breaks_placed[d] = self.stats.by_kind["breaks"][0]
        if move.result.status == "optimal":
            return
        if first and move.gain <= 0:
            self.empty_first.add(d)
        if move.seconds < self.MAX_BREAK_SECONDS:
            self.break_seconds[d] = min(self.MAX_BREAK_SECONDS, 2 * move.seconds)
            self.dirty_days.add(d)

    def _learn(self, move: Move) -> None:
        """Running gain per deterministic CP-SAT second of each kind of shift move."""
        if move.kind in self.rate:
            det = max(move.result.deterministic_time, 0.01)
            self.rate[move.kind] = 0.7 * self.rate[move.kind] + 0.3 * move.gain / det

    def _next_kind(self) -> str:
        """People or days.

        Once nothing is short, days moves 95% of the time: removing surplus means
        re-shaping coverage, which takes many people on the same dates (435 x 7 at 120 s:
        mean 8,518 over nine runs, against 8,766 over five with the shares below).
        While something is short, in proportion to what each has been gaining lately (each
        at least a fifth of the time, so that a kind that stalled gets another chance):
        people moves carry a person's shifts to the short dates."""
        if self.best.shortfall == 0:
            share = self.SURPLUS_DAYS_SHARE
        else:
            total = self.rate["people"] + self.rate["days"]
            share = 0.5 if total <= 0 else min(0.8, max(0.2, self.rate["days"] / total))
        return "days" if self.rng.random() < share else "people"

    def _adapt(self, move: Move) -> None:
        if move.hood.free >= self.everyone and \
                move.hood.menu_size is None and move.result.status == "optimal":
            self.converged = True
        if move.kind == "people":
            self.people_size = _resize(self.people_size, move.result.status, 2, 40)
        elif move.kind == "days":
            self.window_people = _resize(self.window_people, move.result.status, 4, 400)

    def _tell(self, phase: str) -> None:
        self.report(Progress(time.perf_counter() - self.started, self.best.objective,
                             self.bound, self.best.shortfall, self.best.surplus, phase,
                             self.stats.improved, self.stats.tried))

    # --- choosing moves -----------------------------------------------------------------------
    def break_pass(self, order: list[int], batches: int | None = None,
                   seconds: float | None = None, people: int = 0) -> None:
        """Exact break placement for these dates in this order, two at a time (the next
        one at least two dates apart), for at most `batches` batches, `seconds` each;
        with `people` people (who could help where the date is short) free to move their
        shift on that date, breaks and shifts decided together."""
        order = list(order)
        while order and not self.exhausted() and batches != 0:
            batches = None if batches is None else batches - 1
            first = order.pop(0)
            batch = [first]
            if self.lanes > 1:
                partner = next((d for d in order if abs(d - first) >= 2), None)
                if partner is not None:
                    order.remove(partner)
                    batch.append(partner)
            taken: set[int] = set()
            moves = []
            for d in batch:
                days = range(d, d + 1)
                chosen = self._hot_people(people, days, exclude=taken) if people else []
                taken.update(chosen)
                free = {(p, d) for p in chosen if self.ctx.persons[p].options_by_day[d]}
                moves.append(Move("breaks", Neighbourhood(free, days, "breaks", self.menu_size,
                                                          breaks=True), days,
                                  seconds=max(seconds or self.BREAK_SECONDS,
                                              self.break_seconds.get(d, 0.0))))
            self._run(moves)

    def people_move(self, taken: set[int]) -> Move:
        people = self._hot_people(self.people_size, exclude=taken)
        taken.update(people)
        free = {(p, d) for p in people for d in range(self.ctx.days)
                if self.ctx.persons[p].options_by_day[d]}
        days = range(self.ctx.days)
        # When the neighbourhood is everyone, offer the whole catalogue: an optimal solve
        # then proves the shifts optimal (for their break patterns) and the search can stop.
        menu = None if free >= self.everyone else self.menu_size
        return Move("people", Neighbourhood(free, days, "people", menu,
                                            redivide=self._overloaded()), days)

    def days_move(self, taken: set[int]) -> Move:
        ctx = self.ctx
        width = min(self.WINDOW, ctx.days)
        first = int(self._hot_day())
        first = max(0, min(first - int(self.rng.integers(0, width)), ctx.days - width))
        days = range(first, first + width)
        people = self._hot_people(self.window_people, days, exclude=taken)
        taken.update(people)
        free = {(p, d) for p in people for d in days if ctx.persons[p].options_by_day[d]}
        return Move("days", Neighbourhood(free, days, "days", self.menu_size,
                                          redivide=self._overloaded()), days)

    def _overloaded(self) -> bool:
        return self.best.shortfall > self.REDIVIDE_SHORT * self.required

    def _gap_weights(self) -> np.ndarray:
        """What each queue-interval costs now: shortfall, or surplus once that is gone."""
        gap = self.ctx.required - self.best.covered
        if np.any(gap > 0):
            weights = np.array(self.ctx.weights.shortfall, dtype=float)[:, None]
            return np.maximum(gap, 0) * weights
        return np.maximum(-gap, 0) * float(max(self.ctx.weights.overstaffing, 1))

    def _per_day_gap(self) -> np.ndarray:
        per_interval = self._gap_weights().sum(axis=0)
        grid = self.ctx.grid
        return np.array([per_interval[grid.day_start[d] // self.ctx.step:
                                      grid.day_start[d + 1] // self.ctx.step].sum()
                         for d in range(self.ctx.days)]) + 1.0

    def _hot_day(self) -> int:
        per_day = self._per_day_gap()
        return int(self.rng.choice(self.ctx.days, p=per_day / per_day.sum()))

    def _hot_dirty_days(self) -> list[int]:
        """The dirty dates, those whose breaks were placed longest ago first, then the worst
        covered (worst first alone kept re-trying the same two dates under overload while
        the others' breaks aged: 435 x 7 at load 1.3 gained 160,000 in a last pass over
        them)."""
        per_day = self._per_day_gap()
        return sorted(self.dirty_days,
                      key=lambda d: (self.breaks_placed.get(d, -1), -per_day[d], d))

    def _hot_people(self, count: int, days: range | None = None,
                    exclude: set[int] | None = None) -> list[int]:
        """People who can serve the worst-covered queues, weighted by how much they can help."""
        ctx = self.ctx
        mask = np.ones(ctx.n_intervals, dtype=bool)
        if days is not None:
            mask[:] = False
            for d in days:
                mask[ctx.grid.day_start[d] // ctx.step:ctx.grid.day_start[d + 1] // ctx.step] = 1
        gap = self._gap_weights() * mask
        surplus = np.maximum(self.best.covered - ctx.required, 0) * mask
        short = np.any(self.ctx.required > self.best.covered)
        # While there is shortfall, every other pick is of people sitting on surplus: they
        # are the ones who can move to it (under overload, where everyone has a short queue,
        # they are the only ones a move can help with).
        if short and not (surplus.any() and self.rng.random() < 0.5):
            per_queue = gap.sum(axis=1) + 1e-9
            scores = np.array([per_queue[list(ctx.skill_sets[p.skill_set])].sum() + 0.05 *
                               per_queue.sum() for p in ctx.persons])
        else:
            scores = self._surplus_scores(surplus if short else gap)
        if exclude:
            scores[list(exclude)] = 0.0
        available = int(np.count_nonzero(scores))
        count = min(count, available)
        if count == 0:
            return []
        chosen = self.rng.choice(len(ctx.persons), size=count, replace=False,
                                 p=scores / scores.sum())
        return sorted(int(c) for c in chosen)

    def _surplus_scores(self, gap: np.ndarray) -> np.ndarray:
        """People whose shifts sit where their queues have surplus: they are the ones a move
        can take away or shift."""
        ctx = self.ctx
        per_set = [gap[list(members)].min(axis=0) for members in ctx.skill_sets]
        prefix = [np.concatenate([[0.0], np.cumsum(x)]) for x in per_set]
        scores = np.full(len(ctx.persons), 1e-3)
        for (p, _d), (k, _seat) in self.state.shifts.items():
            first, last = ctx.cover[k]
            scores[p] += prefix[ctx.persons[p].skill_set][last] - \
                prefix[ctx.persons[p].skill_set][first]
        return scores

    def _totals(self) -> dict[str, tuple[float, float]]:
        return {k: (self.stats.gain.get(k, 0.0), self.stats.spent.get(k, 0.0))
                for k in ("people", "days", "breaks")}

    def _rate(self, kinds: tuple[str, ...], since: dict[str, tuple[float, float]]) -> float:
        """Objective gained per deterministic CP-SAT second by these kinds of move since
        `since` (deterministic time, so one worker and a seed stay reproducible)."""
        now = self._totals()
        gain = sum(now[k][0] - since[k][0] for k in kinds)
        spent = sum(now[k][1] - since[k][1] for k in kinds)
        return gain / spent if spent > 0 else 0.0

    # --- the loop ---------------------------------------------------------------------------
    def run(self) -> Assignment:
        self._tell("start")
        try:
            self.break_pass(sorted(self.dirty_days), seconds=self.first_break_seconds)
            # a date whose first break move found nothing better in its time gets its
            # second one now, not after every other date's (435 x 7 at load 1.3: one
            # date gained nothing in 3 s, then 136,000 in 6 s, 60 s later)
            self.break_pass(sorted(self.empty_first), seconds=2 * self.first_break_seconds)
            rounds = 0
            break_every = next_breaks = self.BREAK_EVERY
            since = self._totals()
            while not self.exhausted():
                taken: set[int] = set()
                moves = []
                for _lane in range(self.lanes):
                    kind = self._next_kind()
                    moves.append(self.days_move(taken) if kind == "days"
                                 else self.people_move(taken))
                improved = self.stats.improved
                self._run(moves)
                rounds += 1
                if self.converged and self.stats.improved > improved:
                    self.dirty_days = set(range(self.ctx.days))
                if (self.converged or rounds >= next_breaks) and self.dirty_days:
                    improved = self.stats.improved
                    shifts_rate = self._rate(("people", "days"), since)
                    since = self._totals()
                    self.break_pass(self._hot_dirty_days(), batches=1, people=self.BREAK_PEOPLE)
                    # Worth repeating soon only if it gained as fast as the shift moves did.
                    paid = self._rate(("breaks",), since) >= shifts_rate > 0 or \
                        (self.stats.improved > improved and shifts_rate == 0)
                    break_every = self.BREAK_EVERY if paid else 2 * break_every
                    next_breaks = rounds + break_every
                    since = self._totals()
                    if self.converged and self.stats.improved > improved:
                        self.converged = False  # new breaks: the shifts may move again
            if self.dirty_days and not self.stopper.stopped.is_set() and self.remaining() > 0.5:
                self.break_pass(sorted(self.dirty_days))
        finally:
            if self.pool is not None:
                self.pool.shutdown(wait=True)
        return self.state


def _resize(size: int, status: str, lo: int, hi: int) -> int:
    if status == "optimal":
        return min(hi, int(size * 1.25) + 1)
    if status in ("feasible", "unknown"):
        return max(lo, int(size * 0.8))
    return size
