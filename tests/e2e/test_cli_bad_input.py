"""Every kind of bad input of FORMAT.md: exit 2, `file:line: key: message`, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from wfm.cli.main import app

GOOD_TOML = """name = "bad-input base"
timezone = "Asia/Shanghai"

[horizon]
start = 2020-01-27
days = 2
interval_minutes = 15

[[queues]]
name = "general"
aht_seconds = 300
service_level = 0.8
answer_seconds = 20
patience_seconds = 120
max_abandon_rate = 0.02

[[queues]]
name = "fault"
aht_seconds = 360
service_level = 0.8
answer_seconds = 30

[staffing]
shrinkage = 0.1

[[sites]]
name = "hq"
seats = 10

[remote]
seats = 10
loaner_kits = 2

[[shifts]]
name = "day"
earliest_start = "08:00"
latest_start = "10:00"
start_step_minutes = 30
lengths_minutes = [480]

[[break_rules]]
min_shift_minutes = 420
max_shift_minutes = 600
min_work_minutes = 60
breaks = [
  { kind = "break", minutes = 15, earliest = 90, latest = 180 },
  { kind = "lunch", minutes = 30, earliest = 180, latest = 300, paid = false },
]

[labor]
min_rest_minutes = 660
max_paid_minutes_per_week = 2400

[objective]
shortfall = 1000
"""

GOOD_VOLUME = """interval_start,queue,contacts,aht_seconds
2020-01-27T09:00,general,20,
2020-01-27T09:15,general,25,280
2020-01-27T09:00,fault,5,
"""

GOOD_EMPLOYEES = """employee_id,name,site,skills,remote,home_kit
E1,Ann,hq,general,yes,yes
E2,Bo,hq,general;fault,no,
E3,Cy,hq,fault,only,no
"""

GOOD_AVAILABILITY = """employee_id,date,kind,start,end
E1,2020-01-27,off,,
E2,2020-01-28,off,08:00,12:00
E3,2020-01-28,prefer_off,,
"""


def make(tmp_path: Path, **files) -> Path:
    root = tmp_path / "sc"
    root.mkdir(parents=True)
    contents = {"scenario.toml": GOOD_TOML, "volume.csv": GOOD_VOLUME,
                "employees.csv": GOOD_EMPLOYEES, "availability.csv": GOOD_AVAILABILITY}
    contents.update({k.replace("__", "."): v for k, v in files.items()})
    for name, text in contents.items():
        if text is None:
            continue
        if isinstance(text, bytes):
            (root / name).write_bytes(text)
        else:
            (root / name).write_text(text)
    return root


def run(root: Path, tmp_path: Path):
    out = tmp_path / "out" / "requirements.csv"
    result = CliRunner().invoke(app, ["staff", str(root), "--out", str(out)])
    return result, out


def test_good_scenario_passes(tmp_path):
    result, out = run(make(tmp_path), tmp_path)
    assert result.exit_code == 0, result.output
    assert out.exists()
    validated = CliRunner().invoke(app, ["validate", str(make(tmp_path / "v"))])
    assert validated.exit_code == 0, validated.output


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


CASES = [
    # name, files, expected "file:line:" and a word of the message
    ("missing scenario.toml", {"scenario__toml": None}, "scenario.toml:0:", "missing"),
    ("empty scenario.toml", {"scenario__toml": ""}, "scenario.toml:0:", "empty"),
    ("toml syntax", {"scenario__toml": _replace(GOOD_TOML, "days = 2", "days = = 2")},
     "scenario.toml:6:", "TOML"),
    ("unknown key", {"scenario__toml": _replace(GOOD_TOML, "answer_seconds = 30",
                                                "answer_seconds = 30\nanswer_secs = 3")},
     "scenario.toml:22: queues.1.answer_secs:", "unknown key"),
    ("missing required key", {"scenario__toml": _replace(GOOD_TOML, "aht_seconds = 360\n", "")},
     "scenario.toml:17: queues.1.aht_seconds:", "missing"),
    ("missing timezone", {"scenario__toml": _replace(GOOD_TOML, 'timezone = "Asia/Shanghai"\n',
                                                     "")},
     "scenario.toml:0: timezone:", "missing"),
    ("unknown timezone", {"scenario__toml": _replace(GOOD_TOML, "Asia/Shanghai", "Asia/Beijing")},
     "scenario.toml:2: timezone:", "time zone"),
    ("interval not allowed", {"scenario__toml": _replace(GOOD_TOML, "interval_minutes = 15",
                                                         "interval_minutes = 20")},
     "scenario.toml:7: horizon.interval_minutes:", "15"),
    ("negative aht", {"scenario__toml": _replace(GOOD_TOML, "aht_seconds = 300",
                                                 "aht_seconds = -300")},
     "scenario.toml:11: queues.0.aht_seconds:", "greater than 0"),
    ("abandon without patience", {"scenario__toml": _replace(
        GOOD_TOML, "answer_seconds = 30", "answer_seconds = 30\nmax_abandon_rate = 0.1")},
     "scenario.toml:17: queues.1:", "patience"),
    ("service level of 1", {"scenario__toml": _replace(GOOD_TOML, "service_level = 0.8",
                                                       "service_level = 1.0")},
     "scenario.toml:12: queues.0.service_level:", "less than 1"),
    ("duplicate queue", {"scenario__toml": _replace(GOOD_TOML, 'name = "fault"',
                                                    'name = "general"')},
     "scenario.toml:18: queues.name:", "twice"),
    ("shift window reversed", {"scenario__toml": _replace(GOOD_TOML, 'latest_start = "10:00"',
                                                          'latest_start = "07:00"')},
     "scenario.toml:34: shifts.0:", "earliest_start"),
    ("bad weekday", {"scenario__toml": _replace(GOOD_TOML, "lengths_minutes = [480]",
                                                'lengths_minutes = [480]\ndays = ["mon", "fry"]')},
     "scenario.toml:40: shifts.0.days:", "fry"),
    ("break window reversed", {"scenario__toml": _replace(GOOD_TOML, "earliest = 180, latest = 300",
                                                          "earliest = 300, latest = 180")},
     "scenario.toml:47: break_rules.0.breaks.1:", "latest"),
    ("breaks cannot fit", {"scenario__toml": _replace(GOOD_TOML, "earliest = 180, latest = 300",
                                                      "earliest = 440, latest = 450")},
     "scenario.toml:41: break_rules:", "cannot all fit"),
    ("overlapping break rules", {"scenario__toml": GOOD_TOML + """
