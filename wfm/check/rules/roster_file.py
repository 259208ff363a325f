"""roster.csv and employees_summary.csv agree with the roster they describe: each shift's
paid_minutes and site, and per employee the shifts, paid minutes, seats and loaner kit."""

from __future__ import annotations

from pathlib import Path

from ...errors import ProblemList
from ...roster.model import Roster
from ...scenario.model import Scenario
from ...scenario.tables import read_table
from ..common import paid_minutes, violation
from ..verdict import Violation


def check_roster_file(sc: Scenario, roster: Roster, directory: str | Path) -> list:
    out = []
    problems = ProblemList()
    frame = read_table(Path(directory) / "roster.csv", ["employee_id"], problems)
    rows = {} if frame is None else {r["_line"]: r for r in frame.to_dict("records")}
    for shift in roster.shifts:
        row = rows.get(shift.line)
        if row is None:
            continue
        paid = paid_minutes(sc, shift)
        if row.get("paid_minutes", "") not in ("", str(paid)):
            out.append(violation(sc, "paid_minutes", shift, shift.start,
                                 f"roster.csv line {shift.line}: paid_minutes "
                                 f"{row['paid_minutes']}, the shift's breaks give {paid}",
                                 f"set paid_minutes to {paid}"))
        site = sc.employee(shift.employee_id).site
        if row.get("site", "") not in ("", site):
            out.append(violation(sc, "paid_minutes", shift, shift.start,
                                 f"roster.csv line {shift.line}: site {row['site']}, the "
                                 f"employee's site is {site}", f"set site to {site}"))
    return out


def check_employees_summary(sc: Scenario, roster: Roster, directory: str | Path) -> list:
    path = Path(directory) / "employees_summary.csv"
    if not path.exists():
        return []
    problems = ProblemList()
    frame = read_table(path, ["employee_id"], problems)
    if frame is None:
        return [Violation("employees_summary", "", "", "", str(p), "fix the file")
                for p in problems.items]
    by_employee = roster.by_employee()
    out = []
    for row in frame.to_dict("records"):
        shifts = by_employee.get(row["employee_id"], [])
        remote = sum(s.seat == "remote" for s in shifts)
        e = sc.employee(row["employee_id"]) if row["employee_id"] in \
            {x.employee_id for x in sc.employees} else None
        expected = {"shifts": str(len(shifts)),
                    "paid_minutes": str(sum(paid_minutes(sc, s) for s in shifts)),
                    "remote_shifts": str(remote), "onsite_shifts": str(len(shifts) - remote)}
        if e is not None:
            expected["loaner_kit"] = "yes" if remote and not e.home_kit else "no"
        for column, value in expected.items():
            if column in row and row[column] != "" and row[column] != value:
                out.append(Violation("employees_summary", row["employee_id"], "", "",
                                     f"employees_summary.csv line {row['_line']}: {column} "
                                     f"{row[column]}, the roster gives {value}",
                                     f"set {column} to {value}"))
    return out
