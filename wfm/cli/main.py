"""The `wfm` command: a thin layer joining one module per command."""

from __future__ import annotations

import typer

from . import check, schedule, simulate, staff, validate

app = typer.Typer(no_args_is_help=True, add_completion=False,
                  help="Workforce management for call centers: staff, schedule, check, simulate.")
app.command("validate")(validate.validate)
app.command("staff")(staff.staff)
app.command("schedule")(schedule.schedule)
app.command("check")(check.check)
app.command("simulate")(simulate.simulate)

if __name__ == "__main__":
    app()