[[break_rules]]
min_shift_minutes = 500
max_shift_minutes = 700
"""}, "scenario.toml:57: break_rules:", "overlap"),
    ("volume unknown queue", {"volume__csv": GOOD_VOLUME + "2020-01-27T09:00,vip,3,\n"},
     "volume.csv:5: queue:", "unknown queue"),
    ("volume negative contacts", {"volume__csv": _replace(GOOD_VOLUME, ",25,", ",-25,")},
     "volume.csv:3: contacts:", "negative"),
    ("volume not a number", {"volume__csv": _replace(GOOD_VOLUME, ",25,", ",many,")},
     "volume.csv:3: contacts:", "not a number"),
    ("volume off the grid", {"volume__csv": _replace(GOOD_VOLUME, "09:15", "09:10")},
     "volume.csv:3: interval_start:", "grid"),
    ("volume outside the horizon", {"volume__csv": _replace(GOOD_VOLUME, "2020-01-27T09:15",
                                                            "2020-01-29T09:15")},
     "volume.csv:3: interval_start:", "outside"),
    ("volume bad time", {"volume__csv": _replace(GOOD_VOLUME, "2020-01-27T09:15",
                                                 "27/01/2020 09:15")},
     "volume.csv:3: interval_start:", "not a date"),
    ("volume duplicate row", {"volume__csv": GOOD_VOLUME + "2020-01-27T09:00+08:00,general,1,\n"},
     "volume.csv:5: interval_start:", "line 2"),
    ("volume bad aht", {"volume__csv": _replace(GOOD_VOLUME, ",280", ",0")},
     "volume.csv:3: aht_seconds:", "positive"),
    ("volume missing column", {"volume__csv": "interval_start,queue\n2020-01-27T09:00,general\n"},
     "volume.csv:1: contacts:", "missing"),
    ("volume not utf-8", {"volume__csv": GOOD_VOLUME.encode() + b"2020-01-27T10:00,g\xe9n,1,\n"},
     "volume.csv:5:", "UTF-8"),
    ("volume empty", {"volume__csv": ""}, "volume.csv:0:", "empty"),
    ("volume ragged row", {"volume__csv": GOOD_VOLUME + "2020-01-27T10:00,general,1,300,9,9\n"},
     "volume.csv:5:", "CSV"),
    ("employee unknown site", {"employees__csv": _replace(GOOD_EMPLOYEES, "Bo,hq", "Bo,annex")},
     "employees.csv:3: site:", "unknown site"),
    ("employee unknown skill", {"employees__csv": _replace(GOOD_EMPLOYEES, "general;fault",
                                                           "general;faults")},
     "employees.csv:3: skills:", "unknown queue"),
    ("employee bad remote",
     {"employees__csv": _replace(GOOD_EMPLOYEES, "fault,only", "fault,maybe")},
     "employees.csv:4: remote:", "yes, no or only"),
    ("employee duplicate id", {"employees__csv": GOOD_EMPLOYEES + "E2,Dup,hq,general,yes,yes\n"},
     "employees.csv:5: employee_id:", "line 3"),
    ("employee bad home kit",
     {"employees__csv": _replace(GOOD_EMPLOYEES, "only,no", "only,nope")},
     "employees.csv:4: home_kit:", "yes or no"),
    ("employee missing column",
     {"employees__csv": "employee_id,name,site,skills\nE1,A,hq,general\n"},
     "employees.csv:1: remote:", "missing"),
    ("employee bad weekly max", {"employees__csv": GOOD_EMPLOYEES.replace(
        "home_kit\n", "home_kit,max_paid_minutes_per_week\n").replace(
        "yes,yes\n", "yes,yes,lots\n").replace(",no,\n", ",no,,\n").replace("only,no\n",
                                                                              "only,no,\n")},
     "employees.csv:2: max_paid_minutes_per_week:", "not a number"),
    ("availability unknown employee",
     {"availability__csv": GOOD_AVAILABILITY + "E9,2020-01-27,off,,\n"},
     "availability.csv:5: employee_id:", "unknown employee"),
    ("availability bad date", {"availability__csv": _replace(GOOD_AVAILABILITY, "2020-01-28,off",
                                                             "2020-02-30,off")},
     "availability.csv:3: date:", "not a date"),
    ("availability outside horizon", {"availability__csv": _replace(
        GOOD_AVAILABILITY, "2020-01-28,off", "2021-01-28,off")},
     "availability.csv:3: date:", "outside"),
    ("availability bad kind", {"availability__csv": _replace(GOOD_AVAILABILITY, "prefer_off",
                                                             "holiday")},
     "availability.csv:4: kind:", "prefer_off"),
    ("availability end before start", {"availability__csv": _replace(
        GOOD_AVAILABILITY, "08:00,12:00", "12:00,08:00")},
     "availability.csv:3: end:", "not after"),
    ("availability half a window", {"availability__csv": _replace(
        GOOD_AVAILABILITY, "08:00,12:00", "08:00,")},
     "availability.csv:3: end:", "both"),
    ("availability bad time", {"availability__csv": _replace(
        GOOD_AVAILABILITY, "08:00,12:00", "08:00,25:00")},
     "availability.csv:3: end:", "valid time"),
    ("requirements negative", {"requirements__csv":
                               "interval_start,queue,agents_required\n2020-01-27T09:00,general,-1\n"},
     "requirements.csv:2: agents_required:", "negative"),
    ("requirements fractional", {"requirements__csv":
                                 "interval_start,queue,agents_required\n2020-01-27T09:00,general,1.5\n"},
     "requirements.csv:2: agents_required:", "whole number"),
]


@pytest.mark.parametrize("name,files,where,word", CASES, ids=[c[0] for c in CASES])
def test_bad_input_exits_2_with_file_and_line(tmp_path, name, files, where, word):
    root = make(tmp_path, **files)
    result, out = run(root, tmp_path)
    assert result.exit_code == 2, result.output
    expected = str(root / where.split(":")[0]) + ":" + where.split(":", 1)[1]
    lines = [line for line in result.stderr.splitlines() if line.startswith(expected)]
    assert lines, f"no line starts with {expected!r}:\n{result.stderr}"
    assert any(word.lower() in line.lower() for line in lines), result.stderr
    assert not out.exists() and not out.parent.exists()


def test_every_problem_is_reported_not_only_the_first(tmp_path):
    volume = GOOD_VOLUME + "2020-01-27T09:10,general,1,\n2020-01-27T09:30,general,-4,\n"
    employees = GOOD_EMPLOYEES + "E4,Di,annex,general,yes,yes\n"
    root = make(tmp_path, volume__csv=volume, employees__csv=employees)
    result, out = run(root, tmp_path)
    assert result.exit_code == 2
    assert "volume.csv:5: interval_start:" in result.stderr
    assert "volume.csv:6: contacts:" in result.stderr
    assert "employees.csv:5: site:" in result.stderr
    assert not out.exists()


def test_existing_output_is_left_untouched_on_error(tmp_path):
    out = tmp_path / "out" / "requirements.csv"
    out.parent.mkdir()
    out.write_text("old")
    root = make(tmp_path, volume__csv=_replace(GOOD_VOLUME, ",25,", ",-25,"))
    result = CliRunner().invoke(app, ["staff", str(root), "--out", str(out)])
    assert result.exit_code == 2
    assert out.read_text() == "old"


def test_availability_time_in_a_skipped_hour(tmp_path):
    """FORMAT.md: a time that does not exist (the clock skips it) is an error. In Berlin
    02:00-03:00 does not exist on 2020-03-29."""
    toml = _replace(_replace(GOOD_TOML, "Asia/Shanghai", "Europe/Berlin"),
                    "start = 2020-01-27", "start = 2020-03-28")
    volume = GOOD_VOLUME.replace("2020-01-27", "2020-03-28")
    availability = GOOD_AVAILABILITY.replace("2020-01-27", "2020-03-28") \
        .replace("2020-01-28,off,08:00,12:00", "2020-03-29,off,02:15,05:00") \
        .replace("2020-01-28", "2020-03-29")
    root = make(tmp_path, scenario__toml=toml, volume__csv=volume,
                availability__csv=availability)
    result, out = run(root, tmp_path)
    assert result.exit_code == 2, result.output
    assert f"{root / 'availability.csv'}:3: start: 02:15 does not exist on 2020-03-29 in " \
        "Europe/Berlin" in result.stderr
    assert not out.exists()
    ok = make(tmp_path / "ok", scenario__toml=toml, volume__csv=volume,
              availability__csv=availability.replace("02:15", "03:15"))
    assert CliRunner().invoke(app, ["validate", str(ok)]).exit_code == 0


def test_validate_needs_demand(tmp_path):
    """Without volume.csv or requirements.csv no job can run: validate says so (exit 2),
    as schedule would. Without employees.csv staffing still runs: only a note."""
    result = CliRunner().invoke(app, ["validate", str(make(tmp_path, volume__csv=None))])
    assert result.exit_code == 2
    assert "volume.csv:0:" in result.stderr and "missing" in result.stderr
    staffing_only = make(tmp_path / "s", employees__csv=None, availability__csv=None)
    result = CliRunner().invoke(app, ["validate", str(staffing_only)])
    assert result.exit_code == 0, result.output
    assert "no employees.csv" in result.output


@pytest.mark.parametrize("employees", [
    _replace(GOOD_EMPLOYEES, "E2,Bo,hq,general;fault,no,", "E2,Bo,hq,general;fault,maybe,"),
    GOOD_EMPLOYEES.encode() + b"E4,\xff,hq,general,yes,yes\n",
], ids=["bad row", "not utf-8"])
def test_a_bad_employee_row_is_reported_once(tmp_path, employees):
    """The problem is in employees.csv; availability.csv, which names E2 correctly, is not
    blamed for it (no 'unknown employee', no 'employees.csv is missing')."""
    result, _out = run(make(tmp_path, employees__csv=employees), tmp_path)
    assert result.exit_code == 2
    assert "employees.csv:" in result.stderr
    assert "availability.csv" not in result.stderr, result.stderr
