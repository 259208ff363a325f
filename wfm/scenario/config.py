"""pydantic models of `scenario.toml`, one per section of FORMAT.md.

Unknown keys are errors (`extra="forbid"`): a typo must not silently drop a rule.
Keys this project adds to FORMAT.md are marked "(wfm)" and documented in the README.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .timegrid import WEEKDAYS, parse_hhmm


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Horizon(Section):
    start: date
    days: int = Field(ge=1, le=400)
    interval_minutes: Literal[5, 10, 15, 30, 60]


class Queue(Section):
    name: str = Field(min_length=1)
    aht_seconds: float = Field(gt=0)
    service_level: float = Field(ge=0, lt=1)
    answer_seconds: float = Field(ge=0)
    patience_seconds: float | None = Field(default=None, gt=0)
    max_abandon_rate: float | None = Field(default=None, gt=0, le=1)
    max_asa_seconds: float | None = Field(default=None, gt=0)
    max_occupancy: float | None = Field(default=None, gt=0, le=1)
    priority: float = Field(default=1.0, gt=0)

    @model_validator(mode="after")
    def _abandon_needs_patience(self) -> Queue:
        if self.max_abandon_rate is not None and self.patience_seconds is None:
            raise ValueError("max_abandon_rate needs patience_seconds (Erlang A)")
        return self

    @property
    def erlang_a(self) -> bool:
        return self.patience_seconds is not None


class Staffing(Section):
    shrinkage: float = Field(default=0.0, ge=0, lt=1)


class Site(Section):
    name: str = Field(min_length=1)
    seats: int = Field(ge=0)


class Remote(Section):
    seats: int = Field(default=0, ge=0)
    loaner_kits: int = Field(default=0, ge=0)


class ShiftType(Section):
    name: str = Field(min_length=1)
    earliest_start: str
    latest_start: str
    start_step_minutes: int | None = Field(default=None, gt=0, le=1440)
    lengths_minutes: list[int] = Field(min_length=1)
    days: list[str] = Field(default_factory=lambda: list(WEEKDAYS))

    @field_validator("earliest_start", "latest_start")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        parse_hhmm(value)
        return value

    @field_validator("lengths_minutes")
    @classmethod
    def _lengths(cls, value: list[int]) -> list[int]:
        for length in value:
            if not 0 < length <= 1440:
                raise ValueError(f"shift length {length} must be in 1..1440 minutes")
        if len(set(value)) != len(value):
            raise ValueError("lengths are listed twice")
        return value

    @field_validator("days")
    @classmethod
    def _days(cls, value: list[str]) -> list[str]:
        bad = [d for d in value if d not in WEEKDAYS]
        if bad:
            raise ValueError(f"unknown weekday {bad[0]!r}; use {', '.join(WEEKDAYS)}")
        if not value:
            raise ValueError("needs at least one weekday")
        return value

    @model_validator(mode="after")
    def _window(self) -> ShiftType:
        if parse_hhmm(self.earliest_start) > parse_hhmm(self.latest_start):
            raise ValueError("earliest_start is after latest_start "
                             "(use two shift types for a window across midnight)")
        return self

    def start_minutes_of_day(self, default_step: int) -> list[tuple[int, int]]:
        """Wall-clock (hour, minute) start times of this type."""
        h0, m0 = parse_hhmm(self.earliest_start)
        h1, m1 = parse_hhmm(self.latest_start)
        step = self.start_step_minutes or default_step
        return [divmod(t, 60) for t in range(h0 * 60 + m0, h1 * 60 + m1 + 1, step)]


class BreakSpec(Section):
    kind: Literal["break", "lunch"]
    minutes: int = Field(gt=0)
    earliest: int = Field(ge=0)
    latest: int = Field(ge=0)
    paid: bool = True

    @model_validator(mode="after")
    def _window(self) -> BreakSpec:
        if self.latest < self.earliest:
            raise ValueError("latest is before earliest")
        return self


class BreakRule(Section):
    min_shift_minutes: int = Field(ge=0)
    max_shift_minutes: int = Field(ge=0)
    min_work_minutes: int = Field(default=0, ge=0)
    breaks: list[BreakSpec] = Field(default_factory=list)

    @model_validator(mode="after")
    def _range(self) -> BreakRule:
        if self.max_shift_minutes < self.min_shift_minutes:
            raise ValueError("max_shift_minutes is below min_shift_minutes")
        return self

    def applies_to(self, length_minutes: int) -> bool:
        return self.min_shift_minutes <= length_minutes <= self.max_shift_minutes


class Labor(Section):
    min_rest_minutes: int | None = Field(default=None, ge=0)
    max_consecutive_days: int | None = Field(default=None, ge=1)
    min_days_off_per_week: int | None = Field(default=None, ge=0, le=7)
    max_paid_minutes_per_week: int | None = Field(default=None, ge=0)
    min_paid_minutes_per_week: int | None = Field(default=None, ge=0)
    max_paid_minutes_per_day: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _bounds(self) -> Labor:
        lo, hi = self.min_paid_minutes_per_week, self.max_paid_minutes_per_week
        if lo is not None and hi is not None and lo > hi:
            raise ValueError("min_paid_minutes_per_week is above max_paid_minutes_per_week")
        return self


class Objective(Section):
    shortfall: float = Field(default=1000, ge=0)
    overstaffing: float = Field(default=1, ge=0)
    paid_minute: float = Field(default=0, ge=0)
    preference: float = Field(default=10, ge=0)
    # (wfm) "agents": every missing agent-interval costs `shortfall` x priority.
    # "callers": a missing agent costs in proportion to the callers it leaves unanswered
    # within target (Erlang C/A), so the first missing agent of an interval costs less than
    # the fifth; the scale is that of "agents" at the queue's target.
    shortfall_model: Literal["agents", "callers"] = "agents"


class ScenarioConfig(Section):
    name: str = ""
    timezone: str
    horizon: Horizon
    queues: list[Queue] = Field(min_length=1)
    staffing: Staffing = Staffing()
    sites: list[Site] = Field(min_length=1)
    remote: Remote = Remote()
    shifts: list[ShiftType] = Field(min_length=1)
    break_rules: list[BreakRule] = Field(default_factory=list)
    labor: Labor = Labor()
    objective: Objective = Objective()

    def queue(self, name: str) -> Queue:
        return next(q for q in self.queues if q.name == name)

    def break_rule_for(self, length_minutes: int) -> BreakRule | None:
        return next((r for r in self.break_rules if r.applies_to(length_minutes)), None)
