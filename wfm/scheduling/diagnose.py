"""Name the person and the rules when hard rules contradict each other.

Coverage is soft, so the only way a scenario has no roster at all is a person who must work
(a weekly minimum of paid minutes) but cannot: availability, the shift catalogue, the daily
maximum, rest, days off or seats and kits leave too little room. For such a person a small
CP-SAT model states every rule family behind its own assumption literal; when it is
infeasible, `SufficientAssumptionsForInfeasibility` gives a set of rules that cannot hold
together, which is what the scheduler reports (exit 3).
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from ..errors import Conflict
from .context import Context, Person

EXPLAIN = {
    "min_paid_minutes_per_week": "the weekly minimum of paid minutes",
    "max_paid_minutes_per_week": "the weekly maximum of paid minutes",
    "max_paid_minutes_per_day": "labor.max_paid_minutes_per_day",
    "availability": "availability.csv `off` days and windows",
    "shift_catalogue": "the shift types ([[shifts]] windows, lengths and weekdays)",
    "min_rest_minutes": "labor.min_rest_minutes",
    "max_consecutive_days": "labor.max_consecutive_days",
    "min_days_off_per_week": "days off per week / max_days_per_week",
    "seats": "the seats this person may take (remote flag and seat capacity)",
    "loaner_kits": "the loaner kits (no home kit, remote only)",
}


def person_conflict(ctx: Context, person: Person, kits_free: int | None = None) -> Conflict | None:
    """A conflict for this person alone (others ignored), or None if they can be rostered."""
    m = cp_model.CpModel()
    labor = ctx.labor
    literal = {name: m.new_bool_var(name) for name in EXPLAIN}
    allowed = {k for day in person.options_by_day for k in day}
    daily_max = labor.max_paid_minutes_per_day
    x: dict[int, dict[int, cp_model.IntVar]] = {}
    for d in range(ctx.days):
        x[d] = {}
        for k in ctx.options_by_day[d]:
            var = m.new_bool_var(f"x{d}_{k}")
            x[d][k] = var
            option = ctx.options[k]
            if daily_max is not None and option.paid_minutes > daily_max:
                m.add(var == 0).only_enforce_if(literal["max_paid_minutes_per_day"])
            elif k not in allowed:
                m.add(var == 0).only_enforce_if(literal["availability"])
        m.add_at_most_one(x[d].values())
    if not any(x[d] for d in x):
        m.add(literal["shift_catalogue"] == 0)
    rest = labor.min_rest_minutes or 0
    for d1 in range(ctx.days):
        for d2 in range(d1 + 1, min(ctx.days, d1 + 3)):
            for k1, v1 in x[d1].items():
                for k2, v2 in x[d2].items():
                    o1, o2 = ctx.options[k1], ctx.options[k2]
                    if o2.start < o1.end:
                        m.add_bool_or([v1.Not(), v2.Not()])
                    elif o2.start < o1.end + rest:
                        m.add_bool_or([v1.Not(), v2.Not()]).only_enforce_if(
                            literal["min_rest_minutes"])
    worked = {d: sum(x[d].values()) for d in range(ctx.days)}
    limit = labor.max_consecutive_days
    if limit is not None:
        for first in range(ctx.days - limit):
            m.add(sum(worked[d] for d in range(first, first + limit + 1)) <= limit) \
                .only_enforce_if(literal["max_consecutive_days"])
    for week in person.weeks:
        days = range(week.first_day, week.first_day + week.days)
        minutes = sum(ctx.options[k].paid_minutes * v for d in days for k, v in x[d].items())
        m.add(sum(worked[d] for d in days) <= week.max_days).only_enforce_if(
            literal["min_days_off_per_week"])
        if week.max_minutes is not None:
            m.add(minutes <= week.max_minutes).only_enforce_if(
                literal["max_paid_minutes_per_week"])
        m.add(minutes >= week.min_minutes).only_enforce_if(literal["min_paid_minutes_per_week"])
    can_sit = ("onsite" in person.seats and ctx.site_seats[person.site] > 0) or \
        ("remote" in person.seats and ctx.remote_seats > 0)
    if not can_sit:
        m.add(sum(worked.values()) == 0).only_enforce_if(literal["seats"])
    if person.seats == ("remote",) and person.needs_kit:
        free = ctx.loaner_kits if kits_free is None else kits_free
        if free <= 0:
            m.add(sum(worked.values()) == 0).only_enforce_if(literal["loaner_kits"])
    m.add_assumptions(list(literal.values()))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 10.0
    status = solver.solve(m)
    if status != cp_model.INFEASIBLE:
        return None
    names = {var.index: name for name, var in literal.items()}
    core = {names.get(i) for i in solver.sufficient_assumptions_for_infeasibility()}
    rules = [name for name in EXPLAIN if name in core]
    detail = "; ".join(EXPLAIN[r] for r in rules)
    note = ctx.off_grid_note()
    if note is not None:
        rules.append("break_rules")
        detail += f" (note: {note})"
    return Conflict(person.employee_id, " + ".join(rules),
                    f"cannot all hold together: {detail}")


def kit_conflicts(ctx: Context) -> list[Conflict]:
    """More remote-only people without a home kit must work than there are kits."""
    out = []
    needing_kits = [p for p in ctx.persons if p.seats == ("remote",) and p.needs_kit
                    and any(w.min_minutes > 0 for w in p.weeks)]
    if len(needing_kits) > ctx.loaner_kits:
        for p in needing_kits[ctx.loaner_kits:]:
            out.append(Conflict(p.employee_id, "loaner_kits + min_paid_minutes_per_week",
                                f"{len(needing_kits)} remote-only people without a home kit must "
                                f"work, but there are {ctx.loaner_kits} loaner kits"))
    return out
