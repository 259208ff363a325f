"""[[break_rules]]: a shift whose length a rule covers carries exactly its breaks, in order,
each of its kind and length, starting between `earliest` and `latest` minutes after the
shift start, with at least min_work_minutes of work before the first, between two, and
after the last. A length no rule covers has no breaks."""

from __future__ import annotations

from ...roster.model import Roster
from ...scenario.model import Scenario
from ..common import pauses, violation


def check_break_rules(sc: Scenario, roster: Roster) -> list:
    out = []
    for shift in roster.shifts:
        rule = next((r for r in sc.config.break_rules
                     if r.min_shift_minutes <= shift.length <= r.max_shift_minutes), None)
        found = pauses(shift)
        specs = rule.breaks if rule else []
        if len(found) != len(specs):
            out.append(violation(sc, "break_rules", shift, shift.start,
                                 f"{len(found)} breaks; a {shift.length}-minute shift needs "
                                 f"{len(specs)}",
                                 "give the shift exactly the breaks of its rule"))
            continue
        if not specs:
            continue
        work = rule.min_work_minutes
        previous_end = shift.start
        for i, (spec, seg) in enumerate(zip(specs, found, strict=True)):
            offset = seg.start - shift.start
            label = f"break {i + 1} ({spec.kind})"
            if seg.activity != spec.kind:
                out.append(violation(sc, "break_rules", shift, seg.start,
                                     f"{label} is a {seg.activity}", f"make it a {spec.kind}"))
            if seg.end - seg.start != spec.minutes:
                out.append(violation(sc, "break_rules", shift, seg.start,
                                     f"{label} lasts {seg.end - seg.start} minutes",
                                     f"make it {spec.minutes} minutes"))
            if not spec.earliest <= offset <= spec.latest:
                out.append(violation(sc, "break_rules", shift, seg.start,
                                     f"{label} starts {offset} minutes into the shift",
                                     f"start it {spec.earliest}-{spec.latest} minutes after the "
                                     "shift starts"))
            if seg.start - previous_end < work:
                out.append(violation(sc, "break_rules", shift, seg.start,
                                     f"only {seg.start - previous_end} minutes of work before "
                                     f"{label}", f"leave at least {work} minutes of work"))
            previous_end = seg.end
        if shift.end - previous_end < work:
            out.append(violation(sc, "break_rules", shift, previous_end,
                                 f"only {shift.end - previous_end} minutes of work after the "
                                 "last break", f"leave at least {work} minutes of work"))
    return out
