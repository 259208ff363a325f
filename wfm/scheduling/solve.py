"""The scheduler: scenario -> roster, objects in and out, progress by callback.

1. staffing requirements and the shift catalogue (`Context`);
2. a greedy first roster, people it leaves below a weekly minimum repaired by exact
   one-person sub-models; a person no sub-model can roster is a contradiction (exit 3);
3. the LP relaxation of the aggregate model (`bound.py`), in a thread: the lower bound,
   and a second start shaped by it (`aggregate.lp_start`), which the search starts from
   when the LP is solved within LP_START_SHARE of the time limit (`_waits_for_lp`);
4. large-neighbourhood search with CP-SAT (`lns.py`), shifts and breaks alternating;
5. the roster decoded with named queues per interval.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

from ..errors import Conflict, ContradictionError
from ..roster.model import Roster
from ..scenario.model import Scenario
from ..staffing.requirements import Requirements, requirements_for_scheduling
from .aggregate import AggregateStart, aggregate_start, lp_start
from .bound import Bound, Relaxation, relax
from .context import Context
from .decode import decode
from .diagnose import kit_conflicts, person_conflict
from .evaluate import Evaluation, evaluate
from .greedy import construct
from .lns import LocalSearch, Progress, SearchLimits, SearchStats
from .model import build_model
from .seat_book import SeatBook
from .state import Assignment, Neighbourhood
from .subsolve import (
    SolverSettings,
    Stopper,
    make_solver,
    read_solution,
    run_solver,
    solve_neighbourhood,
)


@dataclass
class ScheduleOptions:
    time_limit: float = 60.0
    workers: int = 2
    seed: int = 0
    bound: bool = True  # solve the LP relaxation: the lower bound and the LP start
    log: bool = False


@dataclass
class ScheduleResult:
    scenario: Scenario
    requirements: Requirements
    roster: Roster
    status: str  # optimal | feasible | interrupted
    objective: float
    best_bound: float | None
    gap: float | None
    wall_seconds: float
    first_roster_seconds: float
    evaluation: Evaluation
    stats: SearchStats
    bound_info: Bound | None = None
    options: ScheduleOptions = field(default_factory=ScheduleOptions)
    notes: list[str] = field(default_factory=list)  # what the scheduler had to leave out


def schedule(scenario: Scenario, options: ScheduleOptions | None = None,
             progress: Callable[[Progress], None] | None = None,
             stopper: Stopper | None = None) -> ScheduleResult:
    options = options or ScheduleOptions()
    stopper = stopper or Stopper()
    started = time.perf_counter()
    report = progress or (lambda _p: None)
    requirements = requirements_for_scheduling(scenario)
    ctx = Context(scenario, requirements.agents_required)
    settings = SolverSettings(workers=options.workers, seed=options.seed, log=options.log)
    conflicts = kit_conflicts(ctx)
    if conflicts:
        raise ContradictionError(conflicts)
    job = None
    if options.bound:
        # Started before the first roster, which it needs not: on 435 x 7 that roster
        # takes 2.5-4.5 s of the 30 s the LP has for its start. HiGHS overruns its time
        # limit by up to an iteration: it gets 95% of the search's time (see `reserve`
        # below), and the run waits for it until the search ends (a HiGHS thread still
        # running when the process exits can abort it).
        job = _LpJob(ctx, 0.95 * (0.99 * options.time_limit - (time.perf_counter() - started)))
    try:
        state = construct(ctx, options.seed)
        # a repair may use most of the run: a roster that keeps every rule comes first
        state = _repair(ctx, state, settings, stopper, started + 0.95 * options.time_limit)
    except ContradictionError:
        if job is not None:  # HiGHS cannot be interrupted, nor left running at exit
            job.wait(stopper, lambda: None)
        raise
    first_roster = time.perf_counter() - started
    deterministic = options.workers == 1
    # The search leaves time for its last move and for decoding, so the whole run keeps
    # to the limit: 1% of it, plus 0.2 ms per shift (2,000 x 28: a move's build and exact
    # evaluation after the clock was last looked at, and decoding 40,000 shifts, took 9.5 s
    # where 1% was 9 s).
    reserve = 0.01 * options.time_limit + 2e-4 * len(state.shifts)
    limits = SearchLimits(options.time_limit - reserve,
                          deterministic_budget=0.5 * options.time_limit if deterministic else None)
    origin = "greedy"
    greedy = evaluate(ctx, state)
    if job is not None and _waits_for_lp(ctx, greedy, deterministic):
        job.wait(stopper, lambda: report(Progress(time.perf_counter() - started,
                                                  greedy.objective, None, greedy.shortfall,
                                                  greedy.surplus, "LP relaxation")),
                 started + LP_START_SHARE * options.time_limit, give_up=True)
        shaped = job.start(ctx, settings, stopper, options, started + limits.time_limit)
        if shaped is not None:
            state, origin = shaped, "LP"
    start = _aggregate_start(ctx, state, options, settings, stopper,
                             started + limits.time_limit - time.perf_counter())
    if start.state is not None:
        state, origin = start.state, "MIP"

    search = LocalSearch(ctx, state, settings, limits, stopper, report, started)
    search.bound = _best_bound(job, start.mip_bound)  # the search stops at the bound
    search.stats.first_roster_seconds = first_roster
    search.stats.start = origin
    if job is not None and not job.done():
        search.until = lambda: _learn_bound(job, search, start.mip_bound)
    state = search.run()
    evaluation = search.best
    bound = None
    if job is not None:
        job.wait(stopper, lambda: None, started + limits.time_limit)
        bound = job.relaxation.bound
    best_bound = _best_bound(job, start.mip_bound)
    roster = decode(ctx, state, evaluation)
    gap = None
    if best_bound is not None:
        best_bound = min(best_bound, evaluation.objective)
        gap = (evaluation.objective - best_bound) / max(abs(evaluation.objective), 1e-9)
    status = "interrupted" if stopper.stopped.is_set() else (
        "optimal" if gap is not None and gap <= 2e-6 else "feasible")
    return ScheduleResult(scenario, requirements, roster, status, evaluation.objective,
                          best_bound, gap, time.perf_counter() - started, first_roster,
                          evaluation, search.stats, bound, options,
                          [note for note in [ctx.off_grid_note()] if note])


# The LP start is used only when the LP is solved within this share of --time-limit: its
# search needs time to remove the shortfall its breaks leave (1,000 x 7, LP solved after
# 95 s of 300: 33,123 with 5 agent-intervals short against 21,494 from the greedy's start;
# 100 x 7, LP after 16.9 s of 60: 3,705 with 2 short against 1,701). A fifth was too tight
# on this machine, whose speed varies with its load: 435 x 7's LP took 18-28 s of 120, and
# from the greedy's start the search ended at 10,957-12,465 against 6,977-7,027. A quarter
# was too tight on a slower day (LP 28.7-33.2 s: 6,837 from the LP, 16,289-19,108 from the
# greedy); since the LP start carries the LP's breaks it needs less search after it (435 x
# 7 limited to 95 s, LP at 27.1 s: 7,111).
LP_START_SHARE = 0.35
# The LP's time on this machine, alone (HiGHS interior point, one thread), grows as its
# non-zeros to the power 1.5: 100 x 7 418,054 in 15.6 s, 435 x 7 517,511 in 17.9-24.5 s,
# the sample 727,143 in 33.9 s, 1,000 x 7 1,427,383 in 116.5 s. A run does not wait for
# an LP this says will come too late (the sample at 60 s, 1,000 x 7 at 300 s).
def lp_seconds(nonzeros: int) -> float:
    return 22.0 * (nonzeros / 500_000) ** 1.5


# The run waits for the LP only if it should come even on a machine this much slower (this
# one varies by day: 100 x 7's LP, expected in 16.8 s, took 35-36 s beside the greedy and
# the wait; waiting until 35% of 60 s for it, the run ended 10 agent-intervals short at
# 12,587, against 2,059-2,291 from the greedy's start at once).
SLOWER = 1.5


class _LpJob:
    """The LP relaxation in a thread of its own (HiGHS cannot be interrupted through
    MathOpt, so Ctrl-C abandons it), and the start it shapes, made once."""

    def __init__(self, ctx: Context, budget: float):
        self.budget = budget
        self._box: list[Relaxation] = []
        self._made = False
        self._start: Assignment | None = None
        self.expected_at = float("inf")  # when it should be solved, once it is built
        self.thread = threading.Thread(target=self._run, args=(ctx, budget), daemon=True)
        self.thread.start()

    def _built(self, agg) -> bool:
        """Whether to solve the LP: not when even alone it would take more than half its
        budget, since beside the search it takes about twice as long and would only take
        half the machine from the search for no bound (the sample at 60 s: expected in
        38.6 s, unfinished after 57.7 s)."""
        expected = lp_seconds(len(agg.lp.vals))
        self.expected_at = time.perf_counter() + SLOWER * expected
        return expected <= 0.5 * self.budget

    def _run(self, ctx: Context, budget: float) -> None:
        relaxation = relax(ctx, budget, built=self._built)
        self._box.append(relaxation)

    def done(self) -> bool:
        return bool(self._box)

    @property
    def relaxation(self) -> Relaxation:
        return self._box[0] if self._box else Relaxation(Bound(None, 0.0, 0, "unfinished"))

    def wait(self, stopper: Stopper, tick: Callable[[], None],
             deadline: float = float("inf"), give_up: bool = False) -> None:
        """Until the LP is solved or the deadline; with `give_up`, not once the LP's size
        says it will not be solved by then."""
        while self.thread.is_alive() and not stopper.stopped.is_set() and \
                time.perf_counter() < deadline and \
                not (give_up and self.expected_at < float("inf") and
                     self.expected_at > deadline):
            tick()
            self.thread.join(0.25)

    def start(self, ctx: Context, settings: SolverSettings, stopper: Stopper,
              options: ScheduleOptions, deadline: float) -> Assignment | None:
        """The LP start with anyone still below a weekly minimum repaired (None when the
        LP is unsolved or overloaded, or the repair fails)."""
        if not self._made and self.done():
            self._made = True
            shaped = lp_start(ctx, self.relaxation, options.seed)
            if shaped is not None:
                self._start = _repaired(ctx, shaped, settings, stopper,
                                        min(deadline, time.perf_counter() + 10.0))
        return self._start


def _best_bound(job: _LpJob | None, mip_bound: float | None) -> float | None:
    """The LP's bound, or the aggregate MIP's where that is tighter."""
    value = job.relaxation.bound.value if job is not None else None
    if mip_bound is not None:
        value = max(value or mip_bound, mip_bound)
    return value


def _waits_for_lp(ctx: Context, greedy: Evaluation, deterministic: bool) -> bool:
    """Whether the search waits for the LP (up to LP_START_SHARE of the time limit) to
    start from its roster: with one worker always (so that the run does not depend on
    when the LP finishes), else unless the greedy roster is overloaded (short by more than
    WAIT_SHORT of the requirement), where no LP start is made (see aggregate.OVERLOAD) and
    the LP, needed only for the bound, runs beside the search.

    The search does not run while it waits: on this two-core machine a second busy thread
    doubled the LP's time (435 x 7: 18 s alone, 33-36 s beside the search, then too late
    for its start: 10,957-12,465 from the greedy's start against 7,057-7,291 from the
    LP's)."""
    if deterministic:
        return True
    return greedy.shortfall <= WAIT_SHORT * float(ctx.required.sum())


