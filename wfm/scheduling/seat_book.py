"""Seats in use at every moment and loaner kits handed out, as a roster is built or
checked: the one place that books them (the merge of two search lanes and the repair's
put-back both ask it)."""

from __future__ import annotations

import math

import numpy as np

from .context import Context
from .state import Assignment


class SeatBook:
    """Seats in use at every moment and loaner kits handed out: a roster's, then more
    shifts one by one (`take`)."""

    def __init__(self, ctx: Context, state: Assignment):
        self.ctx = ctx
        horizon = max([o.end for o in ctx.options] + [ctx.grid.total_minutes])
        slots = math.ceil(horizon / ctx.step) + 1
        # the roster's own shifts at once, by differences (this runs on every merge)
        onsite = np.zeros((len(ctx.site_seats), slots + 1), dtype=np.int64)
        remote = np.zeros(slots + 1, dtype=np.int64)
        self.kits: set[int] = set()
        for (p, _d), (k, seat) in state.shifts.items():
            o = ctx.options[k]
            a, b = o.start // ctx.step, math.ceil(o.end / ctx.step)
            person = ctx.persons[p]
            row = onsite[person.site] if seat == "onsite" else remote
            row[a] += 1
            row[b] -= 1
            if seat != "onsite" and person.needs_kit:
                self.kits.add(p)
        self.onsite = np.cumsum(onsite, axis=1)[:, :slots]
        self.remote = np.cumsum(remote)[:slots]

    def take(self, p: int, k: int, seat: str) -> bool:
        """Book the shift's seat (and kit) if capacity allows; whether it was booked."""
        ctx = self.ctx
        o = ctx.options[k]
        span = slice(o.start // ctx.step, math.ceil(o.end / ctx.step))
        person = ctx.persons[p]
        if seat == "onsite":
            row = self.onsite[person.site]
            if row[span].max(initial=0) >= ctx.site_seats[person.site]:
                return False
            row[span] += 1
            return True
        kit = person.needs_kit and p not in self.kits
        if self.remote[span].max(initial=0) >= ctx.remote_seats or \
                (kit and len(self.kits) >= ctx.loaner_kits):
            return False
        self.remote[span] += 1
        if kit:
            self.kits.add(p)
        return True

    def holds(self) -> bool:
        """Every seat capacity at every moment, and the kit pool, respected."""
        ctx = self.ctx
        if len(self.kits) > ctx.loaner_kits or self.remote.max(initial=0) > ctx.remote_seats:
            return False
        return all(row.max(initial=0) <= cap for row, cap in zip(self.onsite, ctx.site_seats,
                                                                  strict=True))


def seats_and_kits_hold(ctx: Context, state: Assignment) -> bool:
    """Seat capacity at every moment and the loaner-kit pool, recomputed from scratch."""
    return SeatBook(ctx, state).holds()
