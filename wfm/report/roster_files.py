"""The roster directory of FORMAT.md: roster.csv, activities.csv, coverage.csv,
employees_summary.csv and summary.json, from a schedule result."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from ..atomic import frame_to_csv, write_many
from ..numbers import json_number, weighted_mean
from ..roster.io import activities_frame, paid_minutes, roster_frame
from ..roster.model import Roster
from ..scenario.model import Scenario
from ..staffing.agents import on_phones
from ..staffing.requirements import Requirements, predict
from .coverage import scheduled_counts

COVERAGE_COLUMNS = ["interval_start", "queue", "required", "scheduled", "shortfall", "surplus",
                    "service_level", "abandon_rate", "asa_seconds", "occupancy"]


def coverage_frame(scenario: Scenario, requirements: Requirements,
                   scheduled: np.ndarray) -> pd.DataFrame:
    """Per interval and queue, with Erlang C/A predictions at the scheduled staffing after
    shrinkage (`floor(scheduled * (1 - shrinkage))` on the phones)."""
    grid = scenario.grid
    shrinkage = scenario.config.staffing.shrinkage
    required = requirements.agents_required
    frames = []
    labels = np.asarray(grid.interval_labels(), dtype=object)
    for q, queue in enumerate(scenario.config.queues):
        m = predict(queue, requirements.contacts[q], requirements.aht_seconds[q],
                    on_phones(scheduled[q], shrinkage), grid.interval_minutes)
        frames.append(pd.DataFrame({
            "interval_start": labels, "queue": queue.name, "required": required[q],
            "scheduled": scheduled[q],
            "shortfall": np.maximum(required[q] - scheduled[q], 0),
            "surplus": np.maximum(scheduled[q] - required[q], 0),
            "service_level": m.service_level, "abandon_rate": m.abandon_rate,
            "asa_seconds": m.asa_seconds, "occupancy": m.occupancy,
            "_t": np.arange(grid.n_intervals), "_q": q}))
    frame = pd.concat(frames).sort_values(["_t", "_q"], kind="stable")
    return frame[COVERAGE_COLUMNS].reset_index(drop=True)


def employees_summary_frame(scenario: Scenario, roster: Roster) -> pd.DataFrame:
    by_employee = roster.by_employee()
    rows = []
    for e in scenario.employees:
        shifts = by_employee.get(e.employee_id, [])
        remote = sum(s.seat == "remote" for s in shifts)
        rows.append({
            "employee_id": e.employee_id, "name": e.name, "shifts": len(shifts),
            "paid_minutes": sum(paid_minutes(scenario, s) for s in shifts),
            "remote_shifts": remote, "onsite_shifts": len(shifts) - remote,
            "loaner_kit": "yes" if remote and not e.home_kit else "no",
            "site": e.site, "skills": ";".join(e.skills)})
    return pd.DataFrame(rows)


def kpis(scenario: Scenario, coverage: pd.DataFrame, requirements: Requirements) -> dict:
    """Contact-weighted predicted KPIs, overall and per queue."""
    ordered = coverage.assign(_contacts=_interleave(requirements.contacts))

    def weighted(frame: pd.DataFrame) -> dict:
        out = {"contacts": round(float(frame["_contacts"].sum()), 3)}
        for column in ("service_level", "abandon_rate", "asa_seconds", "occupancy"):
            out[column] = json_number(weighted_mean(frame[column], frame["_contacts"]))
        required = int(frame["required"].sum())
        out["required_agent_intervals"] = required
        out["shortfall_agent_intervals"] = int(frame["shortfall"].sum())
        out["surplus_agent_intervals"] = int(frame["surplus"].sum())
        out["shortfall_share"] = json_number(out["shortfall_agent_intervals"] / required
                                         if required else 0.0)
        return out

    result = {"overall": weighted(ordered)}
    result["queues"] = {name: weighted(ordered[ordered["queue"] == name])
                        for name in scenario.queue_names}
    return result


def _interleave(contacts: np.ndarray) -> np.ndarray:
    """[queue, interval] in the coverage.csv row order (interval-major)."""
    return contacts.T.ravel()


def summary_dict(result, coverage: pd.DataFrame, roster: Roster, verdict=None) -> dict:
    scenario = result.scenario
    ev = result.evaluation
    paid = sum(paid_minutes(scenario, s) for s in roster.shifts)
    summary = {
        "status": result.status,
        "objective": json_number(result.objective),
        "best_bound": json_number(result.best_bound),
        "gap": json_number(result.gap),
        "wall_seconds": round(result.wall_seconds, 3),
        "first_roster_seconds": round(result.first_roster_seconds, 3),
        "notes": list(result.notes),
        "shortfall_agent_intervals": int(coverage["shortfall"].sum()),
        "surplus_agent_intervals": int(coverage["surplus"].sum()),
        "required_agent_intervals": int(coverage["required"].sum()),
        "paid_minutes": int(paid),
        "shifts": len(roster.shifts),
        "people_rostered": len({s.employee_id for s in roster.shifts}),
        "broken_preferences": ev.broken_preferences,
        "loaner_kits_used": sum(1 for e in scenario.employees if not e.home_kit and any(
            s.seat == "remote" for s in roster.by_employee().get(e.employee_id, []))),
        "kpis": kpis(scenario, coverage, result.requirements),
        "requirements_from": "requirements.csv" if result.requirements.from_file else "volume.csv",
        "objective_terms": {"shortfall_model": scenario.config.objective.shortfall_model},
        "solver": {
            "time_limit": result.options.time_limit, "workers": result.options.workers,
            "seed": result.options.seed, "moves_tried": result.stats.tried,
            "moves_improving": result.stats.improved,
            "deterministic_time": round(result.stats.deterministic_time, 3),
            "search_start": {"greedy": "greedy", "LP": "LP relaxation, rounded",
                             "MIP": "aggregate MIP"}[result.stats.start],
            "bound_method": "LP relaxation of the aggregate model (HiGHS barrier)",
            "bound_status": result.bound_info.status if result.bound_info else None,
            "bound_seconds": round(result.bound_info.seconds, 3) if result.bound_info else None,
        },
    }
    if verdict is not None:
        summary["check"] = {"ok": verdict.ok, "violations": len(verdict.violations),
                            "rules_checked": list(verdict.rules)}
    return summary


def roster_files(result, verdict=None) -> dict[str, str]:
    scenario = result.scenario
    roster = result.roster
    grid = scenario.grid
    scheduled = scheduled_counts(roster, scenario.queue_names, grid.n_intervals,
                                 grid.interval_minutes)
    coverage = coverage_frame(scenario, result.requirements, scheduled)
    summary = summary_dict(result, coverage, roster, verdict)
    return {
        "roster.csv": frame_to_csv(roster_frame(scenario, roster)),
        "activities.csv": frame_to_csv(activities_frame(scenario, roster)),
        "coverage.csv": frame_to_csv(coverage),
        "employees_summary.csv": frame_to_csv(employees_summary_frame(scenario, roster)),
        "summary.json": json.dumps(summary, indent=2, allow_nan=False) + "\n",
    }


def write_roster_dir(directory: str | Path, files: dict[str, str]) -> None:
    root = Path(directory)
    write_many({root / name: text for name, text in files.items()})
