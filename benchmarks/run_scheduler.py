"""Scheduler at scale: per size, time to the first roster, shortfall, surplus, gap, memory.

Each run happens in a fresh subprocess (so peak memory is that run's own) on a scenario
from benchmarks/generate.py, or on a scenario directory given with --case.

    python benchmarks/run_scheduler.py                       # 100x7, 435x7, 1000x7, 2000x28
    python benchmarks/run_scheduler.py --sizes 435x7 --time-limit 120
    python benchmarks/run_scheduler.py --case ../shared/benchmarks/pyworkforce-weekly \
        --time-limit 120
    python benchmarks/run_scheduler.py --sizes 435x7 --load 1.3   # an overloaded week

Default time limits per size: 60 s (100), 120 s (435), 300 s (1,000), 840 s (2,000: the
whole run, loading and writing included, within 15 minutes).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

LIMITS = {100: 60.0, 435: 120.0, 1000: 300.0, 2000: 840.0}  # 2,000: 15 min with loading
QUEUES = {100: 3, 435: 3, 1000: 5, 2000: 8}


def one(directory: Path, time_limit: float, workers: int, seed: int, out: Path | None) -> dict:
    """Schedule one scenario in this process; the figures as a dict."""
    from wfm import api
    from wfm.scheduling import ScheduleOptions

    started = time.perf_counter()
    sc = api.load(directory)
    loaded = time.perf_counter() - started
    result = api.schedule(sc, ScheduleOptions(time_limit=time_limit, workers=workers,
                                              seed=seed, bound=True))
    required = int(result.requirements.agents_required.sum())
    ev = result.evaluation
    figures = {
        "scenario": str(directory), "people": len(sc.employees),
        "days": sc.config.horizon.days, "queues": len(sc.queue_names),
        "load_seconds": round(loaded, 1),
        "first_roster_seconds": round(result.first_roster_seconds, 1),
        "wall_seconds": round(result.wall_seconds, 1),
        "required_agent_intervals": required,
        "shortfall": ev.shortfall, "shortfall_pct": round(100 * ev.shortfall / max(required, 1), 3),
        "surplus": ev.surplus, "surplus_pct": round(100 * ev.surplus / max(required, 1), 2),
        "paid_hours": round(ev.paid_minutes / 60, 1),
        "objective": round(result.objective, 1),
        "bound": None if result.best_bound is None else round(result.best_bound, 1),
        "ratio": None if not result.best_bound else round(result.objective / result.best_bound,
                                                          3),
        "status": result.status,
        "start": result.stats.start,
        "bound_seconds": None if result.bound_info is None else round(result.bound_info.seconds, 1),
    }
    if out is not None:
        verdict = api.write_schedule(result, out)
        figures["check"] = "clean" if verdict.ok else f"{len(verdict.violations)} violations"
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100x7,435x7,1000x7,2000x28",
                        help="PEOPLExDAYS,... generated with benchmarks/generate.py")
    parser.add_argument("--case", type=Path, action="append", default=[],
                        help="a scenario directory to run instead of generated sizes")
    parser.add_argument("--time-limit", type=float, default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--load", type=float, default=0.85,
                        help="demand / what the staff can give (generated sizes)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/wfm_bench"))
    parser.add_argument("--write", action="store_true",
                        help="write and check each roster directory")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.one is not None:  # the child process
        print(json.dumps(one(args.one, args.time_limit, args.workers, args.seed, args.out)))
        return

    runs: list[tuple[Path, float]] = [(case, args.time_limit or 120.0) for case in args.case]
    if not args.case:
        from benchmarks.generate import generate
        for size in args.sizes.split(","):
            people, days = (int(x) for x in size.lower().split("x"))
            target = args.workdir / f"s{people}x{days}_load{args.load:g}"
            if not (target / "employees.csv").exists():
                generate(target, people=people, days=days, n_queues=QUEUES.get(people, 3),
                         seed=11, load=args.load)
            runs.append((target, args.time_limit or LIMITS.get(people, 300.0)))
    for directory, limit in runs:
        command = [sys.executable, __file__, "--one", str(directory), "--time-limit", str(limit),
                   "--workers", str(args.workers), "--seed", str(args.seed)]
        if args.write:
            command += ["--out", str(args.workdir / f"roster_{directory.name}")]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            print(f"{directory}: failed\n{done.stderr[-2000:]}")
            continue
        f = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"{f['people']:>5} people x {f['days']:>2} days, {f['queues']} queues "
              f"(limit {limit:.0f} s): first roster {f['first_roster_seconds']} s; "
              f"shortfall {f['shortfall']} ({f['shortfall_pct']}%), surplus {f['surplus_pct']}%, "
              f"{f['paid_hours']:,} paid h; objective {f['objective']:,} vs bound {f['bound']} "
              f"(ratio {f['ratio']}, LP {f['bound_seconds']} s), {f['status']}, search from "
              f"{f['start']}; wall {f['wall_seconds']} s; peak "
              f"{f['peak_rss_mb']:,} MB" + (f"; check {f['check']}" if "check" in f else ""),
              flush=True)


if __name__ == "__main__":
    main()
