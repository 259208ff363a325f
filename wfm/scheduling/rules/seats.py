"""[[sites]] seats and [remote] seats: capacity at every moment (hard).

A seat is held from shift start to shift end, breaks included. Occupancy only rises when a
shift starts, so checking at every shift start covers every moment. Which seat a person
may take (`remote` = yes / no / only) is in the literals that exist.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from ..variables import ModelVars, total


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
    """seats in use <= cap at every instant where the model could exceed it."""
    opts = v.ctx.options
    at = np.asarray(instants, dtype=np.int64)
    starts = np.sort(np.array([s for s, _ in constants], dtype=np.int64))
    ends = np.sort(np.array([e for _, e in constants], dtype=np.int64))
    # fixed shifts in progress at t: started at or before t, not yet ended
    fixed = np.searchsorted(starts, at, side="right") - np.searchsorted(ends, at, side="right")
    begin = np.array([opts[k].start for k, _ in counted], dtype=np.int64)
    end = np.array([opts[k].end for k, _ in counted], dtype=np.int64)
    upper = np.array([v.upper(n) for _, n in counted], dtype=np.int64)
    present = (begin[None, :] <= at[:, None]) & (at[:, None] < end[None, :])
    ceiling = fixed + present.astype(np.int64) @ upper
    for i in np.flatnonzero(ceiling > cap).tolist():
        terms = [counted[j][1] for j in np.flatnonzero(present[i]).tolist()]
        v.model.add(int(fixed[i]) + total(terms) <= cap).with_name(f"seats[{name}][{at[i]}]")
