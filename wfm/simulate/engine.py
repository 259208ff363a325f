"""One replication: a tight discrete-event loop over calls, agents and the plan.

Arrivals are non-homogeneous Poisson (Poisson counts per interval, uniform inside it);
handle times exponential or lognormal with the interval's mean; patience exponential where
the queue has one. Arrivals and plan events are pre-sorted streams merged with a heap that
holds only call completions, abandonments and break ends: a week of 93,000 calls takes
about half a second (benchmarks/bench_simulate.py).

Agent rules (FORMAT.md): an agent answers only during work segments. A call in hand when a
segment ends is finished first; a break then starts late and keeps its length, and the agent
comes back late. With routing "plan" an agent answers the queue of the current segment; with
"skills" a freed agent takes the longest-waiting call among all its skills, and a new call
goes to the longest-idle agent with the skill; "priority" is "skills" where a freed agent
serves its highest-priority queue with a caller waiting first (as ACDs with queue
priorities do), the longest-waiting call within it.
"""

from __future__ import annotations

import heapq
import math
from collections import deque
from dataclasses import dataclass

import numpy as np

from .plan import PAUSE, WORK, SimPlan

IDLE_OFF, IDLE, BUSY, ON_BREAK = 0, 1, 2, 3
DONE, ABANDON, BREAK_END = 0, 1, 2


@dataclass
class Counts:
    """Per-replication totals, arrays [queue, interval] by the call's arrival interval."""

    offered: np.ndarray
    answered: np.ndarray
    within: np.ndarray  # answered within answer_seconds
    abandoned: np.ndarray
    wait_answered: np.ndarray  # seconds, summed over answered calls
    busy_seconds: np.ndarray  # handle seconds, by the interval in which they are worked
    staffed_seconds: np.ndarray  # planned work seconds of present agents
    break_lateness: np.ndarray  # seconds, one entry per break or lunch taken


def service_times(rng: np.random.Generator, mean: np.ndarray, service: str,
                  cv: float) -> np.ndarray:
    if service == "exponential":
        return rng.exponential(mean)
    if service == "lognormal":
        sigma2 = math.log1p(cv * cv)
        return rng.lognormal(np.log(mean) - sigma2 / 2.0, math.sqrt(sigma2))
    raise ValueError(f"unknown service distribution {service!r}")


def arrivals(plan: SimPlan, rng: np.random.Generator, service: str, cv: float):
    """All calls of the horizon, sorted by time: (time, queue, interval, handle, patience)."""
    step = plan.interval_seconds
    times, queues, intervals, handle, patience = [], [], [], [], []
    for q in range(len(plan.queues)):
        counts = rng.poisson(plan.contacts[q])
        iv = np.repeat(np.arange(plan.n_intervals), counts)
        times.append(iv * float(step) + rng.random(iv.size) * step)
        queues.append(np.full(iv.size, q))
        intervals.append(iv)
        handle.append(service_times(rng, plan.aht_seconds[q][iv], service, cv))
        mean_patience = plan.patience_seconds[q]
        patience.append(rng.exponential(mean_patience, iv.size) if math.isfinite(mean_patience)
                        else np.full(iv.size, math.inf))
    t = np.concatenate(times)
    order = np.argsort(t, kind="stable")
    return (t[order], np.concatenate(queues)[order], np.concatenate(intervals)[order],
            np.concatenate(handle)[order], np.concatenate(patience)[order])