WAIT_SHORT = 0.05


def _learn_bound(job: _LpJob, search: LocalSearch, mip_bound: float | None) -> bool:
    """Hands the LP's bound to the running search once solved (it stops at the bound)."""
    if job.done():
        search.bound = _best_bound(job, mip_bound)
    return False


def _aggregate_start(ctx: Context, greedy: Assignment, options: ScheduleOptions,
                     settings: SolverSettings, stopper: Stopper,
                     left: float) -> AggregateStart:
    """The aggregate-MIP roster when it beats the start so far (state None otherwise);
    `left`: seconds left for the search."""
    if left < 0.1 * options.time_limit:  # a long repair used the time
        return AggregateStart(None, "skipped", None, 0.0)
    start = aggregate_start(ctx, min(30.0, 0.25 * options.time_limit, left), options.seed)
    if options.workers == 1 and start.status != "optimal":
        # A MIP cut short by the clock depends on the machine's speed: with one worker the
        # run must be reproducible, so only a finished (deterministic) solve counts.
        return AggregateStart(None, start.status, None, start.seconds)
    if start.state is None:
        return start
    state = _repaired(ctx, start.state, settings, stopper, time.perf_counter() + 10.0)
    if state is None or evaluate(ctx, state).objective >= evaluate(ctx, greedy).objective:
        start.state = None
    else:
        start.state = state
    return start


