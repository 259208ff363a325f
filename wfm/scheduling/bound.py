"""A valid lower bound on the objective: the LP relaxation of an aggregate model.

People alike in skill set, site, seats, kit and weekly limits form one group, stood in for
by one person with the union of their options and the loosest of their limits (no wishes,
the lowest cost); the LP decides how many of a group take each shift option. (The
aggregate MIP start groups only people identical for the model, so that its counts can be
handed to any member.) Every rule is kept or relaxed, never tightened, so any roster maps
to an LP solution of no greater cost:
- one shift per person per date, weekly paid minutes, working days per week and
  consecutive days become group totals;
- a group's intervals on the phones per week are at most what its stand-in's best week of
  whole shifts gives, times the group's size (a cut: see `_max_work`);
- a group's shifts of each paid length are its size times a mix of whole weeks
  (`_week_profiles`; 435 x 7 at 1.3x load: 10.787M instead of 10.748M);
- min_rest becomes cuts: for consecutive dates and every end time t, (shifts ending at or
  after t) + (next-day shifts starting before t + rest) <= group size;
- breaks keep their exact aggregate FIFO form per class (counts of break starts between
  the closed and opened windows), and their order between slots;
- people on-site only, remote only, and everyone together, are capped by the seats at every
  shift start; remote-only people without a home kit work at most as many shifts as the
  kits allow;
- the division among queues is the same flow as in the exact model.
HiGHS solves it by interior point (through OR-Tools MathOpt); a 1e-6 relative margin covers
the residuals of an interior-point dual bound.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from ortools.math_opt import (
    callback_pb2,
    model_parameters_pb2,
    model_pb2,
    parameters_pb2,
    result_pb2,
)
from ortools.math_opt.core.python import solver as core_solver
from scipy import sparse

from .context import SCALE, Context, Person, WeekLimits
from .objective import shortfall_steps


class LinearProgram:
    """Sparse rows lo <= a.x <= hi, built incrementally."""

    def __init__(self) -> None:
        self.cost: list[float] = []
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.rows: list[int] = []
        self.cols: list[int] = []
        self.vals: list[float] = []
        self.row_lo: list[float] = []
        self.row_hi: list[float] = []
        self.constant = 0.0

    def var(self, cost: float = 0.0, lo: float = 0.0, hi: float = np.inf) -> int:
        self.cost.append(cost)
        self.lower.append(lo)
        self.upper.append(hi)
        return len(self.cost) - 1

    def row(self, terms: list[tuple[int, float]], lo: float, hi: float) -> None:
        r = len(self.row_lo)
        for j, a in terms:
            self.rows.append(r)
            self.cols.append(j)
            self.vals.append(a)
        self.row_lo.append(lo)
        self.row_hi.append(hi)

    def solve(self, time_limit: float, threads: int = 1
              ) -> tuple[str, float | None, np.ndarray | None]:
        """(status, dual bound, primal values) from HiGHS' interior-point method, crossover
        off (the primal values are interior: fractional, and what the LP start rounds).

        Called through OR-Tools MathOpt with protos built from arrays (fast for 10^6
        non-zeros). The dual bound of an interior-point solve is valid up to its residuals
        (about 1e-9 relative); the caller keeps a safety margin.
        """
        return self._solve(time_limit, threads, integers=None)

    def solve_mip(self, integers: list[int], time_limit: float, threads: int = 1,
                  relative_gap: float = 1e-6) -> tuple[str, float | None, np.ndarray | None]:
        """(status, dual bound, best primal values) of the model with `integers` integral
        (HiGHS branch and bound); the primal values are None when no solution was found."""
        return self._solve(time_limit, threads, integers, relative_gap)

    def _solve(self, time_limit, threads, integers, relative_gap=0.0):
        n, m = len(self.cost), len(self.row_lo)
        matrix = sparse.csr_matrix((self.vals, (self.rows, self.cols)), shape=(m, n))
        matrix.sum_duplicates()
        matrix.sort_indices()
        coo = matrix.tocoo()
        model = model_pb2.ModelProto()
        model.variables.ids.extend(range(n))
        model.variables.lower_bounds.extend(self.lower)
        model.variables.upper_bounds.extend(self.upper)
        integral = np.zeros(n, dtype=bool)
        if integers is not None:
            integral[integers] = True
        model.variables.integers.extend(integral.tolist())
        nonzero = [j for j, c in enumerate(self.cost) if c]
        model.objective.linear_coefficients.ids.extend(nonzero)
        model.objective.linear_coefficients.values.extend([self.cost[j] for j in nonzero])
        model.linear_constraints.ids.extend(range(m))
        model.linear_constraints.lower_bounds.extend(self.row_lo)
        model.linear_constraints.upper_bounds.extend(self.row_hi)
        model.linear_constraint_matrix.row_ids.extend(coo.row.tolist())
        model.linear_constraint_matrix.column_ids.extend(coo.col.tolist())
        model.linear_constraint_matrix.coefficients.extend(coo.data.tolist())
        params = parameters_pb2.SolveParametersProto()
        params.time_limit.FromNanoseconds(int(max(1.0, time_limit) * 1e9))
        params.highs.int_options["threads"] = threads
        if integers is None:
            params.lp_algorithm = parameters_pb2.LP_ALGORITHM_BARRIER
            params.highs.string_options["run_crossover"] = "off"
        else:
            params.relative_gap_tolerance = relative_gap
        result = core_solver.solve(model, parameters_pb2.SOLVER_TYPE_HIGHS,
                                   parameters_pb2.SolverInitializerProto(), params,
                                   model_parameters_pb2.ModelSolveParametersProto(), None,
                                   callback_pb2.CallbackRegistrationProto(), None, None)
        reason = result_pb2.TerminationReasonProto.Name(result.termination.reason)
        dual = result.termination.objective_bounds.dual_bound
        primal = None
        if result.solutions and result.solutions[0].HasField("primal_solution"):
            values = result.solutions[0].primal_solution.variable_values
            primal = np.zeros(n)
            primal[list(values.ids)] = list(values.values)
        dual = dual if np.isfinite(dual) else None
        if result.termination.reason == result_pb2.TERMINATION_REASON_OPTIMAL:
            return "optimal", dual, primal
        if integers is None:
            dual = None  # an unfinished interior-point run has no valid dual bound
        return reason.replace("TERMINATION_REASON_", "").lower(), dual, primal


@dataclass
class Bound:
    value: float | None  # in [objective] units; None when the LP did not finish
    seconds: float
    groups: int
    status: str


def group_key(ctx: Context, p) -> tuple:
    return (p.skill_set, p.site, p.seats, p.needs_kit,
            tuple(tuple(o) for o in p.options_by_day),
            tuple((w.min_minutes, w.max_minutes, w.max_days) for w in p.weeks),
            tuple(sorted(p.prefer_on)), tuple(sorted(p.prefer_off)), round(p.cost_factor, 6))


def coarse_key(p) -> tuple:
    """People alike in what limits them most: skill set, seats, kit and weekly limits;
    their day-by-day options and wishes may differ (the stand-in takes the union)."""
    return (p.skill_set, p.site, p.seats, p.needs_kit,
            tuple((w.min_minutes, w.max_minutes, w.max_days) for w in p.weeks))


@dataclass
class AggregateModel:
    """The aggregate model as a linear program, and where its shift counts are."""

    lp: LinearProgram
    members: list[list[int]]  # person indices per group
    shifts: dict[tuple[int, int], list[tuple[int, int]]]  # (group, day) -> (option, column)
    missing: list[int]  # columns of missing agents (shortfall), every queue and interval
    # break starts: (class, slot) -> {start interval: column}
    breaks: dict[tuple[tuple[int, int], int], dict[int, int]] = field(default_factory=dict)


def shift_columns(ctx: Context) -> int:
    """Shift-count columns of the (fine) aggregate model: options per group and date."""
    seen: set[tuple] = set()
    count = 0
    for p in ctx.persons:
        key = group_key(ctx, p)
        if key not in seen:
            seen.add(key)
            count += sum(len(options) for options in p.options_by_day)
    return count


def aggregate_model(ctx: Context, coarse: bool = False) -> AggregateModel:
    """`coarse`: one group per `coarse_key`, each a relaxed stand-in for its members (see
    `_stand_in`): fewer shift columns, still a relaxation; what `lower_bound` uses. Without
    it, groups of people identical for the model (what the aggregate MIP start needs)."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for p in ctx.persons:
        groups[coarse_key(p) if coarse else group_key(ctx, p)].append(p.index)
    lp = LinearProgram()
    opts = ctx.options
    w = ctx.weights
    shifts: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    members = list(groups.values())
    # who stands for each group: its one kind of member, or a relaxed stand-in
    standing = [_stand_in(ctx, people) if coarse else ctx.persons[people[0]]
                for people in members]
    work: dict[int, dict[int, int]] = {}  # skill set -> option -> intervals on the phones
    for g, people in enumerate(members):
        person = standing[g]
        size = len(people)
        for d in range(ctx.days):
            for k in person.options_by_day[d]:
                cost = w.paid_minute * opts[k].paid_minutes * person.cost_factor
                if d in person.prefer_off:
                    cost += w.preference
                if d in person.prefer_on:
                    cost -= w.preference
                shifts[(g, d)].append((k, lp.var(cost, 0.0, size)))
            if d in person.prefer_on:
                lp.constant += w.preference * size
        if person.skill_set not in work:
            work[person.skill_set] = _work_intervals(ctx, person.skill_set)
        _person_rules(ctx, lp, shifts, g, person, size, work[person.skill_set])
    _seats(ctx, lp, shifts, standing)
    per_skill = _per_skill_set(ctx, lp, shifts, members)
    breaks: dict[tuple[tuple[int, int], int], dict[int, int]] = {}
    off = _breaks(ctx, lp, per_skill, breaks)
    missing = _coverage(ctx, lp, per_skill, off)
    return AggregateModel(lp, members, shifts, missing, breaks)


