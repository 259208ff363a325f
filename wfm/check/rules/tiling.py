"""activities.csv: the activities of a shift tile it exactly, from start to end, with no gap
or overlap; work segments carry the queue served, breaks and lunches leave it empty."""

from __future__ import annotations

from ...roster.model import Roster
from ...scenario.model import Scenario
from ..common import violation


def check_tiling(sc: Scenario, roster: Roster, orphans=()) -> list:
    out = []
    for shift in roster.shifts:
        segs = sorted(shift.segments, key=lambda s: (s.start, s.end))
        if not segs:
            out.append(violation(sc, "tiling", shift, shift.start, "the shift has no activities",
                                 "add work and break segments covering the shift"))
            continue
        cursor = shift.start
        for seg in segs:
            if seg.start > cursor:
                out.append(violation(sc, "tiling", shift, cursor,
                                     f"gap of {seg.start - cursor} minutes without an activity",
                                     "extend the neighbouring activity over the gap"))
            elif seg.start < cursor:
                out.append(violation(sc, "tiling", shift, seg.start,
                                     f"activities overlap by {cursor - seg.start} minutes",
                                     "shorten one of the overlapping activities"))
            cursor = max(cursor, seg.end)
            if seg.activity == "work" and not seg.queue:
                out.append(violation(sc, "tiling", shift, seg.start,
                                     "a work segment names no queue", "name the queue served"))
            if seg.activity != "work" and seg.queue:
                out.append(violation(sc, "tiling", shift, seg.start,
                                     f"a {seg.activity} names a queue",
                                     "leave the queue of breaks empty"))
        if cursor < shift.end:
            out.append(violation(sc, "tiling", shift, cursor,
                                 f"the last {shift.end - cursor} minutes have no activity",
                                 "extend the last activity to the shift end"))
    for employee_id, seg in orphans:
        out.append(violation(sc, "tiling", None, seg.start,
                             f"activities.csv line {seg.line}: an activity outside every shift "
                             "of this person", "move it inside a shift or remove it",
                             employee_id=employee_id))
    return out