def _repaired(ctx: Context, state: Assignment, settings: SolverSettings, stopper: Stopper,
              deadline: float) -> Assignment | None:
    """A second start with everyone below a weekly minimum repaired, or None if the repair
    fails (the first start already showed the rules can be kept)."""
    try:
        return _repair(ctx, state, settings, stopper, deadline, together=False)
    except ContradictionError:
        return None


def _short_people(ctx: Context, state: Assignment) -> list[int]:
    """People the greedy left below a weekly minimum."""
    minutes: dict[int, np.ndarray] = {}
    for (p, d), (k, _seat) in state.shifts.items():
        minutes.setdefault(p, np.zeros(ctx.days))[d] = ctx.options[k].paid_minutes
    short = []
    for person in ctx.persons:
        worked = minutes.get(person.index, np.zeros(ctx.days))
        for week in person.weeks:
            if worked[week.first_day:week.first_day + week.days].sum() < week.min_minutes:
                short.append(person.index)
                break
    return short


def _repair(ctx: Context, state: Assignment, settings: SolverSettings, stopper: Stopper,
            deadline: float, together: bool = True) -> Assignment:
    """Give people below a weekly minimum a feasible week with exact sub-models.

    First each such person alone, then with 30 others; what that cannot settle goes to one
    feasibility model of everyone with a minimum, with nobody else rostered (people
    without a minimum can always stay home, so only that model proves a contradiction
    between minimums and seats or kits). The clock (`deadline`, perf_counter seconds) is
    shared with the search. Without `together`, what is left unsettled is a contradiction
    (for a second start, which is then dropped)."""
    conflicts: list[Conflict] = []
    unsettled: list[int] = []
    incumbent = evaluate(ctx, state)
    rng = np.random.default_rng(settings.seed)
    for p in _short_people(ctx, state):
        person = ctx.persons[p]
        alone = person_conflict(ctx, person)
        if alone is not None:
            conflicts.append(alone)
            continue
        if unsettled:  # the model of everyone with a minimum will settle them all
            unsettled.append(p)
            continue
        helpers = [int(q) for q in rng.choice(len(ctx.persons), size=min(30, len(ctx.persons)),
                                              replace=False) if q != p]
        settled = False
        for group in ([p], [p, *helpers]):
            left = deadline - time.perf_counter()
            if left <= 0:
                break
            free = {(q, d) for q in group for d in range(ctx.days)
                    if ctx.persons[q].options_by_day[d]}
            result = solve_neighbourhood(ctx, state, Neighbourhood(free, range(ctx.days)),
                                         incumbent, time_limit=min(10.0, left),
                                         deterministic_limit=None, settings=settings,
                                         stopper=stopper)
            if result.state is not None:
                state = result.state
                incumbent = evaluate(ctx, state)
                settled = True
                break
        if not settled:
            unsettled.append(p)
    if conflicts:
        raise ContradictionError(conflicts)
    if unsettled and not together:
        raise ContradictionError([Conflict(ctx.persons[p].employee_id,
                                           "min_paid_minutes_per_week", "not repaired")
                                  for p in unsettled])
    if unsettled:
        state = _minimums_together(ctx, state, unsettled, settings, stopper, deadline)
    return state


