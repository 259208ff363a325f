"""roster.csv and activities.csv: to and from a roster directory (FORMAT.md).

Reading is strict about *format* (columns, timestamps, known people, seat and activity
words: exit 2 with file:line) and lenient about *rules*: an activity outside every shift
is kept as an orphan for `wfm check` to report, not rejected here.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from ..errors import ProblemList
from ..scenario.model import Scenario
from ..scenario.tables import parse_number, read_table
from .model import Roster, RosterShift, Segment

ROSTER_FILE = "roster.csv"
ACTIVITIES_FILE = "activities.csv"
ROSTER_COLUMNS = ["employee_id", "name", "date", "start", "end", "seat", "site", "paid_minutes"]
ACTIVITY_COLUMNS = ["employee_id", "start", "end", "activity", "queue"]


def paid_minutes(scenario: Scenario, shift: RosterShift) -> int:
    """Shift length less its unpaid breaks (the i-th break segment is the rule's i-th break)."""
    rule = scenario.config.break_rule_for(shift.length)
    pauses = [s for s in sorted(shift.segments, key=lambda s: s.start) if s.activity != "work"]
    unpaid = 0
    for i, seg in enumerate(pauses):
        spec = rule.breaks[i] if rule is not None and i < len(rule.breaks) else None
        if spec is not None and not spec.paid:
            unpaid += seg.end - seg.start
    return shift.length - unpaid


def roster_frame(scenario: Scenario, roster: Roster) -> pd.DataFrame:
    grid = scenario.grid
    rows = []
    for s in sorted(roster.shifts, key=lambda s: (s.start, s.employee_id)):
        e = scenario.employee(s.employee_id)
        rows.append({
            "employee_id": s.employee_id, "name": e.name,
            "date": grid.date_of_index(s.day).isoformat(),
            "start": grid.label(s.start), "end": grid.label(s.end), "seat": s.seat,
            "site": e.site, "paid_minutes": paid_minutes(scenario, s),
            "length_minutes": s.length})
    return pd.DataFrame(rows, columns=[*ROSTER_COLUMNS, "length_minutes"])


def activities_frame(scenario: Scenario, roster: Roster) -> pd.DataFrame:
    grid = scenario.grid
    rows = []
    for s in sorted(roster.shifts, key=lambda s: (s.start, s.employee_id)):
        for seg in sorted(s.segments, key=lambda g: g.start):
            rows.append({
                "employee_id": s.employee_id, "start": grid.label(seg.start),
                "end": grid.label(seg.end), "activity": seg.activity, "queue": seg.queue or "",
                "date": grid.date_of_index(s.day).isoformat()})
    return pd.DataFrame(rows, columns=[*ACTIVITY_COLUMNS, "date"])


def read_roster(scenario: Scenario,
                directory: str | Path) -> tuple[Roster, list[tuple[str, Segment]]]:
    """The shifts of a roster directory with their segments, and orphan segments."""
    root = Path(directory)
    problems = ProblemList()
    if not root.is_dir():
        problems.add(str(root), 0, "", "roster directory does not exist")
        problems.raise_if_any()
    shifts = _read_shifts(scenario, root / ROSTER_FILE, problems)
    segments = _read_segments(scenario, root / ACTIVITIES_FILE, problems)
    problems.raise_if_any()
    by_employee: dict[str, list[dict]] = {}
    for shift in shifts:
        by_employee.setdefault(shift["employee_id"], []).append({**shift, "segments": []})
    orphans: list[tuple[str, Segment]] = []
    for employee_id, seg in segments:
        home = next((s for s in by_employee.get(employee_id, [])
                     if s["start"] <= seg.start and seg.end <= s["end"]), None)
        if home is None:
            orphans.append((employee_id, seg))
        else:
            home["segments"].append(seg)
    roster = Roster(shifts=[
        RosterShift(**{**s, "segments": tuple(sorted(s["segments"], key=lambda g: g.start))})
        for rows in by_employee.values() for s in rows])
    return roster, orphans


def _time(scenario: Scenario, text: str, report, column: str) -> int | None:
    try:
        return scenario.grid.parse_timestamp(text)
    except ValueError as exc:
        report(column, str(exc))
        return None


def _read_shifts(scenario: Scenario, path: Path, problems: ProblemList) -> list[dict]:
    frame = read_table(path, ["employee_id", "date", "start", "end", "seat"], problems)
    if frame is None:
        return []
    known = {e.employee_id for e in scenario.employees}
    out = []
    for row in frame.to_dict("records"):
        line = row["_line"]

        def report(column: str, message: str, line=line) -> None:
            problems.add(str(path), line, column, message)

        before = len(problems.items)
        if row["employee_id"] not in known:
            report("employee_id", f"unknown employee {row['employee_id']!r}")
        day = None
        try:
            day = scenario.grid.date_index(date.fromisoformat(row["date"]))
            if day is None:
                report("date", f"{row['date']} is outside the horizon")
        except ValueError:
            report("date", f"{row['date']!r} is not a date like 2020-01-27")
        start = _time(scenario, row["start"], report, "start")
        end = _time(scenario, row["end"], report, "end")
        if start is not None and end is not None and end <= start:
            report("end", "is not after start")
        seat = row["seat"].lower()
        if seat not in ("onsite", "remote"):
            report("seat", f"{row['seat']!r} must be onsite or remote")
        if "paid_minutes" in row and row["paid_minutes"] != "":
            try:
                parse_number(row["paid_minutes"], integer=True)
            except ValueError as exc:
                report("paid_minutes", str(exc))
        if len(problems.items) == before:
            out.append({"employee_id": row["employee_id"], "day": day, "start": start,
                        "end": end, "seat": seat, "line": line})
    return out


def _read_segments(scenario: Scenario, path: Path,
                   problems: ProblemList) -> list[tuple[str, Segment]]:
    frame = read_table(path, ACTIVITY_COLUMNS, problems)
    if frame is None:
        return []
    known = {e.employee_id for e in scenario.employees}
    queues = set(scenario.queue_names)
    out = []
    for row in frame.to_dict("records"):
        line = row["_line"]

        def report(column: str, message: str, line=line) -> None:
            problems.add(str(path), line, column, message)

        before = len(problems.items)
        if row["employee_id"] not in known:
            report("employee_id", f"unknown employee {row['employee_id']!r}")
        start = _time(scenario, row["start"], report, "start")
        end = _time(scenario, row["end"], report, "end")
        if start is not None and end is not None and end <= start:
            report("end", "is not after start")
        kind = row["activity"].lower()
        if kind not in ("work", "break", "lunch"):
            report("activity", f"{row['activity']!r} must be work, break or lunch")
        queue = row["queue"] or None
        if queue is not None and queue not in queues:
            report("queue", f"unknown queue {queue!r}")
        if len(problems.items) == before:
            out.append((row["employee_id"], Segment(start=start, end=end, activity=kind,
                                                    queue=queue, line=line)))
    return out
