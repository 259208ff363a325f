"""`wfm validate SCENARIO`: check a scenario and say what it holds."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from .. import api
from .common import console, guarded


def validate(scenario: Path = typer.Argument(..., help="Scenario directory (FORMAT.md).")) -> None:
    """Check every file of a scenario; summarise people, skills, seats and hours."""
    with guarded():
        sc = api.load(scenario)
        s = api.validate(sc)
    console.print(f"[bold]{s.name or scenario}[/bold]: valid. {s.days} days in {s.timezone}, "
                  f"{s.intervals} intervals, {s.shift_options_per_day} shift options a day.")
    flags = ", ".join(f"{k} {v}" for k, v in sorted(s.remote_flags.items()))
    console.print(f"People: {s.people} ({', '.join(f'{k} {v}' for k, v in s.by_site.items())}); "
                  f"remote: {flags}; {s.without_home_kit} without a home kit; "
                  f"{s.multi_skilled} multi-skilled.")
    seats = ", ".join(f"{k} {v}" for k, v in s.site_seats.items())
    console.print(f"Seats: on-site {seats}; remote {s.remote_seats}; loaner kits "
                  f"{s.loaner_kits} (at least {s.kits_needed_at_least} needed by remote-only "
                  "people without a kit).")
    if s.queues:
        table = Table(title="Hours needed against people with the skill", title_justify="left")
        for column in ("queue", "people", "peak agents", "agent-hours needed"):
            table.add_column(column, justify="left" if column == "queue" else "right")
        for q in s.queues:
            table.add_row(q.queue, str(q.people), str(q.peak_agents), f"{q.needed_hours:,.1f}")
        console.print(table)
        console.print(f"Needed: {s.needed_hours:,.0f} agent-hours on the phones. Available at "
                      f"most: {s.paid_hours_available:,.0f} paid hours, about "
                      f"{s.phone_hours_available:,.0f} h on the phones after breaks.")
    for note in s.notes:
        console.print(f"[yellow]note:[/yellow] {note}")