MAX_COVER_CELLS = 60_000  # skill sets x intervals; 2,000 people x 28 days is 150,000


@dataclass
class Relaxation:
    """The solved LP: its bound, and its shift counts for the LP start (`lp_start.py`)."""

    bound: Bound
    model: AggregateModel | None = None
    primal: np.ndarray | None = None  # None unless the LP was solved to optimality


def lower_bound(ctx: Context, time_limit: float = 60.0, coarse: bool = True) -> Bound:
    return relax(ctx, time_limit, coarse).bound


def relax(ctx: Context, time_limit: float = 60.0, coarse: bool = True,
          built: Callable[[AggregateModel], bool | None] | None = None) -> Relaxation:
    """The LP bound, or no bound (status "skipped") for models whose LP the interior-point
    method cannot finish in a scheduling run: 2,000 people x 28 days gave 1.4M columns and
    7.4M non-zeros (grouping identical people), unfinished after 600 s on two threads and
    3.7 GB. Skipping leaves the search both cores and the memory.

    `coarse` groups people by `coarse_key` rather than as identical. In general that bound
    is at most the fine one (stand-ins drop wishes and take the lowest cost); on the
    sample, 100 x 7, 435 x 7 (normal and overloaded) and 1,000 x 7 it is exactly the fine
    bound, in 0.45-1x the time (435 x 7: 10 s instead of 23 s), and the search shares the
    machine with it. `built` is told the model before it is solved, and may answer False
    to have it not solved (status "skipped")."""
    import time
    t0 = time.perf_counter()
    if len(ctx.skill_sets) * ctx.n_intervals > MAX_COVER_CELLS:
        return Relaxation(Bound(None, 0.0, 0, "skipped: aggregate LP too large"))
    agg = aggregate_model(ctx, coarse=coarse)
    if built is not None and built(agg) is False:
        return Relaxation(Bound(None, time.perf_counter() - t0, len(agg.members),
                                "skipped: not expected within the time limit"))
    status, dual, primal = agg.lp.solve(time_limit - (time.perf_counter() - t0))
    seconds = time.perf_counter() - t0
    if dual is None:
        return Relaxation(Bound(None, seconds, len(agg.members), status))
    return Relaxation(Bound((dual + agg.lp.constant) / SCALE * (1 - 1e-6), seconds,
                            len(agg.members), status), agg, primal)


