"""Scenario + roster -> the flat, picklable input of one simulation replication.

Times are seconds since the horizon starts (elapsed, so DST days simply have fewer or more
intervals). Queues and agents are integer indices, so that the event loop touches only
lists of numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..roster.model import Roster

# Plan event kinds, in the order they are applied when they fall at the same moment:
# a shift end comes before the next shift's first segment.
OFF, WORK, PAUSE = 0, 1, 2


@dataclass
class Shift:
    """One shift of one agent as plan events [(second, kind, queue or pause seconds)]."""

    agent: int
    events: list[tuple[float, int, int]]
    # work seconds per (queue, interval) for the occupancy denominator
    staffed: list[tuple[int, int, float]] = field(default_factory=list)


@dataclass
class SimPlan:
    queues: list[str]
    interval_seconds: int
    n_intervals: int
    contacts: np.ndarray  # [queue, interval] expected arrivals
    aht_seconds: np.ndarray  # [queue, interval]
    answer_seconds: list[float]
    patience_seconds: list[float]  # inf where callers do not abandon (Erlang C)
    agent_skills: list[list[int]]  # queue indices per agent
    shifts: list[Shift]
    priorities: list[float] = field(default_factory=list)  # [[queues]] priority


def compile_plan(scenario, roster: Roster) -> SimPlan:
    config = scenario.config
    queues = scenario.queue_names
    index = {q: i for i, q in enumerate(queues)}
    step = config.horizon.interval_minutes * 60
    n_intervals = scenario.grid.n_intervals
    agents = sorted({s.employee_id for s in roster.shifts})
    agent_index = {a: i for i, a in enumerate(agents)}
    skills = [[index[q] for q in scenario.employee(a).skills if q in index] for a in agents]
    shifts = []
    for shift in sorted(roster.shifts, key=lambda s: (s.employee_id, s.start)):
        events: list[tuple[float, int, int]] = []
        staffed: list[tuple[int, int, float]] = []
        for seg in sorted(shift.segments, key=lambda g: g.start):
            start, end = seg.start * 60.0, seg.end * 60.0
            if seg.activity == "work" and seg.queue in index:
                q = index[seg.queue]
                events.append((start, WORK, q))
                staffed.extend((q, i, sec) for i, sec in _split(start, end, step, n_intervals))
            else:  # a break, a lunch, or work on a queue the scenario does not know: no calls
                events.append((start, PAUSE, int(end - start) if seg.activity != "work" else 0))
        events.append((shift.end * 60.0, OFF, 0))
        shifts.append(Shift(agent_index[shift.employee_id], events, staffed))
    patience = [math.inf if q.patience_seconds is None else float(q.patience_seconds)
                for q in config.queues]
    return SimPlan(queues=queues, interval_seconds=step, n_intervals=n_intervals,
                   contacts=np.asarray(scenario.contacts, dtype=float),
                   aht_seconds=np.asarray(scenario.aht_seconds, dtype=float),
                   answer_seconds=[float(q.answer_seconds) for q in config.queues],
                   patience_seconds=patience, agent_skills=skills, shifts=shifts,
                   priorities=[q.priority for q in config.queues])


def _split(start: float, end: float, step: int, n_intervals: int):
    """(interval, seconds) pieces of [start, end) inside the horizon."""
    i = int(start // step)
    while start < end and i < n_intervals:
        stop = min(end, (i + 1) * step)
        if i >= 0:
            yield i, stop - start
        start, i = stop, i + 1
