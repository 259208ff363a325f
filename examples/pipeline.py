"""The whole pipeline from Python: scenario -> requirements -> roster -> check -> simulation.

    python examples/pipeline.py data/hotline_week --out out/example --time-limit 30

Each step is one call of `wfm.api`; the CLI commands are thin layers over the same calls.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import wfm.api as wfm
from wfm.scheduling import ScheduleOptions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", type=Path)
    parser.add_argument("--out", type=Path, default=Path("out/example"))
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--replications", type=int, default=5)
    args = parser.parse_args()

    sc = wfm.load(args.scenario)
    req = wfm.staff(sc)
    print(f"{sc.config.name}: {len(sc.employees)} people, {len(sc.queue_names)} queues, "
          f"{req.agents_required.sum() * sc.config.horizon.interval_minutes / 60:,.0f} "
          f"agent-hours required")

    result = wfm.schedule(sc, ScheduleOptions(time_limit=args.time_limit, workers=2, seed=0))
    ev = result.evaluation
    print(f"roster: {len(result.roster.shifts)} shifts, {ev.paid_minutes / 60:,.0f} paid hours, "
          f"{ev.shortfall} missing and {ev.surplus} surplus agent-intervals "
          f"({result.status}, first roster {result.first_roster_seconds:.1f} s)")

    verdict = wfm.write_schedule(result, args.out)  # checked in memory and on disk
    print(f"independent check: {'clean' if verdict.ok else verdict.per_rule()}")

    for routing in ("plan", "skills"):
        sim = wfm.simulate(sc, args.out, replications=args.replications, seed=1,
                           routing=routing)
        s = sim.summary
        print(f"simulated ({routing} routing): service level {s['service_level']:.1%} "
              f"± {s['service_level_ci95']:.1%} (Erlang {s['erlang']['service_level']:.1%}), "
              f"abandon {s['abandon_rate']:.2%}")
    wfm.write_simulation(sim, args.out)
    print(f"wrote {args.out}/")


if __name__ == "__main__":
    main()
