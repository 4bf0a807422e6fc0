"""Where each goal and task stands on a day: ``goal_status`` and ``task_status``.

Each is a pure function of a :class:`CareerData` and a date ``as_of`` (T). Records dated
after T do not exist yet.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data import CareerData
from ..data.schema import FILES
from ..data.validation import TEXT, empty_frame
from .kernel import (
    LAST_DAY,
    NAT,
    LatestCheckins,
    as_dates,
    ceil_div,
    day_counts,
    days,
    decimal_scale,
    resolve_as_of,
    started_goals,
)

GOAL_STATUS_COLUMNS = [
    "client", "title", "category", "status", "start_date", "target_date", "completed_date",
    "completed_at_T", "percent_complete", "current_target", "forecast_date",
    "revision_drift_days", "forecast_drift_days", "overdue_days", "last_checkin",
    "days_since_checkin", "state",
]


# --- goal_status ------------------------------------------------------------------------

def goal_table(data: CareerData, t: int, stall_days: int,
               pace: tuple[int, int] = (1, 1)) -> pd.DataFrame:
    """Every started goal with its status columns and task totals (unsorted, file order).

    ``pace`` is a fraction (numerator, denominator) of the pace so far that the forecast
    assumes: (1, 1) is goal_status' forecast, (2, 1) twice as fast. Documented internal: for
    :func:`careerkit.analytics.forecast_at_pace` and the other analytics.
    """
    rows, place = started_goals(data, t)
    goals = data.goals.iloc[rows].reset_index(drop=True)
    n = len(goals)
    start = days(goals["start_date"])
    target = days(goals["target_date"])
    completed = days(goals["completed_date"])
    completed_at_t = (completed != NAT) & (completed <= t)

    tasks = data.tasks
    owner = place[data.task_goal_rows()]
    mine = owner >= 0
    weight = tasks["weight"].fillna(1.0).to_numpy(dtype="float64")
    task_done = days(tasks["completed_date"])
    task_done = (task_done != NAT) & (task_done <= t)
    scale = decimal_scale(weight[mine]) if mine.any() else 1
    scaled = np.round(weight * scale)
    total = np.rint(np.bincount(owner[mine], scaled[mine], minlength=n)).astype(np.int64)
    done = np.rint(np.bincount(owner[mine & task_done], scaled[mine & task_done],
                               minlength=n)).astype(np.int64)
    task_count = np.bincount(owner[mine], minlength=n)
    done_count = np.bincount(owner[mine & task_done], minlength=n)
    has_tasks = task_count > 0

    progress = data.progress
    code = place[data.checkin_goal_rows()]
    day = days(progress["date"])
    checkins = LatestCheckins(code, day, (code >= 0) & (day <= t))
    goal_level = progress["task_id"].isna().to_numpy()

    reported = np.full(n, np.nan)
    which, rows = checkins.last(goal_level & progress["percent_complete"].notna().to_numpy())
    reported[which] = progress["percent_complete"].to_numpy()[rows]
    current = target.copy()
    which, rows = checkins.last(goal_level & progress["revised_target_date"].notna().to_numpy())
    current[which] = days(progress["revised_target_date"])[rows]
    last_checkin = np.full(n, NAT)
    which, rows = checkins.last(np.ones(len(progress), dtype=bool))
    last_checkin[which] = day[rows]

    reported = np.nan_to_num(reported, nan=0.0)
    percent = np.where(completed_at_t, 100.0,
                       np.where(has_tasks, 100.0 * done / np.maximum(total, 1), reported))
    elapsed = np.maximum(1, t - start)
    p_scale = decimal_scale(reported)
    p = np.round(reported * p_scale).astype(np.int64)
    full = 100 * p_scale
    # Days still needed at the pace so far (times pace), in exact integer arithmetic.
    faster, slower = pace
    needed = np.where(has_tasks, ceil_div(slower * elapsed * (total - done), faster * done),
                      ceil_div(slower * elapsed * (full - p), faster * p))
    progressed = np.where(has_tasks, done > 0, p > 0)
    finished = np.where(has_tasks, done >= total, p >= full)
    forecast = np.where(finished, t, t + np.minimum(np.maximum(needed, 0), LAST_DAY - t))
    forecast = np.where(completed_at_t, completed, np.where(progressed, forecast, NAT))

    overdue = np.where(~completed_at_t & (t > current), t - current, 0)
    since = np.where(last_checkin != NAT, t - last_checkin, t - start)
    has_forecast = forecast != NAT
    status = goals["status"].to_numpy(dtype=object)
    state = np.select(
        [status == "dropped", completed_at_t, status == "on_hold", overdue > 0,
         since > stall_days, percent == 0, has_forecast & (forecast > current)],
        ["dropped", "completed", "on_hold", "overdue", "stalled", "not_started", "at_risk"],
        default="on_track",
    )
    return pd.DataFrame(
        {
            "goal_id": goals["goal_id"],
            "client": goals["client"],
            "title": goals["title"],
            "category": goals["category"],
            "status": goals["status"],
            "start_date": goals["start_date"],
            "target_date": goals["target_date"],
            "completed_date": goals["completed_date"],
            "completed_at_T": completed_at_t,
            "percent_complete": percent,
            "current_target": as_dates(current),
            "forecast_date": pd.Series(as_dates(forecast)),
            "revision_drift_days": day_counts(current - target),
            "forecast_drift_days": day_counts(forecast - target, ~has_forecast),
            "overdue_days": day_counts(overdue),
            "last_checkin": pd.Series(as_dates(last_checkin)),
            "days_since_checkin": day_counts(since),
            "state": pd.Series(state, dtype=TEXT),
            "tasks": task_count,
            "tasks_done": done_count,
            "task_weight": total / scale,
            "task_weight_done": done / scale,
        }
    )


def goal_status(data: CareerData, as_of=None, stall_days: int = 21) -> pd.DataFrame:
    """Where every started goal stands on ``as_of``: percent, targets, forecast, drift, state.

    Parameters
    ----------
    data : CareerData
    as_of : date-like, optional
        The day to look from (T). Records after it are ignored. Default: the latest
        recorded event (see :func:`default_as_of`), never today's date.
    stall_days : int, default 21
        A goal with no check-in for more than this many days is ``stalled``.

    Returns
    -------
    DataFrame
        One row per goal started by T, indexed by ``goal_id`` (sorted). Columns:

        - ``client``, ``title``, ``category``, ``status``, ``start_date``, ``target_date``,
          ``completed_date``: from goals.csv (context).
        - ``completed_at_T``: completed_date is set and on or before T.
        - ``percent_complete``: 100 when completed; else the done share of task weights;
          else the latest goal-level check-in percent; else 0.
        - ``current_target``: the latest goal-level revised target, else target_date.
        - ``forecast_date``: the day the goal finishes at its pace so far (NaT without
          progress).
        - ``revision_drift_days``: current_target - target_date.
        - ``forecast_drift_days``: forecast_date - target_date (NA without forecast).
        - ``overdue_days``: days past current_target of an unfinished goal, else 0.
        - ``last_checkin``, ``days_since_checkin``: latest check-in on or before T.
        - ``state``: dropped, completed, on_hold, overdue, stalled, not_started, at_risk or
          on_track: the first that applies, in that order.

    Examples
    --------
    >>> import careerkit
    >>> data = careerkit.load("sample_data")
    >>> status = careerkit.goal_status(data, as_of="2026-03-31")
    >>> status["state"].value_counts().index.isin(careerkit.STATES).all()
    np.True_
    """
    stamp = resolve_as_of(data, as_of)
    if stamp is None:
        return empty_goal_status()
    table = goal_table(data, days([stamp])[0], stall_days)
    return table.set_index("goal_id")[GOAL_STATUS_COLUMNS].sort_index()


def empty_goal_status() -> pd.DataFrame:
    empty = CareerData(*(empty_frame(spec) for spec in FILES))
    return goal_table(empty, 0, 21).set_index("goal_id")[GOAL_STATUS_COLUMNS]


# --- task_status ------------------------------------------------------------------------

def task_status(data: CareerData, as_of=None) -> pd.DataFrame:
    """Where every task of a started goal stands on ``as_of``: due dates, drift, on time.

    Parameters
    ----------
    data : CareerData
    as_of : date-like, optional
        As in :func:`goal_status`.

    Returns
    -------
    DataFrame
        One row per task of a goal started by T, indexed by ``task_id`` (sorted). Columns:

        - ``goal_id``, ``title``, ``due_date``: from tasks.csv.
        - ``current_due``: the latest revised date among the task's own check-ins, else
          due_date.
        - ``done``: completed_date is on or before T.
        - ``drift_days``: done: completed_date - due_date; else max(T, current_due) -
          due_date.
        - ``on_time``: done: completed_date <= due_date; not done: False once T is past
          due_date, else NA.

    Examples
    --------
    >>> import careerkit
    >>> tasks = careerkit.task_status(careerkit.load("sample_data"), as_of="2026-03-31")
    >>> tasks.columns.tolist()
    ['goal_id', 'title', 'due_date', 'current_due', 'done', 'drift_days', 'on_time']
    """
    stamp = resolve_as_of(data, as_of)
    t = days([stamp])[0] if stamp is not None else 0  # no stamp: there are no goals
    _, goal_place = started_goals(data, t)
    mine = goal_place[data.task_goal_rows()] >= 0
    task_rows = np.flatnonzero(mine)
    task_place = np.full(len(data.tasks) + 1, -1, dtype=np.int64)
    task_place[task_rows] = np.arange(len(task_rows))
    tasks = data.tasks.iloc[task_rows].reset_index(drop=True)
    due = days(tasks["due_date"])
    completed = days(tasks["completed_date"])
    done = (completed != NAT) & (completed <= t)

    progress = data.progress
    code = task_place[data.checkin_task_rows()]
    day = days(progress["date"])
    revisions = LatestCheckins(code, day, (code >= 0) & (day <= t))
    current = due.copy()
    which, rows = revisions.last(progress["revised_target_date"].notna().to_numpy())
    current[which] = days(progress["revised_target_date"])[rows]

    drift = np.where(done, completed - due, np.maximum(t, current) - due)
    on_time = pd.arrays.BooleanArray(np.where(done, completed <= due, False),
                                     ~done & (t <= due))
    result = pd.DataFrame(
        {
            "task_id": tasks["task_id"],
            "goal_id": tasks["goal_id"],
            "title": tasks["title"],
            "due_date": tasks["due_date"],
            "current_due": as_dates(current),
            "done": done,
            "drift_days": day_counts(drift),
            "on_time": on_time,
        }
    )
    return result.set_index("task_id").sort_index()
