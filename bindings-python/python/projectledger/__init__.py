"""projectledger — exact, embeddable project control.

Money is ``decimal.Decimal`` with a currency, never a float; allocations sum exactly;
calendars know 调休 and statutory holidays; the journal is hash-chained and merges offline
copies without losing or doubling anything.
"""

from projectledger import _native, errors
from projectledger._costing import cost_day_work
from projectledger._labour import aggregate_day_work, combine_day_work
from projectledger._native import *  # noqa: F403  (every public name of the native module)
from projectledger.errors import *  # noqa: F403  (the exception classes are public API)

__all__ = [
    *(name for name in dir(_native) if not name.startswith("_")),
    "aggregate_day_work",
    "combine_day_work",
    "cost_day_work",
    "errors",
    *errors.__all__,
]
