"""labor.min_rest_minutes from the end of one shift to the start of the next (hard).

Without the key, shifts of one person still may not overlap (rest 0).
"""

from __future__ import annotations

from collections import defaultdict

from ..variables import ModelVars


def add_min_rest(v: ModelVars) -> None:
    """For each pair of dates, forbid option pairs closer than the rest.

    Two free dates use one clique per end time t: (options ending at or after t) +
    (options starting before t + rest) <= 1, which forbids exactly the conflicting pairs.
    Against a fixed shift, conflicting options are simply switched off.
    """
    ctx = v.ctx
    rest = ctx.labor.min_rest_minutes or 0
    opts = ctx.options
    persons = {p for p, _ in v.hood.free}
    dated: dict[int, set[int]] = defaultdict(set)  # free people's dates with a shift
    for q, d in v.state.shifts:
        if q in persons:
            dated[q].add(d)
    for p in persons:
        person = ctx.persons[p]
        days = sorted(set(v.free_days(p)) | dated[p])
        free = set(v.free_days(p))
        for i, d1 in enumerate(days):
            for d2 in days[i + 1:]:
                if d1 not in free and d2 not in free:
                    continue
                late = _options(v, p, d1, person)
                early = _options(v, p, d2, person)
                if not late or not early:
                    continue
                latest_end = max(opts[k].end for k, _ in late)
                if min(opts[k].start for k, _ in early) >= latest_end + rest:
                    continue
                _forbid_conflicts(v, late, early, rest, d1 in free, d2 in free)


def _options(v: ModelVars, p: int, d: int, person) -> list[tuple[int, object]]:
    """(option, literal or None when fixed) for the date."""
    if (p, d) in v.hood.free:
        return [(k, var) for k, _, var in v.choice(p, d)]
    shift = v.state.shifts.get((p, d))
    return [(shift[0], None)] if shift else []


def _forbid_conflicts(v: ModelVars, late, early, rest: int, late_free: bool,
                      early_free: bool) -> None:
    opts = v.ctx.options
    m = v.model
    if not late_free:
        end = opts[late[0][0]].end
        for k, var in early:
            if opts[k].start < end + rest:
                m.add(var == 0)
        return
    if not early_free:
        start = opts[early[0][0]].start
        for k, var in late:
            if start < opts[k].end + rest:
                m.add(var == 0)
        return
    first_start = min(opts[k].start for k, _ in early)
    thresholds = sorted({opts[k].end for k, _ in late if first_start < opts[k].end + rest})
    for t in thresholds:
        group = [var for k, var in late if opts[k].end >= t]
        group += [var for k, var in early if opts[k].start < t + rest]
        m.add_at_most_one(group)
