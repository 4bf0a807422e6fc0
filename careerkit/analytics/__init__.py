"""The analytics layer: every domain rule, as pure functions of a ``CareerData`` and a day.

One module per concern: :mod:`~careerkit.analytics.kernel` (day, weight and as_of
arithmetic), :mod:`~careerkit.analytics.status` (goal_status, task_status),
:mod:`~careerkit.analytics.rates` (completion_rates), :mod:`~careerkit.analytics.history`
(target_history), :mod:`~careerkit.analytics.attention` (needs_attention: which goals,
why, in what order) and :mod:`~careerkit.analytics.pace` (forecast_at_pace, pace_plan: what
if a goal went faster or slower). Plotting, widgets, the report, the command line and the
notebooks call these and compute no state, percent, forecast or order of their own.
"""

from .accuracy import ForecastAccuracy, forecast_accuracy
from .attention import ATTENTION_ORDER, ATTENTION_STATES, needs_attention
from .cadence import checkin_cadence
from .changes import changes
from .dispatch import partitioned
from .forecast import forecast_finish
from .history import target_history
from .kernel import default_as_of, resolve_as_of, staleness
from .pace import forecast_at_pace, pace_plan
from .progress_curve import ProgressCurve, percent_over_time
from .rates import completion_rates
from .revisions import revisions
from .schedule import schedule_performance
from .status import goal_status, task_status
from .survival import TimeToGoal, time_to_goal
from .timeline import checkin_timeline, previous_session
from .upcoming import upcoming_tasks

# Every analytic taking data first also takes a partitioned caseload (careerkit.dask).
(changes, checkin_cadence, completion_rates, default_as_of, forecast_accuracy,
 forecast_at_pace, forecast_finish, goal_status, needs_attention, pace_plan,
 percent_over_time, resolve_as_of, revisions, schedule_performance, staleness,
 target_history, task_status, time_to_goal) = map(partitioned, (
    changes, checkin_cadence, completion_rates, default_as_of, forecast_accuracy,
    forecast_at_pace, forecast_finish, goal_status, needs_attention, pace_plan,
    percent_over_time, resolve_as_of, revisions, schedule_performance, staleness,
    target_history, task_status, time_to_goal))

__all__ = [
    "ATTENTION_ORDER",
    "ATTENTION_STATES",
    "ForecastAccuracy",
    "ProgressCurve",
    "TimeToGoal",
    "changes",
    "checkin_cadence",
    "checkin_timeline",
    "completion_rates",
    "default_as_of",
    "forecast_accuracy",
    "forecast_at_pace",
    "forecast_finish",
    "goal_status",
    "needs_attention",
    "pace_plan",
    "percent_over_time",
    "previous_session",
    "resolve_as_of",
    "revisions",
    "schedule_performance",
    "staleness",
    "target_history",
    "task_status",
    "time_to_goal",
    "upcoming_tasks",
]
