"""Scheduled agents per interval and queue, counted as FORMAT.md says.

A person counts for an interval and queue when their work for that queue (adjacent
segments of one person and queue taken together) covers the whole interval.
"""

from __future__ import annotations

import numpy as np

from ..roster.model import Roster, merge_segments


def scheduled_counts(roster: Roster, queues: list[str], n_intervals: int,
                     interval_minutes: int) -> np.ndarray:
    """Array [queue, interval] of people counted on each queue in each interval."""
    index = {q: i for i, q in enumerate(queues)}
    counts = np.zeros((len(queues), n_intervals + 1), dtype=np.int64)
    for shift in roster.shifts:
        for seg in merge_segments(list(shift.segments)):
            if seg.activity != "work" or seg.queue not in index:
                continue
            first = -(-seg.start // interval_minutes)  # first interval starting inside
            last = seg.end // interval_minutes  # intervals [first, last) are covered
            first, last = max(first, 0), min(last, n_intervals)
            if last > first:
                counts[index[seg.queue], first] += 1
                counts[index[seg.queue], last] -= 1
    return np.cumsum(counts, axis=1)[:, :n_intervals]
