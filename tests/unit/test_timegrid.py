"""The interval grid and local times, DST days included."""

from __future__ import annotations

from datetime import date

import pytest

from wfm.api import load, staff
from wfm.errors import InputError
from wfm.scenario import TimeGrid

from ..builders import write_scenario


def test_plain_week_has_672_quarter_hours():
    grid = TimeGrid("Asia/Shanghai", date(2020, 1, 27), 7, 15)
    assert grid.n_intervals == 672
    assert grid.label(0) == "2020-01-27T00:00+08:00"
    assert grid.label(671 * 15) == "2020-02-02T23:45+08:00"
    assert grid.parse_timestamp("2020-01-27 08:00") == 480
    assert grid.parse_timestamp("2020-01-27T08:00+08:00") == 480
    assert grid.parse_timestamp("2020-01-27T00:00Z") == 480
    assert grid.weekday(0) == "mon"


def test_spring_forward_day_has_23_hours():
    grid = TimeGrid("Europe/Berlin", date(2021, 3, 28), 2, 15)
    assert grid.day_start == [0, 23 * 60, 47 * 60]
    assert grid.n_intervals == 92 + 96
    labels = grid.interval_labels()
    assert labels[7] == "2021-03-28T01:45+01:00"
    assert labels[8] == "2021-03-28T03:00+02:00"  # 02:00-02:59 does not exist
    assert grid.parse_timestamp("2021-03-28T03:00") == 120
    with pytest.raises(ValueError, match="does not exist"):
        grid.parse_timestamp("2021-03-28T02:30")
    assert grid.wall_to_minute(0, 2, 30) is None
    assert grid.wall_to_minute(0, 6, 0) == 5 * 60  # 6 wall hours, 5 elapsed


def test_fall_back_day_has_25_hours_and_repeats_an_hour():
    grid = TimeGrid("Europe/Berlin", date(2021, 10, 31), 1, 15)
    assert grid.total_minutes == 25 * 60
    assert grid.n_intervals == 100
    labels = grid.interval_labels()
    assert labels[8] == "2021-10-31T02:00+02:00"
    assert labels[12] == "2021-10-31T02:00+01:00"  # the same wall time, an hour later
    assert grid.parse_timestamp("2021-10-31T02:00") == 120  # first occurrence
    assert grid.parse_timestamp("2021-10-31T02:00+01:00") == 180
    assert len(set(labels)) == 100


def test_dst_scenario_staffs_the_repeated_hour(tmp_path):
    volume = "interval_start,queue,contacts\n" \
             "2021-10-31T02:00,general,30\n" \
             "2021-10-31T02:00+01:00,general,60\n"
    root = write_scenario(tmp_path / "dst", tz="Europe/Berlin", start="2021-10-31",
                          files={"volume.csv": volume})
    sc = load(root)
    req = staff(sc)
    frame = req.to_frame()
    assert len(frame) == 100
    first = frame[frame.interval_start == "2021-10-31T02:00+02:00"].iloc[0]
    second = frame[frame.interval_start == "2021-10-31T02:00+01:00"].iloc[0]
    assert first.contacts == 30 and second.contacts == 60
    assert second.agents_required > first.agents_required > 0
    assert frame.agents_required.sum() == first.agents_required + second.agents_required


def test_nonexistent_local_time_in_volume_is_an_error(tmp_path):
    volume = "interval_start,queue,contacts\n2021-03-28T02:15,general,5\n"
    root = write_scenario(tmp_path / "gap", tz="Europe/Berlin", start="2021-03-28",
                          files={"volume.csv": volume})
    with pytest.raises(InputError) as err:
        load(root)
    assert "volume.csv:2: interval_start:" in str(err.value)
    assert "does not exist" in str(err.value)
