"""Staffing speed: one queue, a week of 15-minute intervals (672), in-process.

Prints the best and median time over repeated runs of
  - min_agents alone (the agent counts), Erlang C and Erlang A;
  - Erlang A with an AHT per interval (an intraday AHT curve), which the fast path
    interpolates in two dimensions;
  - min_agents + the metrics at that count (what requirements.csv needs).

    python benchmarks/bench_staffing.py
"""

from __future__ import annotations

import sys
import time
from functools import partial
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.generate import intraday_shape
from wfm.staffing import Targets, erlang_a, erlang_c, min_agents


def week_of_load(peak_erlangs: float) -> tuple[np.ndarray, np.ndarray]:
    shape = np.tile(intraday_shape(15), 7)
    rng = np.random.default_rng(0)
    load = shape / shape.max() * peak_erlangs * rng.gamma(40, 1 / 40, shape.size)
    aht = np.full(shape.size, 240.0)
    return load, aht


def timed(fn, repeat: int = 200) -> tuple[float, float]:
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times) * 1e3, float(np.median(times)) * 1e3


def with_metrics_c(load, aht, targets):
    return erlang_c(min_agents(load, aht, targets), load, aht, targets.answer_seconds)


def with_metrics_a(load, aht, targets):
    return erlang_a(min_agents(load, aht, targets), load, aht, targets.patience_seconds,
                    targets.answer_seconds)


def main() -> None:
    print(f"{'case':44s} {'best ms':>8s} {'median ms':>10s}")
    for peak in (10.0, 60.0, 300.0, 3000.0):
        load, aht = week_of_load(peak)
        c = Targets(0.8, 20, max_occupancy=0.9)
        a = Targets(0.8, 20, 150, 0.012)
        curve = aht * (1.0 + 0.15 * np.sin(np.arange(aht.size) * 2.0 * np.pi / 96.0))
        cases = {
            f"Erlang C agents, peak {peak:g} E": partial(min_agents, load, aht, c),
            f"Erlang A agents, peak {peak:g} E": partial(min_agents, load, aht, a),
            f"Erlang A agents, AHT varies, peak {peak:g} E": partial(min_agents, load * curve
                                                                     / aht, curve, a),
            f"Erlang C agents + metrics, peak {peak:g} E": partial(with_metrics_c, load, aht, c),
            f"Erlang A agents + metrics, peak {peak:g} E": partial(with_metrics_a, load, aht, a),
        }
        for name, fn in cases.items():
            best, median = timed(fn, 100 if peak < 1000 else 30)
            print(f"{name:44s} {best:8.2f} {median:10.2f}")


if __name__ == "__main__":
    main()
