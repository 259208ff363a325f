"""One seat per shift, `onsite` or `remote` as the person's `remote` flag allows
(yes: either, no: on-site, only: remote); on-site seats per site and remote seats are
capped at every moment, a seat being held from shift start to shift end."""

from __future__ import annotations

from collections import defaultdict

from ...roster.model import Roster
from ...scenario.model import Scenario
from ..common import violation

ALLOWED = {"yes": {"onsite", "remote"}, "no": {"onsite"}, "only": {"remote"}}


def check_seats(sc: Scenario, roster: Roster) -> list:
    out = []
    pools: dict[str, list] = defaultdict(list)
    for shift in roster.shifts:
        e = sc.employee(shift.employee_id)
        if shift.seat not in ALLOWED[e.remote]:
            out.append(violation(sc, "seats", shift, shift.start,
                                 f"sits {shift.seat} but remote = {e.remote}",
                                 f"seat this person {'/'.join(sorted(ALLOWED[e.remote]))}"))
        pools[f"site {e.site}" if shift.seat == "onsite" else "remote"].append(shift)
    caps = {f"site {s.name}": s.seats for s in sc.config.sites}
    caps["remote"] = sc.config.remote.seats
    for pool, shifts in pools.items():
        events = sorted([(s.start, 1, s) for s in shifts] + [(s.end, -1, s) for s in shifts],
                        key=lambda ev: (ev[0], ev[1]))
        present = 0
        reported = False
        for minute, delta, shift in events:
            present += delta
            if delta > 0 and present > caps[pool] and not reported:
                out.append(violation(sc, "seats", shift, minute,
                                     f"{present} people in {pool} seats at once (at most "
                                     f"{caps[pool]})", "move someone to another seat or time"))
                reported = True
            if present <= caps[pool]:
                reported = False
    return out
