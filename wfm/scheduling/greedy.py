"""A fast first roster: each person in turn takes the shifts that cover the most remaining need.

It is the full hint for the CP-SAT search, so it must respect every hard rule it can:
the catalogue and availability (through the options), one shift per date, rest,
consecutive days, days off and weekly minutes, seats at every moment and loaner kits.
People who cannot reach their weekly minimum here are left for the exact sub-model to
repair. Order: the fewest skills first (specialists where only they can help), then
on-site-only people (before the desks fill up), then by a seeded shuffle.
"""

from __future__ import annotations

import math

import numpy as np

from .context import Context, Person
from .state import Assignment


class Greedy:
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
        self.surplus_cost = float(ctx.weights.overstaffing) + 1.0
        self.state = Assignment()
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

    def run(self) -> Assignment:
        for person in self.order():
            self.place(person)
        return self.state

    # --- one person -------------------------------------------------------------------------
    def value_profile(self, person: Person) -> np.ndarray:
        """Value of one more agent of this person's skill set per interval."""
        members = list(self.ctx.skill_sets[person.skill_set])
        need = self.residual[members] > 0
        worth = np.where(need, self.weights[members, None], -self.surplus_cost)
        return worth.max(axis=0)

    def place(self, person: Person) -> None:
        ctx = self.ctx
        profile = self.value_profile(person)
        prefix = np.concatenate([[0.0], np.cumsum(profile)])
        candidates = []
        for d in range(ctx.days):
            for k in person.options_by_day[d]:
                candidates.append((self._option_value(k, prefix, profile), d, k))
        candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
        chosen: dict[int, tuple[int, str]] = {}
        taken_kit = False
        for value, d, k in candidates:
            if d in chosen:
                continue
            below_minimum = self._minutes_short(person, chosen)
            if value <= 0 and not below_minimum:
                break
            if not self._fits(person, chosen, d, k):
                continue
            seat = self._seat(person, k, taken_kit)
            if seat is None:
                continue
            if seat == "remote" and person.needs_kit and not taken_kit:
                taken_kit = True
                self.kits_left -= 1
            chosen[d] = (k, seat)
            self._occupy(person, k, seat, +1)
        for d, (k, seat) in sorted(chosen.items()):
            self.state.shifts[(person.index, d)] = (k, seat)
            pattern = self._best_pattern(person, k)
            self.state.breaks[(person.index, d)] = pattern
            self._cover(person, k, pattern)

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

    def _best_pattern(self, person: Person, k: int) -> tuple[int, ...]:
        """Breaks of a chosen shift where this person's queues need them least, now."""
        ctx = self.ctx
        cls = ctx.classes.get((person.skill_set, ctx.options[k].length))
        if cls is None:
            return ()
        profile = self.value_profile(person)
        windows = cls.windows[k]
        n = len(cls.slots)
        gaps = [ctx.gap_intervals(cls, i) for i in range(n - 1)]
        latest = [hi for _, hi in windows]
        for i in range(n - 2, -1, -1):
            latest[i] = min(latest[i], latest[i + 1] - gaps[i])
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
    def _minutes_short(self, person: Person, chosen: dict) -> bool:
        opts = self.ctx.options
        for week in person.weeks:
            total = sum(opts[k].paid_minutes for d, (k, _) in chosen.items()
                        if week.first_day <= d < week.first_day + week.days)
            if total < week.min_minutes:
                return True
        return False

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
            need = self.residual[members, t] * self.weights[members]
            q = members[int(np.argmax(need))]
            self.residual[q, t] -= 1


def construct(ctx: Context, seed: int = 0) -> Assignment:
    return Greedy(ctx, seed).run()
