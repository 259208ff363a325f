"""A roster: who works when, where they sit, and what they do minute by minute.

Times are elapsed minutes since the horizon starts (see `scenario.timegrid`); a shift may
end after the horizon. This is what `wfm schedule` produces and what `wfm check` and
`wfm simulate` read back from a roster directory, hand edits included.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Seat = Literal["onsite", "remote"]
ActivityKind = Literal["work", "break", "lunch"]


class Segment(BaseModel):
    """One activity of a shift: [start, end) minutes; work carries the queue served."""

    model_config = ConfigDict(frozen=True)

    start: int
    end: int
    activity: ActivityKind
    queue: str | None = None
    line: int = 0  # line in activities.csv when read from a file


class RosterShift(BaseModel):
    model_config = ConfigDict(frozen=True)

    employee_id: str
    day: int  # local date index the shift belongs to (the date it starts)
    start: int
    end: int
    seat: Seat
    segments: tuple[Segment, ...] = ()
    line: int = 0  # line in roster.csv when read from a file

    @property
    def length(self) -> int:
        return self.end - self.start


class Roster(BaseModel):
    shifts: list[RosterShift] = []

    def by_employee(self) -> dict[str, list[RosterShift]]:
        out: dict[str, list[RosterShift]] = {}
        for shift in sorted(self.shifts, key=lambda s: (s.employee_id, s.start)):
            out.setdefault(shift.employee_id, []).append(shift)
        return out


def merge_segments(segments: list[Segment]) -> list[Segment]:
    """Join adjacent work segments on the same queue (as FORMAT.md counts them)."""
    merged: list[Segment] = []
    for seg in sorted(segments, key=lambda s: s.start):
        last = merged[-1] if merged else None
        if last is not None and last.activity == "work" == seg.activity and \
                last.queue == seg.queue and last.end == seg.start:
            merged[-1] = Segment(start=last.start, end=seg.end, activity="work", queue=seg.queue,
                                 line=last.line)
        else:
            merged.append(seg)
    return merged
