"""What is due soon: ``upcoming_tasks``, the open tasks due in the next days and the overdue.

A session brief's "next up" list: each open task whose current due date (its latest revised
date, as :func:`~careerkit.task_status` gives it) falls in the window, or has passed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data import CareerData
from ..data.validation import DATE, TEXT
from . import kernel
from .status import goal_status, task_status

#: The default window of :func:`upcoming_tasks`, in days after as_of.
UPCOMING_DAYS = 14

UPCOMING_COLUMNS = ["goal_id", "client", "title", "goal_title", "due_date", "current_due",
                    "days_until_due", "overdue"]

#: Goals in these goal_status states have no open tasks: their tasks are left out.
CLOSED_STATES = ("completed", "dropped")


def upcoming_tasks(data: CareerData, as_of=None, days: int = UPCOMING_DAYS) -> pd.DataFrame:
    """The open tasks due within ``days`` days from ``as_of``, and the overdue ones.

    A task is open on T when it is not done by T (:func:`~careerkit.task_status`' ``done``)
    and its goal is neither completed by T nor dropped (goal_status' ``state`` is not
    ``completed`` or ``dropped``; goals on hold keep their tasks). Its due date is its
    ``current_due`` (the latest revised date among its own check-ins dated on or before T,
    else ``due_date``). Listed: every open task with ``current_due <= T + days``, that is
    overdue ones (``current_due < T``) and those due from T (inclusive) to T + ``days``
    (inclusive: "within 14 days").

    Parameters
    ----------
    data : CareerData
    as_of : date-like, optional
        The day to look from (T), as in :func:`~careerkit.goal_status`.
    days : int, default 14
        The length of the window after T, in days (0: due on T only, besides the overdue).

    Returns
    -------
    DataFrame
        Indexed by ``task_id``; sorted by ``current_due`` (the longest overdue first), then
        task_id in code-point order. Columns:

        - ``goal_id``, ``client``, ``title`` (the task's), ``goal_title``;
        - ``due_date`` (as planned), ``current_due``;
        - ``days_until_due``: current_due - T in days (Int64; negative when overdue, 0 when
          due on T);
        - ``overdue``: current_due is before T.

    Raises
    ------
    ValueError
        When ``days`` is negative.

    Examples
    --------
    >>> import careerkit
    >>> from careerkit.analytics.upcoming import upcoming_tasks
    >>> soon = upcoming_tasks(careerkit.load("sample_data"), as_of="2026-06-30")
    >>> soon.loc["C00009-G1-T5", ["client", "title", "current_due"]].tolist()
    ['Ngozi Pereira', 'Have the conversation', Timestamp('2026-07-04 00:00:00')]
    >>> int(soon["overdue"].sum())  # the others are overdue
    16
    >>> bool((soon["days_until_due"] <= 14).all())
    True
    """
    days = int(days)
    if days < 0:
        raise ValueError(f"days must be 0 or more, not {days}")
    stamp = kernel.resolve_as_of(data, as_of)
    if stamp is None:
        return empty_upcoming()
    t = kernel.days([stamp])[0]
    tasks = task_status(data, stamp)
    goals = goal_status(data, stamp)
    owner = goals.index.get_indexer(tasks["goal_id"])  # every task's goal is started
    state = goals["state"].to_numpy(dtype=object)[owner]
    left = kernel.days(tasks["current_due"]) - t
    keep = ~tasks["done"].to_numpy() & ~np.isin(state, CLOSED_STATES) & (left <= days)
    rows = np.flatnonzero(keep)
    rows = rows[np.argsort(left[rows], kind="stable")]  # ties keep task_id order
    chosen = tasks.iloc[rows]
    return pd.DataFrame({
        "goal_id": chosen["goal_id"].array,
        "client": goals["client"].array.take(owner[rows]),
        "title": chosen["title"].array,
        "goal_title": goals["title"].array.take(owner[rows]),
        "due_date": chosen["due_date"].array,
        "current_due": chosen["current_due"].array,
        "days_until_due": kernel.day_counts(left[rows]),
        "overdue": left[rows] < 0,
    }, index=chosen.index)


def empty_upcoming() -> pd.DataFrame:
    """The frame of :func:`upcoming_tasks` without rows."""
    return pd.DataFrame({
        name: pd.Series(dtype=dtype) for name, dtype in zip(UPCOMING_COLUMNS, (
            TEXT, TEXT, TEXT, TEXT, DATE, DATE, "Int64", "bool"), strict=True)
    }, index=pd.Index([], dtype=TEXT, name="task_id"))
