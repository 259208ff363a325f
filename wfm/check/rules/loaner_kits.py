"""[remote] loaner_kits: a person with home_kit = no who works remote on any day takes one
kit for the whole horizon; no more people than kits."""

from __future__ import annotations

from ...roster.model import Roster
from ...scenario.model import Scenario
from ..common import violation


def check_loaner_kits(sc: Scenario, roster: Roster) -> list:
    first_remote = {}
    for shift in sorted(roster.shifts, key=lambda s: s.start):
        if shift.seat == "remote" and not sc.employee(shift.employee_id).home_kit:
            first_remote.setdefault(shift.employee_id, shift)
    kits = sc.config.remote.loaner_kits
    if len(first_remote) <= kits:
        return []
    extra = list(first_remote.values())[kits:]
    return [violation(sc, "loaner_kits", shift, shift.start,
                      f"{len(first_remote)} people without a home kit work remote; there are "
                      f"{kits} loaner kits", "seat this person on-site on every shift")
            for shift in extra]
