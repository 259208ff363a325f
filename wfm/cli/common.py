"""What every command shares: the consoles and the mapping of errors to exit codes."""

from __future__ import annotations

from contextlib import contextmanager

import typer
from rich.console import Console

from ..errors import EXIT_CONTRADICTION, EXIT_INPUT, ContradictionError, InputError

console = Console()
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


@contextmanager
def guarded():
    """Turn library errors into messages on stderr and the exit codes of the README."""
    try:
        yield
    except InputError as exc:
        for problem in exc.problems:
            err_console.print(str(problem), markup=False)
        err_console.print(f"{len(exc.problems)} problem(s) found; nothing was written.",
                          markup=False)
        raise typer.Exit(EXIT_INPUT) from None
    except ContradictionError as exc:
        err_console.print("The hard rules contradict each other; no roster can satisfy them:"
                          if exc.proven else "No roster keeping every hard rule was found in "
                          "the time given (not proven impossible):",
                          markup=False)
        for conflict in exc.conflicts:
            err_console.print(f"  - {conflict}", markup=False)
        err_console.print("Nothing was written.", markup=False)
        raise typer.Exit(EXIT_CONTRADICTION) from None


def pct(value: float | None) -> str:
    """A share as a percentage; "-" for a missing (None or NaN) value."""
    return "-" if value is None or value != value else f"{100 * value:.1f}%"
