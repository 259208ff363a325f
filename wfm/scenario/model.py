"""The scenario as the rest of wfm sees it: validated, with times as elapsed minutes."""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict

from .config import ScenarioConfig
from .timegrid import TimeGrid


class Employee(BaseModel):
    """One row of employees.csv. Empty optional cells are None (fall back to [labor])."""

    model_config = ConfigDict(frozen=True)

    employee_id: str
    name: str
    site: str
    skills: tuple[str, ...]
    remote: Literal["yes", "no", "only"]
    home_kit: bool = True
    min_paid_minutes_per_week: int | None = None
    max_paid_minutes_per_week: int | None = None
    max_days_per_week: int | None = None
    cost_per_hour: float | None = None
    line: int = 0


class Availability(BaseModel):
    """One row of availability.csv; a window is [start_minute, end_minute) elapsed minutes."""

    model_config = ConfigDict(frozen=True)

    employee_id: str
    day: int  # local date index in the horizon
    kind: Literal["off", "prefer_off", "prefer_on"]
    start_minute: int | None = None
    end_minute: int | None = None
    line: int = 0

    @property
    def whole_day(self) -> bool:
        return self.start_minute is None


class Scenario(BaseModel):
    """A loaded, validated scenario directory.

    `contacts`, `aht_seconds` and `required` are arrays [queue, interval] in the order of
    `config.queues`; each is None when its file is absent.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    directory: str
    config: ScenarioConfig
    grid: TimeGrid
    employees: list[Employee] = []
    availability: list[Availability] = []
    contacts: np.ndarray | None = None
    aht_seconds: np.ndarray | None = None
    required: np.ndarray | None = None
    ignored_columns: dict[str, list[str]] = {}

    @property
    def queue_names(self) -> list[str]:
        return [q.name for q in self.config.queues]

    def employee(self, employee_id: str) -> Employee:
        return self._by_id()[employee_id]

    def _by_id(self) -> dict[str, Employee]:
        cache = self.__dict__.get("_employee_index")
        if cache is None:
            cache = {e.employee_id: e for e in self.employees}
            self.__dict__["_employee_index"] = cache
        return cache

    # --- per-person limits: employees.csv overrides, else [labor] ----------------------
    def max_paid_minutes_per_week(self, e: Employee) -> int | None:
        return e.max_paid_minutes_per_week if e.max_paid_minutes_per_week is not None \
            else self.config.labor.max_paid_minutes_per_week

    def min_paid_minutes_per_week(self, e: Employee) -> int:
        value = e.min_paid_minutes_per_week if e.min_paid_minutes_per_week is not None \
            else self.config.labor.min_paid_minutes_per_week
        return value or 0

    def max_days_per_week(self, e: Employee) -> int | None:
        return e.max_days_per_week

    def weeks(self) -> list[tuple[int, int]]:
        """The 7-day blocks counted from horizon.start, as (first day, length in days)."""
        days = self.config.horizon.days
        return [(d, min(7, days - d)) for d in range(0, days, 7)]
