"""The re-plan ledger: every course correction of a goal or task, ``revisions``.

One row per revised target (a check-in with a ``revised_target_date``), with the target it
replaced, how far it moved it and whether it was a last-moment easing; and a per-goal
summary. :func:`revision_ledger` is the one implementation of "the target current just
before a revision": the ledger, :func:`~careerkit.analytics.changes.changes` and the
report's "targets revised" table all read it.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from ..data import CareerData
from ..data.validation import TEXT
from .kernel import (
    NAT,
    as_dates,
    day_counts,
    days,
    order_ranks,
    resolve_as_of,
    started_goals,
)

#: A target pushed out this many days or fewer before the then-current target (or after
#: it) is a late easing.
EASED_LATE_DAYS = 7

LEDGER_COLUMNS = ["goal_id", "task_id", "date", "previous_target", "new_target", "shift_days",
                  "reason", "revision", "eased_late"]
BY_GOAL_COLUMNS = ["original_target", "current_target", "revisions", "total_shift_days",
                   "late_easings", "task_revisions", "task_late_easings"]


class Revisions(NamedTuple):
    """The result of :func:`revisions`: the ``ledger`` and its summary ``by_goal``."""

    ledger: pd.DataFrame
    by_goal: pd.DataFrame


class Ledger(NamedTuple):
    """The ledger of :func:`revisions` as numbers, with where each row comes from
    (documented internal; :func:`ledger_frame` gives its columns).

    ``goal_rows`` are the rows of ``data.goals`` started by T (file order), ``goal_rank``
    their goal_ids' code-point ranks (distinct, not necessarily 0..n-1), ``goal`` the place
    of each ledger row's goal among them, ``task`` its row of ``data.tasks`` (-1: the goal's
    own target) and ``checkin`` its row of ``data.progress``. ``date``, ``previous`` and
    ``new`` are days (``kernel.days``), ``shift`` their difference in days, ``revision`` the
    number of each row per target and ``eased_late`` the late easings. ``task_rank`` is
    each row of ``data.tasks``' task_id code-point rank (-1 at the end, for row -1).
    """

    goal_rows: np.ndarray
    goal_rank: np.ndarray
    task_rank: np.ndarray
    goal: np.ndarray
    task: np.ndarray
    checkin: np.ndarray
    date: np.ndarray
    previous: np.ndarray
    new: np.ndarray
    shift: np.ndarray
    revision: np.ndarray
    eased_late: np.ndarray


def revision_ledger(data: CareerData, t: int) -> Ledger:
    """Every revision dated on or before day ``t`` of a goal started by then, in ledger
    order, with the target current just before it (documented internal; see
    :func:`revisions` for the columns)."""
    goal_rows, goal_place = started_goals(data, t)
    goal_rank = order_ranks(data.goal_order())[goal_rows]
    progress = data.progress
    # the few check-ins with a revised date first, then only their days and goals
    rows = np.flatnonzero(np.asarray(progress["revised_target_date"], dtype="datetime64[us]")
                          .view(np.int64) != NAT)
    day = days(progress["date"].to_numpy()[rows])
    goal = goal_place[data.checkin_goal_rows()[rows]]
    keep = (goal >= 0) & (day <= t)
    rows, day, goal = rows[keep], day[keep], goal[keep]
    task = data.checkin_task_rows()[rows]

    # goal_id, task_id (the goal's own first; task ids are distinct), date, then file order:
    # rows are in file order and the sorts are stable
    task_rank = order_ranks(data.task_order())
    which = goal_rank[goal] * (len(data.tasks) + 1) + task_rank[task] + 1
    order = np.lexsort((day, which))
    rows, goal, task, date = rows[order], goal[order], task[order], day[order]
    new = days(progress["revised_target_date"].to_numpy()[rows])

    n = len(rows)
    first = np.ones(n, dtype=bool)
    first[1:] = (goal[1:] != goal[:-1]) | (task[1:] != task[:-1])
    due = days(data.tasks["due_date"].to_numpy()[np.maximum(task, 0)]) if len(
        data.tasks) else np.full(n, NAT)
    target = days(data.goals["target_date"].to_numpy()[goal_rows[goal]])
    baseline = np.where(task >= 0, due, target)
    previous = np.where(first, baseline, np.roll(new, 1))
    starts = np.maximum.accumulate(np.where(first, np.arange(n), 0)) if n else first
    shift = new - previous
    eased = (shift > 0) & (previous - date <= EASED_LATE_DAYS)

    return Ledger(goal_rows, goal_rank, task_rank, goal, task, rows, date, previous, new, shift,
                  np.arange(n, dtype=np.int64) - starts + 1, eased)


def ledger_frame(data: CareerData, ledger: Ledger) -> pd.DataFrame:
    """The ledger's columns (documented internal; :func:`revisions` describes them)."""
    progress = data.progress
    n = len(ledger.checkin)
    if "reason" in progress.columns:
        reason = progress["reason"].iloc[ledger.checkin].astype(TEXT).str.strip().array
        reason = reason.take(np.arange(n), allow_fill=False)  # a fresh array, own index
        reason[reason == ""] = pd.NA
    else:
        reason = pd.array([pd.NA] * n, dtype=TEXT)
    return pd.DataFrame({
        "goal_id": pd.Series(data.goal_ids_at(ledger.goal_rows[ledger.goal]), dtype=TEXT),
        "task_id": pd.Series(data.task_ids_at(ledger.task), dtype=TEXT),
        "date": as_dates(ledger.date),
        "previous_target": as_dates(ledger.previous),
        "new_target": as_dates(ledger.new),
        "shift_days": day_counts(ledger.shift),
        "reason": reason,
        "revision": ledger.revision,
        "eased_late": ledger.eased_late,
    })


