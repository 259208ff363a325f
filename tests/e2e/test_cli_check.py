"""`wfm check`: exit 0 when clean, 1 on a violation (named), 2 on a malformed roster."""

from __future__ import annotations

import pandas as pd
from typer.testing import CliRunner

from wfm.api import load
from wfm.check import check_roster
from wfm.cli.main import app
from wfm.roster import Roster, RosterShift, Segment

from ..unit.test_check_rules import base, shift, write
from ..unit.test_check_rules import sc as _sc

sc = _sc


def test_clean_exit_0(sc, tmp_path):
    root = write(tmp_path / "r", sc, base())
    result = CliRunner().invoke(app, ["check", sc.directory, str(root)])
    assert result.exit_code == 0, result.output
    assert "clean: 14 shifts" in result.output


def test_violation_exit_1_and_csv(sc, tmp_path):
    root = write(tmp_path / "r", sc, [*base(), shift("E1", 5, 8)])
    out = tmp_path / "violations.csv"
    result = CliRunner().invoke(app, ["check", sc.directory, str(root), "--out", str(out)])
    assert result.exit_code == 1
    assert "min_days_off_per_week" in result.output
    frame = pd.read_csv(out)
    assert set(frame.columns) == {"rule", "employee_id", "date", "time", "message", "fix"}
    assert (frame.rule == "min_days_off_per_week").any()


def test_malformed_roster_exit_2(sc, tmp_path):
    root = write(tmp_path / "r", sc, base())
    frame = pd.read_csv(root / "roster.csv")
    frame.loc[2, "seat"] = "office"
    (root / "roster.csv").write_text(frame.to_csv(index=False))
    result = CliRunner().invoke(app, ["check", sc.directory, str(root)])
    assert result.exit_code == 2
    assert f"{root / 'roster.csv'}:4: seat:" in result.stderr


DST_TOML = """timezone = "Europe/Berlin"
[horizon]
start = 2021-10-30
days = 2
interval_minutes = 15
[[queues]]
name = "general"
aht_seconds = 300
service_level = 0.8
answer_seconds = 20
[[sites]]
name = "hq"
seats = 5
[[shifts]]
name = "night"
earliest_start = "22:00"
latest_start = "22:00"
lengths_minutes = [600]
"""


def test_dst_night_shift_is_elapsed_minutes(tmp_path):
    """A 600-minute night shift across the repeated hour ends at 07:00 wall clock."""
    root = tmp_path / "dst"
    root.mkdir()
    (root / "scenario.toml").write_text(DST_TOML)
    (root / "employees.csv").write_text("employee_id,name,site,skills,remote\nE1,A,hq,general,no\n")
    scenario = load(root)
    start = scenario.grid.wall_to_minute(0, 22, 0)
    good = RosterShift(employee_id="E1", day=0, start=start, end=start + 600, seat="onsite",
                       segments=(Segment(start=start, end=start + 600, activity="work",
                                         queue="general"),))
    assert scenario.grid.label(good.end) == "2021-10-31T07:00+01:00"
    assert check_roster(scenario, Roster(shifts=[good])).ok
    wall_ten_hours = scenario.grid.wall_to_minute(1, 8, 0)  # 08:00 wall = 11 elapsed hours
    long = good.model_copy(update={"end": wall_ten_hours, "segments": (
        Segment(start=start, end=wall_ten_hours, activity="work", queue="general"),)})
    verdict = check_roster(scenario, Roster(shifts=[long]))
    assert [v.rule for v in verdict.violations] == ["shift_catalogue"]
    assert "660-minute" in verdict.violations[0].message
