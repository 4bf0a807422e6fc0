"""Where each goal and task stands on a day: ``goal_status`` and ``task_status``.

Each is a pure function of a :class:`CareerData` and a date ``as_of`` (T). Records dated
after T do not exist yet.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data import CareerData
from ..data.schema import FILES
from ..data.validation import empty_frame
from .kernel import (
    LAST_DAY,
    NAT,
    LatestCheckins,
    as_dates,
    ceil_div,
    day_counts,
    days,
    decimal_scale,
    in_order,
    resolve_as_of,
    rows_of,
    started_goals,
    texts,
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
    return pd.DataFrame(goal_columns(data, rows, place, t, stall_days, pace))


def goal_columns(data: CareerData, rows: np.ndarray, place: np.ndarray, t: int,
                 stall_days: int, pace: tuple[int, int] = (1, 1)) -> dict:
    """The columns of :func:`goal_table` for the goals at ``rows`` (in that order; ``place``
    maps a goal's row, or -1, to its place among them, -1 for others). Documented internal:
    goal_status asks for the started goals in goal_id order, so that every column is taken
    once, in its final order."""
    goals = data.goals
    n = len(rows)
    start = days(goals["start_date"])[rows]
    target = days(goals["target_date"])[rows]
    completed = days(goals["completed_date"])[rows]
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
    which, latest = checkins.last(goal_level & progress["percent_complete"].notna().to_numpy())
    reported[which] = progress["percent_complete"].to_numpy()[latest]
    current = target.copy()
    revised = progress["revised_target_date"]
    which, latest = checkins.last(goal_level & revised.notna().to_numpy())
    current[which] = days(revised.to_numpy()[latest])
    last_checkin = np.full(n, NAT)
    which, latest = checkins.last(np.ones(len(progress), dtype=bool))
    last_checkin[which] = day[latest]

    # A check-in's percent counts to six decimal places (docs/metrics.md), in the forecast
    # and in every state decision alike: 0.0000004 % is 0 %.
    reported = np.nan_to_num(reported, nan=0.0)
    p_scale = decimal_scale(reported)
    p = np.round(reported * p_scale).astype(np.int64)
    full = 100 * p_scale
    percent = np.where(completed_at_t, 100.0,
                       np.where(has_tasks, 100.0 * done / np.maximum(total, 1), p / p_scale))
    elapsed = np.maximum(1, t - start)
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
    status = rows_of(goals["status"], rows)
    state = np.select(
        [_equals(status, "dropped"), completed_at_t, _equals(status, "on_hold"), overdue > 0,
         since > stall_days, percent == 0, has_forecast & (forecast > current)],
        np.arange(len(_STATES) - 1), default=len(_STATES) - 1,
    )
    return {
        "goal_id": data.goal_ids_at(rows),
        "client": rows_of(goals["client"], rows),
        "title": rows_of(goals["title"], rows),
        "category": rows_of(goals["category"], rows),
        "status": status,
        "start_date": rows_of(goals["start_date"], rows),
        "target_date": rows_of(goals["target_date"], rows),
        "completed_date": rows_of(goals["completed_date"], rows),
        "completed_at_T": completed_at_t,
        "percent_complete": percent,
        "current_target": as_dates(current),
        "forecast_date": as_dates(forecast),
        "revision_drift_days": day_counts(current - target),
        "forecast_drift_days": day_counts(forecast - target, ~has_forecast),
        "overdue_days": day_counts(overdue),
        "last_checkin": as_dates(last_checkin),
        "days_since_checkin": day_counts(since),
        "state": texts(_STATES, state),
        "tasks": task_count,
        "tasks_done": done_count,
        "task_weight": total / scale,
        "task_weight_done": done / scale,
    }


# the states in the order goal_status tests them (the last is the default)
_STATES = ("dropped", "completed", "on_hold", "overdue", "stalled", "not_started", "at_risk",
           "on_track")


def _equals(column, value: str) -> np.ndarray:
    """Where a text column (an extension array) equals ``value`` (False where missing)."""
    return np.asarray(column == value, dtype=bool) if len(column) else np.zeros(0, dtype=bool)


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
    t = days([stamp])[0]
    rows, place = in_order(data.goal_order(), days(data.goals["start_date"]) <= t)
    columns = goal_columns(data, rows, place, t, stall_days)
    index = pd.Index(columns["goal_id"], name="goal_id")
    return pd.DataFrame({name: columns[name] for name in GOAL_STATUS_COLUMNS}, index=index)


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
    # the tasks of started goals, in task_id order: each column is taken once, sorted
    task_rows, task_place = in_order(data.task_order(), goal_place[data.task_goal_rows()] >= 0)
    tasks = data.tasks
    due = days(tasks["due_date"])[task_rows]
    completed = days(tasks["completed_date"])[task_rows]
    done = (completed != NAT) & (completed <= t)

    progress = data.progress
    code = task_place[data.checkin_task_rows()]
    day = days(progress["date"])
    revisions = LatestCheckins(code, day, (code >= 0) & (day <= t))
    current = due.copy()
    revised = progress["revised_target_date"]
    which, latest = revisions.last(revised.notna().to_numpy())
    current[which] = days(revised.to_numpy()[latest])

    drift = np.where(done, completed - due, np.maximum(t, current) - due)
    on_time = pd.arrays.BooleanArray(np.where(done, completed <= due, False),
                                     ~done & (t <= due))
    return pd.DataFrame(
        {
            "goal_id": data.goal_ids_at(data.task_goal_rows()[task_rows]),
            "title": rows_of(tasks["title"], task_rows),
            "due_date": rows_of(tasks["due_date"], task_rows),
            "current_due": as_dates(current),
            "done": done,
            "drift_days": day_counts(drift),
            "on_time": on_time,
        },
        index=pd.Index(data.task_ids_at(task_rows), name="task_id"),
    )
