"""Generate call-center scenarios in the FORMAT.md layout, from the figures of CONTEXT.md.

A 7x24 hotline: queues with intraday peaks at 10:00 and 15:00, quiet nights, VIP, elderly
and language lines; a site with capped desks, remote seats and a pool of loaner kits;
people with skills, home-office eligibility (`remote = no` after a quality withdrawal,
`remote = only` when stranded far away) and some without home equipment; break and PRC
labor rules. Volume is scaled so that the agent-hours required are `--load` times what the
staff can give on the phones (1.0 = just enough, 1.5 = an overloaded surge week).

    python benchmarks/generate.py --people 435 --days 7 --queues 3 --out /tmp/s435
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from wfm.scenario.timegrid import TimeGrid

QUEUES = [
    # name, aht, service level, answer s, patience s, max abandon, priority, share of volume
    ("general", 240, 0.80, 20, 150, 0.012, 1.0, 0.55),
    ("fault", 360, 0.80, 30, 240, None, 1.0, 0.25),
    ("vip", 300, 0.90, 15, None, None, 3.0, 0.08),
    ("elderly", 420, 0.85, 20, None, None, 2.0, 0.06),
    ("business", 300, 0.80, 30, 180, None, 1.0, 0.10),
    ("english", 360, 0.70, 60, None, None, 1.5, 0.02),
    ("text", 600, 0.80, 120, None, None, 0.5, 0.05),
    ("video", 480, 0.80, 30, 120, None, 1.5, 0.02),
]

TOML_TEMPLATE = """name = "{name}"
timezone = "{tz}"

[horizon]
start = {start}
days = {days}
interval_minutes = {step}

{queues}
[staffing]
shrinkage = {shrinkage}

[[sites]]
name = "hq"
seats = {seats}

[remote]
seats = {remote_seats}
loaner_kits = {kits}

[[shifts]]
name = "early"
earliest_start = "06:00"
latest_start = "08:30"
start_step_minutes = 30
lengths_minutes = [480, 540]

[[shifts]]
name = "day"
earliest_start = "09:00"
latest_start = "12:00"
start_step_minutes = 30
lengths_minutes = [480, 540]

[[shifts]]
name = "late"
earliest_start = "13:00"
latest_start = "16:00"
start_step_minutes = 30
lengths_minutes = [480]

[[shifts]]
name = "night"
earliest_start = "21:00"
latest_start = "23:00"
start_step_minutes = 60
lengths_minutes = [600]

[[shifts]]
name = "overnight"
earliest_start = "00:00"
latest_start = "01:00"
start_step_minutes = 60
lengths_minutes = [480]

[[break_rules]]
min_shift_minutes = 420
max_shift_minutes = 540
min_work_minutes = 60
breaks = [
  {{ kind = "break", minutes = 15, earliest = 90,  latest = 165 }},
  {{ kind = "lunch", minutes = 30, earliest = 180, latest = 300, paid = false }},
  {{ kind = "break", minutes = 15, earliest = 330, latest = 420 }},
]

[[break_rules]]
min_shift_minutes = 541
max_shift_minutes = 660
min_work_minutes = 60
breaks = [
  {{ kind = "break", minutes = 15, earliest = 90,  latest = 180 }},
  {{ kind = "lunch", minutes = 30, earliest = 240, latest = 360, paid = false }},
  {{ kind = "break", minutes = 15, earliest = 420, latest = 480 }},
]

[labor]
min_rest_minutes = 660
max_consecutive_days = 6
min_days_off_per_week = 2
max_paid_minutes_per_week = 2400
min_paid_minutes_per_week = {min_week}
max_paid_minutes_per_day = 600

