"""availability.csv prefer_off / prefer_on: soft wishes, `[objective] preference` each."""

from __future__ import annotations

from ..variables import ModelVars, worked


def add_preferences(v: ModelVars) -> None:
    """A term per broken wish of a free (person, date): working on prefer_off, or not
    working on prefer_on."""
    weight = v.ctx.weights.preference
    if weight == 0:
        return
    for p, d in v.hood.free:
        person = v.ctx.persons[p]
        if d in person.prefer_off:
            for _, _, var in v.choice(p, d):
                v.terms["preference"].append((weight, var))
        if d in person.prefer_on:
            v.terms["preference"].append((weight, 1 - worked(v, p, d)))
