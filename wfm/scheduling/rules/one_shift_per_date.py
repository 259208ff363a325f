"""A person works at most one shift per date (FORMAT.md, Time)."""

from __future__ import annotations

from ..variables import ModelVars


def add_one_shift_per_date(v: ModelVars) -> None:
    """At most one (option, seat) literal per free (person, date).

    The shift catalogue itself (shift types, weekdays, availability `off`,
    `max_paid_minutes_per_day`) is already in the literals that exist.
    """
    for (p, d) in v.hood.free:
        literals = [var for _, _, var in v.choice(p, d)]
        if len(literals) > 1:
            v.model.add_at_most_one(literals)