def _stand_in(ctx: Context, people: list[int]) -> Person:
    """One person standing for a mixed group, every limit relaxed to the loosest member's:
    the union of their options, the smallest weekly minimum, the largest maximum, no
    wishes, the lowest cost; site, seats and kit as the members', which `coarse_key` groups
    share. Any roster of the members is then a solution of the stand-in group, so the
    bound stays valid."""
    persons = [ctx.persons[p] for p in people]
    if len(persons) == 1:
        return persons[0]
    first = persons[0]
    weeks = []
    for i, week in enumerate(first.weeks):
        limits = [p.weeks[i] for p in persons]
        maxima = [w.max_minutes for w in limits]
        weeks.append(WeekLimits(week.first_day, week.days, min(w.min_minutes for w in limits),
                                None if None in maxima else max(maxima),
                                max(w.max_days for w in limits)))
    options = [sorted(set().union(*(p.options_by_day[d] for p in persons)))
               for d in range(ctx.days)]
    return Person(index=-1, employee=first.employee, skill_set=first.skill_set,
                  site=first.site, seats=first.seats, needs_kit=first.needs_kit,
                  options_by_day=options, weeks=weeks,
                  cost_factor=min(p.cost_factor for p in persons))


def _person_rules(ctx, lp, shifts, g, person, size, work) -> None:
    opts = ctx.options
    labor = ctx.labor
    for d in range(ctx.days):
        if shifts[(g, d)]:
            lp.row([(j, 1.0) for _, j in shifts[(g, d)]], 0.0, size)
    for week in person.weeks:
        days = range(week.first_day, week.first_day + week.days)
        terms = [(j, float(opts[k].paid_minutes)) for d in days for k, j in shifts[(g, d)]]
        lo, hi = _reachable_week(person, week, days, opts)
        lp.row(terms, lo * size, hi * size if hi is not None else np.inf)
        lp.row([(j, 1.0) for d in days for _, j in shifts[(g, d)]], 0.0, week.max_days * size)
        _week_profiles(lp, shifts, g, person, week, days, opts, size)
        cap = _max_work(ctx, person, week, hi, work)
        if cap is not None:
            lp.row([(j, float(work[k])) for d in days for k, j in shifts[(g, d)]], 0.0,
                   cap * size)
    limit = labor.max_consecutive_days
    if limit is not None and limit < ctx.days:
        for first in range(ctx.days - limit):
            lp.row([(j, 1.0) for d in range(first, first + limit + 1) for _, j in
                    shifts[(g, d)]], 0.0, limit * size)
    rest = labor.min_rest_minutes or 0
    for d in range(ctx.days - 1):
        late, early = shifts[(g, d)], shifts[(g, d + 1)]
        if not late or not early:
            continue
        first_start = min(opts[k].start for k, _ in early)
        for t in sorted({opts[k].end for k, _ in late if first_start < opts[k].end + rest}):
            terms = [(j, 1.0) for k, j in late if opts[k].end >= t]
            terms += [(j, 1.0) for k, j in early if opts[k].start < t + rest]
            lp.row(terms, 0.0, size)


