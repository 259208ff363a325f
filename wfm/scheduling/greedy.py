"""A fast first roster, built where the demand is.

Demand first: repeatedly take the (skill set, shift option) that covers the most remaining
need (weighted by queue priority, surplus counting against it), and give it to a person of
that skill set who can still take it; stop when no shift helps. What is left is then
recounted with the exact division of people among queues (the running count places each
multi-skilled agent once and never moves them), and filling resumes. Then every person
still below a weekly minimum takes the least harmful shifts they can.

It is the full hint for the CP-SAT search, so it respects every hard rule it can: the
catalogue and availability (through the options), one shift per date, rest, consecutive
days, days off and weekly minutes, seats at every moment and loaner kits. Anyone left below
a minimum is repaired by an exact sub-model.
"""

from __future__ import annotations

import math
from itertools import pairwise

import numpy as np

from .at_work import at_work
from .context import Context, Person
from .evaluate import divide_among_queues
from .state import Assignment


class Greedy:
    DEPTH = 0.01  # tie-break: up to 1% more worth where the shortfall is deepest
    REDIVIDE_ROUNDS = 4  # recounts with the exact division among queues

    def __init__(self, ctx: Context, seed: int = 0):
        self.ctx = ctx
        self.rng = np.random.default_rng(seed)
        step = ctx.step
        horizon_end = max((o.end for o in ctx.options), default=0)
        self.slots = math.ceil(max(horizon_end, ctx.grid.total_minutes) / step) + 1
        self.onsite = np.zeros((len(ctx.site_seats), self.slots), dtype=np.int64)
        self.remote = np.zeros(self.slots, dtype=np.int64)
        self.kits_left = ctx.loaner_kits
        self.residual = ctx.required.astype(float).copy()
        self.weights = np.array(ctx.weights.shortfall, dtype=float)
        # the depth tie-break must never outweigh a difference in queue priority
        distinct = sorted(set(self.weights[self.weights > 0].tolist()))
        self.depth = min([self.DEPTH] + [0.5 * (b / a - 1) for a, b in pairwise(distinct)])
        self.surplus_cost = float(ctx.weights.overstaffing) + 1.0
        self.state = Assignment()
        self.chosen: dict[int, dict[int, tuple[int, str]]] = {p.index: {} for p in ctx.persons}
        self.has_kit: set[int] = set()
        self.week_minutes = {p.index: [0] * len(p.weeks) for p in ctx.persons}
        self.shortest = {p.index: min((ctx.options[k].paid_minutes for day in p.options_by_day
                                       for k in day), default=0) for p in ctx.persons}
        self._pattern_cache: dict[int, tuple[int, ...]] = {}

    # --- ordering ---------------------------------------------------------------------------
    def order(self) -> list[Person]:
        keys = []
        for p in self.ctx.persons:
            seat_rank = {("onsite",): 0, ("remote",): 1}.get(p.seats, 2)
            if p.seats == ("remote",) and p.needs_kit:
                seat_rank = -1  # they cannot work at all without a kit
            keys.append((len(self.ctx.skill_sets[p.skill_set]), seat_rank, self.rng.random()))
        return [self.ctx.persons[i] for i in sorted(range(len(keys)), key=keys.__getitem__)]

    def run(self, budget: dict[int, int] | None = None) -> Assignment:
        """Demand first, then weekly minimums; `budget`: see `fill_demand`."""
        self.fill_demand(budget)
        for _ in range(self.REDIVIDE_ROUNDS):
            if not self._redivide():
                break
            self.fill_demand(budget)
        return self.top_up()

    def top_up(self) -> Assignment:
        """Everyone below a weekly minimum gets the least harmful shifts that reach it."""
        for person in self.order():
            if self._minutes_short(person):
                self.place(person)
        return self.state

    # --- demand first -----------------------------------------------------------------------
    def fill_demand(self, budget: dict[int, int] | None = None) -> None:
        """Shifts where they cover the most per paid minute, until nothing adds value;
        `budget`: at most this many new shifts per date (the rest of the dates get none)."""
        ctx = self.ctx
        K = len(ctx.options)
        if K == 0:
            return
        first = np.array([ctx.cover[k][0] for k in range(K)])
        last = np.array([ctx.cover[k][1] for k in range(K)])
        width = max((len(self._break_intervals(k)) for k in range(K)), default=0)
        pauses = np.full((K, max(width, 1)), ctx.n_intervals, dtype=np.int64)  # pad: a zero
        for k in range(K):
            idx = [t for t in self._break_intervals(k) if first[k] <= t < last[k]]
            pauses[k, :len(idx)] = idx
        members = {s: [p for p in self.order() if p.skill_set == s]
                   for s in range(len(ctx.skill_sets))}
        allowed = np.zeros((len(ctx.skill_sets), K), dtype=bool)
        for s, people in members.items():
            for p in people:
                for options in p.options_by_day:
                    allowed[s, options] = True
        blocked = ~allowed
        paid = np.array([max(o.paid_minutes, 1) for o in ctx.options], dtype=float)

        def values(columns) -> np.ndarray:
            profile = self._profiles()  # [S, T + 1], last column 0 (padding)
            prefix = np.concatenate([np.zeros((len(profile), 1)),
                                     np.cumsum(profile[:, :-1], axis=1)], axis=1)
            return prefix[:, last[columns]] - prefix[:, first[columns]] - \
                profile[:, pauses[columns]].sum(axis=2)

        value = values(slice(None))
        # Per paid minute: weekly caps are in minutes, and a long shift that covers a
        # little more can cost a whole extra shift later in the week. Kept up to date cell
        # by cell: most steps only find an option nobody can take (a fuzzed 78-person,
        # 14-day scenario with 35 skill sets and 2,576 options took 188,000 steps).
        day_of = np.array([ctx.options[k].day for k in range(K)])
        if budget is not None:
            blocked[:, [budget.get(int(d), 0) <= 0 for d in day_of]] = True
        density = np.where(blocked, -np.inf, value / paid)
        while True:
            s, k = np.unravel_index(int(np.argmax(density)), density.shape)
            if not density[s, k] > 0:  # also when every option is blocked (all -inf)
                return
            person = self._taker(members[s], int(k))
            if person is None:
                d = day_of[k]
                if all(d in self.chosen[p.index] or not p.options_by_day[d]
                       for p in members[s]):  # nobody of the skill set is free that day
                    blocked[s, day_of == d] = True
                    density[s, day_of == d] = -np.inf
                blocked[s, k] = True
                density[s, k] = -np.inf
                continue
            self._assign(person, int(k))
            if budget is not None:
                d = int(day_of[k])
                budget[d] -= 1
                if budget[d] <= 0:
                    blocked[:, day_of == d] = True
                    density[:, day_of == d] = -np.inf
            # Only options overlapping the new shift changed value: on long horizons this
            # keeps each step proportional to a day's options, not the whole horizon's.
            touched = np.flatnonzero((first < last[k]) & (last > first[k]))
            value[:, touched] = values(touched)
            density[:, touched] = np.where(blocked[:, touched], -np.inf,
                                           value[:, touched] / paid[touched])

    def _redivide(self) -> bool:
        """Recount what is left to cover with the best division of people among queues.

        `_cover` puts each multi-skilled agent on the neediest queue of the moment and
        never moves them, so the greedy's own count can see one queue short where the
        exact division would have moved someone across: on 435 x 7 it saw 2,361 missing
        agent-intervals where there were 1,279, mostly for queues whose only remaining
        takers were capped. True when the recount changed what is missing."""
        working = at_work(self.ctx, self.state)
        _split, covered = divide_among_queues(self.ctx, working)
        residual = (self.ctx.required - covered).astype(float)
        if np.array_equal(np.maximum(residual, 0), np.maximum(self.residual, 0)):
            return False
        self.residual = residual
        return True

    def _profiles(self) -> np.ndarray:
        """Worth of one more agent per skill set and interval: the best queue's weight
        where need is left, slightly more where more is left.

        The tie-break matters under overload, where every interval is short and most
        shifts are worth the same: without it the first option in catalogue order won and
        the valleys between peaks were covered first (435 x 7 at 1.3x load: a first roster
        of 15.1M, surplus 2,986; with it 13.3M, surplus 1,536). Filling the deepest
        shortfall first leaves the valleys for last, where shifts spanning two peaks
        cover them anyway."""
        ctx = self.ctx
        need = self.residual > 0
        depth = 1.0 + self.depth * self.residual / max(1.0, float(ctx.required.max()))
        worth = np.where(need, self.weights[:, None] * depth, -self.surplus_cost)
        out = np.zeros((len(ctx.skill_sets), ctx.n_intervals + 1))
        for s, members in enumerate(ctx.skill_sets):
            out[s, :-1] = worth[list(members)].max(axis=0)
        return out

    def _taker(self, people: list[Person], k: int) -> Person | None:
        """Who of this skill set takes option k: someone still below their weekly minimum
        first, then whoever has worked the fewest shifts."""
        d = self.ctx.options[k].day
        best, best_key = None, None
        for person in people:
            chosen = self.chosen[person.index]
            if d in chosen or k not in person.options_by_day[d]:
                continue
            key = (not self._minutes_short(person), len(chosen))
            if best_key is not None and key >= best_key:
                continue
            if self._fits(person, chosen, d, k) and self._keeps_days(person, chosen, d, k) and \
                    self._seat(person, k, person.index in self.has_kit) is not None:
                best, best_key = person, key
        return best

    def hand_out(self, people: list[Person], k: int, count: int) -> int:
        """Give option k to up to `count` of these people, each to whoever `_taker` would
        pick; returns how many were placed (the aggregate start's counts go through here)."""
        for placed in range(count):
            person = self._taker(people, k)
            if person is None:
                return placed
            self._assign(person, k)
        return count

    def _assign(self, person: Person, k: int) -> None:
        d = self.ctx.options[k].day
        seat = self._seat(person, k, person.index in self.has_kit)
        if seat == "remote" and person.needs_kit and person.index not in self.has_kit:
            self.has_kit.add(person.index)
            self.kits_left -= 1
        self.chosen[person.index][d] = (k, seat)
        for i, week in enumerate(person.weeks):
            if week.first_day <= d < week.first_day + week.days:
                self.week_minutes[person.index][i] += self.ctx.options[k].paid_minutes
        self._occupy(person, k, seat, +1)
        pattern = self._best_pattern(person, k)
        self.state.shifts[(person.index, d)] = (k, seat)
        self.state.breaks[(person.index, d)] = pattern
        self._cover(person, k, pattern)

    # --- one person -------------------------------------------------------------------------
    def value_profile(self, person: Person) -> np.ndarray:
        """Value of one more agent of this person's skill set per interval."""
        members = list(self.ctx.skill_sets[person.skill_set])
        need = self.residual[members] > 0
        worth = np.where(need, self.weights[members, None], -self.surplus_cost)
        return worth.max(axis=0)

    def place(self, person: Person) -> None:
        """Top a person up to their weekly minimum with the least harmful shifts."""
        ctx = self.ctx
        profile = self.value_profile(person)
        prefix = np.concatenate([[0.0], np.cumsum(profile)])
        candidates = []
        for d in range(ctx.days):
            for k in person.options_by_day[d]:
                candidates.append((self._option_value(k, prefix, profile), d, k))
        candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
        chosen = self.chosen[person.index]
        for _value, d, k in candidates:
            if not self._minutes_short(person):
                break
            if d in chosen or not self._fits(person, chosen, d, k):
                continue
            if self._seat(person, k, person.index in self.has_kit) is None:
                continue
            self._assign(person, k)

    def _option_value(self, k: int, prefix: np.ndarray, profile: np.ndarray) -> float:
        first, last = self.ctx.cover[k]
        value = prefix[last] - prefix[first]
        for t in self._break_intervals(k):
            if first <= t < last:
                value -= profile[t]
        if self.ctx.weights.paid_minute:
            value -= self.ctx.weights.paid_minute * self.ctx.options[k].paid_minutes
        return float(value)

    def _pattern(self, k: int) -> tuple[int, ...]:
        """Breaks in the middle of their windows (the exact break model moves them later)."""
        if k not in self._pattern_cache:
            ctx = self.ctx
            option = ctx.options[k]
            cls = next((c for (s, n), c in ctx.classes.items() if n == option.length), None)
            starts: list[int] = []
            if cls is not None:
                ready = -10 ** 9
                for i, (lo, hi) in enumerate(cls.windows[k]):
                    t = max((lo + hi) // 2, ready)
                    t = min(t, hi)
                    starts.append(t)
                    if i < len(cls.slots) - 1:
                        ready = t + ctx.gap_intervals(cls, i)
            self._pattern_cache[k] = tuple(starts)
        return self._pattern_cache[k]

    def _break_intervals(self, k: int, pattern: tuple[int, ...] | None = None) -> list[int]:
        ctx = self.ctx
        slots = ctx.slots_by_length[ctx.options[k].length]
        out = []
        for t, slot in zip(self._pattern(k) if pattern is None else pattern, slots,
                           strict=False):
            out.extend(range(t, t + ctx.break_intervals(slot)))
        return out

    def _best_pattern(self, person: Person, k: int,
                      profile: np.ndarray | None = None) -> tuple[int, ...]:
        """Breaks of a chosen shift where this person's queues need them least, now
        (`profile`: what one agent is worth per interval, by default `value_profile`)."""
        ctx = self.ctx
        cls = ctx.classes.get((person.skill_set, ctx.options[k].length))
        if cls is None:
            return ()
        if profile is None:
            profile = self.value_profile(person)
        windows = cls.windows[k]
        n = len(cls.slots)
        gaps, latest = ctx.break_limits(cls, k)
        starts: list[int] = []
        ready = windows[0][0]
        T = ctx.n_intervals
        for i, slot in enumerate(cls.slots):
            width = ctx.break_intervals(slot)
            centre = 0.5 * (windows[i][0] + windows[i][1])
            best, best_key = None, None
            for t in range(max(windows[i][0], ready), latest[i] + 1):
                loss = sum(profile[u] for u in range(t, t + width) if 0 <= u < T)
                key = (loss, abs(t - centre))
                if best_key is None or key < best_key:
                    best, best_key = t, key
            if best is None:  # cannot happen for options that passed the catalogue
                return self._pattern(k)
            starts.append(best)
            if i < n - 1:
                ready = best + gaps[i]
        return tuple(starts)

    # --- rules ------------------------------------------------------------------------------
    def _minutes_short(self, person: Person) -> bool:
        """Below a weekly minimum with the shifts chosen so far (kept up to date by
        `_assign`: this is asked for every candidate of every step)."""
        return any(minutes < week.min_minutes
                   for minutes, week in zip(self.week_minutes[person.index], person.weeks,
                                            strict=True))

    def _fits(self, person: Person, chosen: dict, d: int, k: int) -> bool:
        ctx = self.ctx
        opts = ctx.options
        labor = ctx.labor
        rest = labor.min_rest_minutes or 0
        o = opts[k]
        for d2, (k2, _) in chosen.items():
            o2 = opts[k2]
            first, second = (o2, o) if d2 < d else (o, o2)
            if second.start < first.end + rest:
                return False
        days = set(chosen) | {d}
        for week in person.weeks:
            span = range(week.first_day, week.first_day + week.days)
            if d not in span:
                continue
            if sum(1 for x in days if x in span) > week.max_days:
                return False
            minutes = o.paid_minutes + sum(opts[kk].paid_minutes for dd, (kk, _) in
                                           chosen.items() if dd in span)
            if week.max_minutes is not None and minutes > week.max_minutes:
                return False
        limit = labor.max_consecutive_days
        if limit is not None:
            run, x = 1, d - 1
            while x in days:
                run, x = run + 1, x - 1
            x = d + 1
            while x in days:
                run, x = run + 1, x + 1
            if run > limit:
                return False
        return True

    def _keeps_days(self, person: Person, chosen: dict, d: int, k: int) -> bool:
        """Taking this shift costs at most one of the shifts the week still allows: four
        9-hour shifts must not use up a 2,400-minute week that five 8-hour shifts fill."""
        opts = self.ctx.options
        shortest = self.shortest[person.index]
        if shortest <= 0:
            return True
        for week in person.weeks:
            span = range(week.first_day, week.first_day + week.days)
            if d not in span or week.max_minutes is None:
                continue
            days = [dd for dd in chosen if dd in span]
            minutes = sum(opts[chosen[dd][0]].paid_minutes for dd in days)
            day_cap = min(week.max_days, week.days)
            before = min(day_cap - len(days), (week.max_minutes - minutes) // shortest)
            after = min(day_cap - len(days) - 1,
                        (week.max_minutes - minutes - opts[k].paid_minutes) // shortest)
            if after < before - 1:
                return False
        return True

    def _span(self, k: int) -> slice:
        o = self.ctx.options[k]
        return slice(o.start // self.ctx.step, math.ceil(o.end / self.ctx.step))

    def _seat(self, person: Person, k: int, has_kit: bool) -> str | None:
        span = self._span(k)
        for seat in self._seat_order(person):
            if seat == "onsite":
                if self.onsite[person.site, span].max() < self.ctx.site_seats[person.site]:
                    return seat
            else:
                if person.needs_kit and not has_kit and self.kits_left <= 0:
                    continue
                if self.remote[span].max() < self.ctx.remote_seats:
                    return seat
        return None

    @staticmethod
    def _seat_order(person: Person) -> tuple[str, ...]:
        """Flexible people go home first, keeping desks for those who cannot; without a
        home kit they take a desk first, keeping kits for those who must stay home."""
        if len(person.seats) == 1:
            return person.seats
        return ("onsite", "remote") if person.needs_kit else ("remote", "onsite")

    def _occupy(self, person: Person, k: int, seat: str, delta: int) -> None:
        span = self._span(k)
        if seat == "onsite":
            self.onsite[person.site, span] += delta
        else:
            self.remote[span] += delta

    def _cover(self, person: Person, k: int, pattern: tuple[int, ...]) -> None:
        ctx = self.ctx
        members = list(ctx.skill_sets[person.skill_set])
        first, last = ctx.cover[k]
        off = set(self._break_intervals(k, pattern))
        for t in range(first, last):
            if t in off:
                continue
            residual = self.residual[members, t]
            # one more agent is worth the queue's weight where it is short; the biggest
            # backlog only breaks ties
            worth = np.where(residual > 0, self.weights[members], -1.0) + 1e-6 * residual
            q = members[int(np.argmax(worth))]
            self.residual[q, t] -= 1


def construct(ctx: Context, seed: int = 0) -> Assignment:
    return Greedy(ctx, seed).run()
