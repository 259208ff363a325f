"""`wfm staff SCENARIO [--out FILE]`: agents required per interval and queue."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from .. import api
from ..staffing import daily_summary
from .common import console, guarded, pct


def staff(
    scenario: Path = typer.Argument(..., help="Scenario directory (FORMAT.md)."),
    out: Path = typer.Option(Path("requirements.csv"), "--out", "-o",
                             help="Where to write requirements.csv."),
) -> None:
    """Turn forecast contacts into agents required (Erlang C, or Erlang A with patience)."""
    with guarded():
        sc = api.load(scenario)
        req = api.staff(sc)
        api.write_requirements(req, out)
    table = Table(title=f"Staffing: {sc.config.name or scenario}", title_justify="left")
    for column in ("queue", "date", "peak agents", "agent-hours", "contacts", "SL", "abandon"):
        table.add_column(column, justify="left" if column in ("queue", "date") else "right")
    for row in daily_summary(sc, req):
        table.add_row(row.queue, row.date, str(row.peak_agents), f"{row.agent_hours:,.1f}",
                      f"{row.contacts:,.0f}", pct(row.service_level), pct(row.abandon_rate))
    console.print(table)
    console.print(f"Wrote {out} ({req.agents_required.size} rows). SL and abandon are "
                  "contact-weighted at agents_raw, before shrinkage.")
