"""`wfm check SCENARIO DIR`: verify a roster directory against every rule of FORMAT.md."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pandas as pd
import typer
from rich.table import Table

from .. import api
from ..atomic import frame_to_csv, write_text
from ..errors import EXIT_VIOLATIONS
from .common import console, guarded

SHOWN = 50


def check(scenario: Path = typer.Argument(..., help="Scenario directory."),
          directory: Path = typer.Argument(..., help="Roster directory."),
          out: Path | None = typer.Option(None, "--out", "-o",
                                          help="Also write every violation to this CSV.")) -> None:
    """Verify a roster (written by wfm schedule or edited by hand); exit 1 on any violation."""
    with guarded():
        sc = api.load(scenario)
        verdict = api.check(sc, directory)
    if out is not None:
        frame = pd.DataFrame([asdict(v) for v in verdict.violations],
                             columns=["rule", "employee_id", "date", "time", "message", "fix"])
        write_text(out, frame_to_csv(frame))
    if verdict.ok:
        console.print(f"clean: {verdict.shifts} shifts, {len(verdict.rules)} rule families "
                      f"checked ({', '.join(verdict.rules)}).")
        return
    table = Table(title=f"{len(verdict.violations)} violation(s)", title_justify="left")
    for column in ("rule", "person", "date", "time", "what", "fix"):
        table.add_column(column, overflow="fold")
    for v in verdict.violations[:SHOWN]:
        table.add_row(v.rule, v.employee_id, v.date, v.time[11:16] if v.time else "",
                      v.message, v.fix)
    console.print(table)
    if len(verdict.violations) > SHOWN:
        console.print(f"... and {len(verdict.violations) - SHOWN} more (use --out FILE).")
    console.print("per rule: " + ", ".join(f"{k} {n}" for k, n in verdict.per_rule().items()))
    raise typer.Exit(EXIT_VIOLATIONS)
