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
    `days`: the contiguous range of days whose fixed shifts may change seat (for people who
    may sit either way).
    `menu_size`: how many options each free pair is offered (the most valuable ones and the
    incumbent's); None offers the whole catalogue.
    `breaks`: every break of the shifts dated in `days` is placed anew too, jointly with the
    free pairs' shifts (which must be dated in `days`).
    `redivide`: the fixed multi-skilled people's division among queues is decided anew
    where a queue may go short (see `model._redivided`); else it stays the incumbent's.
    """

    free: set[tuple[int, int]]
    days: range
    label: str = ""
    menu_size: int | None = None  # options offered per free pair (None: all)
    breaks: bool = False
    redivide: bool = False
