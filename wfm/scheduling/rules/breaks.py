"""[[break_rules]]: breaks and lunches placed by the optimizer (hard), for one date's shifts.

Breaks are placed per class of interchangeable shifts (same skill set and length), as
counts b[class, slot, t] of slot-i breaks starting at grid interval t, and handed to people
first-in first-out afterwards. Within a class the break windows are translates of each
other, so FIFO is valid exactly when, at every t,

    shifts whose slot-i window has closed by t  <=  slot-i breaks started by t
    slot-i breaks started by t  <=  shifts whose slot-i window has opened by t

and slot i+1 never runs ahead of slot i by less than its length plus min_work_minutes.
The windows already hold min_work_minutes before the first break and after the last.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict

from ..variables import total as sum_of


def add_break_rules(v, classes: dict[tuple[int, int], list[int]],
                    chosen: dict[tuple[int, int], list[tuple[int, object]]] | None = None
                    ) -> dict[tuple[int, int], list]:
    """`classes[(skill set, length)]` = option index of every fixed shift in the model;
    `chosen[(skill set, length)]` = (option, count variable) of shifts the model decides
    (a joint shift and break move), whose windows open and close with their counts.

    Returns, per (skill set, interval), the break counts that take people off the phones.
    """
    ctx, m = v.ctx, v.model
    chosen = chosen or {}
    off_phone: dict[tuple[int, int], list] = defaultdict(list)
    for key in sorted(set(classes) | set(chosen)):
        shift_options = classes.get(key, [])
        decided = chosen.get(key, [])
        cls = ctx.classes.get(key)
        if cls is None or not (shift_options or decided):
            continue
        s = key[0]
        total = len(shift_options) + sum(v.upper(n) for _, n in decided)
        prefix_by_slot = []
        for i, slot in enumerate(cls.slots):
            opened: dict[int, int] = defaultdict(int)
            closed: dict[int, int] = defaultdict(int)
            for k in shift_options:
                lo, hi = cls.windows[k][i]
                opened[lo] += 1
                closed[hi] += 1
            opened_vars: dict[int, list] = defaultdict(list)
            closed_vars: dict[int, list] = defaultdict(list)
            for k, n in decided:
                lo, hi = cls.windows[k][i]
                opened_vars[lo].append(n)
                closed_vars[hi].append(n)
            options = set(shift_options) | {k for k, _ in decided}
            points = sorted({t for k in options
                             for t in range(cls.windows[k][i][0], cls.windows[k][i][1] + 1)})
            prefix = []
            started = 0
            n_open = n_closed = 0
            open_terms: list = []
            close_terms: list = []
            hint_started = 0
            for t in points:
                b = v.int_var(0, total, f"b[{key}][{i}][{t}]")
                v.breaks[(key, i, t)] = b
                v.hint(b, v.hinted_breaks.get((key, i, t), 0))
                for u in range(t, t + ctx.break_intervals(slot)):
                    off_phone[(s, u)].append(b)
                n_open += opened.get(t, 0)
                n_closed += closed.get(t, 0)
                open_terms += opened_vars.get(t, [])
                close_terms += closed_vars.get(t, [])
                if decided:
                    new = v.int_var(0, total, f"B[{key}][{i}][{t}]")
                    m.add(new <= n_open + sum_of(open_terms))
                    m.add(new >= n_closed + sum_of(close_terms))
                else:
                    new = v.int_var(n_closed, n_open, f"B[{key}][{i}][{t}]")
                m.add(new == started + b)
                hint_started += v.hints[b]
                v.hint(new, hint_started)
                started = new
                prefix.append(started)
            m.add(started == len(shift_options) + sum_of(n for _, n in decided))
            prefix_by_slot.append((points, prefix))
        for i in range(len(cls.slots) - 1):
            _precedence(v, prefix_by_slot[i], prefix_by_slot[i + 1], ctx.gap_intervals(cls, i))
    return off_phone


def _precedence(v, earlier, later, gap: int) -> None:
    """Slot i+1 breaks started by t <= slot i breaks started by t - gap."""
    points_i, prefix_i = earlier
    points_j, prefix_j = later
    for t, started_j in zip(points_j, prefix_j, strict=True):
        pos = bisect_right(points_i, t - gap) - 1
        if pos < 0:
            v.model.add(started_j == 0)
        else:
            v.model.add(started_j <= prefix_i[pos])
