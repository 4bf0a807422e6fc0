"""Every target a goal or task had, and when it was set: ``target_history``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data import CareerData
from ..data.validation import TEXT
from .kernel import as_dates, days, in_order, resolve_as_of

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
    # Goals and tasks in id order: a goal's or task's place is its rank.
    goal_rows, goal_place = in_order(data.goal_order(), days(data.goals["start_date"]) <= t)
    task_rows, task_place = in_order(data.task_order(),
                                     goal_place[data.task_goal_rows()] >= 0)
    owner = goal_place[data.task_goal_rows()[task_rows]]
    progress = data.progress
    revision_goal = goal_place[data.checkin_goal_rows()]
    revised_target = progress["revised_target_date"]
    checkin_day = days(progress["date"])
    revised = (revision_goal >= 0) & revised_target.notna().to_numpy() & (checkin_day <= t)
    rows = np.flatnonzero(revised)
    revision_task = task_place[data.checkin_task_rows()[rows]]

    # One entry per history row: which goal, which task (-1: the goal itself), when, what.
    n_goals, n_tasks = len(goal_rows), len(task_rows)
    goal = np.concatenate([np.arange(n_goals), owner, revision_goal[rows]])
    task = np.concatenate([np.full(n_goals, -1), np.arange(n_tasks), revision_task])
    start = days(data.goals["start_date"])[goal_rows]
    date = np.concatenate([start, start[owner], checkin_day[rows]])
    target = np.concatenate([days(data.goals["target_date"])[goal_rows],
                             days(data.tasks["due_date"])[task_rows],
                             days(revised_target.to_numpy()[rows])])
    kind = np.repeat(np.array([0, 0, 1], dtype=np.int64), [n_goals, n_tasks, len(rows)])
    order = _history_order(goal, task, date, kind, n_tasks)
    return pd.DataFrame({
        "goal_id": data.goal_ids_at(goal_rows[goal[order]]),
        "task_id": data.task_ids_at(np.append(task_rows, -1)[task[order]]),
        "date": as_dates(date[order]),
        "target": as_dates(target[order]),
    }).astype({"goal_id": TEXT, "task_id": TEXT})


def _history_order(goal: np.ndarray, task: np.ndarray, date: np.ndarray, kind: np.ndarray,
                   n_tasks: int) -> np.ndarray:
    """Entries sorted by goal, task (the goal first), date, baseline before revisions, then
    as given: one stable sort of one integer key when it fits in 63 bits."""
    if not len(goal):
        return np.zeros(0, dtype=np.int64)
    low, high = int(date.min()), int(date.max())
    span = high - low + 1
    if (int(goal.max()) + 1) * (n_tasks + 1) * span * 2 >= 2**63:
        return np.lexsort((np.arange(len(goal)), kind, date, task, goal))
    key = ((goal * (n_tasks + 1) + (task + 1)) * span + (date - low)) * 2 + kind
    return np.argsort(key, kind="stable")