def revisions(data: CareerData, as_of=None) -> Revisions:
    """The re-plan ledger: every course correction, and a summary per goal.

    A revision is a check-in (goal- or task-level) with a ``revised_target_date``, dated on
    or before T, of a goal started by T. A revision to the date already current counts
    (``shift_days`` 0). The original target (``target_date``, ``due_date``) is never lost: it
    is the first revision's ``previous_target``.

    Parameters
    ----------
    data : CareerData
    as_of : date-like, optional
        The day to look from (T), as in :func:`~careerkit.goal_status`; revisions dated
        after it are left out.

    Returns
    -------
    Revisions
        A NamedTuple ``(ledger, by_goal)``.

        ``ledger``: one row per revision, RangeIndex, sorted by goal_id, task_id (the goal's
        own revisions first), date, then file order (the order of
        :func:`~careerkit.target_history`). Columns:

        - ``goal_id``; ``task_id`` (NA for the goal's own target);
        - ``date``: the day of the check-in;
        - ``previous_target``: the target current just before it: the previous revision's
          ``new_target`` of the same target (the goal's, or that task's), or the baseline
          (``target_date``, ``due_date``) for the first; a back-filled check-in takes its
          place by date;
        - ``new_target``: the revised date;
        - ``shift_days``: new_target - previous_target (Int64; negative: pulled in);
        - ``reason``: the check-in's ``reason``, trimmed, as written (NA when blank or when
          progress.csv has no such column);
        - ``revision``: 1, 2, ... per target (the goal's own revisions, and each task's);
        - ``eased_late``: the target was pushed out (shift_days > 0) on a day 7 days or
          fewer before the then-current target, on it, or after it.

        ``by_goal``: one row per goal started by T, indexed by ``goal_id`` (code-point
        order). Columns:

        - ``original_target``: target_date;
        - ``current_target``: as in goal_status (the goal's latest revision);
        - ``revisions``, ``late_easings``: counts of the goal's own revisions and of those
          eased late;
        - ``total_shift_days``: the sum of their shift_days, = current_target -
          original_target = goal_status' ``revision_drift_days`` (Int64);
        - ``task_revisions``, ``task_late_easings``: the same counts over its tasks'
          revisions.

    Examples
    --------
    >>> import careerkit
    >>> ledger, by_goal = careerkit.revisions(careerkit.load("sample_data"))
    >>> own = ledger.loc[(ledger["goal_id"] == "C00002-G1") & ledger["task_id"].isna()]
    >>> own[["date", "previous_target", "new_target", "shift_days", "reason"]]
             date previous_target new_target  shift_days      reason
    11 2025-09-11      2025-11-27 2025-12-25          28  dependency
    12 2025-10-28      2025-12-25 2026-01-21          27  dependency
    13 2025-12-16      2026-01-21 2026-02-17          27       scope
    >>> by_goal.loc["C00002-G1", ["revisions", "total_shift_days", "task_revisions"]].tolist()
    [3, 82, 4]
    """
    stamp = resolve_as_of(data, as_of)
    t = days([stamp])[0] if stamp is not None else 0  # no stamp: there are no goals
    ledger = revision_ledger(data, t)
    # the started goals' places in goal_id order (the remembered order, filtered: no sort)
    n = len(ledger.goal_rows)
    place = np.full(len(data.goals), -1, dtype=np.int64)
    place[ledger.goal_rows] = np.arange(n)
    order = place[data.goal_order()]
    order = order[order >= 0]
    rows = ledger.goal_rows[order]
    own = ledger.task < 0
    eased = ledger.eased_late

    original = days(data.goals["target_date"].to_numpy()[ledger.goal_rows])
    current = original.copy()
    last_own = own.copy()  # a goal's own rows come before its tasks': the last one ends them
    last_own[:-1] &= (ledger.goal[1:] != ledger.goal[:-1]) | ~own[1:]
    current[ledger.goal[last_own]] = ledger.new[last_own]

    def count(mask):
        return np.bincount(ledger.goal[mask], minlength=n)[order]

    by_goal = pd.DataFrame({
        "original_target": as_dates(original[order]),
        "current_target": as_dates(current[order]),
        "revisions": count(own),
        "total_shift_days": day_counts((current - original)[order]),
        "late_easings": count(own & eased),
        "task_revisions": count(~own),
        "task_late_easings": count(~own & eased),
    }, index=pd.Index(data.goal_ids_at(rows), dtype=TEXT, name="goal_id"))
    counts = {name: np.int64 for name in BY_GOAL_COLUMNS
              if name.endswith(("revisions", "easings"))}
    return Revisions(ledger_frame(data, ledger), by_goal.astype(counts))
