"""Rosters: shifts, seats and activity segments, and the roster-directory files."""

from .io import activities_frame, paid_minutes, read_roster, roster_frame
from .model import Roster, RosterShift, Segment, merge_segments

__all__ = ["Roster", "RosterShift", "Segment", "activities_frame", "merge_segments",
           "paid_minutes", "read_roster", "roster_frame"]
