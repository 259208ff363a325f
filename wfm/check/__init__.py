"""Independent roster checker: every rule of FORMAT.md, recomputed from the roster alone.

It reads only the scenario and the roster (never `wfm.scheduling` or ortools), so that it
catches the scheduler's own bugs as well as hand edits.
"""

from __future__ import annotations

from pathlib import Path

from ..roster.io import read_roster
from ..roster.model import Roster
from ..scenario.model import Scenario
from .rules.availability import check_availability
from .rules.break_rules import check_break_rules
from .rules.coverage import check_coverage_file
from .rules.loaner_kits import check_loaner_kits
from .rules.max_consecutive_days import check_max_consecutive_days
from .rules.min_rest import check_min_rest
from .rules.one_shift_per_date import check_one_shift_per_date
from .rules.paid_minutes import check_paid_minutes
from .rules.roster_file import check_employees_summary, check_roster_file
from .rules.seats import check_seats
from .rules.shift_catalogue import check_shift_catalogue
from .rules.skills import check_skills
from .rules.working_days import check_working_days_per_week
from .verdict import Verdict, Violation

CHECKS = {
    "shift_catalogue": check_shift_catalogue,
    "one_shift_per_date": check_one_shift_per_date,
    "min_rest_minutes": check_min_rest,
    "max_consecutive_days": check_max_consecutive_days,
    "min_days_off_per_week": check_working_days_per_week,  # also max_days_per_week
    "paid_minutes_per_week": check_paid_minutes,  # also max_paid_minutes_per_day
    "availability": check_availability,
    "break_rules": check_break_rules,
    "seats": check_seats,
    "loaner_kits": check_loaner_kits,
    "skills": check_skills,
}
FILE_CHECKS = {
    "coverage": check_coverage_file,
    "paid_minutes": check_roster_file,
    "employees_summary": check_employees_summary,
}

__all__ = ["CHECKS", "FILE_CHECKS", "Verdict", "Violation", "check_directory", "check_roster"]


def check_roster(scenario: Scenario, roster: Roster, orphans=()) -> Verdict:
    from .rules.tiling import check_tiling
    violations = check_tiling(scenario, roster, orphans)
    for check in CHECKS.values():
        violations.extend(check(scenario, roster))
    return Verdict(violations, ["tiling", *CHECKS], len(roster.shifts))


def check_directory(scenario: Scenario, directory: str | Path) -> Verdict:
    """Check a roster directory, hand-edited or not; format errors raise InputError."""
    roster, orphans = read_roster(scenario, directory)
    verdict = check_roster(scenario, roster, orphans)
    for name, check in FILE_CHECKS.items():
        verdict.violations.extend(check(scenario, roster, directory))
        verdict.rules.append(name)
    return verdict
