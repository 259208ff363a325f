"""Tiny scheduling scenarios: a few people, a few days, one behaviour each."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from wfm.api import load, schedule
from wfm.scheduling import ScheduleOptions

START = date(2020, 1, 27)  # a Monday


def scenario(root: Path, *, days: int = 1, queues=("general",), employees: list[dict],
             demand: dict[tuple[str, int, int], int] | None = None,
             shifts: str | None = None, break_rules: str = "", labor: str = "",
             seats: int = 10, remote_seats: int = 10, kits: int = 0,
             availability: list[tuple] = (), objective: str = "") -> Path:
    """`demand[(queue, day, hour)] = agents` for every quarter-hour of that hour."""
    root.mkdir(parents=True, exist_ok=True)
    queue_toml = "\n".join(
        f'[[queues]]\nname = "{q}"\naht_seconds = 300\nservice_level = 0.8\n'
        f'answer_seconds = 20\n' for q in queues)
    shifts = shifts or ('[[shifts]]\nname = "day"\nearliest_start = "06:00"\n'
                        'latest_start = "14:00"\nstart_step_minutes = 60\n'
                        'lengths_minutes = [480]\n')
    (root / "scenario.toml").write_text(
        f'name = "test"\ntimezone = "Asia/Shanghai"\n\n[horizon]\nstart = {START}\n'
        f'days = {days}\ninterval_minutes = 15\n\n{queue_toml}\n[[sites]]\nname = "hq"\n'
        f'seats = {seats}\n\n[remote]\nseats = {remote_seats}\nloaner_kits = {kits}\n\n'
        f'{shifts}\n{break_rules}\n[labor]\n{labor}\n\n[objective]\n{objective}\n')
    columns = ["employee_id", "name", "site", "skills", "remote", "home_kit",
               "min_paid_minutes_per_week", "max_paid_minutes_per_week"]
    rows = [{"name": e["employee_id"], "site": "hq", "skills": "general", "remote": "no",
             "home_kit": "yes", **e} for e in employees]
    pd.DataFrame(rows).reindex(columns=columns).to_csv(root / "employees.csv", index=False)
    lines = ["interval_start,queue,agents_required"]
    for (queue, day, hour), agents in sorted((demand or {}).items()):
        for quarter in range(4):
            moment = f"{START + timedelta(days=day)}T{hour:02d}:{15 * quarter:02d}"
            lines.append(f"{moment},{queue},{agents}")
    (root / "requirements.csv").write_text("\n".join(lines) + "\n")
    if availability:
        frame = pd.DataFrame(availability, columns=["employee_id", "date", "kind", "start",
                                                    "end"])
        frame.to_csv(root / "availability.csv", index=False)
    return root


def solve(root: Path, time_limit: float = 20.0, seed: int = 0):
    """Schedule with one worker (deterministic) and return the result."""
    return schedule(load(root), ScheduleOptions(time_limit=time_limit, workers=1, seed=seed,
                                                bound=False))


def shifts_of(result, employee_id: str) -> list:
    return sorted((s for s in result.roster.shifts if s.employee_id == employee_id),
                  key=lambda s: s.start)


def hours(demand_hours, queue="general", agents=1, day=0) -> dict:
    return {(queue, day, h): agents for h in demand_hours}


def break_dip(root: Path) -> Path:
    """Two people, 8-hour shifts starting 06:00 or 07:00 (one each covers 06:00-15:00), a
    15-minute break 90-150 minutes in (07:30-08:30 and 08:30-09:30). Two agents are needed
    07:00-14:00 except at 08:45 and 09:00, one at 06:00-07:00 and 14:00-15:00: only the
    later break fits the dip, so the optimum is one agent-interval short."""
    shifts = ('[[shifts]]\nname = "day"\nearliest_start = "06:00"\nlatest_start = "07:00"\n'
              'start_step_minutes = 60\nlengths_minutes = [480]\n')
    rule = ('[[break_rules]]\nmin_shift_minutes = 480\nmax_shift_minutes = 480\n'
            'min_work_minutes = 60\nbreaks = [{ kind = "break", minutes = 15, earliest = 90, '
            'latest = 150 }]\n')
    scenario(root, employees=[{"employee_id": f"E{i}"} for i in range(2)], shifts=shifts,
             break_rules=rule, objective="overstaffing = 0\npaid_minute = 0\n")
    lines = ["interval_start,queue,agents_required"]
    for quarter in range(6 * 4, 15 * 4):
        hour, minute = divmod(15 * quarter, 60)
        need = 1 if hour in (6, 14) or (hour, minute) in ((8, 45), (9, 0)) else 2
        lines.append(f"{START}T{hour:02d}:{minute:02d},general,{need}")
    (root / "requirements.csv").write_text("\n".join(lines) + "\n")
    return root
