"""What the checker says: one Violation per broken rule instance, and the verdict."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Violation:
    rule: str  # the rule family, named after FORMAT.md keys
    employee_id: str  # "" when the rule is not about one person
    date: str  # local date, ISO 8601, or ""
    time: str  # local time with offset, or ""
    message: str
    fix: str  # what would fix it, in a scheduler's words


@dataclass
class Verdict:
    violations: list[Violation] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    shifts: int = 0

    @property
    def ok(self) -> bool:
        return not self.violations

    def per_rule(self) -> dict[str, int]:
        return dict(Counter(v.rule for v in self.violations))
