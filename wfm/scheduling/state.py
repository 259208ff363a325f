"""The incumbent roster in solver terms: who takes which option and seat, and break starts."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Assignment:
    """(person, day) -> (option index, seat); (person, day) -> break starts (grid indices)."""

    shifts: dict[tuple[int, int], tuple[int, str]] = field(default_factory=dict)
    breaks: dict[tuple[int, int], tuple[int, ...]] = field(default_factory=dict)

    def copy(self) -> Assignment:
        return Assignment(dict(self.shifts), dict(self.breaks))

    def days_of(self, person: int) -> dict[int, tuple[int, str]]:
        return {d: v for (p, d), v in self.shifts.items() if p == person}


@dataclass
class Neighbourhood:
    """What a sub-model may change.

    `free`: (person, day) pairs whose shift (or day off) and seat are decided anew.
    `days`: the contiguous range of days whose shifts are in the model at all; their seats
    (for people who may sit either way) and every break are re-optimised. Shifts dated
    outside `days` are constants.
    """

    free: set[tuple[int, int]]
    days: range
    label: str = ""
