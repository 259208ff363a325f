"""Scenario -> agents required per interval and queue (`requirements.csv` of FORMAT.md)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..numbers import weighted_mean
from ..scenario.model import Scenario
from .agents import Targets, min_agents, on_phones, scheduled_agents
from .erlang_a import erlang_a
from .erlang_c import erlang_c

REQUIREMENT_COLUMNS = ["interval_start", "queue", "contacts", "aht_seconds", "erlangs",
                       "agents_raw", "agents_required", "service_level", "asa_seconds",
                       "abandon_rate", "occupancy"]


@dataclass
class QueueMetrics:
    """Predicted metrics per interval; NaN where there are no contacts (or no answer)."""

    service_level: np.ndarray
    asa_seconds: np.ndarray
    abandon_rate: np.ndarray  # NaN for Erlang C queues
    occupancy: np.ndarray


@dataclass
class Requirements:
    """Arrays [queue, interval] in the order of `queues`."""

    queues: list[str]
    labels: list[str]
    contacts: np.ndarray
    aht_seconds: np.ndarray
    erlangs: np.ndarray
    agents_raw: np.ndarray
    agents_required: np.ndarray
    metrics: list[QueueMetrics]
    from_file: bool = False

    def to_frame(self) -> pd.DataFrame:
        """One row per interval and queue, intervals in time order."""
        q_count, t_count = self.agents_required.shape
        frame = pd.DataFrame({
            "interval_start": np.tile(np.asarray(self.labels, dtype=object), q_count),
            "queue": np.repeat(np.asarray(self.queues, dtype=object), t_count),
            "contacts": self.contacts.ravel(),
            "aht_seconds": self.aht_seconds.ravel(),
            "erlangs": self.erlangs.ravel(),
            "agents_raw": self.agents_raw.ravel(),
            "agents_required": self.agents_required.ravel(),
            "service_level": np.concatenate([m.service_level for m in self.metrics]),
            "asa_seconds": np.concatenate([m.asa_seconds for m in self.metrics]),
            "abandon_rate": np.concatenate([m.abandon_rate for m in self.metrics]),
            "occupancy": np.concatenate([m.occupancy for m in self.metrics]),
        })
        return frame.iloc[interval_major(q_count, t_count)].reset_index(drop=True)[
            REQUIREMENT_COLUMNS]


def interval_major(q_count: int, t_count: int) -> np.ndarray:
    """Row order turning queue-major rows ([queue, interval] raveled) into time order,
    queues in scenario order within an interval: the order of every per-interval CSV."""
    return np.lexsort((np.repeat(np.arange(q_count), t_count),
                       np.tile(np.arange(t_count), q_count)))


def offered_load(contacts: np.ndarray, aht_seconds: np.ndarray, interval_minutes: int):
    return contacts * aht_seconds / (interval_minutes * 60.0)


def predict(queue, contacts: np.ndarray, aht_seconds: np.ndarray, agents: np.ndarray,
            interval_minutes: int) -> QueueMetrics:
    """Erlang C/A metrics of `agents` on the phones, per interval of one queue."""
    load = offered_load(contacts, aht_seconds, interval_minutes)
    agents = np.asarray(agents, dtype=float)
    nan = np.full(load.shape, np.nan)
    if queue.patience_seconds is None:
        m = erlang_c(agents, load, aht_seconds, queue.answer_seconds)
        sl, asa, ab, occ = m.service_level.copy(), m.asa_seconds.copy(), nan.copy(), \
            np.minimum(m.occupancy, 1.0)
    else:
        m = erlang_a(agents, load, aht_seconds, queue.patience_seconds, queue.answer_seconds)
        sl, asa, ab, occ = m.service_level.copy(), m.asa_seconds.copy(), \
            m.abandon_rate.copy(), m.occupancy.copy()
    asa[~np.isfinite(asa)] = np.nan
    idle = load <= 0
    for arr in (sl, asa, ab, occ):
        arr[idle] = np.nan
    return QueueMetrics(sl, asa, ab, occ)


def compute_requirements(scenario: Scenario) -> Requirements:
    """Staff every queue from volume.csv: Erlang C, or Erlang A where callers abandon."""
    config = scenario.config
    step = config.horizon.interval_minutes
    shrinkage = config.staffing.shrinkage
    contacts, aht = scenario.contacts, scenario.aht_seconds
    raw = np.zeros(contacts.shape, dtype=np.int64)
    metrics = []
    for q, queue in enumerate(config.queues):
        load = offered_load(contacts[q], aht[q], step)
        raw[q] = min_agents(load, aht[q], Targets.of_queue(queue))
        metrics.append(predict(queue, contacts[q], aht[q], raw[q], step))
    return Requirements(
        queues=scenario.queue_names, labels=scenario.grid.interval_labels(),
        contacts=contacts, aht_seconds=aht, erlangs=offered_load(contacts, aht, step),
        agents_raw=raw, agents_required=scheduled_agents(raw, shrinkage), metrics=metrics)


def requirements_for_scheduling(scenario: Scenario) -> Requirements:
    """requirements.csv when the scenario has one (staffing is skipped), else staffing."""
    if scenario.required is None:
        return compute_requirements(scenario)
    shape = scenario.required.shape
    step = scenario.config.horizon.interval_minutes
    if scenario.contacts is not None:
        contacts, aht = scenario.contacts, scenario.aht_seconds
    else:
        contacts = np.zeros(shape)
        aht = np.array([[q.aht_seconds] * shape[1] for q in scenario.config.queues])
    raw = on_phones(scenario.required, scenario.config.staffing.shrinkage)
    metrics = [predict(queue, contacts[q], aht[q], raw[q], step)
               for q, queue in enumerate(scenario.config.queues)]
    return Requirements(
        queues=scenario.queue_names, labels=scenario.grid.interval_labels(),
        contacts=contacts, aht_seconds=aht, erlangs=offered_load(contacts, aht, step),
        agents_raw=raw, agents_required=scenario.required.astype(np.int64), metrics=metrics,
        from_file=True)


@dataclass
class DaySummary:
    queue: str
    date: str
    peak_agents: int
    agent_hours: float
    contacts: float
    service_level: float  # contact-weighted; NaN without contacts
    abandon_rate: float


def daily_summary(scenario: Scenario, req: Requirements) -> list[DaySummary]:
    """Per queue and local date: peak agents, agent-hours, contact-weighted SL and abandon."""
    grid = scenario.grid
    step = grid.interval_minutes
    rows = []
    for q, name in enumerate(req.queues):
        for d in range(grid.days):
            lo = grid.day_start[d] // step
            hi = grid.day_start[d + 1] // step
            need = req.agents_required[q, lo:hi]
            weights = req.contacts[q, lo:hi]
            total = float(weights.sum())
            m = req.metrics[q]
            rows.append(DaySummary(
                queue=name, date=grid.date_of_index(d).isoformat(),
                peak_agents=int(need.max()) if need.size else 0,
                agent_hours=float(need.sum()) * step / 60.0, contacts=total,
                service_level=weighted_mean(m.service_level[lo:hi], weights),
                abandon_rate=weighted_mean(m.abandon_rate[lo:hi], weights)))
    return rows