MAX_PROFILES = 3000


def _week_profiles(lp, shifts, g, person, week, days, opts, size) -> None:
    """The group's shifts per paid length are `size` times a mix of whole weeks.

    A profile is how many shifts of each paid length one person works in the week (at most
    `max_days` shifts on the dates they can work, paid minutes within the week's limits).
    Every person's week has one, so the group's count of each length is a sum of `size`
    profiles, relaxed to `size` times a convex combination: valid, and it forbids the LP's
    fractional weeks (2,370 paid minutes as 4.65 shifts of 510, where whole weeks of 510s
    stop at four)."""
    shape = _week_shape(person, week, days, opts)
    if shape is None:
        return
    lengths, count, ceiling = shape
    profiles: list[tuple[int, ...]] = []

    def grow(i: int, left: int, paid: int, counts: list[int]) -> bool:
        if len(profiles) > MAX_PROFILES:
            return False
        if i == len(lengths):
            if paid >= week.min_minutes:
                profiles.append(tuple(counts))
            return True
        for n in range(left + 1):
            total = paid + n * lengths[i]
            if total > ceiling:
                break
            if not grow(i + 1, left - n, total, counts + [n]):
                return False
        return True

    if not grow(0, count, 0, []) or not profiles:
        return
    mix = [lp.var() for _ in profiles]
    lp.row([(m, 1.0) for m in mix], size, size)
    for i, minutes in enumerate(lengths):
        terms = [(j, 1.0) for d in days for k, j in shifts[(g, d)]
                 if opts[k].paid_minutes == minutes]
        terms += [(m, -float(profile[i])) for m, profile in zip(mix, profiles, strict=True)
                  if profile[i]]
        lp.row(terms, 0.0, 0.0)


