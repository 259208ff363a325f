"""Coverage per interval and queue; shortfall and overstaffing are soft ([objective]).

People at work (not on a break) of one skill set are divided among their queues interval
by interval (a flow y[skill set, queue, t]); a person covers only queues within their
skills. Shortfall costs `shortfall` x queue priority per missing agent-interval (convex
segments with `shortfall_model = "callers"`, see objective.py); surplus costs
`overstaffing` per agent-interval.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from ..objective import shortfall_steps
from ..variables import total


def add_coverage(v, working: dict[tuple[int, int], tuple[int, list, list]],
                 incumbent: np.ndarray, queue_constant: np.ndarray | None = None,
                 split_hint: dict[tuple[int, int], dict[int, int]] | None = None) -> None:
    """`working[(s, t)]` = (constant, [counts added], [counts taken away]): people of skill
    set s at work in interval t; `incumbent[s, t]` the same (counts only) in the incumbent,
    for hints. `queue_constant[q, t]`: people outside the model already counted on queue q.
    `split_hint[(s, t)][q]`: the incumbent's division of skill set s (constant and counts)
    among its queues in interval t, the hint where given; else it is guessed, neediest
    first.

    Where those people alone meet the requirement (or nothing is required) no shortfall is
    possible, and the cost is `overstaffing` x (cover - need), linear: such cells need no
    variables, and a skill set whose queues are all like that needs no division among them.
    In a small neighbourhood that is most cells."""
    ctx, m = v.ctx, v.model
    surplus = ctx.weights.overstaffing
    by_interval: dict[int, list[int]] = defaultdict(list)
    for s, t in working:
        by_interval[t].append(s)
    for t in sorted(by_interval):
        cover_terms: dict[int, list] = defaultdict(list)
        cover_hint: dict[int, int] = defaultdict(int)
        reachable = {q for s in by_interval[t] for q in ctx.skill_sets[s]}
        saturated = set()
        for q in reachable:
            base = int(queue_constant[q, t]) if queue_constant is not None else 0
            cover_hint[q] = base
            if base:
                cover_terms[q].append(base)
            if base >= int(ctx.required[q, t]):
                saturated.add(q)
        for s in sorted(by_interval[t], key=lambda s: len(ctx.skill_sets[s])):
            base, plus, minus = working[(s, t)]
            at_work = total([base, *plus]) - total(minus)
            members = ctx.skill_sets[s]
            if len(members) == 1:
                cover_terms[members[0]].append(at_work)
                cover_hint[members[0]] += int(incumbent[s, t])
                continue
            if all(q in saturated for q in members):  # surplus wherever they go
                v.terms["overstaffing"].append((surplus, at_work))
                continue
            if split_hint and (s, t) in split_hint:
                split = split_hint[(s, t)]
                for q in members:
                    cover_hint[q] += split[q]
            else:
                split = _split_hint(ctx, members, t, int(incumbent[s, t]), cover_hint)
            upper = base + sum(v.upper(n) for n in plus)
            ys = []
            for q in members:
                y = v.int_var(0, upper, f"y[{s}][{q}][{t}]")
                v.hint(y, split[q])
                ys.append(y)
                cover_terms[q].append(y)
            m.add(total(ys) == at_work)
        for q in sorted(reachable):
            need = int(ctx.required[q, t])
            if q in saturated:
                v.terms["overstaffing"].append((surplus, total(cover_terms[q]) - need))
            else:
                _soft_cover(v, q, t, need, total(cover_terms[q]), cover_hint[q])


def _soft_cover(v, q: int, t: int, need: int, covered, hint: int) -> None:
    ctx, m = v.ctx, v.model
    over = v.int_var(0, 100_000, f"over[{q}][{t}]")
    v.hint(over, max(hint - need, 0))
    v.terms["overstaffing"].append((ctx.weights.overstaffing, over))
    if need == 0:
        m.add(over == covered)
        return
    parts = []
    missing = max(need - hint, 0)
    for i, (size, cost) in enumerate(shortfall_steps(ctx, q, t, need)):
        part = v.int_var(0, size, f"short[{q}][{t}][{i}]")
        v.hint(part, min(size, missing))
        missing -= min(size, missing)
        parts.append(part)
        v.terms["shortfall"].append((cost, part))
    m.add(covered + total(parts) - over == need)


def _split_hint(ctx, members, t: int, working: int, cover_hint: dict) -> dict[int, int]:
    """Divide the incumbent's people of a skill set among queues, neediest first."""
    split = {q: 0 for q in members}
    for _ in range(working):
        gaps = [(ctx.required[q, t] - cover_hint[q]) * ctx.weights.shortfall[q]
                for q in members]
        q = members[int(np.argmax(gaps))]
        split[q] += 1
        cover_hint[q] += 1
    return split

