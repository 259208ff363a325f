"""employees.csv skills: work segments only on queues within the person's skills."""

from __future__ import annotations

from ...roster.model import Roster
from ...scenario.model import Scenario
from ..common import violation


def check_skills(sc: Scenario, roster: Roster) -> list:
    out = []
    for shift in roster.shifts:
        skills = sc.employee(shift.employee_id).skills
        for seg in shift.segments:
            if seg.activity == "work" and seg.queue and seg.queue not in skills:
                out.append(violation(sc, "skills", shift, seg.start,
                                     f"works queue {seg.queue}, not among {', '.join(skills)}",
                                     f"put this time on one of {', '.join(skills)}"))
    return out
