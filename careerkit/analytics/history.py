"""Every target a goal or task had, and when it was set: ``target_history``."""

from __future__ import annotations

from functools import partial
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..data import CareerData
from ..data.validation import TEXT
from .kernel import (
    as_dates,
    days,
    in_order,
    in_parallel,
    on_or_before,
    order_ranks,
    resolve_as_of,
)

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
    # Goals in id order (a goal's place is its rank); tasks goal by goal, each goal's in id
    # order (a task's place: its place in that order).
    goal_rows, goal_place = in_order(data.goal_order(), days(data.goals["start_date"]) <= t)
    # Each id column is made in two steps (the ids in id order, then repeated per entry):
    # the goals' and then the tasks' first step on the second thread while this one works.
    tasks, goal_ids = in_parallel(partial(_TasksByGoal, data, goal_place),
                                  partial(data.goal_ids_at, goal_rows))
    task_rows, owner = tasks.rows, tasks.owner
    progress = data.progress
    revised_target = progress["revised_target_date"]
    dates = progress["date"].to_numpy()
    rows = np.flatnonzero(revised_target.notna().to_numpy() & on_or_before(dates, t))
    revision_goal = goal_place[data.checkin_goal_rows()[rows]]
    rows = rows[revision_goal >= 0]
    revision = _Revisions(revision_goal[revision_goal >= 0],
                          tasks.place[data.checkin_task_rows()[rows]],
                          days(dates[rows]), days(revised_target.to_numpy()[rows]))
    del revision_goal, dates
    start = days(data.goals["start_date"])[goal_rows]
    if len(revision.goal) and not _each_goal_first(revision, owner, start):
        return _history_sorted(data, goal_rows, tasks, revision, start)

    # the tasks' ids and due dates (read at their rows, in any order) on the second thread
    units, (task_ids, task_due) = in_parallel(
        partial(_goal_by_goal, len(goal_rows), owner, revision, start),
        partial(_ids_and_due_dates, data, task_rows))
    del owner, start, tasks, goal_place, task_rows
    (task_id, date), (goal_id, target) = in_parallel(
        partial(_task_entries, task_ids, units),
        partial(_goal_entries, data, goal_ids, goal_rows, task_due, units, revision))
    del units, task_ids, goal_ids, task_due
    return pd.DataFrame({"goal_id": goal_id, "task_id": task_id, "date": date,
                         "target": target}).astype({"goal_id": TEXT, "task_id": TEXT})


class _Units(NamedTuple):
    """The history laid out by units (a goal, then each of its tasks in id order) and their
    entries (the unit's baseline, then its revisions by date, file order)."""

    goal: np.ndarray  # each unit's goal place
    task: np.ndarray  # each unit's task place (-1: the goal itself)
    goal_unit: np.ndarray  # each goal's unit, by goal place
    task_unit: np.ndarray  # each task's unit, by task place
    size: np.ndarray  # each unit's number of entries
    which: np.ndarray  # the revisions by unit, day and file order
    at: np.ndarray  # the entry of each of them, in that order
    date: np.ndarray  # each entry's date (days)


def _goal_by_goal(n_goals: int, owner: np.ndarray, revision: _Revisions,
                  start: np.ndarray) -> _Units:
    """The units of ``n_goals`` goals (in id order) and of their tasks (``owner``: each
    task's goal place, tasks goal by goal in id order); ``start``: each goal's start day."""
    n_tasks = len(owner)
    task_unit = owner + np.arange(1, n_tasks + 1)  # their goal's place + 1 + k
    tasks_of = np.bincount(owner, minlength=n_goals)
    unit_goal = np.repeat(np.arange(n_goals, dtype=np.int32), tasks_of + 1)
    unit_task = np.full(n_goals + n_tasks, -1, dtype=np.int32)  # place among the tasks
    unit_task[task_unit] = np.arange(n_tasks)
    goal_unit = np.arange(n_goals) + np.cumsum(tasks_of) - tasks_of
    unit = np.where(revision.task >= 0, task_unit[np.maximum(revision.task, 0)],
                    goal_unit[revision.goal]) if n_tasks else goal_unit[revision.goal]
    low = int(revision.day.min()) if len(unit) else 0
    which = _sorted_by(unit, revision.day - low, int(revision.day.max()) - low + 1
                       if len(unit) else 1)  # revisions by unit, day, file order
    unit = unit[which]
    per_unit = np.bincount(unit, minlength=n_goals + n_tasks)
    size = per_unit + 1
    at = (np.cumsum(size) - size)[unit] + 1 + np.arange(len(unit)) \
        - (np.cumsum(per_unit) - per_unit)[unit]  # each revision's entry: after its baseline
    del per_unit, unit
    date = np.repeat(start[unit_goal], size)
    date[at] = revision.day[which]
    return _Units(unit_goal, unit_task, goal_unit, task_unit, size, which, at, date)


