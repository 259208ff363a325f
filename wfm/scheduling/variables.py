"""CP-SAT variables of one shift neighbourhood model, and the constants of what stays fixed.

Indexing lives here so that rule functions read like the rules: `v.choice(p, d)` are the
literals of person p's (option, seat) choices on day d; `v.counts[(s, k, pattern)]` counts
people of skill set s taking option k with that break pattern.

Each candidate shift comes with a concrete break pattern (break starts on the interval
grid): the incumbent's own breaks when the shift is unchanged, else one placed where the
incumbent has the most slack (`patterns.py`). Breaks are then re-optimised exactly by
break moves (every break of a date, with a few people's shifts that date: a
`Neighbourhood` with `breaks`, whose free shifts carry no pattern); the two alternate
inside the search.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from .context import Context
from .state import Assignment, Neighbourhood

Term = tuple[int, object]  # (coefficient, variable or linear expression)


@dataclass
class ModelBase:
    """What every wfm CP-SAT model carries: hints, variable bounds and penalty terms."""

    ctx: Context
    state: Assignment
    model: cp_model.CpModel

    def __post_init__(self) -> None:
        self.hints: dict[object, int] = {}
        self.uppers: dict[int, int] = {}  # var index -> upper bound
        self.terms: dict[str, list[Term]] = defaultdict(list)

    def hint(self, var, value: int) -> None:
        self.hints[var] = int(value)

    def upper(self, n) -> int:
        """Upper bound of a count (an int constant or an IntVar made by `int_var`)."""
        return n if isinstance(n, int) else self.uppers[n.index]

    def int_var(self, lo: int, hi: int, name: str):
        var = self.model.new_int_var(lo, hi, name)
        self.uppers[var.index] = hi
        return var

    def finish(self) -> None:
        """One objective from all terms, and the hints."""
        coefs, exprs = [], []
        for terms in self.terms.values():
            for coef, expr in terms:
                coefs.append(coef)
                exprs.append(expr)
        self.model.minimize(cp_model.LinearExpr.weighted_sum(exprs, coefs))
        hint = self.model.proto.solution_hint  # in bulk: add_hint per variable is slow
        hint.vars.extend([var.index for var in self.hints])
        hint.values.extend(self.hints.values())


@dataclass
class ModelVars(ModelBase):
    hood: Neighbourhood = None
    # free choices: (p, d, k, seat) -> BoolVar, and the break pattern each would carry
    x: dict[tuple[int, int, int, str], cp_model.IntVar] = field(default_factory=dict)
    pattern: dict[tuple[int, int, int], tuple[int, ...]] = field(default_factory=dict)
    # seats of fixed shifts of people who may sit either way: (p, d) -> BoolVar (1 = remote)
    remote_seat: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    kit: dict[int, cp_model.IntVar] = field(default_factory=dict)
    kits_fixed: int = 0  # kits certainly taken by people outside the model's reach
    counts: dict[tuple[int, int, tuple[int, ...]], object] = field(default_factory=dict)
    onsite_counts: dict[tuple[int, int], object] = field(default_factory=dict)
    remote_counts: dict[int, object] = field(default_factory=dict)
    # a joint move's break counts (see rules/breaks.py): (class, slot, start) -> IntVar
    breaks: dict = field(default_factory=dict)
    hinted_breaks: dict = field(default_factory=dict)
    _by_pair: dict = field(default_factory=dict)
    _free_days: dict = field(default_factory=lambda: defaultdict(list))

    def choice(self, p: int, d: int) -> list[tuple[int, str, cp_model.IntVar]]:
        return self._by_pair.get((p, d), [])

    def free_days(self, p: int) -> list[int]:
        return self._free_days.get(p, [])


def create_decisions(v: ModelVars, patterns, menu) -> None:
    """Shift and seat literals for the free pairs; seat literals for fixed shifts in
    `hood.days` of people who may sit either way. `patterns(p, d, k)` gives break starts;
    `menu(p, d)` the options offered to a free pair."""
    ctx, m, state, hood = v.ctx, v.model, v.state, v.hood
    for p, d in sorted(hood.free):
        person = ctx.persons[p]
        current = state.shifts.get((p, d))
        literals = []
        for k in menu(p, d):
            v.pattern[(p, d, k)] = patterns(p, d, k)
            for seat in person.seats:
                var = m.new_bool_var(f"x[{person.employee_id}][{d}][{k}][{seat}]")
                v.x[(p, d, k, seat)] = var
                literals.append((k, seat, var))
                v.hint(var, current == (k, seat))
        v._by_pair[(p, d)] = literals
        v._free_days[p].append(d)
    for (p, d), (_k, seat) in state.shifts.items():
        if (p, d) in hood.free or d not in hood.days:
            continue
        if len(ctx.persons[p].seats) == 2:
            var = m.new_bool_var(f"remote[{ctx.persons[p].employee_id}][{d}]")
            v.remote_seat[(p, d)] = var
            v.hint(var, seat == "remote")


def create_counts(v: ModelVars) -> None:
    """Free shifts per (skill set, option, pattern); people per (site, option) on-site and
    per option remote, for seats (fixed shifts of `hood.days` included)."""
    ctx, state, hood = v.ctx, v.state, v.hood
    free_count: dict = defaultdict(list)
    fixed_onsite: dict = defaultdict(int)
    fixed_remote: dict = defaultdict(int)
    free_onsite: dict = defaultdict(list)
    free_remote: dict = defaultdict(list)
    hint_count: dict = defaultdict(int)
    hint_onsite: dict = defaultdict(int)
    hint_remote: dict = defaultdict(int)
    for (p, d, k, seat), var in v.x.items():
        person = ctx.persons[p]
        key = (person.skill_set, k, v.pattern[(p, d, k)])
        free_count[key].append(var)
        hint_count[key] += v.hints[var]
        if seat == "onsite":
            free_onsite[(person.site, k)].append(var)
            hint_onsite[(person.site, k)] += v.hints[var]
        else:
            free_remote[k].append(var)
            hint_remote[k] += v.hints[var]
    for (p, d), (k, seat) in state.shifts.items():
        if (p, d) in hood.free or d not in hood.days:
            continue
        site = ctx.persons[p].site
        if (p, d) in v.remote_seat:
            var = v.remote_seat[(p, d)]
            free_onsite[(site, k)].append(1 - var)
            free_remote[k].append(var)
        elif seat == "onsite":
            fixed_onsite[(site, k)] += 1
        else:
            fixed_remote[k] += 1
        if seat == "onsite":
            hint_onsite[(site, k)] += 1
        else:
            hint_remote[k] += 1
    v.counts = _sum_vars(v, {}, free_count, "n", hint_count)
    v.onsite_counts = _sum_vars(v, fixed_onsite, free_onsite, "onsite", hint_onsite)
    v.remote_counts = _sum_vars(v, fixed_remote, free_remote, "remote", hint_remote)


def _sum_vars(v: ModelVars, fixed: dict, free: dict, name: str, hints: dict) -> dict:
    out: dict = {}
    for key in set(fixed) | set(free):
        base = fixed.get(key, 0)
        terms = free.get(key, [])
        if not terms:
            out[key] = base
            continue
        var = v.int_var(base, base + len(terms), f"{name}{key}")
        v.model.add(var == cp_model.LinearExpr.sum(terms) + base)
        v.hint(var, hints.get(key, 0))
        out[key] = var
    return out


def total(terms) -> object:
    """Sum of linear expressions and numbers (much faster than the builtin `sum`)."""
    return cp_model.LinearExpr.sum(list(terms))


def worked(v: ModelVars, p: int, d: int):
    """1 when person p has a shift dated d: a linear expression if free, else 0 or 1."""
    if (p, d) in v.hood.free:
        return cp_model.LinearExpr.sum([var for _, _, var in v.choice(p, d)])
    return 1 if (p, d) in v.state.shifts else 0


def paid(v: ModelVars, p: int, d: int):
    """Paid minutes of person p on date d (expression if free, else a constant)."""
    opts = v.ctx.options
    if (p, d) in v.hood.free:
        choices = v.choice(p, d)
        return cp_model.LinearExpr.weighted_sum([var for _, _, var in choices],
                                                [opts[k].paid_minutes for k, _, _ in choices])
    shift = v.state.shifts.get((p, d))
    return opts[shift[0]].paid_minutes if shift else 0
