"""Every target a goal or task had, and when it was set: ``target_history``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data import CareerData
from ..data.validation import TEXT
from .kernel import as_dates, code_point_ranks, days, resolve_as_of, started_goals

# --- target_history ---------------------------------------------------------------------

def target_history(data: CareerData, as_of=None) -> pd.DataFrame:
    """Milestone-trend data: every target a goal or task had, and when it was set.

    Parameters
    ----------
    data : CareerData
    as_of : date-like, optional
        As in :func:`goal_status`; revisions after it are left out.

    Returns
    -------
    DataFrame
        Long format with a plain RangeIndex and columns ``goal_id``, ``task_id`` (NA for
        the goal itself), ``date`` (when the target was set: the goal's start_date for the
        baseline) and ``target``. Per goal: the baseline (start_date, target_date), then each
        goal-level revision dated on or before T; per task: (goal start_date, due_date),
        then its revisions. Sorted by goal_id, task_id (the goal first), date, file order.

    Examples
    --------
    >>> import careerkit
    >>> history = careerkit.target_history(careerkit.load("sample_data"))
    >>> history.columns.tolist()
    ['goal_id', 'task_id', 'date', 'target']
    """
    stamp = resolve_as_of(data, as_of)
    t = days([stamp])[0] if stamp is not None else 0  # no stamp: there are no goals
    goal_rows, goal_place = started_goals(data, t)
    goals = data.goals.iloc[goal_rows].reset_index(drop=True)
    owner = goal_place[data.task_goal_rows()]
    task_rows = np.flatnonzero(owner >= 0)
    tasks = data.tasks.iloc[task_rows].reset_index(drop=True)
    owner = owner[task_rows]
    task_place = np.full(len(data.tasks) + 1, -1, dtype=np.int64)
    task_place[task_rows] = np.arange(len(task_rows))
    progress = data.progress
    revision_goal = goal_place[data.checkin_goal_rows()]
    revised = ((revision_goal >= 0) & progress["revised_target_date"].notna().to_numpy()
               & (days(progress["date"]) <= t))
    rows = np.flatnonzero(revised)
    revision_task = task_place[data.checkin_task_rows()[rows]]

    # One entry per history row: which goal, which task (-1: the goal itself), when, what.
    goal = np.concatenate([np.arange(len(goals)), owner, revision_goal[rows]])
    task = np.concatenate([np.full(len(goals), -1), np.arange(len(tasks)), revision_task])
    start = days(goals["start_date"])
    date = np.concatenate([start, start[owner], days(progress["date"])[rows]])
    target = np.concatenate([days(goals["target_date"]), days(tasks["due_date"]),
                             days(progress["revised_target_date"])[rows]])
    kind = np.repeat([0, 0, 1], [len(goals), len(tasks), len(rows)])
    order = np.lexsort((np.concatenate([np.arange(len(goals) + len(tasks)), rows]), kind,
                        date, code_point_ranks(tasks["task_id"], task),
                        code_point_ranks(goals["goal_id"], goal)))
    return pd.DataFrame({
        "goal_id": goals["goal_id"].array.take(goal[order]),
        "task_id": tasks["task_id"].array.take(task[order], allow_fill=True),
        "date": as_dates(date[order]),
        "target": as_dates(target[order]),
    }).astype({"goal_id": TEXT, "task_id": TEXT})
