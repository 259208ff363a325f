"""Errors that cross the library/CLI boundary, and the exit codes the CLI maps them to.

The library raises; only `wfm.cli` prints and exits.
"""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_VIOLATIONS = 1  # `wfm check`: the roster breaks a rule
EXIT_INPUT = 2  # bad input: nothing was written
EXIT_CONTRADICTION = 3  # `wfm schedule`: hard rules contradict each other


@dataclass(frozen=True)
class InputProblem:
    """One problem in an input file. Line 0 means the whole file."""

    path: str
    line: int
    key: str
    message: str

    def __str__(self) -> str:
        key = f" {self.key}:" if self.key else ""
        return f"{self.path}:{self.line}:{key} {self.message}"


class InputError(Exception):
    """Every problem found in the inputs, not only the first."""

    def __init__(self, problems: list[InputProblem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line, p.key))
        super().__init__("\n".join(str(p) for p in self.problems))


class ProblemList:
    """Collects problems while loading, so that all of them are reported at once."""

    def __init__(self) -> None:
        self.items: list[InputProblem] = []

    def add(self, path: str, line: int, key: str, message: str) -> None:
        self.items.append(InputProblem(str(path), int(line), key, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise InputError(self.items)


@dataclass(frozen=True)
class Conflict:
    """A hard rule that cannot hold together with the others, for one person (or the site)."""

    employee_id: str
    rule: str
    detail: str

    def __str__(self) -> str:
        who = f"employee {self.employee_id}" if self.employee_id else "scenario"
        return f"{who}: {self.rule}: {self.detail}"


class ContradictionError(Exception):
    """Hard rules contradict each other; no roster can satisfy all of them."""

    def __init__(self, conflicts: list[Conflict], proven: bool = True):
        self.conflicts = conflicts
        self.proven = proven  # False: no roster was found in time, impossibility not shown
        super().__init__("\n".join(str(c) for c in conflicts))