def replicate(plan: SimPlan, seed, routing: str = "plan", service: str = "exponential",
              cv: float = 1.0, absence: float = 0.0, calls=None) -> Counts:
    """Simulate the horizon once. `absence` removes each shift with that probability.

    `calls` replays given calls instead of drawing them: arrays (time, queue, interval,
    handle seconds, patience seconds) sorted by time, as `arrivals` returns them.
    """
    if routing not in ("plan", "skills", "priority"):
        raise ValueError(f"unknown routing {routing!r}")
    rng = np.random.default_rng(seed)
    nq, ni, step = len(plan.queues), plan.n_intervals, plan.interval_seconds
    shape = (nq, ni)
    present = rng.random(len(plan.shifts)) >= absence if absence > 0 else None
    staffed = np.zeros(shape)
    plan_events = []
    for k, shift in enumerate(plan.shifts):
        if present is not None and not present[k]:
            continue
        a = shift.agent
        plan_events.extend((t, kind, a, x) for t, kind, x in shift.events)
        for q, i, sec in shift.staffed:
            staffed[q, i] += sec
    plan_events.sort()

    drawn = arrivals(plan, rng, service, cv) if calls is None else calls
    arr_t, arr_q, arr_i, arr_h, arr_p = (np.asarray(x).tolist() for x in drawn)
    n_calls = len(arr_t)
    cell = np.asarray(drawn[1], dtype=np.int64) * ni + np.asarray(drawn[2], dtype=np.int64)
    offered = np.bincount(cell, minlength=nq * ni).reshape(shape)
    answered = [[0] * ni for _ in range(nq)]
    within = [[0] * ni for _ in range(nq)]
    abandoned = [[0] * ni for _ in range(nq)]
    wait_sum = [[0.0] * ni for _ in range(nq)]
    busy = [[0.0] * ni for _ in range(nq)]
    lateness: list[float] = []
    answer_s = plan.answer_seconds
    skills_routing = routing in ("skills", "priority")
    rank = plan.priorities if routing == "priority" else [0.0] * nq

    n_agents = len(plan.agent_skills)
    state = [IDLE_OFF] * n_agents
    seg_queue = [-1] * n_agents
    stamp = [0] * n_agents
    pending: list[tuple[float, float] | None] = [None] * n_agents
    serves = plan.agent_skills if skills_routing else None
    idle = [deque() for _ in range(nq)]  # (agent, stamp); stale entries skipped
    waiting = [deque() for _ in range(nq)]  # call ids; abandoned ones skipped
    call_open = bytearray(n_calls)  # 1 while waiting
    heap: list = []
    push, pop = heapq.heappush, heapq.heappop
    seq = 0

    def serve(a: int, c: int, now: float) -> None:
        nonlocal seq
        q, i = arr_q[c], arr_i[c]
        wait = now - arr_t[c]
        answered[q][i] += 1
        wait_sum[q][i] += wait
        if wait <= answer_s[q]:
            within[q][i] += 1
        end = now + arr_h[c]
        row, j, t = busy[q], int(now // step), now
        while t < end and j < ni:  # handle time, by the interval it is worked in
            stop = min(end, (j + 1) * step)
            row[j] += stop - t
            t, j = stop, j + 1
        state[a] = BUSY
        stamp[a] += 1
        seq += 1
        push(heap, (end, seq, DONE, a))

    def next_call(a: int) -> int:
        """The call a freed agent takes, or -1."""
        if not skills_routing:
            line = waiting[seg_queue[a]]
            while line:
                c = line.popleft()
                if call_open[c]:
                    return c
            return -1
        best, best_key = -1, (math.inf, math.inf)
        for q in serves[a]:
            line = waiting[q]
            while line and not call_open[line[0]]:
                line.popleft()
            if line and (-rank[q], arr_t[line[0]]) < best_key:
                best, best_key = q, (-rank[q], arr_t[line[0]])
        return waiting[best].popleft() if best >= 0 else -1

    def available(a: int, now: float) -> None:
        """The agent is free and on a work segment: take a waiting call or wait for one."""
        c = next_call(a)
        if c >= 0:
            call_open[c] = 0
            serve(a, c, now)
            return
        state[a] = IDLE
        stamp[a] += 1
        for q in (serves[a] if skills_routing else (seg_queue[a],)):
            idle[q].append((a, stamp[a]))

    def start_break(a: int, planned: float, length: float, now: float) -> None:
        nonlocal seq
        lateness.append(now - planned)
        state[a] = ON_BREAK
        stamp[a] += 1
        seq += 1
        push(heap, (now + length, seq, BREAK_END, a))

    def free(a: int, now: float) -> None:
        """The call in hand or the break has ended: what the agent does next."""
        if pending[a] is not None:
            planned, length = pending[a]
            pending[a] = None
            start_break(a, planned, length, now)
        elif seg_queue[a] >= 0:
            available(a, now)
        else:
            state[a] = IDLE_OFF
            stamp[a] += 1

    inf = math.inf
    ai = pi = 0
    n_plan = len(plan_events)
    while True:
        ta = arr_t[ai] if ai < n_calls else inf
        tp = plan_events[pi][0] if pi < n_plan else inf
        th = heap[0][0] if heap else inf
        if th <= tp and th <= ta:
            if th == inf:
                break
            now, _, kind, x = pop(heap)
            if kind == DONE or kind == BREAK_END:
                free(x, now)
            elif call_open[x]:  # ABANDON of a call still waiting
                call_open[x] = 0
                abandoned[arr_q[x]][arr_i[x]] += 1
        elif tp <= ta:
            now, kind, a, x = plan_events[pi]
            pi += 1
            if kind == WORK:
                seg_queue[a] = x
                if state[a] in (IDLE_OFF, IDLE):  # starts, or switches queue
                    available(a, now)
            else:  # PAUSE (break/lunch of x seconds) or OFF: stop answering
                seg_queue[a] = -1
                if kind == PAUSE and x > 0:
                    if state[a] in (IDLE_OFF, IDLE):
                        start_break(a, now, x, now)
                    else:  # busy, or still on a late break: the break waits
                        pending[a] = (now, float(x))
                elif state[a] == IDLE:
                    state[a] = IDLE_OFF
                    stamp[a] += 1
        else:
            now, q = ta, arr_q[ai]
            c = ai
            ai += 1
            line = idle[q]
            agent = -1
            while line:
                a, s = line.popleft()
                if stamp[a] == s and state[a] == IDLE:
                    agent = a
                    break
            if agent >= 0:
                serve(agent, c, now)
            else:
                call_open[c] = 1
                waiting[q].append(c)
                if arr_p[c] < inf:
                    seq += 1
                    push(heap, (now + arr_p[c], seq, ABANDON, c))

    return Counts(offered=offered.astype(float), answered=np.asarray(answered, dtype=float),
                  within=np.asarray(within, dtype=float),
                  abandoned=np.asarray(abandoned, dtype=float),
                  wait_answered=np.asarray(wait_sum), busy_seconds=np.asarray(busy),
                  staffed_seconds=staffed, break_lateness=np.asarray(lateness))