def _ids_and_due_dates(data: CareerData, task_rows: np.ndarray) -> tuple:
    """The task_id and the due date (days) of the tasks at ``task_rows``."""
    return data.task_ids_at(task_rows), days(data.tasks["due_date"].to_numpy()[task_rows])


def _task_entries(task_ids, units: _Units) -> tuple:
    """Each entry's task_id (missing for a goal's own entries) and date."""
    return task_ids.take(np.repeat(units.task, units.size), allow_fill=True), \
        as_dates(units.date)


def _goal_entries(data: CareerData, goal_ids, goal_rows: np.ndarray, task_due: np.ndarray,
                  units: _Units, revision: _Revisions) -> tuple:
    """Each entry's goal_id and target: the unit's baseline (the goal's target_date, a
    task's due_date), then its revisions'."""
    unit_target = np.empty(len(units.size), dtype=np.int64)
    unit_target[units.goal_unit] = days(data.goals["target_date"])[goal_rows]
    unit_target[units.task_unit] = task_due
    target = np.repeat(unit_target, units.size)
    del unit_target
    target[units.at] = revision.target[units.which]
    return goal_ids.take(np.repeat(units.goal, units.size)), as_dates(target)


class _TasksByGoal:
    """The tasks of the goals placed by ``goal_place`` (a goal row, or -1, to its place; -1:
    left out), goal by goal in place order, each goal's tasks in task_id order: their
    ``rows``, their goal's place (``owner``, never decreasing), each task row's ``rank`` in
    task_id order and its ``place`` among them (-1: left out; -1 at the end for row -1).
    One sort of (goal place, rank) packed in one integer, the tasks read in file order; with
    the task's row packed after them when it fits in 63 bits (no look-up of the rows of the
    ranks after the sort, which reads all over memory when ids are not in file order)."""

    def __init__(self, data: CareerData, goal_place: np.ndarray):
        owner = goal_place[data.task_goal_rows()]
        self.rank = order_ranks(data.task_order())
        bits = max(len(owner), 1).bit_length()  # (goal, rank) in < 63 bits
        mask = (1 << bits) - 1
        kept = np.flatnonzero(owner >= 0)
        key = owner[kept]
        del owner
        key <<= bits
        key |= self.rank[kept]
        if len(goal_place).bit_length() + 2 * bits <= _KEY_BITS:  # (goal, rank, row)
            key <<= bits
            key |= kept
            key.sort()
            self.rows = key & mask
            key >>= bits
        else:
            key.sort()
            self.rows = data.task_order()[key & mask]
        del kept
        self.owner = key >> bits
        del key
        self.place = np.full(len(self.rank), -1, dtype=np.int64)
        self.place[self.rows] = np.arange(len(self.rows))


#: The bits of a non-negative int64 that a packed sort key may use.
_KEY_BITS = 63


class _Revisions(NamedTuple):
    """Revised targets dated by T of started goals, in file order."""

    goal: np.ndarray  # place of the check-in's goal
    task: np.ndarray  # place of its task (-1: the goal itself)
    day: np.ndarray  # the check-in's day
    target: np.ndarray  # the revised target, in days


def _each_goal_first(revision: _Revisions, owner: np.ndarray, start: np.ndarray) -> bool:
    """Whether every revision is of a task of its own goal (or of the goal) and dated on or
    after the goal's start: as in any validated data, each baseline then comes first."""
    task = revision.task >= 0
    return bool((owner[revision.task[task]] == revision.goal[task]).all()
                and (revision.day >= start[revision.goal]).all())


def _sorted_by(key: np.ndarray, then: np.ndarray, span: int) -> np.ndarray:
    """Positions of the rows by (``key``, ``then``, position), ``then`` in [0, span): one
    sort of integers that each hold a position, as fast on rows in any order as on sorted
    ones (an argsort of rows in random order is several times slower)."""
    n = len(key)
    if not n:
        return np.zeros(0, dtype=np.int64)
    if (int(key.max()) + 1) * span * n >= 2**63:
        return np.lexsort((then, key))
    return np.sort((key * span + then) * n + np.arange(n)) % n


def _history_sorted(data, goal_rows, tasks, revision, start):
    """target_history by one sort of every entry: for data whose revisions do not all
    follow their baseline (not validated)."""
    task_rows, owner = tasks.rows, tasks.owner
    n_goals, n_tasks = len(goal_rows), len(task_rows)
    goal = np.concatenate([np.arange(n_goals), owner, revision.goal])
    task = np.concatenate([np.full(n_goals, -1), np.arange(n_tasks), revision.task])
    date = np.concatenate([start, start[owner], revision.day])
    target = np.concatenate([days(data.goals["target_date"])[goal_rows],
                             days(data.tasks["due_date"])[task_rows], revision.target])
    kind = np.repeat(np.array([0, 0, 1], dtype=np.int64),
                     [n_goals, n_tasks, len(revision.goal)])
    # a revision may name a task of another goal: within a goal, tasks go by id
    task_rank = np.append(tasks.rank[task_rows], -1)
    order = _history_order(goal, task_rank[task], date, kind, len(data.tasks))
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
