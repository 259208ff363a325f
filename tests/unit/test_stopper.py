"""Ctrl-C stops every lane's sub-solve, not only the last one started."""

import threading
import time

from ortools.sat.python import cp_model

from wfm.scheduling.subsolve import Stopper, run_solver


def _slow_model(seed: int) -> cp_model.CpModel:
    """A knapsack-like model CP-SAT cannot close in a few seconds."""
    import random
    rng = random.Random(seed)
    m = cp_model.CpModel()
    xs = [m.new_int_var(0, 20, f"x{i}") for i in range(120)]
    for _ in range(60):
        m.add(sum(rng.randint(1, 40) * x for x in rng.sample(xs, 30)) <= rng.randint(500, 900))
    m.maximize(sum(rng.randint(1, 50) * x for x in xs))
    return m


def test_stop_reaches_both_lanes():
    stopper = Stopper()
    ended: list[float] = []

    def lane(seed: int) -> None:
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = 60.0
        solver.parameters.num_workers = 1
        run_solver(_slow_model(seed), solver, stopper)
        ended.append(time.perf_counter())

    threads = [threading.Thread(target=lane, args=(s,)) for s in (1, 2)]
    for t in threads:
        t.start()
    time.sleep(1.0)
    stopped_at = time.perf_counter()
    stopper.stop()
    for t in threads:
        t.join(timeout=30)
    assert len(ended) == 2
    assert max(ended) - stopped_at < 5.0
