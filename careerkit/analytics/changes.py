"""What happened between two sessions: ``changes``, the coach's pre-session brief.

Check-ins logged, targets revised (from the re-plan ledger of
:mod:`~careerkit.analytics.revisions`), tasks and goals completed, and goals whose
:func:`~careerkit.goal_status` state differs between the two days: one row per event. The
report's "since last session" section is this table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..data import CareerData
from ..data.schema import STATES
from ..data.validation import DATE, TEXT
from .kernel import (
    NAT,
    as_dates,
    days,
    resolve_as_of,
    stable_order,
    started_goals,
)
from .revisions import revision_ledger
from .status import GoalFacts

#: The kinds of event, in the order they are listed within a client, day and goal.
CHANGES = ("checkin", "target_revised", "task_completed", "goal_completed", "state_changed")

CHANGES_COLUMNS = ["client", "date", "goal_id", "task_id", "change", "percent_complete",
                   "old_target", "new_target", "old_state", "new_state"]


def changes(data: CareerData, since, until=None, *, stall_days: int = 21) -> pd.DataFrame:
    """Everything that happened after ``since`` and on or before ``until``: one row per event.

    The window is (since, until]: events on ``since`` were part of that session's picture.
    Covers the goals started by ``until``, including those that started inside the window.

    Parameters
    ----------
    data : CareerData
    since : date-like
        The day of the last session.
    until : date-like, optional
        The last day of the window (default: the latest recorded event, as ``as_of`` in
        :func:`~careerkit.goal_status`). ``since`` on or after ``until`` gives no rows.
    stall_days : int, default 21
        As in :func:`~careerkit.goal_status`, for the states at both days.

    Returns
    -------
    DataFrame
        RangeIndex; sorted by client, date, goal_id, change (in the order below), task_id
        (NA first), then file order; clients and ids in code-point order. Columns:

        - ``client``, ``date`` (the day of the event), ``goal_id``, ``task_id`` (NA unless
          the event is about a task);
        - ``change``, one of:

          - ``checkin``: each progress row dated in the window, goal- or task-level,
            same-day duplicates included; ``percent_complete`` as logged (NA when blank);
          - ``target_revised``: each revision dated in the window (goal- or task-level; a
            check-in that revises gives a checkin row too); ``old_target`` = the target
            current just before it, ``new_target`` = the revised date, as in the
            :func:`~careerkit.revisions` ledger (a chain of revisions shows each step);
          - ``task_completed``, ``goal_completed``: ``completed_date`` in the window (the
            ``date``);
          - ``state_changed``: the goal's goal_status ``state`` at ``since``
            (``old_state``; NA for a goal that started inside the window) differs from its
            state at ``until`` (``new_state``); ``date`` = until.
        - ``percent_complete`` (float, NaN except on checkin rows), ``old_target``,
          ``new_target`` (NaT except on target_revised rows), ``old_state``, ``new_state``
          (NA except on state_changed rows).

    Examples
    --------
    >>> import careerkit
    >>> brief = careerkit.changes(careerkit.load("sample_data"), since="2026-06-23",
    ...                           until="2026-06-30")
    >>> brief["change"].value_counts().to_dict()
    {'checkin': 8, 'state_changed': 2}
    >>> brief.loc[brief["change"] == "state_changed",
    ...           ["client", "goal_id", "old_state", "new_state"]]
                   client    goal_id old_state new_state
    0         Adebayo Abe  C00008-G3   at_risk   overdue
    6  Priya Venkataraman  C00006-G1  on_track   at_risk
    """
    if since is None:
        raise ValueError("since is required: the day of the last session, like '2026-06-16'")
    end = resolve_as_of(data, until)
    start = resolve_as_of(data, since)
    if end is None or start >= end:
        return empty_changes()
    s, u = days([start, end])

    goal_rows, goal_place = started_goals(data, u)

    # what goal_status needs of these goals, for their states at both days (below)
    facts = GoalFacts(data, goal_rows, goal_place, until=u)

    # check-ins: the rows dated in the window first, then their goals
    progress = data.progress
    day = facts.day
    if facts.in_day_order:  # a log in time order: the window's rows are one stretch
        logged = np.arange(*np.searchsorted(day, [s, u], side="right"))
    else:
        logged = np.flatnonzero((day > s) & (day <= u))
    code = goal_place[data.checkin_goal_rows()[logged]]
    logged, code = logged[code >= 0], code[code >= 0]

    # revisions: the ledger at until, dated in the window
    ledger = revision_ledger(data, u)
    ledger_day = ledger.date
    revised = np.flatnonzero(ledger_day > s)

    # completions
    task_done = days(data.tasks["completed_date"])
    tasks_done = np.flatnonzero((task_done > s) & (task_done <= u))
    owner = goal_place[data.task_goal_rows()[tasks_done]]
    tasks_done, owner = tasks_done[owner >= 0], owner[owner >= 0]
    goal_done = days(data.goals["completed_date"].to_numpy()[goal_rows])
    goals_done = np.flatnonzero((goal_done != NAT) & (goal_done > s) & (goal_done <= u))

    # states at both days (places in STATES), of the goals started by until
    states = pd.Series(STATES, dtype=TEXT)
    before = np.where(facts.start <= s, facts.at(s, stall_days).state, -1)  # -1: not started
    now = facts.at(u, stall_days).state  # reads only the check-ins after since
    moved = np.flatnonzero(before != now)

    sizes = [len(logged), len(revised), len(tasks_done), len(goals_done), len(moved)]
    kind = np.repeat(np.arange(len(CHANGES)), sizes)
    goal = np.concatenate([code, ledger.goal[revised], owner, goals_done, moved])
    task = np.concatenate([data.checkin_task_rows()[logged], ledger.task[revised], tasks_done,
                           np.full(len(goals_done) + len(moved), -1)])
    date = np.concatenate([day[logged], ledger_day[revised], task_done[tasks_done],
                           goal_done[goals_done], np.full(len(moved), u)])

    # clients: the text of each goal with an event once (the goals marked in a table, not
    # sorted), each distinct client ranked once in code-point order
    has_event = np.zeros(len(goal_rows), dtype=bool)
    has_event[goal] = True
    goals = np.flatnonzero(has_event)
    slot = np.zeros(len(goal_rows), dtype=np.int64)
    slot[goals] = np.arange(len(goals))
    goal_of_event = slot[goal]
    clients = pa.array(data.goals["client"].array.take(goal_rows[goals]))
    distinct = clients.dictionary_encode(null_encoding="encode")
    client_rank = pc.rank(distinct.dictionary, sort_keys="ascending",
                          tiebreaker="dense").to_numpy().astype(np.int64)[
                              distinct.indices.to_numpy()]
    order = _event_order(
        client_rank[goal_of_event] * (u - s + 1) + (date - s),  # every date is in (s, u]
        ledger.goal_rank[goal] * len(CHANGES) + kind,
        ledger.task_rank[task], sizes)

    percent = np.full(len(kind), np.nan)
    percent[:len(logged)] = progress["percent_complete"].to_numpy(dtype="float64")[logged]
    old_target = np.full(len(kind), NAT)
    new_target = np.full(len(kind), NAT)
    span = slice(len(logged), len(logged) + len(revised))
    old_target[span] = ledger.previous[revised]
    new_target[span] = ledger.new[revised]
    old_state = np.full(len(kind), -1)
    new_state = np.full(len(kind), -1)
    old_state[len(kind) - len(moved):] = before[moved]
    new_state[len(kind) - len(moved):] = now[moved]

    return pd.DataFrame({
        "client": pd.array(clients.take(goal_of_event[order]), dtype=TEXT),
        "date": as_dates(date[order]),
        "goal_id": data.goal_ids_at(goal_rows[goal[order]]),
        "task_id": data.task_ids_at(task[order]),
        "change": pd.array(CHANGES, dtype=TEXT).take(kind[order]),
        "percent_complete": percent[order],
        "old_target": pd.Series(as_dates(old_target[order])),
        "new_target": pd.Series(as_dates(new_target[order])),
        "old_state": states.array.take(old_state[order], allow_fill=True),
        "new_state": states.array.take(new_state[order], allow_fill=True),
    })


def _event_order(client_day: np.ndarray, goal_kind: np.ndarray, task_rank: np.ndarray,
                 sizes: list[int]) -> np.ndarray:
    """The order of the events: by client and day, goal and kind, then task_id (NA, rank
    -1, first), then file order. The events come kind by kind (``sizes``), each kind in
    file order; within one client, day, goal and kind only the check-ins (several a day)
    and the task completions (several tasks of a goal on a day) can tie, so those two kinds
    are put in task order first (a stable sort keeps file order), and one stable sort by
    (client, day, goal, kind), packed in one whole number when it fits, does the rest."""
    arranged = np.arange(len(client_day))
    ends = np.cumsum(sizes)
    for kind in (CHANGES.index("checkin"), CHANGES.index("task_completed")):
        span = arranged[ends[kind] - sizes[kind]:ends[kind]]
        span[:] = span[stable_order(task_rank[span] + 1)]
    client_day, goal_kind = client_day[arranged], goal_kind[arranged]
    width = int(goal_kind.max()) + 1 if len(goal_kind) else 1
    if (int(client_day.max()) + 1 if len(client_day) else 1) * width < 1 << 62:
        return arranged[stable_order(client_day * width + goal_kind)]
    return arranged[np.lexsort((goal_kind, client_day))]


def empty_changes() -> pd.DataFrame:
    """The frame of :func:`changes` without rows."""
    return pd.DataFrame({
        name: pd.Series(dtype=DATE if "date" in name or "target" in name else
                        "float64" if name == "percent_complete" else TEXT)
        for name in CHANGES_COLUMNS
    })
