"""Small facts the checks share, recomputed from the scenario and the roster alone."""

from __future__ import annotations

from ..roster.model import RosterShift
from ..scenario.model import Scenario
from .verdict import Violation


def date_of(sc: Scenario, shift: RosterShift) -> str:
    return sc.grid.date_of_index(shift.day).isoformat()


def at(sc: Scenario, minute: int) -> str:
    return sc.grid.label(minute)


def violation(sc: Scenario, rule: str, shift: RosterShift | None, minute: int | None,
              message: str, fix: str, employee_id: str | None = None) -> Violation:
    return Violation(rule=rule,
                     employee_id=employee_id if employee_id is not None else
                     (shift.employee_id if shift else ""),
                     date=date_of(sc, shift) if shift else "",
                     time=at(sc, minute) if minute is not None else "",
                     message=message, fix=fix)


def pauses(shift: RosterShift):
    return [s for s in sorted(shift.segments, key=lambda s: s.start) if s.activity != "work"]


def unpaid_minutes(sc: Scenario, shift: RosterShift) -> int:
    """Minutes of the shift's breaks whose rule marks them unpaid (i-th pause = i-th break)."""
    rule = next((r for r in sc.config.break_rules
                 if r.min_shift_minutes <= shift.length <= r.max_shift_minutes), None)
    if rule is None:
        return 0
    total = 0
    for spec, seg in zip(rule.breaks, pauses(shift), strict=False):
        if not spec.paid:
            total += seg.end - seg.start
    return total


def paid_minutes(sc: Scenario, shift: RosterShift) -> int:
    return shift.length - unpaid_minutes(sc, shift)


def weeks(sc: Scenario) -> list[tuple[int, int]]:
    """(first day, length) of each 7-day block from horizon.start."""
    days = sc.config.horizon.days
    return [(d, min(7, days - d)) for d in range(0, days, 7)]


def scaled_minimum(value: int | None, length: int) -> int:
    return (value or 0) * length // 7