def _week_shape(person, week, days, opts) -> tuple[list[int], int, int] | None:
    """(distinct paid lengths of the week's options, most shifts the week holds, most paid
    minutes), or None when the person cannot work that week."""
    lengths = sorted({opts[k].paid_minutes for d in days for k in person.options_by_day[d]})
    count = min(week.max_days, sum(1 for d in days if person.options_by_day[d]))
    if not lengths or count <= 0:
        return None
    return lengths, count, (week.max_minutes if week.max_minutes is not None
                            else count * lengths[-1])


def _reachable_week(person, week, days, opts) -> tuple[int, int | None]:
    """The weekly paid-minute limits a person can actually meet with whole shifts.

    A week's paid minutes are a sum of at most `max_days` shift lengths: with 450 and 510
    paid minutes a 2,400 cap is really 2,370. Rounding the LP's group limits to such sums
    is valid for every roster and removes the fractional shifts that would fill the gap."""
    shape = _week_shape(person, week, days, opts)
    if shape is None or len(shape[0]) > 12:
        return week.min_minutes, week.max_minutes
    values, count, ceiling = shape
    sums, frontier = {0}, {0}
    for _ in range(count):
        frontier = {a + v for a in frontier for v in values if a + v <= ceiling} - sums
        if not frontier or len(sums) > 20_000:
            break
        sums |= frontier
    if len(sums) > 20_000:
        return week.min_minutes, week.max_minutes
    above = [x for x in sums if x >= week.min_minutes]
    lo = min(above) if above else week.min_minutes
    hi = max(sums) if week.max_minutes is not None else None
    return lo, hi


def _work_intervals(ctx, s: int) -> dict[int, int]:
    """Intervals on the phones per option for skill set s: the covered range (cut at the
    horizon) less every break interval of its class (so possibly less than what counts)."""
    out = {}
    for k, o in enumerate(ctx.options):
        first, last = ctx.cover[k]
        cls = ctx.classes.get((s, o.length))
        pauses = sum(ctx.break_intervals(slot) for slot in cls.slots) if cls else 0
        out[k] = last - first - pauses
    return out


def _max_work(ctx, person, week, max_minutes: int | None,
              work: dict[int, int]) -> int | None:
    """The most intervals on the phones one person can work in a week: at most
    `max_days` dates, one option per date, paid minutes within the (reachable) cap.

    A valid cut for the group total: the LP otherwise spreads a cap over fractional long
    shifts (2,370 minutes as 4.65 shifts of 510 paid, 148.7 intervals at work, where whole
    shifts reach 148: three of 450 and two of 510). Under overload that is 0.7 agent-
    intervals per person of shortfall the bound leaves out. Other rules (rest, consecutive
    days) are ignored here, which only makes the cap larger, so it stays valid.
    `work`: intervals on the phones per option (`_work_intervals`)."""
    per_day = []
    for d in range(week.first_day, week.first_day + week.days):
        best: dict[int, int] = {}
        for k in person.options_by_day[d]:
            paid = ctx.options[k].paid_minutes
            best[paid] = max(best.get(paid, -(10 ** 9)), work[k])
        if best:
            per_day.append(best)
    if not per_day or len(per_day) * max(len(b) for b in per_day) > 400:
        return None
    states = {(0, 0): 0}  # (dates worked, paid minutes) -> most intervals at work
    for best in per_day:
        grown = dict(states)
        for (n, paid), value in states.items():
            if n >= week.max_days:
                continue
            for minutes, intervals in best.items():
                total = paid + minutes
                if max_minutes is not None and total > max_minutes:
                    continue
                key = (n + 1, total)
                if grown.get(key, -(10 ** 9)) < value + intervals:
                    grown[key] = value + intervals
        states = grown
        if len(states) > 50_000:
            return None
    return max(states.values())


