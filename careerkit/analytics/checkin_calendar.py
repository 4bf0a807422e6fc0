"""Check-ins per week and client (or goal): ``checkin_calendar`` (documented internal).

What the check-in calendar chart draws: per row (a client, or a goal) the check-ins of
each ISO week up to the week of as_of, and the days since the row's last check-in, the
longest first.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from ..data import CareerData
from ..data.validation import DATE, TEXT
from .kernel import NAT, as_dates, days, resolve_as_of


class CheckinCalendar(NamedTuple):
    """The two tables of :func:`checkin_calendar`, in the same row order."""

    #: One row per client (or goal): ``client``, ``title`` (goals only), ``last_checkin``,
    #: ``days_since_checkin``.
    rows: pd.DataFrame
    #: Check-ins per row (same index) and week (one column per week, its Monday).
    counts: pd.DataFrame


def calendar_weeks(by: str, weeks) -> int:
    """``weeks`` as an int, once ``by`` and ``weeks`` are checked as :func:`checkin_calendar`
    takes them (documented internal: the check-in chart checks them the same way before it
    draws).

    Raises
    ------
    ValueError
        For a ``by`` other than "client" or "goal", or ``weeks`` not a whole number of at
        least 1.

    Examples
    --------
    >>> from careerkit.analytics.checkin_calendar import calendar_weeks
    >>> calendar_weeks("goal", 4)
    4
    """
    if by not in ("client", "goal"):
        raise ValueError(f"by must be 'client' or 'goal', not {by!r}")
    if isinstance(weeks, bool) or not isinstance(weeks, int | np.integer) or weeks < 1:
        raise ValueError(f"weeks must be a whole number of at least 1, not {weeks!r}")
    return int(weeks)


def checkin_calendar(data: CareerData, as_of=None, *, by: str = "client",
                     weeks: int = 26) -> CheckinCalendar:
    """Check-ins per ISO week of each client (or goal), the longest since a check-in first.

    A check-in is a progress row (goal- or task-level) dated on or before as_of (T).

    Parameters
    ----------
    data : CareerData
    as_of : date-like, optional
        The day to look from (T), as in :func:`~careerkit.goal_status`.
    by : {"client", "goal"}, default "client"
        Rows are the clients with a goal started by T, counting the check-ins of all their
        goals; or the goals started by T, dropped ones only when checked in during the
        weeks shown.
    weeks : int, default 26
        The weeks counted: ISO weeks (Monday to Sunday), the last one holding T.

    Returns
    -------
    CheckinCalendar
        ``rows``, indexed by ``client`` (or ``goal_id``), with ``client`` and ``title``
        (goals only), ``last_checkin`` (the latest check-in, NaT without one) and
        ``days_since_checkin`` (T minus it, NA without one). Sorted with the longest
        since the last check-in first (never checked in first of all), ties by client
        (by goal: by the text "client · title").

        ``counts``: the check-ins of each row (same index and order) in each week, one
        column per week named by its Monday, oldest first.

    Examples
    --------
    >>> import careerkit
    >>> from careerkit.analytics.checkin_calendar import checkin_calendar
    >>> calendar = checkin_calendar(careerkit.load("sample_data"), weeks=4)
    >>> calendar.counts.shape[1]
    4
    >>> bool(calendar.rows["days_since_checkin"].is_monotonic_decreasing)
    True
    """
    weeks = calendar_weeks(by, weeks)
    stamp = resolve_as_of(data, as_of)
    t = int(days([stamp])[0]) if stamp is not None else 0  # no stamp: there are no goals
    monday = t - (t + 3) % 7  # 1970-01-01 was a Thursday
    first = monday - 7 * (weeks - 1)

    goals = data.goals
    started = days(goals["start_date"]) <= t
    progress = data.progress
    owner = data.checkin_goal_rows()
    day = days(progress["date"])
    valid = (owner >= 0) & (day <= t)
    window = valid & (day >= first)

    if by == "client":
        row_of_goal, names = pd.factorize(goals["client"], sort=True)
        present = np.zeros(len(names), dtype=bool)
        present[row_of_goal[started]] = True
    else:
        seen = np.zeros(len(goals), dtype=bool)
        seen[owner[window]] = True
        present = started & ((goals["status"] != "dropped").to_numpy(dtype=bool) | seen)
        row_of_goal = np.arange(len(goals))
    rows = np.flatnonzero(present)
    # Row number of every goal (-1: not a row) and of every check-in.
    slot = np.full(len(present), -1, dtype=np.int64)
    slot[rows] = np.arange(len(rows))
    c_row = np.full(len(progress), -1, dtype=np.int64)
    c_row[valid] = slot[row_of_goal][owner[valid]]
    counted = valid & (c_row >= 0)

    last = np.full(len(rows), NAT, dtype=np.int64)
    np.maximum.at(last, c_row[counted], day[counted])
    if by == "client":
        table = pd.DataFrame(index=pd.Index(np.asarray(names, dtype=object)[rows], dtype=TEXT,
                                            name="client"))
        table["client"] = pd.array(table.index.to_numpy(dtype=object), dtype=TEXT)
        label = table["client"]
    else:
        chosen = goals.iloc[rows]
        table = pd.DataFrame({"client": chosen["client"].to_numpy(),
                              "title": chosen["title"].to_numpy()},
                             index=pd.Index(chosen["goal_id"].to_numpy(), dtype=TEXT,
                                            name="goal_id")).astype(TEXT)
        label = chosen["client"].astype(object) + " · " + chosen["title"].fillna("").astype(object)
    gap = np.where(last == NAT, np.iinfo(np.int64).max, t - last)
    order = pd.DataFrame({"gap": -gap, "label": np.asarray(label, dtype=object)}).sort_values(
        ["gap", "label"], kind="stable").index.to_numpy()
    rank = np.empty(len(rows), dtype=np.int64)
    rank[order] = np.arange(len(rows))

    table["last_checkin"] = pd.Series(as_dates(last), index=table.index).astype(DATE)
    table["days_since_checkin"] = pd.arrays.IntegerArray(np.where(last == NAT, 0, t - last),
                                                         last == NAT)
    in_cell = window & (c_row >= 0)
    week = (day[in_cell] - first) // 7
    cells = np.bincount(rank[c_row[in_cell]] * weeks + week, minlength=len(rows) * weeks)
    mondays = pd.DatetimeIndex(as_dates(first + 7 * np.arange(weeks)), name="week")
    table = table.iloc[order]
    counts = pd.DataFrame(cells.reshape(len(rows), weeks), index=table.index, columns=mondays)
    return CheckinCalendar(table, counts)
