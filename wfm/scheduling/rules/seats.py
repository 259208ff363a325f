"""[[sites]] seats and [remote] seats: capacity at every moment (hard).

A seat is held from shift start to shift end, breaks included. Occupancy only rises when a
shift starts, so checking at every shift start covers every moment. Which seat a person
may take (`remote` = yes / no / only) is in the literals that exist.
"""

from __future__ import annotations

from collections import defaultdict

from ..variables import ModelVars


def add_seats(v: ModelVars) -> None:
    ctx = v.ctx
    opts = ctx.options
    model_options = sorted({k for (_, k) in v.onsite_counts} | set(v.remote_counts))
    if not model_options:
        return
    span = (min(opts[k].start for k in model_options), max(opts[k].end for k in model_options))
    constant_onsite: list[tuple[int, int, int, int]] = []  # (site, start, end)
    constant_remote: list[tuple[int, int]] = []
    for (p, d), (k, seat) in v.state.shifts.items():
        if d in v.hood.days or (p, d) in v.hood.free:
            continue
        o = opts[k]
        if o.end <= span[0] or o.start >= span[1]:
            continue
        if seat == "onsite":
            constant_onsite.append((ctx.persons[p].site, o.start, o.end))
        else:
            constant_remote.append((o.start, o.end))
    instants = sorted({opts[k].start for k in model_options}
                      | {s for _, s, _ in constant_onsite} | {s for s, _ in constant_remote})
    onsite_by_site: dict[int, list[tuple[int, object]]] = defaultdict(list)
    for (site, k), n in v.onsite_counts.items():
        onsite_by_site[site].append((k, n))
    for site, cap in enumerate(ctx.site_seats):
        _cap_rows(v, instants, onsite_by_site.get(site, []),
                  [(s, e) for st, s, e in constant_onsite if st == site], cap, f"site{site}")
    _cap_rows(v, instants, list(v.remote_counts.items()), constant_remote, ctx.remote_seats,
              "remote")


def _cap_rows(v: ModelVars, instants, counted, constants, cap: int, name: str) -> None:
    opts = v.ctx.options
    for t in instants:
        present = [n for k, n in counted if opts[k].start <= t < opts[k].end]
        fixed = sum(1 for s, e in constants if s <= t < e)
        ceiling = fixed + sum(v.upper(n) for n in present)
        if ceiling <= cap:
            continue
        v.model.Add(fixed + sum(present) <= cap).WithName(f"seats[{name}][{t}]")
