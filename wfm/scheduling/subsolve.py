"""Solve one neighbourhood model and read its solution back into an Assignment."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .break_placement import hand_out_breaks
from .context import SCALE, Context
from .model import build_model
from .state import Assignment, Neighbourhood
from .variables import ModelVars

STATUS = {cp_model.OPTIMAL: "optimal", cp_model.FEASIBLE: "feasible",
          cp_model.INFEASIBLE: "infeasible", cp_model.UNKNOWN: "unknown",
          cp_model.MODEL_INVALID: "invalid"}


@dataclass
class SolverSettings:
    workers: int = 2
    seed: int = 0
    log: bool = False


class Stopper:
    """Lets another thread (Ctrl-C, a deadline) stop the solves in progress (one per lane
    of the search)."""

    def __init__(self) -> None:
        self.stopped = threading.Event()
        self._solvers: set[cp_model.CpSolver] = set()
        self._lock = threading.Lock()

    def attach(self, solver: cp_model.CpSolver) -> None:
        with self._lock:
            self._solvers.add(solver)

    def detach(self, solver: cp_model.CpSolver) -> None:
        with self._lock:
            self._solvers.discard(solver)

    def stop(self) -> None:
        self.stopped.set()
        with self._lock:
            for solver in self._solvers:
                solver.stop_search()


@dataclass
class SubResult:
    status: str
    state: Assignment | None
    objective: float
    bound: float
    wall_seconds: float
    deterministic_time: float
    build_seconds: float


def make_solver(settings: SolverSettings, time_limit: float,
            deterministic_limit: float | None) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = max(1, settings.workers)
    params.random_seed = settings.seed
    params.max_time_in_seconds = max(0.05, time_limit)
    if deterministic_limit is not None:
        params.max_deterministic_time = max(0.01, deterministic_limit)
    params.log_search_progress = settings.log
    # Sub-models are small and re-solved many times: symmetry detection and probing cost
    # more than they return here (measured on the sample: 17.8 s -> 8 s to optimality).
    params.catch_sigint_signal = False  # Ctrl-C goes to wfm, which keeps the best roster
    params.symmetry_level = 0
    params.cp_model_probing_level = 0
    return solver


def run_solver(model: cp_model.CpModel, solver: cp_model.CpSolver, stopper: Stopper | None) -> int:
    if stopper is not None:
        if stopper.stopped.is_set():
            return cp_model.UNKNOWN
        stopper.attach(solver)
    try:
        return solver.solve(model)
    finally:
        if stopper is not None:
            stopper.detach(solver)


def solve_neighbourhood(ctx: Context, state: Assignment, hood: Neighbourhood,
                        incumbent, *, time_limit: float, deterministic_limit: float | None,
                        settings: SolverSettings, stopper: Stopper | None = None) -> SubResult:
    """Re-decide the free pairs' shifts and seats; new shifts carry their pattern breaks."""
    t0 = time.perf_counter()
    v = build_model(ctx, state, hood, incumbent)
    built = time.perf_counter() - t0
    solver = make_solver(settings, time_limit, deterministic_limit)
    code = run_solver(v.model, solver, stopper)
    return _result(code, solver, t0, built, lambda: read_solution(v, solver))


def _result(code: int, solver: cp_model.CpSolver, t0: float, built: float, read) -> SubResult:
    status = STATUS.get(code, "unknown")
    new_state = None
    objective = bound = 0.0
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        new_state = read()
        objective = solver.objective_value / SCALE
        bound = solver.best_objective_bound / SCALE
    return SubResult(status, new_state, objective, bound, time.perf_counter() - t0,
                     solver.deterministic_time, built)


def read_solution(v: ModelVars, solver: cp_model.CpSolver) -> Assignment:
    """The incumbent with the neighbourhood's shifts and seats; a kept shift keeps its
    breaks, a new one takes the pattern it was valued with."""
    new = v.state.copy()
    for pair in v.hood.free:
        new.shifts.pop(pair, None)
        new.breaks.pop(pair, None)
    for (p, d, k, seat), var in v.x.items():
        if solver.value(var):
            new.shifts[(p, d)] = (k, seat)
            new.breaks[(p, d)] = v.pattern[(p, d, k)]
    for (p, d), var in v.remote_seat.items():
        k = new.shifts[(p, d)][0]
        new.shifts[(p, d)] = (k, "remote" if solver.value(var) else "onsite")
    if v.hood.breaks:
        hand_out_breaks(v.ctx, new, v.hood.days,
                        {key: solver.value(var) for key, var in v.breaks.items()})
    return new