MIN_PROOF_SECONDS = 30.0  # the feasibility model of everyone with a minimum gets at least this


def _minimums_together(ctx: Context, state: Assignment, short: list[int],
                       settings: SolverSettings, stopper: Stopper,
                       deadline: float) -> Assignment:
    """Everyone with a weekly minimum re-rostered at once, for feasibility only, with the
    others' shifts set aside and put back afterwards wherever seats and kits allow."""
    bound = {p.index for p in ctx.persons if any(w.min_minutes > 0 for w in p.weeks)}
    kept = Assignment({pair: v for pair, v in state.shifts.items() if pair[0] in bound},
                      {pair: v for pair, v in state.breaks.items() if pair[0] in bound})
    free = {(p, d) for p in bound for d in range(ctx.days) if ctx.persons[p].options_by_day[d]}
    v = build_model(ctx, kept, Neighbourhood(free, range(ctx.days)), evaluate(ctx, kept),
                    hard_rules_only=True)
    # Overrunning a short --time-limit beats a contradiction claimed without proof.
    solver = make_solver(settings, max(MIN_PROOF_SECONDS, deadline - time.perf_counter()), None)
    code = run_solver(v.model, solver, stopper)
    names = ", ".join(ctx.persons[p].employee_id for p in short)
    rules = "seats/loaner_kits + min_paid_minutes_per_week"
    note = ctx.off_grid_note()
    if note is not None:
        rules, note = rules + " + break_rules", f" (note: {note})"
    if code == cp_model.INFEASIBLE:
        raise ContradictionError([Conflict(
            ctx.persons[p].employee_id, rules,
            f"the people with a weekly minimum ({len(bound)}) cannot all get a seat (or "
            f"kit) at the times they can work, even with nobody else rostered; short: "
            f"{names}{note or ''}") for p in short])
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise ContradictionError([Conflict(
            ctx.persons[p].employee_id, rules,
            "no roster giving everyone their weekly minimum was found within the time "
            f"limit (a longer --time-limit may find one){note or ''}")
            for p in short], proven=False)
    repaired = read_solution(v, solver)
    return _put_back(ctx, repaired, state, bound)


def _put_back(ctx: Context, repaired: Assignment, original: Assignment,
              bound: set[int]) -> Assignment:
    """The set-aside shifts of people without a minimum, each where seats and kits still
    hold (their own rules held in `original` and nothing else of theirs changed)."""
    out = repaired.copy()
    seats = SeatBook(ctx, out)
    for pair in sorted(original.shifts):
        if pair[0] not in bound and seats.take(pair[0], *original.shifts[pair]):
            out.shifts[pair] = original.shifts[pair]
            out.breaks[pair] = original.breaks.get(pair, ())
    return out
