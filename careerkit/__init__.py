"""careerkit: turn career-goal spreadsheets into answers.

Load a folder of goals, tasks and check-ins (``load``), then ask where each goal stands
(``goal_status``), how tasks are doing (``task_status``), how groups of goals complete
(``completion_rates``) and how targets moved (``target_history``), as of any date;
draw it (``plot_*``).
"""

import gc
import importlib
from typing import TYPE_CHECKING

from ._version import __version__
from .analytics import (
    changes,
    checkin_cadence,
    checkin_timeline,
    completion_rates,
    default_as_of,
    forecast_accuracy,
    forecast_at_pace,
    forecast_finish,
    goal_status,
    needs_attention,
    previous_session,
    revisions,
    schedule_performance,
    target_history,
    task_status,
    time_to_goal,
    upcoming_tasks,
)
from .data import CareerData, CareerDataError, CareerDataWarning, ChangedOnDiskError, load
from .data.schema import STATES, STATUSES

# What the imports above built (pandas', pyarrow's and numpy's modules, classes and
# functions) lives as long as the process. Frozen into the garbage collector's permanent
# generation, it is no longer walked by every full collection, nor torn down piece by piece
# at exit: a command or script ends about 0.15 s sooner (benchmarks/README.md). Objects made
# later are collected as usual; ``gc.unfreeze()`` undoes it.
gc.freeze()

# Charts (plotly), widgets (ipywidgets), the report (jinja2) and the demo generator are
# imported on first use: a script that loads data and computes metrics never pays for them.
# A new name from one of them goes here (name -> module), not into an import above.
_LAZY = {
    "brief": ".briefing",  # the function careerkit.briefing.brief
    "demo": ".demo",
    "plotting": ".plotting",
    "report": ".report",
    "widgets": ".widgets",
    "STATE_COLORS": ".plotting",
    "plot_burnup": ".plotting",
    "plot_calibration": ".plotting",
    "plot_caseload": ".plotting",
    "plot_checkins": ".plotting",
    "plot_completion": ".plotting",
    "plot_forecast": ".plotting",
    "plot_schedule": ".plotting",
    "plot_target_trend": ".plotting",
    "plot_time_to_goal": ".plotting",
    "plot_timeline": ".plotting",
}

if TYPE_CHECKING:  # what the lazy names are, for type checkers and editors
    from . import demo, plotting, report, widgets
    from .briefing import brief
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
    "brief",
    "changes",
    "checkin_cadence",
    "checkin_timeline",
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
    "previous_session",
    "report",
    "revisions",
    "schedule_performance",
    "target_history",
    "task_status",
    "time_to_goal",
    "upcoming_tasks",
    "widgets",
]


def __getattr__(name: str):
    if name in _LAZY:
        module = importlib.import_module(_LAZY[name], __name__)
        value = module if module.__name__.endswith("." + name) else getattr(module, name)
        globals()[name] = value  # found once: later lookups do not come here
        return value
    raise AttributeError(f"module 'careerkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
