"""`wfm schedule SCENARIO --out DIR`: a roster of named people, checked, written atomically."""

from __future__ import annotations

import signal
from pathlib import Path

import typer
from rich.live import Live
from rich.table import Table

from .. import api
from ..errors import EXIT_VIOLATIONS
from ..scheduling import Progress, ScheduleOptions, Stopper
from .common import console, err_console, guarded, pct


def schedule(
    scenario: Path = typer.Argument(..., help="Scenario directory (FORMAT.md)."),
    out: Path = typer.Option(..., "--out", "-o", help="Roster directory to write."),
    time_limit: float = typer.Option(60.0, "--time-limit", "-t", min=1.0,
                                     help="Seconds for the whole search."),
    workers: int = typer.Option(2, "--workers", "-w", min=1,
                                help="CP-SAT workers; 1 with --seed is reproducible."),
    seed: int = typer.Option(0, "--seed", help="Random seed of the search."),
    bound: bool = typer.Option(True, "--bound/--no-bound",
                               help="Solve the LP relaxation first: the lower bound, and "
                                    "the roster the search starts from."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No live progress."),
) -> None:
    """Give each person shifts, breaks, lunches, a seat and queues; write the roster files."""
    stopper = Stopper()
    previous = signal.signal(signal.SIGINT, lambda *_: stopper.stop())
    options = ScheduleOptions(time_limit=time_limit, workers=workers, seed=seed, bound=bound)
    try:
        with guarded():
            sc = api.load(scenario)
            if quiet or not console.is_terminal:
                result = api.schedule(sc, options, stopper=stopper)
            else:
                with Live(_progress_table(None), console=console, refresh_per_second=4,
                          transient=True) as live:
                    result = api.schedule(sc, options, lambda p: live.update(_progress_table(p)),
                                          stopper=stopper)
            verdict = api.write_schedule(result, out)
    finally:
        signal.signal(signal.SIGINT, previous)
    _print_result(result, verdict, out)
    if not verdict.ok:
        err_console.print(f"wfm's own roster breaks {len(verdict.violations)} rule(s); this is "
                          "a bug in wfm. Run `wfm check` on the directory for the details.")
        raise typer.Exit(EXIT_VIOLATIONS)


def _progress_table(p: Progress | None) -> Table:
    table = Table(title="wfm schedule", title_justify="left")
    for column in ("elapsed", "phase", "objective", "bound", "gap", "shortfall", "moves"):
        table.add_column(column, justify="right")
    if p is not None:
        gap = "-"
        if p.bound is not None and p.objective > 0:
            gap = pct(max(0.0, (p.objective - p.bound) / p.objective))
        table.add_row(f"{p.elapsed:.1f}s", p.phase, f"{p.objective:,.0f}",
                      "-" if p.bound is None else f"{p.bound:,.0f}", gap, str(p.shortfall),
                      f"{p.moves}/{p.tried}")
    return table


def _print_result(result, verdict, out: Path) -> None:
    k = result.evaluation
    summary = Table(title=f"Roster: {result.scenario.config.name or out}", title_justify="left")
    for column in ("queue", "required", "short", "surplus", "SL", "abandon"):
        summary.add_column(column, justify="left" if column == "queue" else "right")
    from ..report.coverage import scheduled_counts
    from ..report.roster_files import coverage_frame, kpis
    grid = result.scenario.grid
    scheduled = scheduled_counts(result.roster, result.scenario.queue_names, grid.n_intervals,
                                 grid.interval_minutes)
    figures = kpis(result.scenario, coverage_frame(result.scenario, result.requirements,
                                                   scheduled), result.requirements)
    for name, q in [*figures["queues"].items(), ("all", figures["overall"])]:
        summary.add_row(name, str(q["required_agent_intervals"]),
                        f"{q['shortfall_agent_intervals']} ({pct(q['shortfall_share'])})",
                        str(q["surplus_agent_intervals"]), pct(q["service_level"]),
                        pct(q["abandon_rate"]))
    console.print(summary)
    bound = "-" if result.best_bound is None else f"{result.best_bound:,.0f}"
    gap = pct(result.gap)
    console.print(f"status {result.status}; objective {result.objective:,.0f}, bound {bound}, "
                  f"gap {gap}; {len(result.roster.shifts)} shifts, "
                  f"{k.paid_minutes / 60:,.0f} paid hours; first roster "
                  f"{result.first_roster_seconds:.1f}s, total {result.wall_seconds:.1f}s.")
    for note in result.notes:
        console.print(f"[yellow]note:[/yellow] {note}")
    state = "clean" if verdict.ok else f"{len(verdict.violations)} VIOLATIONS"
    console.print(f"Independent check: {state}. Wrote {out}/ (roster.csv, activities.csv, "
                  "coverage.csv, employees_summary.csv, summary.json).")
