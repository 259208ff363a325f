"""Discrete-event simulation of a roster against the forecast (`wfm simulate`).

Erlang formulas assume steady state inside each interval and independent queues; the
simulation replays the roster itself: lunches mid-peak, late breaks, multi-skilled people,
and (optionally) absence at the shrinkage rate and skills-based routing.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..atomic import frame_to_csv, write_many
from ..errors import InputError, InputProblem
from ..numbers import json_number, weighted_mean
from ..report.coverage import scheduled_counts
from ..roster.io import read_roster
from ..roster.model import Roster
from ..scenario.model import Scenario
from ..staffing.agents import on_phones
from ..staffing.requirements import predict
from .engine import Counts, replicate
from .plan import SimPlan, compile_plan
from .results import interval_frame, lateness_summary, summarise

SIMULATION_FILE = "simulation.csv"
SUMMARY_FILE = "simulation_summary.json"
ROUTINGS = ("plan", "skills", "priority")
SERVICES = ("exponential", "lognormal")


@dataclass
class SimulationResult:
    frame: pd.DataFrame  # simulation.csv
    summary: dict  # simulation_summary.json
    runs: list[Counts] = field(repr=False, default_factory=list)


def simulate(scenario: Scenario, roster: Roster | str | Path, replications: int = 10,
             seed: int = 0, routing: str = "plan", service: str = "exponential",
             service_cv: float = 1.0, absence: bool = False,
             workers: int | None = None) -> SimulationResult:
    """Simulate `roster` (or the roster directory it names) `replications` times.

    Replication r uses the r-th child of `numpy.random.SeedSequence(seed)`, so the result
    does not depend on `workers`.
    """
    if routing not in ROUTINGS:
        raise ValueError(f"routing must be one of {ROUTINGS}")
    if service not in SERVICES:
        raise ValueError(f"service must be one of {SERVICES}")
    if replications < 1:
        raise ValueError("replications must be at least 1")
    if scenario.contacts is None:
        path = str(Path(scenario.directory) / "volume.csv")
        raise InputError([InputProblem(path, 0, "", "file is missing (simulation needs the "
                                                    "forecast contacts)")])
    if not isinstance(roster, Roster):
        roster, _orphans = read_roster(scenario, roster)
    started = time.perf_counter()
    plan = compile_plan(scenario, roster)
    shrinkage = scenario.config.staffing.shrinkage if absence else 0.0
    seeds = np.random.SeedSequence(seed).spawn(replications)
    runs = _run_all(plan, seeds, routing, service, service_cv, shrinkage, workers)

    config = scenario.config
    step = config.horizon.interval_minutes
    scheduled = scheduled_counts(roster, plan.queues, plan.n_intervals, step)
    on_phone = on_phones(scheduled, shrinkage) if absence else scheduled
    predicted = [predict(q, scenario.contacts[i], scenario.aht_seconds[i], on_phone[i], step)
                 for i, q in enumerate(config.queues)]
    abandons = [q.patience_seconds is not None for q in config.queues]
    frame = interval_frame(runs, plan.queues, scenario.grid.interval_labels(), abandons,
                           scheduled, predicted)
    summary = _summary(scenario, plan, runs, predicted, abandons, on_phone)
    summary.update({"replications": replications, "seed": seed, "routing": routing,
                    "service": service, "service_cv": service_cv if service == "lognormal"
                    else 1.0, "absence": absence, "shrinkage_applied": shrinkage,
                    "wall_seconds": round(time.perf_counter() - started, 3)})
    return SimulationResult(frame, summary, runs)


def write_simulation(result: SimulationResult, directory: str | Path) -> None:
    """simulation.csv and simulation_summary.json into the roster directory, atomically."""
    root = Path(directory)
    write_many({root / SIMULATION_FILE: frame_to_csv(result.frame),
                root / SUMMARY_FILE: json.dumps(result.summary, indent=2) + "\n"})


def _run_all(plan: SimPlan, seeds, routing, service, cv, absence, workers) -> list[Counts]:
    workers = min(len(seeds), workers or os.cpu_count() or 1)
    args = [(plan, s, routing, service, cv, absence) for s in seeds]
    if workers <= 1:
        return [replicate(*a) for a in args]
    context = multiprocessing.get_context("forkserver" if os.name == "posix" else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(_replicate, args))


def _replicate(args) -> Counts:
    return replicate(*args)


def _summary(scenario: Scenario, plan: SimPlan, runs: list[Counts], predicted,
             abandons: list[bool], agents: np.ndarray) -> dict:
    nq, ni = len(plan.queues), plan.n_intervals
    contacts = np.asarray(scenario.contacts, dtype=float)
    erlang = {name: np.stack([getattr(m, name) for m in predicted])
              for name in ("service_level", "abandon_rate", "asa_seconds", "occupancy")}
    grid = scenario.grid
    day_of = np.array([grid.day_of_minute(grid.interval_start(i)) for i in range(ni)])

    def block(mask: np.ndarray, queues: list[int]) -> dict:
        out = summarise(runs, mask, _erlang_weighted(erlang, contacts, agents, mask))
        if not any(abandons[q] for q in queues):
            out["abandon_rate"] = out["abandon_rate_ci95"] = None
        return out

    everything = np.ones((nq, ni), dtype=bool)
    summary = {"horizon": block(everything, list(range(nq))), "queues": {}, "days": {}}
    for q, name in enumerate(plan.queues):
        mask = np.zeros((nq, ni), dtype=bool)
        mask[q] = True
        summary["queues"][name] = block(mask, [q])
    for d in range(scenario.config.horizon.days):
        mask = np.zeros((nq, ni), dtype=bool)
        mask[:, day_of == d] = True
        summary["days"][grid.date_of_index(d).isoformat()] = block(mask, list(range(nq)))
    # The FORMAT.md keys at top level are the whole-horizon figures.
    summary.update({k: v for k, v in summary["horizon"].items() if k != "erlang"})
    summary["erlang"] = summary["horizon"]["erlang"]
    summary["break_lateness"] = lateness_summary(runs)
    summary["calls_per_replication"] = summary["horizon"]["offered"]
    return summary


def _erlang_weighted(erlang: dict, contacts: np.ndarray, agents: np.ndarray,
                     mask: np.ndarray) -> dict:
    """Erlang predictions over the cells, weighted as the simulation aggregates them:
    by contacts, and occupancy by agents on the phones (busy time over staffed time)."""
    cells = mask & (contacts > 0)
    return {name: json_number(weighted_mean(values[cells], (agents if name == "occupancy"
                                                            else contacts)[cells]))
            for name, values in erlang.items()}
