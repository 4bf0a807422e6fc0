"""careerkit: turn career-goal spreadsheets into answers.

Load a folder of goals, tasks and check-ins (``load``), then ask where each goal stands
(``goal_status``), how tasks are doing (``task_status``), how groups of goals complete
(``completion_rates``) and how targets moved (``target_history``), as of any date;
draw it (``plot_*``).
"""

import importlib

from . import demo, plotting
from ._version import __version__
from .analytics import (
    changes,
    checkin_cadence,
    completion_rates,
    default_as_of,
    forecast_accuracy,
    forecast_at_pace,
    forecast_finish,
    goal_status,
    needs_attention,
    revisions,
    schedule_performance,
    target_history,
    task_status,
    time_to_goal,
)
from .data import CareerData, CareerDataError, CareerDataWarning, ChangedOnDiskError, load
from .data.schema import STATES, STATUSES
from .plotting import (
    STATE_COLORS,
    plot_burnup,
    plot_calibration,
    plot_caseload,
    plot_checkins,
    plot_completion,
    plot_forecast,
    plot_schedule,
    plot_target_trend,
    plot_time_to_goal,
    plot_timeline,
)

__all__ = [
    "STATES",
    "STATE_COLORS",
    "STATUSES",
    "CareerData",
    "CareerDataError",
    "CareerDataWarning",
    "ChangedOnDiskError",
    "__version__",
    "changes",
    "checkin_cadence",
    "completion_rates",
    "default_as_of",
    "demo",
    "forecast_accuracy",
    "forecast_at_pace",
    "forecast_finish",
    "goal_status",
    "load",
    "needs_attention",
    "plot_burnup",
    "plot_calibration",
    "plot_caseload",
    "plot_checkins",
    "plot_completion",
    "plot_forecast",
    "plot_schedule",
    "plot_target_trend",
    "plot_time_to_goal",
    "plot_timeline",
    "plotting",
    "report",
    "revisions",
    "schedule_performance",
    "target_history",
    "task_status",
    "time_to_goal",
    "widgets",
]

# Imported on first use: they pull in ipywidgets and jinja2, which a script computing
# metrics does not need.
_LAZY = {"widgets", "report"}


def __getattr__(name: str):
    if name in _LAZY:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'careerkit' has no attribute {name!r}")
