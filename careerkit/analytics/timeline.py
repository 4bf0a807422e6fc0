"""A client's check-ins in time: ``checkin_timeline`` (every note, newest first, with its
revision) and ``previous_session`` (the day a session brief looks back to).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data import CareerData
from ..data.validation import DATE, TEXT
from .kernel import NAT, as_dates, code_point_ranks, day_counts, days, resolve_as_of, started_goals
from .revisions import revision_ledger

TIMELINE_COLUMNS = ["client", "date", "goal_id", "task_id", "percent_complete", "note",
                    "previous_target", "new_target", "shift_days", "reason"]


def checkin_timeline(data: CareerData, as_of=None) -> pd.DataFrame:
    """Every check-in dated on or before ``as_of``, newest first, with its note and revision.

    Covers the progress rows (goal- and task-level) of the goals started by T, as
    :func:`~careerkit.checkin_cadence` counts them (a row dated before its goal's start
    included).

    Parameters
    ----------
    data : CareerData
    as_of : date-like, optional
        The day to look from (T), as in :func:`~careerkit.goal_status`.

    Returns
    -------
    DataFrame
        RangeIndex; sorted by client (code-point order), then date, the newest first, and
        within a day the row further down the file first (the last logged first). Columns:

        - ``client``, ``date``, ``goal_id``, ``task_id`` (NA for a goal-level check-in);
        - ``percent_complete``: as logged (NaN when blank);
        - ``note``: as logged (NA when blank);
        - ``previous_target``, ``new_target``, ``shift_days``: for a check-in that revises a
          target, the target current just before it, the revised date and the move in days,
          as in the :func:`~careerkit.revisions` ledger (NaT / NA otherwise);
        - ``reason``: the check-in's ``reason``, trimmed (NA when blank or when progress.csv
          has no such column).

    Examples
    --------
    >>> import careerkit
    >>> from careerkit.analytics.timeline import checkin_timeline
    >>> data = careerkit.load("sample_data").select(clients="Malik Tran")
    >>> timeline = checkin_timeline(data, as_of="2026-06-30")
    >>> bool(timeline["date"].is_monotonic_decreasing)
    True
    >>> revised = timeline.loc[timeline["shift_days"].notna()]
    >>> revised[["date", "previous_target", "new_target", "shift_days", "reason"]].head(1)
            date previous_target new_target  shift_days    reason
    8 2026-04-21      2026-05-20 2026-06-16          27  capacity
    """
    stamp = resolve_as_of(data, as_of)
    t = days([stamp])[0] if stamp is not None else 0  # no stamp: there are no goals
    goal_rows, goal_place = started_goals(data, t)
    progress = data.progress
    code = goal_place[data.checkin_goal_rows()]
    day = days(progress["date"])
    rows = np.flatnonzero((code >= 0) & (day <= t))

    ledger = revision_ledger(data, t)
    revision = np.full(len(progress), -1, dtype=np.int64)
    revision[ledger.checkin] = np.arange(len(ledger.checkin))
    revision = revision[rows]

    client = data.goals["client"].array.take(goal_rows[code[rows]])
    client_codes, clients = pd.factorize(client)
    order = np.lexsort((-rows, -day[rows],
                        code_point_ranks(pd.Series(clients, dtype=TEXT), client_codes)))
    rows, revision, client = rows[order], revision[order], client.take(order)
    found = revision >= 0

    def from_ledger(days_of_rows: np.ndarray) -> np.ndarray:
        values = np.full(len(rows), NAT)
        values[found] = days_of_rows[revision[found]]
        return values

    previous, new = from_ledger(ledger.previous), from_ledger(ledger.new)
    shift = new - previous
    if "reason" in progress.columns:
        reason = pd.Series(progress["reason"].astype(TEXT).array.take(rows)).str.strip()
        reason = reason.mask(reason == "")
    else:
        reason = pd.array([pd.NA] * len(rows), dtype=TEXT)
    note = progress["note"].astype(TEXT).array.take(rows)
    return pd.DataFrame({
        "client": pd.Series(client, dtype=TEXT),
        "date": as_dates(day[rows]),
        "goal_id": pd.Series(data.goals["goal_id"].array.take(goal_rows[code[rows]]),
                             dtype=TEXT),
        "task_id": pd.Series(data.tasks["task_id"].array.take(
            data.checkin_task_rows()[rows], allow_fill=True), dtype=TEXT),
        "percent_complete": progress["percent_complete"].to_numpy(dtype="float64")[rows],
        "note": pd.Series(note, dtype=TEXT),
        "previous_target": as_dates(previous),
        "new_target": as_dates(new),
        "shift_days": day_counts(np.where(found, shift, 0), ~found),
        "reason": pd.Series(reason, dtype=TEXT),
    })


def previous_session(data: CareerData, as_of=None) -> pd.Series:
    """The day each client's last session before ``as_of`` took place: where a session
    brief's "since the last session" starts.

    A client's previous session is their latest check-in day strictly before T (any
    progress row, goal- or task-level, of their goals started by T). A client with no
    check-in before T gets the day before their earliest start_date, so that everything
    since they started counts as new. The window of :func:`~careerkit.changes` is
    (since, T]: a check-in on T itself is part of the new session.

    Parameters
    ----------
    data : CareerData
    as_of : date-like, optional
        The day to look from (T), as in :func:`~careerkit.goal_status`.

    Returns
    -------
    Series
        The day (datetime64), indexed by ``client`` (clients with a goal started by T, in
        code-point order), named ``since``.

    Examples
    --------
    >>> import careerkit
    >>> from careerkit.analytics.timeline import previous_session
    >>> data = careerkit.load("sample_data")
    >>> previous_session(data, as_of="2026-06-30")["Malik Tran"]
    Timestamp('2026-06-12 00:00:00')
    """
    stamp = resolve_as_of(data, as_of)
    t = days([stamp])[0] if stamp is not None else 0  # no stamp: there are no goals
    goal_rows, goal_place = started_goals(data, t)
    clients = data.goals["client"].array.take(goal_rows)
    client_codes, names = pd.factorize(clients)
    n = len(names)
    first_start = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(first_start, client_codes, days(data.goals["start_date"])[goal_rows])

    code = goal_place[data.checkin_goal_rows()]
    day = days(data.progress["date"])
    before = np.flatnonzero((code >= 0) & (day < t))
    latest = np.full(n, NAT)
    np.maximum.at(latest, client_codes[code[before]], day[before])
    since = np.where(latest != NAT, latest, first_start - 1)

    order = np.argsort(code_point_ranks(pd.Series(names, dtype=TEXT), np.arange(n)))
    return pd.Series(as_dates(since[order]), name="since",
                     index=pd.Index(pd.Series(names, dtype=TEXT).array.take(order),
                                    name="client", dtype=TEXT), dtype=DATE)
