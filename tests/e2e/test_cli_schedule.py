"""`wfm schedule` then `wfm check` and `wfm simulate` on its roster, as a user runs them."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from wfm.cli.main import app

from ..schedule_builders import START, scenario

ROSTER_FILES = {
    "roster.csv": ["employee_id", "name", "date", "start", "end", "seat", "site",
                   "paid_minutes"],
    "activities.csv": ["employee_id", "start", "end", "activity", "queue"],
    "coverage.csv": ["interval_start", "queue", "required", "scheduled", "shortfall",
                     "surplus", "service_level", "abandon_rate", "asa_seconds", "occupancy"],
    "employees_summary.csv": ["employee_id", "name", "shifts", "paid_minutes",
                              "remote_shifts", "onsite_shifts", "loaner_kit"],
}
SUMMARY_KEYS = {"status", "objective", "best_bound", "gap", "wall_seconds",
                "shortfall_agent_intervals", "surplus_agent_intervals", "paid_minutes"}
BREAKS = ('[[break_rules]]\nmin_shift_minutes = 480\nmax_shift_minutes = 480\n'
          'min_work_minutes = 60\nbreaks = [{ kind = "break", minutes = 15, earliest = 90, '
          'latest = 150 }, { kind = "lunch", minutes = 30, earliest = 180, latest = 300, '
          'paid = false }]\n')


def run(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """Eight people, two queues, two days; volume.csv gives the KPIs and the traffic."""
    root = tmp_path_factory.mktemp("small") / "scenario"
    people = [{"employee_id": f"E{i}", "skills": "general;billing" if i % 2 else "general",
               "remote": "yes"} for i in range(8)]
    demand = {(q, d, h): n for d in range(2) for h in range(8, 20)
              for q, n in (("general", 3), ("billing", 1))}
    scenario(root, days=2, queues=("general", "billing"), employees=people, demand=demand,
             break_rules=BREAKS, seats=4, remote_seats=8,
             labor="min_rest_minutes = 660\nmax_paid_minutes_per_day = 600\n")
    rows = ["interval_start,queue,contacts"]
    for (q, d, h), n in sorted(demand.items()):
        for quarter in range(4):
            stamp = f"{pd.Timestamp(START) + pd.Timedelta(days=d):%Y-%m-%d}T{h:02d}:" \
                    f"{15 * quarter:02d}"
            rows.append(f"{stamp},{q},{4.0 * n}")
    (root / "volume.csv").write_text("\n".join(rows) + "\n")
    return root


@pytest.fixture(scope="module")
def rosters(small, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    results = [run("schedule", small, "--out", out / name, "--time-limit", 20,
                   "--workers", 1, "--seed", 3, "--no-bound") for name in ("a", "b")]
    return out, results


def test_schedule_writes_the_format_files_and_checks_clean(small, rosters):
    out, results = rosters
    assert results[0].exit_code == 0, results[0].output
    assert "Independent check: clean" in results[0].output
    for name, columns in ROSTER_FILES.items():
        frame = pd.read_csv(out / "a" / name)
        assert columns == list(frame.columns[:len(columns)]), name
    summary = json.loads((out / "a" / "summary.json").read_text())
    assert SUMMARY_KEYS <= set(summary)
    assert summary["status"] in ("optimal", "feasible")
    roster = pd.read_csv(out / "a" / "roster.csv")
    assert set(roster.seat) <= {"onsite", "remote"}
    assert roster.groupby("date").seat.apply(lambda s: (s == "onsite").sum()).max() <= 4
    assert not list(out.glob("a/.*.tmp"))  # atomic writes leave no temporaries
    check = run("check", small, out / "a")
    assert check.exit_code == 0, check.output


def test_one_worker_and_a_seed_reproduce_the_files(rosters):
    out, results = rosters
    assert results[1].exit_code == 0
    for name in ROSTER_FILES:
        assert (out / "a" / name).read_text() == (out / "b" / name).read_text(), name
    a, b = (json.loads((out / n / "summary.json").read_text()) for n in ("a", "b"))
    timing = {k for k in a if "seconds" in k}
    assert {k: v for k, v in a.items() if k not in timing} == \
        {k: v for k, v in b.items() if k not in timing}


def test_simulate_writes_results_beside_the_roster(small, rosters):
    out, _ = rosters
    result = run("simulate", small, out / "a", "--replications", 3, "--seed", 1,
                 "--workers", 1)
    assert result.exit_code == 0, result.output
    assert "SL sim" in result.output
    frame = pd.read_csv(out / "a" / "simulation.csv")
    assert list(frame.columns[:10]) == [
        "interval_start", "queue", "offered", "answered", "abandoned", "service_level",
        "service_level_ci95", "abandon_rate", "asa_seconds", "occupancy"]
    assert len(frame) == 2 * 96 * 2  # every interval and queue of the horizon
    summary = json.loads((out / "a" / "simulation_summary.json").read_text())
    for key in ("service_level", "abandon_rate", "asa_seconds", "occupancy"):
        assert key in summary and f"{key}_ci95" in summary
        assert key in summary["queues"]["billing"]
    assert summary["replications"] == 3 and summary["seed"] == 1
    assert summary["horizon"]["offered"] > 0
    first = (out / "a" / "simulation.csv").read_text()
    again = run("simulate", small, out / "a", "--replications", 3, "--seed", 1)
    assert again.exit_code == 0
    assert (out / "a" / "simulation.csv").read_text() == first


def test_simulate_bad_roster_exit_2_writes_nothing(small, tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "roster.csv").write_text("employee_id,name,date,start,end,seat,site,"
                                       "paid_minutes\nE1,E1,2020-01-27,08:00,xx,onsite,hq,"
                                       "480\n")
    (broken / "activities.csv").write_text("employee_id,start,end,activity,queue\n")
    result = run("simulate", small, broken)
    assert result.exit_code == 2
    assert f"{broken / 'roster.csv'}:2:" in result.stderr
    assert not (broken / "simulation.csv").exists()


def test_contradiction_exit_3_names_person_and_rule(tmp_path):
    people = [{"employee_id": "E1", "min_paid_minutes_per_week": 2400},
              {"employee_id": "E2"}]
    off = [("E1", f"{pd.Timestamp(START) + pd.Timedelta(days=d):%Y-%m-%d}", "off", "", "")
           for d in range(3, 7)]
    root = scenario(tmp_path / "c", days=7, employees=people, availability=off,
                    demand={("general", 0, 9): 1})
    result = run("schedule", root, "--out", tmp_path / "out", "--time-limit", 10)
    assert result.exit_code == 3, result.output
    assert "E1" in result.stderr and "min_paid_minutes_per_week" in result.stderr
    assert "INFEASIBLE" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_break_windows_off_the_interval_grid_are_named(tmp_path):
    """A lunch window of 11:01-11:14 after an 08:00 start holds no 15-minute interval start;
    wfm places breaks on the grid, so it cannot roster that shift and says why: a note
    from validate and schedule, and the break rules named in a contradiction."""
    rules = ('[[break_rules]]\nmin_shift_minutes = 480\nmax_shift_minutes = 480\n'
             'breaks = [{ kind = "lunch", minutes = 30, earliest = 181, latest = 194, '
             'paid = false }]\n')
    shifts = ('[[shifts]]\nname = "day"\nearliest_start = "08:00"\nlatest_start = "08:00"\n'
              'lengths_minutes = [480]\n')
    demand = {("general", 0, h): 1 for h in range(8, 16)}
    free = scenario(tmp_path / "free", employees=[{"employee_id": "E1"}], demand=demand,
                    shifts=shifts, break_rules=rules)
    validated = run("validate", free)
    assert validated.exit_code == 0 and "holds no 15-minute interval start" in \
        " ".join(validated.output.split())
    result = run("schedule", free, "--out", tmp_path / "out", "--time-limit", 5)
    assert result.exit_code == 0, result.output
    notes = json.loads((tmp_path / "out" / "summary.json").read_text())["notes"]
    assert len(notes) == 1 and "day 480 min" in notes[0]
    bound = scenario(tmp_path / "bound", employees=[{"employee_id": "E1",
                                                     "min_paid_minutes_per_week": 2100}],
                     demand=demand, shifts=shifts, break_rules=rules)
    result = run("schedule", bound, "--out", tmp_path / "out2", "--time-limit", 5)
    assert result.exit_code == 3, result.output
    assert "E1" in result.stderr and "break_rules" in result.stderr
    assert not (tmp_path / "out2").exists()


def test_schedule_fails_loudly_when_its_own_roster_breaks_a_rule(small, tmp_path,
                                                                 monkeypatch):
    """The independent check runs on wfm's own output: a scheduler bug (simulated here by
    dropping a shift's breaks, leaving gaps) exits 1 and says so."""
    from wfm import api
    real = api.schedule

    def buggy(*args, **kwargs):
        result = real(*args, **kwargs)
        first, *rest = result.roster.shifts
        broken = first.model_copy(update={"segments": tuple(
            s for s in first.segments if s.activity == "work")})
        result.roster = result.roster.model_copy(update={"shifts": [broken, *rest]})
        return result

    monkeypatch.setattr(api, "schedule", buggy)
    result = run("schedule", small, "--out", tmp_path / "bug", "--time-limit", 5,
                 "--workers", 1)
    assert result.exit_code == 1
    assert "bug in wfm" in result.stderr
    assert "VIOLATIONS" in result.output


def test_simulate_without_a_forecast_exit_2(tmp_path):
    root = scenario(tmp_path / "s", employees=[{"employee_id": "E1"}],
                    demand={("general", 0, 9): 1})
    result = run("simulate", root, tmp_path)
    assert result.exit_code == 2
    assert f"{root / 'volume.csv'}:0:" in result.stderr
    assert not (tmp_path / "simulation.csv").exists()