[objective]
shortfall = 1000
overstaffing = 1
paid_minute = 0
preference = 10
"""


def queue_toml(queues) -> str:
    out = []
    for name, aht, sl, ans, patience, abandon, prio, _ in queues:
        out.append("[[queues]]")
        out.append(f'name = "{name}"')
        out.append(f"aht_seconds = {aht}")
        out.append(f"service_level = {sl}")
        out.append(f"answer_seconds = {ans}")
        if patience is not None:
            out.append(f"patience_seconds = {patience}")
        if abandon is not None:
            out.append(f"max_abandon_rate = {abandon}")
        out.append(f"priority = {prio}")
        out.append("")
    return "\n".join(out)


def intraday_shape(step: int) -> np.ndarray:
    """Relative contacts per interval of a day: quiet nights, peaks at 10:00 and 15:00."""
    hours = (np.arange(24 * 60 // step) * step + step / 2) / 60.0
    shape = (0.05 + 1.0 * np.exp(-0.5 * ((hours - 10.0) / 1.6) ** 2)
             + 0.85 * np.exp(-0.5 * ((hours - 15.0) / 2.0) ** 2)
             + 0.45 * np.exp(-0.5 * ((hours - 20.0) / 1.8) ** 2)
             + 0.25 * ((hours > 7) & (hours < 22)))
    return shape / shape.sum()


def volume_frame(queues, days: int, step: int, start: date, tz: str, daily: float,
                 rng: np.random.Generator) -> pd.DataFrame:
    grid = TimeGrid(tz, start, days, step)
    shape = intraday_shape(step)
    weekday_factor = [1.0, 0.97, 0.95, 0.95, 0.98, 0.8, 0.75]
    rows = []
    for d in range(days):
        day = start + timedelta(days=d)
        factor = weekday_factor[day.weekday()] * (1.0 + 0.04 * rng.standard_normal())
        # the day's intervals in elapsed time (23 or 25 hours on a day that changes clock),
        # each shaped by its local time of day
        minutes = range(grid.day_start[d], grid.day_start[d + 1], step)
        moments = [grid.instant(m) for m in minutes]
        slots = [min((m.hour * 60 + m.minute) // step, len(shape) - 1) for m in moments]
        for spec in queues:
            per_interval = daily * spec[7] * factor * shape[slots]
            noise = rng.gamma(40.0, 1 / 40.0, size=per_interval.size)
            for m, value in zip(minutes, per_interval * noise, strict=True):
                rows.append((grid.label(m), spec[0], round(float(value), 2)))
    return pd.DataFrame(rows, columns=["interval_start", "queue", "contacts"])


def employees_frame(queues, people: int, hours: np.ndarray,
                    rng: np.random.Generator) -> pd.DataFrame:
    """Primary skills in proportion to the hours each queue needs; 45% also take a second
    queue, and half of the specialists can also take general calls."""
    names = [q[0] for q in queues]
    weights = hours / hours.sum()
    rows = []
    for i in range(people):
        primary = names[rng.choice(len(names), p=weights)]
        skills = [primary]
        if rng.random() < 0.45:
            other = names[rng.choice(len(names), p=weights)]
            if other not in skills:
                skills.append(other)
        if "general" in names and "general" not in skills and rng.random() < 0.5:
            skills.append("general")
        roll = rng.random()
        remote = "no" if roll < 0.12 else ("only" if roll < 0.18 else "yes")
        home_kit = "no" if rng.random() < 0.22 else "yes"
        part_time = rng.random() < 0.08
        rows.append({
            "employee_id": f"E{i + 1:04d}", "name": f"Agent {i + 1:04d}", "site": "hq",
            "skills": ";".join(skills), "remote": remote, "home_kit": home_kit,
            "min_paid_minutes_per_week": 0 if part_time else "",
            "max_paid_minutes_per_week": 1440 if part_time else "",
            "max_days_per_week": 4 if part_time else "",
        })
    return pd.DataFrame(rows)


def availability_frame(employees: pd.DataFrame, days: int, start: date,
                       rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for emp in employees["employee_id"]:
        roll = rng.random()
        day = (start + timedelta(days=int(rng.integers(days)))).isoformat()
        if roll < 0.08:
            rows.append((emp, day, "off", "", ""))
        elif roll < 0.11:
            rows.append((emp, day, "off", "00:00", "13:00"))
        elif roll < 0.17:
            rows.append((emp, day, "prefer_off", "", ""))
        elif roll < 0.20:
            rows.append((emp, day, "prefer_on", "", ""))
    return pd.DataFrame(rows, columns=["employee_id", "date", "kind", "start", "end"])


def phone_hours_available(people: int, days: int) -> float:
    """About 4.6 shifts of 7 phone hours per person per week, after breaks and leave."""
    return people * 4.6 * 7.0 * days / 7.0


def scale_volume(directory: Path, target_hours: float) -> np.ndarray:
    """Scale contacts so that the agent-hours required hit the target; returns the hours
    each queue needs."""
    from wfm.api import load, staff

    volume = pd.read_csv(directory / "volume.csv")
    base = volume["contacts"].to_numpy()
    factor = 1.0
    for _ in range(12):
        volume["contacts"] = np.round(base * factor, 2)
        volume.to_csv(directory / "volume.csv", index=False)
        req = staff(load(directory))
        per_queue = req.agents_required.sum(axis=1) * req_step(directory) / 60.0
        hours = float(per_queue.sum())
        if abs(hours / target_hours - 1.0) < 0.01:
            break
        factor *= (target_hours / hours) ** 1.15
    return per_queue


def req_step(directory: Path) -> int:
    import tomllib
    return tomllib.loads((directory / "scenario.toml").read_text())["horizon"]["interval_minutes"]


def generate(out: Path, people: int, days: int, n_queues: int, seed: int, load: float,
             name: str | None = None, step: int = 15, tz: str = "Asia/Shanghai",
             start: date = date(2020, 1, 27)) -> None:
    rng = np.random.default_rng(seed)
    queues = QUEUES[:n_queues]
    out.mkdir(parents=True, exist_ok=True)
    seats = max(8, int(round(people * 0.28)))
    kits = max(4, int(round(people * 50 / 435)))
    toml = TOML_TEMPLATE.format(
        name=name or f"Hotline, {people} people, {days} days, {n_queues} queues",
        tz=tz, start=start.isoformat(), days=days, step=step, queues=queue_toml(queues),
        shrinkage=0.10, seats=seats, remote_seats=int(people * 0.9), kits=kits,
        min_week=1440)
    (out / "scenario.toml").write_text(toml)
    for stale in ("employees.csv", "availability.csv", "requirements.csv"):
        (out / stale).unlink(missing_ok=True)
    volume_frame(queues, days, step, start, tz, 1000.0, rng).to_csv(out / "volume.csv",
                                                                     index=False)
    hours = scale_volume(out, load * phone_hours_available(people, days))
    employees = employees_frame(queues, people, hours, rng)
    employees.to_csv(out / "employees.csv", index=False)
    availability_frame(employees, days, start, rng).to_csv(out / "availability.csv",
                                                            index=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=160)
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--queues", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--load", type=float, default=0.9,
                        help="agent-hours required / phone hours the staff can give")
    parser.add_argument("--name", default=None)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    generate(args.out, args.people, args.days, args.queues, args.seed, args.load, args.name)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
