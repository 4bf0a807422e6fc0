"""careerkit: turn career-goal spreadsheets into answers.

Load a folder of goals, tasks and check-ins (``load``), then ask where each goal stands
(``goal_status``), how tasks are doing (``task_status``), how groups of goals complete
(``completion_rates``) and how targets moved (``target_history``), as of any date.
"""

from . import demo
from ._data import CareerData, load
from ._exceptions import CareerDataError, CareerDataWarning, ChangedOnDiskError
from ._metrics import (
    completion_rates,
    default_as_of,
    goal_status,
    target_history,
    task_status,
)
from ._schema import STATES, STATUSES
from ._version import __version__

__all__ = [
    "STATES",
    "STATUSES",
    "CareerData",
    "CareerDataError",
    "CareerDataWarning",
    "ChangedOnDiskError",
    "__version__",
    "completion_rates",
    "default_as_of",
    "demo",
    "goal_status",
    "load",
    "target_history",
    "task_status",
]
