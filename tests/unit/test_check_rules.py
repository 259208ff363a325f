"""The independent checker: a clean hand-built roster passes, each planted violation is caught
by its own rule family, with the right person and date."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from wfm.api import load
from wfm.atomic import frame_to_csv
from wfm.check import check_directory, check_roster
from wfm.report.coverage import scheduled_counts
from wfm.report.roster_files import coverage_frame, employees_summary_frame
from wfm.roster import Roster, RosterShift, Segment, activities_frame, roster_frame
from wfm.staffing import requirements_for_scheduling

TOML = """name = "checker"
timezone = "Asia/Shanghai"

[horizon]
start = 2020-01-27
days = 7
interval_minutes = 15

[[queues]]
name = "general"
aht_seconds = 300
service_level = 0.8
answer_seconds = 20

[[queues]]
name = "fault"
aht_seconds = 300
service_level = 0.8
answer_seconds = 20

[[sites]]
name = "hq"
seats = 2

[remote]
seats = 2
loaner_kits = 1

[[shifts]]
name = "day"
earliest_start = "08:00"
latest_start = "10:00"
start_step_minutes = 60
lengths_minutes = [480]

[[shifts]]
name = "night"
earliest_start = "20:00"
latest_start = "22:00"
start_step_minutes = 60
lengths_minutes = [600]

[[break_rules]]
min_shift_minutes = 480
max_shift_minutes = 600
min_work_minutes = 60
breaks = [
  { kind = "break", minutes = 15, earliest = 90, latest = 150 },
  { kind = "lunch", minutes = 30, earliest = 210, latest = 270, paid = false },
  { kind = "break", minutes = 15, earliest = 330, latest = 390 },
]

