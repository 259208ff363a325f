"""Simulation speed: a week at 13,300 calls a day, 10 replications, on this machine.

Builds the 435-person hotline of CONTEXT.md with benchmarks/generate.py, rosters it with a
short `wfm schedule`, rescales the forecast to exactly 13,300 calls a day, and times
`wfm.simulate` (plan routing, then skills routing) with all cores.

    python benchmarks/bench_simulate.py [--workdir /tmp/bench_sim] [--calls-per-day 13300]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.generate import generate
from wfm import api
from wfm.scheduling import ScheduleOptions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/bench_sim"))
    parser.add_argument("--calls-per-day", type=float, default=13300.0)
    parser.add_argument("--replications", type=int, default=10)
    args = parser.parse_args()

    scenario_dir, roster_dir = args.workdir / "scenario", args.workdir / "roster"
    if not (roster_dir / "activities.csv").exists():
        generate(scenario_dir, people=435, days=7, n_queues=3, seed=11, load=0.85)
        sc = api.load(scenario_dir)
        result = api.schedule(sc, ScheduleOptions(time_limit=30, workers=2, bound=False))
        api.write_schedule(result, roster_dir)
    volume = pd.read_csv(scenario_dir / "volume.csv")
    days = 7
    volume["contacts"] *= args.calls_per_day * days / volume["contacts"].sum()
    volume.to_csv(scenario_dir / "volume.csv", index=False)
    sc = api.load(scenario_dir)
    print(f"scenario: {len(sc.employees)} people, {len(sc.queue_names)} queues, "
          f"{volume['contacts'].sum() / days:,.0f} calls/day expected; {os.cpu_count()} cores")
    for routing in ("plan", "skills"):
        start = time.perf_counter()
        result = api.simulate(sc, roster_dir, replications=args.replications, seed=1,
                              routing=routing)
        wall = time.perf_counter() - start
        s = result.summary
        print(f"routing {routing:6s}: {args.replications} replications of "
              f"{s['calls_per_replication']:,.0f} calls in {wall:.1f} s "
              f"(target 30 s); SL {s['service_level']:.3f} ± {s['service_level_ci95']:.3f} "
              f"(Erlang {s['erlang']['service_level']:.3f}), abandon "
              f"{s['abandon_rate']:.3%}, late breaks {s['break_lateness']['late_share']:.0%}")


if __name__ == "__main__":
    main()
