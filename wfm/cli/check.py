"""`wfm check SCENARIO DIR`: verify a roster directory against every rule of FORMAT.md."""

from __future__ import annotations

from pathlib import Path

import typer


def check(scenario: Path = typer.Argument(..., help="Scenario directory."),
          directory: Path = typer.Argument(..., help="Roster directory.")) -> None:
    """Verify a roster (written by wfm schedule or edited by hand); exit 1 on any violation."""
    raise NotImplementedError