def _totals(lp, groups_of: dict) -> dict:
    """One variable per key summing group variables, so that long rows stay short."""
    out = {}
    for key, columns in groups_of.items():
        total = lp.var()
        lp.row([(total, 1.0)] + [(j, -1.0) for j in columns], 0.0, 0.0)
        out[key] = total
    return out


def _per_skill_set(ctx, lp, shifts, members) -> dict[tuple[int, int], int]:
    """(skill set, option) -> variable: shifts taken by people of that skill set."""
    columns: dict[tuple[int, int], list[int]] = defaultdict(list)
    for g, people in enumerate(members):
        s = ctx.persons[people[0]].skill_set
        for d in range(ctx.days):
            for k, j in shifts[(g, d)]:
                columns[(s, k)].append(j)
    return _totals(lp, columns)


def _seats(ctx, lp, shifts, standing: list[Person]) -> None:
    opts = ctx.options
    instants = sorted({o.start for o in opts})
    by_kind: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
    kit_rows: list[tuple[int, float]] = []
    for g, person in enumerate(standing):
        for d in range(ctx.days):
            for k, j in shifts[(g, d)]:
                by_kind[("all",)].append((k, j))
                if person.seats == ("onsite",):
                    by_kind[("site", person.site)].append((k, j))
                if "onsite" in person.seats:
                    by_kind[("site_or_home", person.site)].append((k, j))
                if person.seats == ("remote",):
                    by_kind[("remote",)].append((k, j))
                    if person.needs_kit:
                        max_days = max(w.max_days for w in person.weeks) or 1
                        kit_rows.append((j, 1.0 / (max_days * len(person.weeks))))
    caps = {("all",): sum(ctx.site_seats) + ctx.remote_seats, ("remote",): ctx.remote_seats}
    for s, seats in enumerate(ctx.site_seats):
        caps[("site", s)] = seats
        caps[("site_or_home", s)] = seats + ctx.remote_seats
    for kind, items in by_kind.items():
        cap = caps[kind]
        columns: dict[int, list[int]] = defaultdict(list)
        for k, j in items:
            columns[k].append(j)
        if len(items) <= cap:
            continue
        per_option = _totals(lp, columns)
        for t in instants:
            terms = [(j, 1.0) for k, j in per_option.items()
                     if opts[k].start <= t < opts[k].end]
            if terms:
                lp.row(terms, 0.0, cap)
    if kit_rows:
        lp.row(kit_rows, 0.0, ctx.loaner_kits)


