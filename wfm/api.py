"""The pipeline as plain functions: scenario -> requirements -> roster -> check -> report.

Each CLI command calls one of these; Python users can call them directly.
"""

from __future__ import annotations

from pathlib import Path

from .atomic import frame_to_csv, write_text
from .errors import InputError, InputProblem
from .scenario import Scenario, load_scenario
from .scenario.load import require_files
from .scenario.summary import ScenarioSummary, describe
from .staffing import Requirements, compute_requirements, requirements_for_scheduling


def load(directory: str | Path) -> Scenario:
    """Read and validate a scenario directory (raises InputError listing every problem)."""
    return load_scenario(directory)


def staff(scenario: Scenario) -> Requirements:
    """Agents required per interval and queue from volume.csv (Erlang C / Erlang A)."""
    if scenario.contacts is None:
        path = str(Path(scenario.directory) / "volume.csv")
        raise InputError([InputProblem(path, 0, "", "file is missing (wfm staff needs it)")])
    return compute_requirements(scenario)


def write_requirements(requirements: Requirements, path: str | Path) -> None:
    write_text(path, frame_to_csv(requirements.to_frame()))


def validate(scenario: Scenario) -> ScenarioSummary:
    """What the scenario holds, with hours needed against hours available.

    Raises InputError when there is no demand at all (neither volume.csv nor
    requirements.csv): no job can run. A missing employees.csv is only a note, since
    staffing does not need it."""
    require_files(scenario, volume=True)
    required = requirements_for_scheduling(scenario).agents_required
    summary = describe(scenario, required)
    from .scheduling.catalogue import off_grid_note, off_grid_options
    note = off_grid_note(off_grid_options(scenario), scenario.grid.interval_minutes)
    if note is not None:
        summary.notes.append(note)
    return summary


def check(scenario: Scenario, directory: str | Path):
    """Verify a roster directory against every rule (independent of the scheduler)."""
    from .check import check_directory
    return check_directory(scenario, directory)


def check_roster(scenario: Scenario, roster):
    """Verify an in-memory roster (no coverage.csv to compare)."""
    from .check import check_roster as _check_roster
    return _check_roster(scenario, roster)


def simulate(scenario: Scenario, roster, replications: int = 10, seed: int = 0,
             routing: str = "plan", service: str = "exponential", service_cv: float = 1.0,
             absence: bool = False, workers: int | None = None):
    """Discrete-event simulation of a roster (a Roster or a roster directory).

    Returns a `wfm.simulate.SimulationResult`; `write_simulation` writes its files.
    """
    from .simulate import simulate as _simulate
    return _simulate(scenario, roster, replications=replications, seed=seed, routing=routing,
                     service=service, service_cv=service_cv, absence=absence, workers=workers)


def write_simulation(result, directory: str | Path) -> None:
    """simulation.csv and simulation_summary.json into the roster directory (atomically)."""
    from .simulate import write_simulation as _write
    _write(result, directory)


def schedule(scenario: Scenario, options=None, progress=None, stopper=None):
    """A roster of named people (CP-SAT); raises ContradictionError when hard rules conflict.

    Returns a `wfm.scheduling.ScheduleResult`; `write_schedule` writes its roster directory.
    """
    from .scheduling.solve import schedule as _schedule
    require_files(scenario, volume=True, employees=True)
    return _schedule(scenario, options, progress, stopper)


def write_schedule(result, directory: str | Path):
    """Check the roster independently, write the roster directory, check the files too.

    Returns the checker's verdict on the files as written (coverage.csv included).
    """
    from .report.roster_files import roster_files, write_roster_dir
    verdict = check_roster(result.scenario, result.roster)
    write_roster_dir(directory, roster_files(result, verdict))
    return check(result.scenario, directory)
