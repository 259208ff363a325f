"""The horizon's clock: local dates, absolute minutes and the interval grid.

Inside wfm every instant is an integer number of *elapsed* minutes since the horizon
starts (00:00 local on `horizon.start`). Elapsed minutes make shift lengths, rest and
seat overlaps right across clock changes; local wall-clock times only appear at the edges
(parsing input, writing output). A DST day simply has 23 or 25 hours of minutes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
UTC = UTC


class TimeGrid:
    """Local dates and 15-minute (or other) intervals of one horizon in one time zone."""

    def __init__(self, tz_name: str, start: date, days: int, interval_minutes: int):
        self.tz_name = tz_name
        self.tz = ZoneInfo(tz_name)
        self.start = start
        self.days = days
        self.interval_minutes = interval_minutes
        self.t0_utc = self._wall_to_utc(datetime.combine(start, time(0)))
        # Elapsed minute at which each local date starts; entry `days` is the horizon end.
        self.day_start = [self._utc_to_minute(self._wall_to_utc(
            datetime.combine(start + timedelta(days=d), time(0)))) for d in range(days + 1)]
        self.total_minutes = self.day_start[-1]
        self.n_intervals = self.total_minutes // interval_minutes
        self.aligned = self.total_minutes % interval_minutes == 0

    # --- conversions -------------------------------------------------------------------
    def _wall_to_utc(self, wall: datetime) -> datetime:
        return wall.replace(tzinfo=self.tz, fold=0).astimezone(UTC)

    def _utc_to_minute(self, moment: datetime) -> int:
        seconds = (moment - self.t0_utc).total_seconds()
        return int(round(seconds / 60.0))

    def instant(self, minute: int) -> datetime:
        """The aware local datetime of an elapsed minute."""
        return (self.t0_utc + timedelta(minutes=int(minute))).astimezone(self.tz)

    def label(self, minute: int) -> str:
        """ISO 8601 local time with its offset, e.g. `2020-01-27T08:00+08:00`."""
        return _label(self.instant(minute))

    def interval_start(self, i: int) -> int:
        return i * self.interval_minutes

    def interval_labels(self) -> list[str]:
        return [self.label(i * self.interval_minutes) for i in range(self.n_intervals)]

    def date_of_index(self, d: int) -> date:
        return self.start + timedelta(days=d)

    def date_index(self, day: date) -> int | None:
        d = (day - self.start).days
        return d if 0 <= d < self.days else None

    def weekday(self, d: int) -> str:
        return WEEKDAYS[self.date_of_index(d).weekday()]

    def day_of_minute(self, minute: int) -> int:
        """The local date index that the elapsed minute falls on (may be -1 or `days`)."""
        lo, hi = 0, self.days
        if minute < 0:
            return -1
        if minute >= self.total_minutes:
            return self.days
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if self.day_start[mid] <= minute:
                lo = mid
            else:
                hi = mid
        return lo

    def wall_to_minute(self, d: int, hour: int, minute: int) -> int | None:
        """Elapsed minute of wall-clock HH:MM on local date index d.

        A repeated wall time (clock set back) means its first occurrence; a wall time that
        does not exist (clock set forward) gives None. `24:00` is the next local midnight.
        """
        day = self.date_of_index(d)
        if hour == 24 and minute == 0:
            day, hour = day + timedelta(days=1), 0
        wall = datetime.combine(day, time(hour, minute))
        moment = self._wall_to_utc(wall)
        if moment.astimezone(self.tz).replace(tzinfo=None) != wall:
            return None
        return self._utc_to_minute(moment)

    def parse_timestamp(self, text: str) -> int:
        """Elapsed minute of an input timestamp; raises ValueError with a readable reason.

        Accepts `2020-01-27T08:00`, `2020-01-27 08:00` and forms with an offset.
        """
        return _parse_cached(self, text.strip())

    def fits_grid(self, minute: int) -> bool:
        return 0 <= minute < self.n_intervals * self.interval_minutes and \
            minute % self.interval_minutes == 0


def _label(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


@lru_cache(maxsize=200_000)
def _parse_cached(grid: TimeGrid, text: str) -> int:
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a date and time like 2020-01-27T08:00") from None
    if len(text) <= 10:
        raise ValueError(f"'{text}' has no time of day (expected like 2020-01-27T08:00)")
    if parsed.second or parsed.microsecond:
        raise ValueError(f"'{text}' has seconds; times are whole minutes")
    if parsed.tzinfo is None:
        moment = grid._wall_to_utc(parsed)
        if moment.astimezone(grid.tz).replace(tzinfo=None) != parsed:
            raise ValueError(
                f"'{text}' does not exist in {grid.tz_name} (the clock skips that hour)")
    else:
        moment = parsed.astimezone(UTC)
    return grid._utc_to_minute(moment)


def parse_hhmm(text: str, allow_24: bool = False) -> tuple[int, int]:
    """`HH:MM` to (hour, minute); raises ValueError."""
    parts = str(text).strip().split(":")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise ValueError(f"'{text}' is not a time like 08:30")
    hour, minute = int(parts[0]), int(parts[1])
    if allow_24 and hour == 24 and minute == 0:
        return hour, minute
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValueError(f"'{text}' is not a valid time of day")
    return hour, minute
