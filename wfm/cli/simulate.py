"""`wfm simulate SCENARIO DIR`: simulate the roster against the forecast traffic."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.table import Table

from .. import api
from .common import console, guarded, pct


class Routing(StrEnum):
    plan = "plan"
    skills = "skills"
    priority = "priority"


class Service(StrEnum):
    exponential = "exponential"
    lognormal = "lognormal"


def simulate(
    scenario: Path = typer.Argument(..., help="Scenario directory (needs volume.csv)."),
    directory: Path = typer.Argument(..., help="Roster directory; the results go there too."),
    replications: int = typer.Option(10, "--replications", "-r", min=1,
                                     help="Independent simulated weeks."),
    seed: int = typer.Option(0, "--seed", help="Seed; the same seed gives the same figures."),
    routing: Routing = typer.Option(Routing.plan, "--routing",
                                    help="plan: agents answer their segment's queue; skills: "
                                         "a freed agent takes the longest-waiting call of "
                                         "any of its skills; priority: skills, the "
                                         "highest-priority queue first."),
    service: Service = typer.Option(Service.exponential, "--service",
                                    help="Handle-time distribution (mean = the AHT)."),
    service_cv: float = typer.Option(1.0, "--service-cv", min=0.01,
                                     help="Coefficient of variation of lognormal handle "
                                          "times."),
    absence: bool = typer.Option(False, "--absence/--no-absence",
                                 help="Remove each shift with probability = shrinkage."),
    workers: int = typer.Option(0, "--workers", "-w", min=0,
                                help="Processes for the replications (0: one per core)."),
) -> None:
    """Discrete-event simulation of the roster; writes simulation.csv and a summary."""
    with guarded():
        sc = api.load(scenario)
        result = api.simulate(sc, directory, replications=replications, seed=seed,
                              routing=routing.value, service=service.value,
                              service_cv=service_cv, absence=absence,
                              workers=workers or None)
        api.write_simulation(result, directory)
    _print(result.summary, directory)


def _print(summary: dict, directory: Path) -> None:
    table = Table(title=f"Simulated: {summary['replications']} replications, routing "
                        f"{summary['routing']}, {summary['service']} handle times"
                        + (", absence at shrinkage" if summary["absence"] else ""),
                  title_justify="left")
    for column in ("queue", "calls/week", "SL sim ± 95%", "SL Erlang", "abandon sim",
                   "abandon Erlang", "ASA s", "occupancy"):
        table.add_column(column, justify="left" if column == "queue" else "right")
    rows = list(summary["queues"].items()) + [("all", summary["horizon"])]
    for name, block in rows:
        erlang = block["erlang"]
        table.add_row(name, f"{block['offered']:,.0f}",
                      f"{pct(block['service_level'])} ± {pct(block['service_level_ci95'])}",
                      pct(erlang["service_level"]), pct(block["abandon_rate"]),
                      pct(erlang["abandon_rate"]) if block["abandon_rate"] is not None
                      else "-", _num(block["asa_seconds"]), pct(block["occupancy"]))
    console.print(table)
    worst = min(summary["days"].items(),
                key=lambda kv: kv[1]["service_level"] if kv[1]["service_level"] is not None
                else 1.0)
    late = summary["break_lateness"]
    console.print(f"worst day {worst[0]}: SL {pct(worst[1]['service_level'])} "
                  f"(Erlang {pct(worst[1]['erlang']['service_level'])}).")
    if late.get("breaks"):
        console.print(f"breaks: {late['breaks']:,} per week, {pct(late['late_share'])} start "
                      f"late (a call in hand); mean {late['mean_seconds']:.0f} s, "
                      f"95th percentile {late['p95_seconds']:.0f} s.")
    console.print(f"{summary['wall_seconds']:.1f} s. Wrote {directory}/simulation.csv and "
                  f"simulation_summary.json.")


def _num(value) -> str:
    return "-" if value is None else f"{value:.1f}"
