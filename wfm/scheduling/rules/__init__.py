"""One function per rule family of FORMAT.md; each adds constraints or penalty terms.

`RULES` names the families of the shift model in the order it adds them; `break_rules`
lives in `breaks.py` and is added by the break-placement model. The checker in
`wfm.check` verifies the same families independently.
"""

from .coverage import add_coverage
from .loaner_kits import add_loaner_kits
from .max_consecutive_days import add_max_consecutive_days
from .min_rest import add_min_rest
from .one_shift_per_date import add_one_shift_per_date
from .paid_minutes import add_paid_minutes_per_week
from .preferences import add_preferences
from .seats import add_seats
from .working_days import add_working_days_per_week

RULES = {
    "one_shift_per_date": add_one_shift_per_date,
    "min_rest_minutes": add_min_rest,
    "max_consecutive_days": add_max_consecutive_days,
    "min_days_off_per_week": add_working_days_per_week,  # also max_days_per_week
    "paid_minutes_per_week": add_paid_minutes_per_week,
    "seats": add_seats,
    "loaner_kits": add_loaner_kits,
    "coverage": add_coverage,  # also skills: people cover only their own queues
    "preferences": add_preferences,
}
