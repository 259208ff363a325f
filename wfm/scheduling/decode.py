"""From the solver's assignment to a Roster of named people, seats and activity segments.

The evaluation gives how many people of each skill set work each queue in each interval;
here named people get those queues, interval by interval, keeping each person on the queue
they already serve whenever the counts allow, so that queue switches stay rare. Work that
does not fill a whole interval (a shift or break off the grid) takes the queue of the
neighbouring interval; work after the horizon keeps the last queue.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

from ..roster.model import Roster, RosterShift, Segment
from .context import Context
from .evaluate import Evaluation
from .state import Assignment


def decode(ctx: Context, state: Assignment, evaluation: Evaluation) -> Roster:
    queues = _assign_queues(ctx, state, evaluation)
    shifts = []
    for (p, d), (k, seat) in sorted(state.shifts.items(),
                                    key=lambda item: (ctx.options[item[1][0]].start, item[0])):
        person = ctx.persons[p]
        shifts.append(RosterShift(
            employee_id=person.employee_id, day=d, start=ctx.options[k].start,
            end=ctx.options[k].end, seat=seat,
            segments=tuple(_segments(ctx, p, d, k, state.breaks.get((p, d), ()),
                                     queues.get((p, d), {})))))
    return Roster(shifts=shifts)


def _breaks_in_minutes(ctx: Context, k: int, starts: tuple[int, ...]):
    slots = ctx.slots_by_length[ctx.options[k].length]
    return [(t * ctx.step, t * ctx.step + slot.minutes, slot.kind)
            for t, slot in zip(starts, slots, strict=False)]


def _assign_queues(ctx: Context, state: Assignment, evaluation: Evaluation):
    """(p, d) -> {interval: queue index} for every whole interval worked in the horizon."""
    step = ctx.step
    working: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)  # (s,t)->[(p,d)]
    for (p, d), (k, _seat) in state.shifts.items():
        first, last = ctx.cover[k]
        off = set()
        for b0, b1, _kind in _breaks_in_minutes(ctx, k, state.breaks.get((p, d), ())):
            off.update(range(b0 // step, -(-b1 // step)))
        s = ctx.persons[p].skill_set
        for t in range(first, last):
            if t not in off:
                working[(s, t)].append((p, d))
    result: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
    last_queue: dict[tuple[int, int], int] = {}
    for (s, t) in sorted(working, key=lambda key: (key[1], key[0])):
        people = sorted(working[(s, t)])
        members = ctx.skill_sets[s]
        if len(members) == 1:
            for pair in people:
                result[pair][t] = members[0]
                last_queue[pair] = members[0]
            continue
        room = {q: int(evaluation.split[(s, q)][t]) for q in members}
        waiting = []
        for pair in people:
            q = last_queue.get(pair)
            if q is not None and room.get(q, 0) > 0:
                room[q] -= 1
                result[pair][t] = q
            else:
                waiting.append(pair)
        for pair in waiting:
            q = max(members, key=lambda q: (room[q], -members.index(q)))
            room[q] -= 1
            result[pair][t] = q
            last_queue[pair] = q
    return result


def _segments(ctx: Context, p: int, d: int, k: int, break_starts: tuple[int, ...],
              queue_of: dict[int, int]) -> list[Segment]:
    option = ctx.options[k]
    step = ctx.step
    pauses = _breaks_in_minutes(ctx, k, break_starts)
    cuts = {option.start, option.end}
    for b0, b1, _ in pauses:
        cuts.update((b0, b1))
    cuts.update(range((option.start // step + 1) * step, option.end, step))
    points = sorted(c for c in cuts if option.start <= c <= option.end)
    fallback = ctx.skill_sets[ctx.persons[p].skill_set][0]
    known = sorted(queue_of)
    pieces: list[tuple[int, int, str, str | None]] = []
    for a, b in itertools.pairwise(points):
        kind = next((kd for b0, b1, kd in pauses if b0 <= a < b1), "work")
        queue = None
        if kind == "work":
            t = a // step
            q = queue_of.get(t)
            if q is None:
                q = _nearest(known, queue_of, t, fallback)
            queue = ctx.queues[q]
        if pieces and pieces[-1][2] == kind and pieces[-1][3] == queue and pieces[-1][1] == a:
            pieces[-1] = (pieces[-1][0], b, kind, queue)
        else:
            pieces.append((a, b, kind, queue))
    return [Segment(start=a, end=b, activity=kind, queue=queue) for a, b, kind, queue in pieces]


def _nearest(known: list[int], queue_of: dict[int, int], t: int, fallback: int) -> int:
    if not known:
        return fallback
    before = [u for u in known if u < t]
    if before:
        return queue_of[before[-1]]
    return queue_of[known[0]]
