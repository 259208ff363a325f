"""What `shortfall_model = "callers"` changes on an overloaded week, against "agents".

Both objectives get the same scenario, time limit, seed and worker count. For each roster
we print the missing agent-intervals, the Erlang-predicted and simulated service level and
abandon rate over the week, and how many queue-intervals fall into a deep hole (predicted
service level below 50%) — callers feel those, not the agent count.

    python benchmarks/compare_objectives.py [--people 160] [--load 1.3] [--time-limit 60]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.generate import generate
from wfm import api
from wfm.scheduling import ScheduleOptions


def with_model(source: Path, target: Path, model: str) -> Path:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    toml = (target / "scenario.toml").read_text()
    toml = re.sub(r"\[objective\]\n", f'[objective]\nshortfall_model = "{model}"\n', toml)
    if "[objective]" not in toml:
        toml += f'\n[objective]\nshortfall_model = "{model}"\n'
    (target / "scenario.toml").write_text(toml)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=160)
    parser.add_argument("--load", type=float, default=1.3)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/wfm_objectives"))
    args = parser.parse_args()
    base = args.workdir / f"base_{args.people}_{args.load:g}"
    if not (base / "employees.csv").exists():
        generate(base, people=args.people, days=7, n_queues=3, seed=5, load=args.load)
    for model in ("agents", "callers"):
        directory = with_model(base, args.workdir / model, model)
        sc = api.load(directory)
        result = api.schedule(sc, ScheduleOptions(time_limit=args.time_limit, workers=2,
                                                  seed=1, bound=False))
        out = args.workdir / f"roster_{model}"
        api.write_schedule(result, out)
        coverage = pd.read_csv(out / "coverage.csv")
        predicted = json.loads((out / "summary.json").read_text())["kpis"]["overall"]
        holes = int((coverage["service_level"].dropna() < 0.5).sum())
        sim = api.simulate(sc, out, replications=5, seed=1).summary
        print(f"{model:8s}: shortfall {result.evaluation.shortfall:,} agent-intervals, "
              f"{result.evaluation.paid_minutes / 60:,.0f} paid h; predicted SL "
              f"{predicted['service_level']:.1%}, abandon {predicted['abandon_rate']:.2%}, "
              f"{holes} queue-intervals below 50% SL; simulated SL "
              f"{sim['service_level']:.1%} ± {sim['service_level_ci95']:.1%}, abandon "
              f"{sim['abandon_rate']:.2%}", flush=True)


if __name__ == "__main__":
    main()
