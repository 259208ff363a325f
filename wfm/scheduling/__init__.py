"""The CP-SAT scheduler: shifts, breaks, seats and queues for named people."""

from .lns import Progress
from .solve import ScheduleOptions, ScheduleResult, schedule
from .subsolve import Stopper

__all__ = ["Progress", "ScheduleOptions", "ScheduleResult", "Stopper", "schedule"]
