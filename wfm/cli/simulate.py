"""`wfm simulate SCENARIO DIR`: simulate the roster against the forecast traffic."""

from __future__ import annotations

from pathlib import Path

import typer


def simulate(scenario: Path = typer.Argument(..., help="Scenario directory."),
             directory: Path = typer.Argument(..., help="Roster directory.")) -> None:
    """Discrete-event simulation of the roster; writes simulation.csv and a summary."""
    raise NotImplementedError
