"""[remote] loaner_kits: a person without a home kit who works remote on any day of the
horizon takes one kit for the whole horizon; kits are a pool (hard)."""

from __future__ import annotations

from collections import defaultdict

from ..variables import ModelVars, total


def add_loaner_kits(v: ModelVars) -> None:
    ctx, m = v.ctx, v.model
    remote_literals: dict[tuple[int, int], list] = defaultdict(list)
    for (p, d, _k, seat), var in v.x.items():
        if seat == "remote" and ctx.persons[p].needs_kit:
            remote_literals[(p, d)].append(var)
    for (p, d), var in v.remote_seat.items():
        if ctx.persons[p].needs_kit:
            remote_literals[(p, d)].append(var)
    certain, working_remote = set(), set()
    for (p, d), (_k, seat) in v.state.shifts.items():
        if seat != "remote" or not ctx.persons[p].needs_kit:
            continue
        working_remote.add(p)
        if (p, d) not in v.hood.free and (p, d) not in v.remote_seat:
            certain.add(p)
    v.kits_fixed = len(certain)
    by_person: dict[int, list[list]] = defaultdict(list)
    for (p, _d), literals in remote_literals.items():
        if p not in certain:
            by_person[p].append(literals)
    for p, groups in by_person.items():
        kit = m.new_bool_var(f"kit[{ctx.persons[p].employee_id}]")
        v.kit[p] = kit
        for literals in groups:
            m.add(total(literals) <= kit)
        v.hint(kit, p in working_remote)
    if v.kit or v.kits_fixed:
        m.add(total(v.kit.values()) + v.kits_fixed <= ctx.loaner_kits)