[labor]
min_rest_minutes = 660
max_consecutive_days = 4
min_days_off_per_week = 3
max_paid_minutes_per_week = 2400
min_paid_minutes_per_week = 960
max_paid_minutes_per_day = 600
"""

EMPLOYEES = """employee_id,name,site,skills,remote,home_kit,max_paid_minutes_per_week
E1,Ann,hq,general,yes,yes,
E2,Bo,hq,general;fault,no,yes,
E3,Cy,hq,fault,only,no,
E4,Di,hq,general,yes,no,1440
"""

AVAILABILITY = """employee_id,date,kind,start,end
E1,2020-02-02,off,,
E2,2020-01-29,off,00:00,12:00
E4,2020-01-27,prefer_off,,
"""

DAY = 1440


@pytest.fixture()
def sc(tmp_path):
    root = tmp_path / "scenario"
    root.mkdir()
    (root / "scenario.toml").write_text(TOML)
    (root / "employees.csv").write_text(EMPLOYEES)
    (root / "availability.csv").write_text(AVAILABILITY)
    (root / "requirements.csv").write_text(
        "interval_start,queue,agents_required\n2020-01-27T10:00,general,1\n")
    return load(root)


def shift(employee_id, day, hour, queue="general", seat="onsite", length=480,
          pauses=((120, 15, "break"), (240, 30, "lunch"), (360, 15, "break"))):
    start = day * DAY + hour * 60
    segments, cursor = [], start
    for offset, minutes, kind in pauses:
        segments.append(Segment(start=cursor, end=start + offset, activity="work", queue=queue))
        segments.append(Segment(start=start + offset, end=start + offset + minutes, activity=kind))
        cursor = start + offset + minutes
    segments.append(Segment(start=cursor, end=start + length, activity="work", queue=queue))
    return RosterShift(employee_id=employee_id, day=day, start=start, end=start + length,
                       seat=seat, segments=tuple(segments))


def base() -> list[RosterShift]:
    return [
        *(shift("E1", d, 8) for d in (0, 1, 2, 3)),
        *(shift("E2", d, 9) for d in (0, 1, 3, 4)),
        *(shift("E3", d, 10, queue="fault", seat="remote") for d in (1, 2, 4)),
        *(shift("E4", d, 8) for d in (2, 5, 6)),
    ]


def write(directory: Path, sc, shifts: list[RosterShift]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    roster = Roster(shifts=shifts)
    req = requirements_for_scheduling(sc)
    scheduled = scheduled_counts(roster, sc.queue_names, sc.grid.n_intervals,
                                 sc.grid.interval_minutes)
    (directory / "roster.csv").write_text(frame_to_csv(roster_frame(sc, roster)))
    (directory / "activities.csv").write_text(frame_to_csv(activities_frame(sc, roster)))
    (directory / "coverage.csv").write_text(frame_to_csv(coverage_frame(sc, req, scheduled)))
    (directory / "employees_summary.csv").write_text(
        frame_to_csv(employees_summary_frame(sc, roster)))
    return directory


def caught(verdict, rule: str, employee_id: str, date: str) -> bool:
    return any(v.rule == rule and v.employee_id == employee_id and v.date == date
               for v in verdict.violations)


def test_clean_roster_passes(sc, tmp_path):
    verdict = check_directory(sc, write(tmp_path / "r", sc, base()))
    assert verdict.ok, verdict.violations
    assert verdict.shifts == 14
    assert {"tiling", "break_rules", "seats", "loaner_kits", "coverage"} <= set(verdict.rules)


def replace(shifts, employee_id, day, new):
    return [s for s in shifts if not (s.employee_id == employee_id and s.day == day)] + new


def test_min_rest(sc):
    shifts = replace(base(), "E1", 1, [shift("E1", 1, 20, length=600)])
    verdict = check_roster(sc, Roster(shifts=shifts))
    assert caught(verdict, "min_rest_minutes", "E1", "2020-01-29")
    assert verdict.per_rule() == {"min_rest_minutes": 1}


def test_site_seats_capped(sc):
    shifts = [*base(), shift("E4", 0, 8)]  # a third person on-site on Monday morning
    verdict = check_roster(sc, Roster(shifts=shifts))
    assert any(v.rule == "seats" and v.date == "2020-01-27" and "3 people" in v.message
               for v in verdict.violations)


def test_remote_seats_capped(sc):
    shifts = replace(base(), "E1", 1, [shift("E1", 1, 8, seat="remote")])
    shifts = [*shifts, shift("E4", 1, 9, seat="remote")]
    verdict = check_roster(sc, Roster(shifts=shifts))
    assert any(v.rule == "seats" and "remote seats" in v.message for v in verdict.violations)


def test_seat_must_match_remote_flag(sc):
    shifts = replace(base(), "E2", 0, [shift("E2", 0, 9, seat="remote")])
    verdict = check_roster(sc, Roster(shifts=shifts))
    assert caught(verdict, "seats", "E2", "2020-01-27")


def test_loaner_kits(sc):
    shifts = replace(base(), "E4", 5, [shift("E4", 5, 8, seat="remote")])
    verdict = check_roster(sc, Roster(shifts=shifts))
    assert caught(verdict, "loaner_kits", "E4", "2020-02-01")
    assert not any(v.rule == "loaner_kits" and v.employee_id == "E3" for v in verdict.violations)


def test_break_window(sc):
    early = shift("E1", 0, 8, pauses=((30, 15, "break"), (240, 30, "lunch"), (360, 15, "break")))
    verdict = check_roster(sc, Roster(shifts=replace(base(), "E1", 0, [early])))
    assert caught(verdict, "break_rules", "E1", "2020-01-27")
    assert any("30 minutes into" in v.message for v in verdict.violations)


def test_break_order_and_length(sc):
    swapped = shift("E1", 0, 8, pauses=((120, 30, "lunch"), (240, 15, "break"),
                                        (360, 15, "break")))
    verdict = check_roster(sc, Roster(shifts=replace(base(), "E1", 0, [swapped])))
    assert caught(verdict, "break_rules", "E1", "2020-01-27")
    missing = shift("E1", 0, 8, pauses=((120, 15, "break"), (240, 30, "lunch")))
    verdict = check_roster(sc, Roster(shifts=replace(base(), "E1", 0, [missing])))
    assert any("2 breaks" in v.message for v in verdict.violations)


def test_tiling_gap_and_overlap(sc):
    good = shift("E1", 0, 8)
    gap = good.model_copy(update={"segments": good.segments[1:]})
    verdict = check_roster(sc, Roster(shifts=replace(base(), "E1", 0, [gap])))
    assert caught(verdict, "tiling", "E1", "2020-01-27")
    first = good.segments[0]
    overlap = good.model_copy(update={"segments": (
        first.model_copy(update={"end": first.end + 10}), *good.segments[1:])})
    verdict = check_roster(sc, Roster(shifts=replace(base(), "E1", 0, [overlap])))
    assert any(v.rule == "tiling" and "overlap" in v.message for v in verdict.violations)


def test_work_without_queue_and_break_with_queue(sc):
    good = shift("E1", 0, 8)
    segments = list(good.segments)
    segments[0] = segments[0].model_copy(update={"queue": None})
    segments[1] = segments[1].model_copy(update={"queue": "general"})
    verdict = check_roster(sc, Roster(shifts=replace(
        base(), "E1", 0, [good.model_copy(update={"segments": tuple(segments)})])))
    messages = [v.message for v in verdict.violations if v.rule == "tiling"]
    assert any("names no queue" in m for m in messages)
    assert any("names a queue" in m for m in messages)


def test_wrong_skill(sc):
    shifts = replace(base(), "E1", 0, [shift("E1", 0, 8, queue="fault")])
    verdict = check_roster(sc, Roster(shifts=shifts))
    assert caught(verdict, "skills", "E1", "2020-01-27")


def test_weekly_maximum_with_override(sc):
    shifts = [*base(), shift("E4", 0, 8, seat="onsite")]
    shifts = [s for s in shifts if not (s.employee_id == "E1" and s.day == 0)]
    verdict = check_roster(sc, Roster(shifts=shifts))
    assert any(v.rule == "max_paid_minutes_per_week" and v.employee_id == "E4"
               and "1800" in v.message for v in verdict.violations)


def test_weekly_minimum(sc):
    shifts = [s for s in base() if not (s.employee_id == "E2" and s.day in (1, 3, 4))]
    verdict = check_roster(sc, Roster(shifts=shifts))
    assert any(v.rule == "min_paid_minutes_per_week" and v.employee_id == "E2"
               and "450 paid minutes" in v.message for v in verdict.violations)


def test_days_off(sc):
    shifts = [*base(), shift("E1", 5, 8)]
    verdict = check_roster(sc, Roster(shifts=shifts))
    assert caught(verdict, "min_days_off_per_week", "E1", "2020-02-01")


def test_max_consecutive_days(sc):
    shifts = [*base(), shift("E1", 4, 8)]
    verdict = check_roster(sc, Roster(shifts=shifts))
    assert caught(verdict, "max_consecutive_days", "E1", "2020-01-31")


def test_availability_day_and_window(sc):
    shifts = [*base(), shift("E1", 6, 8)]
    verdict = check_roster(sc, Roster(shifts=shifts))
    assert caught(verdict, "availability", "E1", "2020-02-02")
    shifts = [*base(), shift("E2", 2, 9)]
    verdict = check_roster(sc, Roster(shifts=shifts))
    assert caught(verdict, "availability", "E2", "2020-01-29")


def test_preferences_are_not_violations(sc):
    shifts = [*base(), shift("E4", 0, 10)]  # E4 prefers Monday off; also 3 on-site at 10:00
    verdict = check_roster(sc, Roster(shifts=shifts))
    assert not any(v.rule == "availability" for v in verdict.violations)


def test_shift_catalogue(sc):
    off_grid = shift("E1", 0, 8).model_copy(update={"start": 8 * 60 + 10,
                                                    "end": 8 * 60 + 10 + 480})
    verdict = check_roster(sc, Roster(shifts=replace(base(), "E1", 0, [off_grid])))
    assert caught(verdict, "shift_catalogue", "E1", "2020-01-27")
    verdict = check_roster(sc, Roster(shifts=replace(base(), "E1", 0,
                                                     [shift("E1", 0, 8, length=540)])))
    assert caught(verdict, "shift_catalogue", "E1", "2020-01-27")


def test_one_shift_per_date(sc):
    shifts = [*base(), shift("E1", 0, 20, length=600)]
    verdict = check_roster(sc, Roster(shifts=shifts))
    assert caught(verdict, "one_shift_per_date", "E1", "2020-01-27")


def test_coverage_mismatch(sc, tmp_path):
    root = write(tmp_path / "r", sc, base())
    frame = pd.read_csv(root / "coverage.csv")
    row = frame.index[(frame.interval_start == "2020-01-27T11:30+08:00")
                      & (frame.queue == "general")][0]
    assert frame.loc[row, "scheduled"] == 2
    frame.loc[row, "scheduled"] = 5
    (root / "coverage.csv").write_text(frame.to_csv(index=False))
    verdict = check_directory(sc, root)
    assert any(v.rule == "coverage" and "scheduled is 5" in v.message
               for v in verdict.violations)


def test_roster_paid_minutes_column(sc, tmp_path):
    root = write(tmp_path / "r", sc, base())
    frame = pd.read_csv(root / "roster.csv")
    assert (frame.paid_minutes == 450).all()
    frame.loc[0, "paid_minutes"] = 480
    (root / "roster.csv").write_text(frame.to_csv(index=False))
    verdict = check_directory(sc, root)
    assert [v.rule for v in verdict.violations] == ["paid_minutes"]


def test_hand_edited_swap_passes(sc, tmp_path):
    """Ann and Bo swap their Monday shifts (same skill, both on-site): still clean."""
    shifts = [s for s in base() if not (s.day == 0 and s.employee_id in ("E1", "E2"))]
    shifts += [shift("E1", 0, 9), shift("E2", 0, 8)]
    verdict = check_directory(sc, write(tmp_path / "r", sc, shifts))
    assert verdict.ok, verdict.violations


def test_orphan_activity(sc, tmp_path):
    root = write(tmp_path / "r", sc, base())
    with (root / "activities.csv").open("a") as handle:
        handle.write("E1,2020-01-31T08:00+08:00,2020-01-31T09:00+08:00,work,general,\n")
    verdict = check_directory(sc, root)
    assert any(v.rule == "tiling" and "outside every shift" in v.message
               for v in verdict.violations)