def _breaks(ctx, lp, per_skill, columns: dict) -> dict[tuple[int, int], list[int]]:
    """Aggregate FIFO break counts per class; returns break vars off the phones per (s, t),
    and puts the break-start columns per (class, slot) into `columns`.

    For each break slot and every break start t in its windows, as running sums (one row
    and one bounded variable each): breaks started by t <= shifts whose window opened by
    t, and >= shifts whose window closed by t; and a slot's breaks started by t <= the
    previous slot's started by t - gap (min_work_minutes). Checking these only at every
    4th start instead made a smaller but weaker LP (435 x 7 at 1.3x load: 10.787M against
    10.887M); running sums keep the exact form at half the rows of explicit totals."""
    off: dict[tuple[int, int], list[int]] = defaultdict(list)
    by_class: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for (s, k), j in per_skill.items():
        key = (s, ctx.options[k].length)
        if key in ctx.classes:
            by_class[key].append((k, j))
    for key, items in by_class.items():
        cls = ctx.classes[key]
        slots: list[dict[int, int]] = []  # per slot: break start -> count variable
        for i, slot in enumerate(cls.slots):
            opened, closed = defaultdict(list), defaultdict(list)
            for k, j in items:
                lo, hi = cls.windows[k][i]
                opened[lo].append(j)
                closed[hi].append(j)
            points = sorted({t for k, _ in items for t in range(
                cls.windows[k][i][0], cls.windows[k][i][1] + 1)})
            breaks = {}
            for t in points:
                breaks[t] = lp.var()
                for u in range(t, t + ctx.break_intervals(slot)):
                    off[(key[0], u)].append(breaks[t])
            ahead = behind = None  # started - opened (<= 0), started - closed (>= 0)
            for t in points:
                ahead = _running(lp, ahead, [(breaks[t], 1.0)] +
                                 [(j, -1.0) for j in opened.get(t, ())], -np.inf, 0.0)
                behind = _running(lp, behind, [(breaks[t], 1.0)] +
                                  [(j, -1.0) for j in closed.get(t, ())], 0.0, np.inf)
            lp.lower[ahead] = 0.0  # every shift of the class takes this break
            slots.append(breaks)
            columns[(key, i)] = breaks
        for i in range(len(cls.slots) - 1):
            gap = ctx.gap_intervals(cls, i)
            earlier = sorted(slots[i].items())
            pos = 0
            lead = None  # slot i started by t - gap, minus slot i+1 started by t (>= 0)
            for t, later in sorted(slots[i + 1].items()):
                terms = [(later, -1.0)]
                while pos < len(earlier) and earlier[pos][0] <= t - gap:
                    terms.append((earlier[pos][1], 1.0))
                    pos += 1
                lead = _running(lp, lead, terms, 0.0, np.inf)
    return off


def _running(lp, previous: int | None, terms: list[tuple[int, float]], lo: float,
             hi: float) -> int:
    """A running total within [lo, hi]: new = previous + sum(terms)."""
    total = lp.var(0.0, lo, hi)
    lp.row([(total, 1.0)] + [(j, -a) for j, a in terms]
           + ([(previous, -1.0)] if previous is not None else []), 0.0, 0.0)
    return total


def _coverage(ctx, lp, per_skill, off) -> list[int]:
    """Coverage rows per queue and interval; returns the shortfall columns."""
    T = ctx.n_intervals
    at_work: dict[tuple[int, int], list[tuple[int, float]]] = defaultdict(list)
    for (s, k), j in per_skill.items():
        first, last = ctx.cover[k]
        for t in range(first, min(last, T)):
            at_work[(s, t)].append((j, 1.0))
    for (s, t), bs in off.items():
        if t < T:
            at_work[(s, t)].extend((b, -1.0) for b in bs)
    cover: dict[tuple[int, int], list[tuple[int, float]]] = defaultdict(list)
    for (s, t), terms in at_work.items():
        queues = ctx.skill_sets[s]
        ys = [lp.var() for _ in queues]
        lp.row([(y, 1.0) for y in ys] + [(j, -a) for j, a in terms], 0.0, 0.0)
        for q, y in zip(queues, ys, strict=True):
            cover[(q, t)].append((y, 1.0))
    w = ctx.weights
    missing: list[int] = []
    for q in range(len(ctx.queues)):
        for t in range(T):
            need = int(ctx.required[q, t])
            terms = list(cover.get((q, t), []))
            over = lp.var(float(w.overstaffing))
            terms.append((over, -1.0))
            if need:
                for size, cost in shortfall_steps(ctx, q, t, need):
                    missing.append(lp.var(float(cost), 0.0, float(size)))
                    terms.append((missing[-1], 1.0))
            if len(terms) == 1 and need == 0:
                continue
            lp.row(terms, need, need)
    return missing
