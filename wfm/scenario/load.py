"""Load and validate a scenario directory (FORMAT.md), reporting every problem at once.

Each problem reads `file:line: column/key: what is wrong`; the caller gets an InputError
and nothing is written anywhere.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd
from pydantic import ValidationError

from ..errors import InputError, ProblemList
from .config import ScenarioConfig
from .model import Availability, Employee, Scenario
from .tables import decode_utf8, parse_number, read_table
from .timegrid import TimeGrid, parse_hhmm
from .toml_lines import key_lines, line_of

SCENARIO_FILE = "scenario.toml"
VOLUME_FILE = "volume.csv"
EMPLOYEES_FILE = "employees.csv"
AVAILABILITY_FILE = "availability.csv"
REQUIREMENTS_FILE = "requirements.csv"

EMPLOYEE_COLUMNS = ["employee_id", "name", "site", "skills", "remote"]
AVAILABILITY_COLUMNS = ["employee_id", "date", "kind"]
VOLUME_COLUMNS = ["interval_start", "queue", "contacts"]
REQUIREMENT_COLUMNS = ["interval_start", "queue", "agents_required"]
KNOWN_COLUMNS = {
    EMPLOYEES_FILE: EMPLOYEE_COLUMNS + ["home_kit", "min_paid_minutes_per_week",
                                        "max_paid_minutes_per_week", "max_days_per_week",
                                        "cost_per_hour"],
    AVAILABILITY_FILE: AVAILABILITY_COLUMNS + ["start", "end"],
    VOLUME_FILE: VOLUME_COLUMNS + ["aht_seconds"],
    REQUIREMENTS_FILE: REQUIREMENT_COLUMNS + [
        "contacts", "aht_seconds", "erlangs", "agents_raw", "service_level", "asa_seconds",
        "abandon_rate", "occupancy"],
}


def load_scenario(directory: str | Path) -> Scenario:
    """Read a scenario directory; raise InputError listing every problem found."""
    root = Path(directory)
    problems = ProblemList()
    if not root.is_dir():
        problems.add(str(root), 0, "", "scenario directory does not exist")
        problems.raise_if_any()
    config, lines = _load_config(root / SCENARIO_FILE, problems)
    if config is None:
        problems.raise_if_any()
    toml_name = str(root / SCENARIO_FILE)
    _check_config(config, lines, toml_name, problems)
    if problems:
        raise InputError(problems.items)
    horizon = config.horizon
    grid = TimeGrid(config.timezone, horizon.start, horizon.days, horizon.interval_minutes)
    if not grid.aligned:
        problems.add(toml_name, line_of(lines, ("horizon", "interval_minutes")),
                     "horizon.interval_minutes", "the horizon's length is not a whole number "
                     "of intervals in this time zone (a 30-minute clock change?)")
        problems.raise_if_any()

    scenario = Scenario(directory=str(root), config=config, grid=grid)
    ignored: dict[str, list[str]] = {}
    listed: set[str] = set()  # every id in employees.csv, valid row or not
    employees = _load_employees(root / EMPLOYEES_FILE, config, problems, ignored, listed)
    scenario.employees = employees or []
    scenario.availability = _load_availability(
        root / AVAILABILITY_FILE, grid, listed if employees is not None else None,
        (root / EMPLOYEES_FILE).is_file(), problems, ignored)
    scenario.contacts, scenario.aht_seconds = _load_volume(root / VOLUME_FILE, config, grid,
                                                           problems, ignored)
    scenario.required = _load_requirements(root / REQUIREMENTS_FILE, config, grid, problems,
                                           ignored)
    scenario.ignored_columns = ignored
    problems.raise_if_any()
    return scenario


class RowProblems:
    """Problems of one CSV row; `ok` stays True while none was found."""

    def __init__(self, problems: ProblemList, path: str, line: int):
        self.problems, self.path, self.line, self.ok = problems, path, line, True

    def add(self, column: str, message: str) -> None:
        self.ok = False
        self.problems.add(self.path, self.line, column, message)


# --- scenario.toml -------------------------------------------------------------------

def _load_config(path: Path, problems: ProblemList):
    name = str(path)
    if not path.exists():
        problems.add(name, 0, "", "file is missing")
        return None, {}
    text = decode_utf8(path.read_bytes(), name, problems)
    if text is None:
        return None, {}
    if not text.strip():
        problems.add(name, 0, "", "file is empty")
        return None, {}
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        problems.add(name, int(match.group(1)) if match else 0, "", f"not valid TOML: {exc}")
        return None, {}
    lines = key_lines(text)
    try:
        return ScenarioConfig.model_validate(data), lines
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            key = ".".join(str(p) for p in loc)
            problems.add(name, line_of(lines, loc), key, _pydantic_message(err))
        return None, lines


def _pydantic_message(err: dict) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        return "unknown key (not in FORMAT.md nor the wfm README; a typo?)"
    if kind == "missing":
        return "required key is missing"
    message = err["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if "input" in err and not isinstance(err["input"], (dict, list)):
        message += f" (got {err['input']!r})"
    return message


def _check_config(config: ScenarioConfig, lines, path: str, problems: ProblemList) -> None:
    """Rules that span keys: unique names, a real time zone, breaks that fit."""
    try:
        ZoneInfo(config.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        problems.add(path, line_of(lines, ("timezone",)), "timezone",
                     f"unknown time zone {config.timezone!r} (use an IANA name like "
                     "Asia/Shanghai)")
    for table, items in (("queues", config.queues), ("sites", config.sites),
                         ("shifts", config.shifts)):
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.name in seen:
                problems.add(path, line_of(lines, (table, i, "name")), f"{table}.name",
                             f"name {item.name!r} is used twice")
            seen.add(item.name)
    rules = config.break_rules
    for i, rule in enumerate(rules):
        for j in range(i):
            other = rules[j]
            if rule.min_shift_minutes <= other.max_shift_minutes and \
                    other.min_shift_minutes <= rule.max_shift_minutes:
                problems.add(path, line_of(lines, ("break_rules", i)), "break_rules",
                             f"shift lengths {rule.min_shift_minutes}-{rule.max_shift_minutes} "
                             f"overlap those of break rule {j + 1}")
    lengths = sorted({n for s in config.shifts for n in s.lengths_minutes})
    for i, rule in enumerate(rules):
        for length in lengths:
            if rule.applies_to(length) and not breaks_fit(rule, length):
                problems.add(path, line_of(lines, ("break_rules", i)), "break_rules",
                             f"the breaks of this rule cannot all fit in a {length}-minute "
                             "shift (windows, min_work_minutes and the shift end)")
    step_default = config.horizon.interval_minutes
    for i, shift in enumerate(config.shifts):
        if (shift.start_step_minutes or step_default) <= 0:
            problems.add(path, line_of(lines, ("shifts", i)), "shifts.start_step_minutes",
                         "must be positive")


def breaks_fit(rule, length: int) -> bool:
    """True when the earliest placement of every break fits before the shift ends."""
    work = rule.min_work_minutes
    ready = work  # earliest minute the next break may start
    for spec in rule.breaks:
        start = max(spec.earliest, ready)
        if start > spec.latest:
            return False
        ready = start + spec.minutes + work
    return ready <= length


# --- employees.csv -------------------------------------------------------------------

def _extra_columns(frame: pd.DataFrame, file: str, ignored: dict[str, list[str]]) -> None:
    extra = [c for c in frame.columns if c != "_line" and c not in KNOWN_COLUMNS[file]]
    if extra:
        ignored[file] = extra


def _load_employees(path: Path, config: ScenarioConfig, problems: ProblemList,
                    ignored, listed: set[str]) -> list[Employee] | None:
    """The valid rows (None when the file is missing or unreadable); every employee_id
    of the file goes into `listed`, so that availability.csv is not blamed for a person
    whose own row is wrong."""
    frame = read_table(path, EMPLOYEE_COLUMNS, problems, must_exist=False)
    if frame is None:
        return None
    _extra_columns(frame, EMPLOYEES_FILE, ignored)
    name = str(path)
    queues = {q.name for q in config.queues}
    sites = {s.name for s in config.sites}
    seen: dict[str, int] = {}
    employees: list[Employee] = []
    for row in frame.to_dict("records"):
        line = row["_line"]
        report = RowProblems(problems, name, line)
        bad = report.add

        employee_id = row["employee_id"]
        listed.add(employee_id)
        if not employee_id:
            bad("employee_id", "is empty")
        elif employee_id in seen:
            bad("employee_id", f"{employee_id!r} already appears on line {seen[employee_id]}")
        else:
            seen[employee_id] = line
        if row["site"] not in sites:
            bad("site", f"unknown site {row['site']!r} (sites: {', '.join(sorted(sites))})")
        skills = tuple(s.strip() for s in row["skills"].split(";") if s.strip())
        if not skills:
            bad("skills", "is empty (list queue names separated by ';')")
        for skill in skills:
            if skill not in queues:
                bad("skills", f"unknown queue {skill!r} (queues: {', '.join(sorted(queues))})")
        if len(set(skills)) != len(skills):
            bad("skills", "a queue is listed twice")
        remote = row["remote"].lower()
        if remote not in ("yes", "no", "only"):
            bad("remote", f"{row['remote']!r} must be yes, no or only")
        home_kit = row.get("home_kit", "").lower() or "yes"
        if home_kit not in ("yes", "no"):
            bad("home_kit", f"{row['home_kit']!r} must be yes or no")
        numbers = {}
        for column, integer, upper in (("min_paid_minutes_per_week", True, None),
                                       ("max_paid_minutes_per_week", True, None),
                                       ("max_days_per_week", True, 7),
                                       ("cost_per_hour", False, None)):
            cell = row.get(column, "")
            if cell == "":
                numbers[column] = None
                continue
            try:
                value = parse_number(cell, integer=integer)
            except ValueError as exc:
                bad(column, str(exc))
                continue
            if value < 0 or (upper is not None and value > upper):
                bad(column, f"{cell} must be between 0 and {upper}" if upper is not None
                    else f"{cell} must not be negative")
                continue
            numbers[column] = value
        lo = numbers.get("min_paid_minutes_per_week")
        hi = numbers.get("max_paid_minutes_per_week")
        if lo is not None and hi is not None and lo > hi:
            bad("min_paid_minutes_per_week", f"{lo} is above max_paid_minutes_per_week {hi}")
        if report.ok:
            employees.append(Employee(
                employee_id=employee_id, name=row["name"], site=row["site"], skills=skills,
                remote=remote, home_kit=home_kit == "yes", line=line, **numbers))
    if not employees and not problems:
        problems.add(name, 0, "", "has no employees")
    return employees


# --- availability.csv ------------------------------------------------------------------

def _load_availability(path: Path, grid: TimeGrid, employee_ids: set[str] | None,
                       have_employees: bool, problems: ProblemList,
                       ignored) -> list[Availability]:
    """`employee_ids` None: employees.csv could not be read (already reported), so ids
    are not checked."""
    frame = read_table(path, AVAILABILITY_COLUMNS, problems, must_exist=False)
    if frame is None:
        return []
    _extra_columns(frame, AVAILABILITY_FILE, ignored)
    if not have_employees:
        problems.add(str(path), 0, "", f"needs {EMPLOYEES_FILE}, which is missing")
        return []
    name = str(path)
    rows: list[Availability] = []
    for row in frame.to_dict("records"):
        line = row["_line"]
        report = RowProblems(problems, name, line)
        bad = report.add

        if employee_ids is not None and row["employee_id"] not in employee_ids:
            bad("employee_id", f"unknown employee {row['employee_id']!r}")
        day = None
        try:
            day = grid.date_index(date.fromisoformat(row["date"]))
            if day is None:
                bad("date", f"{row['date']} is outside the horizon "
                    f"{grid.start.isoformat()} + {grid.days} days")
        except ValueError:
            bad("date", f"{row['date']!r} is not a date like 2020-01-27")
        kind = row["kind"].lower()
        if kind not in ("off", "prefer_off", "prefer_on"):
            bad("kind", f"{row['kind']!r} must be off, prefer_off or prefer_on")
        start_text, end_text = row.get("start", ""), row.get("end", "")
        window = None
        if kind == "off" and (start_text or end_text):
            if not (start_text and end_text):
                bad("start" if not start_text else "end",
                    "an off window needs both start and end")
            else:
                try:
                    h0, m0 = parse_hhmm(start_text)
                except ValueError as exc:
                    bad("start", str(exc))
                    h0 = None
                try:
                    h1, m1 = parse_hhmm(end_text, allow_24=True)
                except ValueError as exc:
                    bad("end", str(exc))
                    h1 = None
                if h0 is not None and h1 is not None:
                    if (h1, m1) <= (h0, m0):
                        bad("end", f"{end_text} is not after start {start_text} "
                            "(a window stays within its date; end may be 24:00)")
                    elif day is not None and report.ok:
                        window = (grid.wall_to_minute(day, h0, m0),
                                  grid.wall_to_minute(day, h1, m1))
                        for column, text, minute in (("start", start_text, window[0]),
                                                     ("end", end_text, window[1])):
                            if minute is None:
                                bad(column, f"{text} does not exist on {row['date']} in "
                                    f"{grid.tz_name} (the clock skips that hour)")
        if report.ok:
            rows.append(Availability(
                employee_id=row["employee_id"], day=day, kind=kind, line=line,
                start_minute=window[0] if window else None,
                end_minute=window[1] if window else None))
    return rows



# --- volume.csv and requirements.csv -----------------------------------------------------

def _grid_index(text: str, grid: TimeGrid, bad) -> int | None:
    try:
        minute = grid.parse_timestamp(text)
    except ValueError as exc:
        bad("interval_start", str(exc))
        return None
    if not 0 <= minute < grid.n_intervals * grid.interval_minutes:
        bad("interval_start", f"{text} is outside the horizon")
        return None
    if minute % grid.interval_minutes:
        bad("interval_start", f"{text} is not on the {grid.interval_minutes}-minute grid")
        return None
    return minute // grid.interval_minutes


def _load_volume(path: Path, config: ScenarioConfig, grid: TimeGrid, problems: ProblemList,
                 ignored):
    frame = read_table(path, VOLUME_COLUMNS, problems, must_exist=False)
    if frame is None:
        return None, None
    _extra_columns(frame, VOLUME_FILE, ignored)
    name = str(path)
    queues = {q.name: i for i, q in enumerate(config.queues)}
    contacts = np.zeros((len(queues), grid.n_intervals))
    aht = np.array([[q.aht_seconds] * grid.n_intervals for q in config.queues], dtype=float)
    seen: dict[tuple[int, int], int] = {}
    has_aht = "aht_seconds" in frame.columns
    for row in frame.to_dict("records"):
        line = row["_line"]
        bad = RowProblems(problems, name, line).add

        t = _grid_index(row["interval_start"], grid, bad)
        q = queues.get(row["queue"])
        if q is None:
            bad("queue", f"unknown queue {row['queue']!r} (queues: {', '.join(queues)})")
        value = None
        try:
            value = parse_number(row["contacts"])
            if value < 0:
                bad("contacts", f"{row['contacts']} must not be negative")
                value = None
        except ValueError as exc:
            bad("contacts", str(exc))
        handle = None
        if has_aht and row["aht_seconds"] != "":
            try:
                handle = parse_number(row["aht_seconds"])
                if handle <= 0:
                    bad("aht_seconds", f"{row['aht_seconds']} must be positive")
                    handle = None
            except ValueError as exc:
                bad("aht_seconds", str(exc))
        if t is None or q is None:
            continue
        if (q, t) in seen:
            bad("interval_start", f"{row['interval_start']} / {row['queue']} already appears "
                f"on line {seen[(q, t)]}")
            continue
        seen[(q, t)] = line
        if value is not None:
            contacts[q, t] = value
        if handle is not None:
            aht[q, t] = handle
    return contacts, aht


def _load_requirements(path: Path, config: ScenarioConfig, grid: TimeGrid,
                       problems: ProblemList, ignored) -> np.ndarray | None:
    frame = read_table(path, REQUIREMENT_COLUMNS, problems, must_exist=False)
    if frame is None:
        return None
    _extra_columns(frame, REQUIREMENTS_FILE, ignored)
    name = str(path)
    queues = {q.name: i for i, q in enumerate(config.queues)}
    required = np.zeros((len(queues), grid.n_intervals), dtype=np.int64)
    seen: dict[tuple[int, int], int] = {}
    for row in frame.to_dict("records"):
        line = row["_line"]
        bad = RowProblems(problems, name, line).add

        t = _grid_index(row["interval_start"], grid, bad)
        q = queues.get(row["queue"])
        if q is None:
            bad("queue", f"unknown queue {row['queue']!r} (queues: {', '.join(queues)})")
        value = None
        try:
            value = parse_number(row["agents_required"], integer=True)
            if value < 0:
                bad("agents_required", f"{row['agents_required']} must not be negative")
                value = None
        except ValueError as exc:
            bad("agents_required", str(exc))
        if t is None or q is None:
            continue
        if (q, t) in seen:
            bad("interval_start", f"{row['interval_start']} / {row['queue']} already appears "
                f"on line {seen[(q, t)]}")
            continue
        seen[(q, t)] = line
        if value is not None:
            required[q, t] = value
    return required


def require_files(scenario: Scenario, *, volume: bool = False, employees: bool = False) -> None:
    """Raise InputError (line 0) when a file needed for this job is absent."""
    problems = ProblemList()
    root = Path(scenario.directory)
    if volume and scenario.contacts is None and scenario.required is None:
        problems.add(str(root / VOLUME_FILE), 0, "",
                     f"file is missing (staffing needs it, or give {REQUIREMENTS_FILE})")
    if employees and not scenario.employees:
        problems.add(str(root / EMPLOYEES_FILE), 0, "", "file is missing (scheduling needs it)")
    problems.raise_if_any()
