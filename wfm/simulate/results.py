"""Replications -> means with 95% confidence intervals, per interval, day, queue and week.

Each replication is one independent week, so a ratio (say answered within the threshold
over offered) is computed per replication over the cells it covers, and the interval is
Student's t over the replications. Per interval the mean is over the replications in which
the interval had contacts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ..numbers import json_number
from ..staffing.requirements import interval_major
from .engine import Counts

SIMULATION_COLUMNS = ["interval_start", "queue", "offered", "answered", "abandoned",
                      "service_level", "service_level_ci95", "abandon_rate", "asa_seconds",
                      "occupancy"]
METRICS = ("service_level", "abandon_rate", "asa_seconds", "occupancy")


def mean_ci(values: np.ndarray, axis: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Mean and 95% half-width over `axis`, ignoring NaN (half-width NaN below 2 values)."""
    values = np.asarray(values, dtype=float)
    n = np.sum(~np.isnan(values), axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(n > 0, np.nansum(values, axis=axis) / np.maximum(n, 1), np.nan)
        centred = np.where(np.isnan(values), 0.0, values - np.expand_dims(mean, axis))
        var = np.sum(centred ** 2, axis=axis) / np.maximum(n - 1, 1)
        t = stats.t.ppf(0.975, np.maximum(n - 1, 1))
        half = np.where(n > 1, t * np.sqrt(var / np.maximum(n, 1)), np.nan)
    return mean, half


def ratios(runs: list[Counts], cells) -> dict[str, np.ndarray]:
    """Per replication, the four metrics over `cells` (a boolean mask or index of
    [queue, interval]); NaN where nothing was offered (or answered, for ASA)."""
    def total(name: str) -> np.ndarray:
        return np.array([getattr(r, name)[cells].sum() for r in runs])

    offered, answered = total("offered"), total("answered")
    staffed = total("staffed_seconds")
    with np.errstate(invalid="ignore", divide="ignore"):
        return {
            "service_level": np.where(offered > 0, total("within") / offered, np.nan),
            "abandon_rate": np.where(offered > 0, total("abandoned") / offered, np.nan),
            "asa_seconds": np.where(answered > 0, total("wait_answered") / answered, np.nan),
            "occupancy": np.where(staffed > 0, total("busy_seconds") / staffed, np.nan),
        }


def summarise(runs: list[Counts], cells, erlang_cells: dict | None = None) -> dict:
    out = {"offered": json_number(np.mean([r.offered[cells].sum() for r in runs]))}
    for name, values in ratios(runs, cells).items():
        mean, half = mean_ci(values)
        out[name] = json_number(float(mean))
        out[f"{name}_ci95"] = json_number(float(half))
    if erlang_cells is not None:
        out["erlang"] = erlang_cells
    return out


def interval_frame(runs: list[Counts], queues: list[str], labels: list[str],
                   abandon_queues: list[bool], scheduled: np.ndarray | None = None,
                   predicted=None) -> pd.DataFrame:
    stack = {name: np.stack([getattr(r, name) for r in runs]) for name in
             ("offered", "answered", "within", "abandoned", "wait_answered", "busy_seconds",
              "staffed_seconds")}
    off, ans = stack["offered"], stack["answered"]
    with np.errstate(invalid="ignore", divide="ignore"):
        sl = np.where(off > 0, stack["within"] / off, np.nan)
        ab = np.where(off > 0, stack["abandoned"] / off, np.nan)
        asa = np.where(ans > 0, stack["wait_answered"] / ans, np.nan)
        occ = np.where(stack["staffed_seconds"] > 0,
                       stack["busy_seconds"] / stack["staffed_seconds"], np.nan)
    columns = {}
    for name, values in (("service_level", sl), ("abandon_rate", ab), ("asa_seconds", asa),
                         ("occupancy", occ)):
        columns[name], columns[f"{name}_ci95"] = mean_ci(values)
    no_abandon = ~np.asarray(abandon_queues)
    columns["abandon_rate"][no_abandon] = np.nan
    columns["abandon_rate_ci95"][no_abandon] = np.nan
    nq, ni = off.shape[1:]
    frame = pd.DataFrame({
        "interval_start": np.tile(np.asarray(labels, dtype=object), nq),
        "queue": np.repeat(np.asarray(queues, dtype=object), ni),
        "offered": off.mean(axis=0).ravel(),
        "answered": ans.mean(axis=0).ravel(),
        "abandoned": stack["abandoned"].mean(axis=0).ravel(),
        **{name: values.ravel() for name, values in columns.items()},
    })
    if scheduled is not None:
        frame["scheduled"] = scheduled.ravel()
    if predicted is not None:
        frame["erlang_service_level"] = np.concatenate([m.service_level for m in predicted])
        frame["erlang_abandon_rate"] = np.concatenate([m.abandon_rate for m in predicted])
    extra = [c for c in frame.columns if c not in SIMULATION_COLUMNS]
    frame = frame.iloc[interval_major(nq, ni)].reset_index(drop=True)[SIMULATION_COLUMNS + extra]
    for name in frame.columns[2:]:
        frame[name] = frame[name].round(6)
    return frame


def lateness_summary(runs: list[Counts]) -> dict:
    late = np.concatenate([r.break_lateness for r in runs]) if runs else np.array([])
    if late.size == 0:
        return {"breaks": 0}
    return {"breaks": int(round(late.size / len(runs))),
            "late_share": json_number(float(np.mean(late > 0))),
            "mean_seconds": json_number(float(late.mean())),
            "p95_seconds": json_number(float(np.percentile(late, 95))),
            "max_seconds": json_number(float(late.max()))}
