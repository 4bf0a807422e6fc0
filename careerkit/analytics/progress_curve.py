"""Percent complete of one goal over time, and its plan: ``percent_over_time``.

The steps are goal_status' ``percent_complete`` on every day it changes, by the same rules:
the done share of task weights (blank weight 1, weights scaled to exact integers by
:func:`~careerkit.analytics.kernel.decimal_scale`), else the latest goal-level check-in
percent, and 100 from the day a goal is completed. The burn-up chart draws them.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from ..data import CareerData
from ..data.validation import TEXT
from .kernel import NAT, as_dates, days, decimal_scale, resolve_as_of
from .status import goal_status


class ProgressCurve(NamedTuple):
    """The two curves of :func:`percent_over_time`."""

    #: Columns ``date``, ``percent_complete``, ``event`` and ``tasks_done``.
    actual: pd.DataFrame
    #: Columns ``date``, ``percent_complete`` and ``event``.
    plan: pd.DataFrame


def percent_over_time(data: CareerData, goal_id, as_of=None) -> ProgressCurve:
    """Percent complete of one goal on every day it changed up to ``as_of``, and its plan.

    Parameters
    ----------
    data : CareerData
    goal_id : str
        The goal.
    as_of : date-like, optional
        The day to look from (T), as in :func:`~careerkit.goal_status`: later records
        do not exist yet.

    Returns
    -------
    ProgressCurve
        Two frames with a RangeIndex, in date order, one row per day a value was reached
        (the last of a day counts, as in goal_status; the first and last rows may share a
        day with their neighbour).

        ``actual``: starts at (start_date, 0). A goal with tasks then steps to
        100 × (done weight) / (total weight) on each day tasks were completed (a task
        completed before the start counts on the start); a goal without tasks steps to
        each goal-level check-in percent on its day. A goal completed by T reaches 100 on
        its completed_date, and later steps are dropped. The last row is (T,
        goal_status' ``percent_complete`` on T). Columns:

        - ``date``, ``percent_complete``;
        - ``event``: start, task_done, checkin, completed or as_of;
        - ``tasks_done``: how many of the goal's tasks are done by then (0 on the first
          row; NA for a goal without tasks).

        ``plan``: a goal with tasks plans 100 × (weight of the tasks due by then) / (total
        weight) at each baseline ``due_date`` (a task due before the start counts on the
        start), from (start_date, 0); a goal without tasks plans a straight line from
        (start_date, 0) to (current target, 100). Columns ``date``, ``percent_complete``
        and ``event`` (start, task_due or target).

    Raises
    ------
    ValueError
        For a goal_id the data does not have, or a goal that starts after T.

    Examples
    --------
    >>> import careerkit
    >>> from careerkit.analytics import percent_over_time
    >>> data = careerkit.load("sample_data")
    >>> curve = percent_over_time(data, "C00001-G1", as_of="2026-03-31")
    >>> curve.actual.columns.tolist()
    ['date', 'percent_complete', 'event', 'tasks_done']
    >>> last = curve.actual.iloc[-1]
    >>> status = careerkit.goal_status(data, as_of="2026-03-31")
    >>> bool(last["percent_complete"] == status.loc["C00001-G1", "percent_complete"])
    True
    """
    found = data.goals["goal_id"] == goal_id
    if not found.fillna(False).any():
        raise ValueError(f"unknown goal_id {goal_id!r}")
    stamp = resolve_as_of(data, as_of)
    data = data.select(goals=[goal_id])
    status = goal_status(data, stamp)
    if goal_id not in status.index:
        begins = pd.Timestamp(data.goals["start_date"].iloc[0])
        raise ValueError(f"goal {goal_id!r} starts on {begins:%Y-%m-%d}, after as_of "
                         f"{stamp:%Y-%m-%d}: it has no progress to draw yet")
    goal = status.loc[[goal_id]]
    t = int(days([stamp])[0])
    start = int(days(goal["start_date"])[0])
    completed = int(days(goal["completed_date"])[0])
    current = int(days(goal["current_target"])[0])

    tasks = data.tasks
    has_tasks = len(tasks) > 0
    if has_tasks:
        weight = tasks["weight"].fillna(1.0).to_numpy(dtype="float64")
        scaled = np.round(weight * decimal_scale(weight)).astype(np.int64)
        total = int(scaled.sum())
        finished = days(tasks["completed_date"])
        done = (finished != NAT) & (finished <= t)
        order = np.argsort(finished[done], kind="stable")
        day = np.maximum(finished[done][order], start)
        level = 100.0 * np.cumsum(scaled[done][order]) / total
        count = np.arange(1, len(day) + 1)
        event = np.full(len(day), "task_done", dtype=object)
        due = days(tasks["due_date"])
        order = np.argsort(due, kind="stable")
        plan_day = np.concatenate([[start], np.maximum(due[order], start)])
        plan_level = np.concatenate([[0.0], 100.0 * np.cumsum(scaled[order]) / total])
        plan_event = np.array(["start"] + ["task_due"] * len(tasks), dtype=object)
    else:
        progress = data.progress
        checkin_day = days(progress["date"])
        mine = (progress["task_id"].isna().to_numpy()
                & progress["percent_complete"].notna().to_numpy() & (checkin_day <= t))
        order = np.argsort(checkin_day[mine], kind="stable")
        day = np.maximum(checkin_day[mine][order], start)
        level = progress["percent_complete"].to_numpy(dtype="float64")[mine][order]
        count = np.zeros(len(day), dtype=np.int64)
        event = np.full(len(day), "checkin", dtype=object)
        plan_day = np.array([start, current])
        plan_level = np.array([0.0, 100.0])
        plan_event = np.array(["start", "target"], dtype=object)

    done_by_t = len(day)
    if goal["completed_at_T"].iloc[0]:
        before = day < completed
        done_by_completion = int(np.searchsorted(day, completed, side="right"))
        day = np.append(day[before], completed)
        level = np.append(level[before], 100.0)
        count = np.append(count[before], done_by_completion)
        event = np.append(event[before], "completed")
    last = _last_of_day(day)
    day = np.concatenate([[start], day[last], [t]])
    level = np.concatenate([[0.0], level[last], [float(goal["percent_complete"].iloc[0])]])
    count = np.concatenate([[0], count[last], [done_by_t]])
    event = np.concatenate([["start"], event[last], ["as_of"]]).astype(object)
    actual = pd.DataFrame({
        "date": as_dates(day),
        "percent_complete": level,
        "event": pd.array(event, dtype=TEXT),
        "tasks_done": pd.array(count, dtype="Int64") if has_tasks
        else pd.array([pd.NA] * len(day), dtype="Int64"),
    })
    last = _last_of_day(plan_day)
    plan = pd.DataFrame({
        "date": as_dates(plan_day[last]),
        "percent_complete": plan_level[last],
        "event": pd.array(plan_event[last], dtype=TEXT),
    })
    return ProgressCurve(actual, plan)


def _last_of_day(day: np.ndarray) -> np.ndarray:
    """Where ``day`` differs from the next entry: the last entry of each run of one day."""
    return np.append(day[1:] != day[:-1], True) if len(day) else np.empty(0, dtype=bool)
