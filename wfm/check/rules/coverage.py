"""coverage.csv: recomputed from activities.csv and compared. `scheduled` counts, per
interval and queue, the people whose work for that queue (adjacent segments of one person
and queue taken together) covers the whole interval; `required` is the scenario's
requirement; shortfall and surplus follow from the two."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ...errors import ProblemList
from ...roster.model import Roster
from ...scenario.model import Scenario
from ...scenario.tables import parse_number, read_table
from ...staffing.requirements import requirements_for_scheduling
from ..verdict import Violation

COLUMNS = ["interval_start", "queue", "required", "scheduled", "shortfall", "surplus"]


def recount(sc: Scenario, roster: Roster) -> np.ndarray:
    """People per [queue, interval] whose same-queue work covers the whole interval."""
    step = sc.grid.interval_minutes
    T = sc.grid.n_intervals
    queues = {q: i for i, q in enumerate(sc.queue_names)}
    counts = np.zeros((len(queues), T), dtype=np.int64)
    for shift in roster.shifts:
        runs: list[list] = []
        for seg in sorted(shift.segments, key=lambda s: s.start):
            if seg.activity != "work" or seg.queue not in queues:
                continue
            if runs and runs[-1][2] == seg.queue and runs[-1][1] == seg.start:
                runs[-1][1] = seg.end
            else:
                runs.append([seg.start, seg.end, seg.queue])
        for start, end, queue in runs:
            for t in range(max(0, -(-start // step)), min(T, end // step)):
                counts[queues[queue], t] += 1
    return counts


def check_coverage_file(sc: Scenario, roster: Roster, directory: str | Path) -> list:
    path = Path(directory) / "coverage.csv"
    problems = ProblemList()
    frame = read_table(path, COLUMNS, problems)
    out: list[Violation] = []
    if frame is None:
        for p in problems.items:
            out.append(Violation("coverage", "", "", "", f"{p}", "write coverage.csv"))
        return out
    scheduled = recount(sc, roster)
    required = requirements_for_scheduling(sc).agents_required
    queues = {q: i for i, q in enumerate(sc.queue_names)}
    seen = np.zeros(scheduled.shape, dtype=bool)
    for row in frame.to_dict("records"):
        where = f"coverage.csv line {row['_line']}"
        try:
            minute = sc.grid.parse_timestamp(row["interval_start"])
            t = minute // sc.grid.interval_minutes
            q = queues[row["queue"]]
            if not 0 <= t < sc.grid.n_intervals or minute % sc.grid.interval_minutes:
                raise ValueError("not an interval of the horizon")
            values = {c: parse_number(row[c], integer=True) for c in COLUMNS[2:]}
        except (ValueError, KeyError) as exc:
            out.append(Violation("coverage", "", "", row["interval_start"],
                                 f"{where}: cannot be read ({exc})", "fix the row"))
            continue
        seen[q, t] = True
        label = sc.grid.label(minute)
        expected = {"required": int(required[q, t]), "scheduled": int(scheduled[q, t])}
        expected["shortfall"] = max(expected["required"] - expected["scheduled"], 0)
        expected["surplus"] = max(expected["scheduled"] - expected["required"], 0)
        for column, value in expected.items():
            if values[column] != value:
                out.append(Violation("coverage", "", label[:10], label,
                                     f"{where}: {row['queue']} {column} is {values[column]}, "
                                     f"the roster gives {value}",
                                     f"set {column} to {value} (recomputed from activities.csv)"))
    missing = np.argwhere(~seen)
    if len(missing):
        q, t = missing[0]
        label = sc.grid.label(int(t) * sc.grid.interval_minutes)
        out.append(Violation("coverage", "", label[:10], label,
                             f"coverage.csv has no row for {len(missing)} interval-queue pairs "
                             f"(first: {sc.queue_names[q]} at {label})",
                             "write one row per interval and queue"))
    return out
