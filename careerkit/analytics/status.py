"""Where each goal and task stands on a day: ``goal_status`` and ``task_status``.

Each is a pure function of a :class:`CareerData` and a date ``as_of`` (T). Records dated
after T do not exist yet.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..data import CareerData
from ..data.schema import FILES, STATES
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
    in_parallel,
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

    def numbers():
        facts = GoalFacts(data, rows, place, until=t)
        return facts, facts.at(t, stall_days, pace)

    def context():  # taken meanwhile, on the other core
        return {"goal_id": data.goal_ids_at(rows)} | {
            name: rows_of(goals[name], rows, data.text_codes("goals", name)) for name in (
                "client", "title", "category", "status", "start_date", "target_date",
                "completed_date")}

    (facts, at), context = in_parallel(numbers, context)
    return context | {
        "completed_at_T": at.completed_at_t,
        "percent_complete": at.percent,
        "current_target": as_dates(at.current),
        "forecast_date": as_dates(at.forecast),
        "revision_drift_days": day_counts(at.current - facts.target),
        "forecast_drift_days": facts.forecast_drift(at),
        "overdue_days": day_counts(at.overdue),
        "last_checkin": as_dates(at.last_checkin),
        "days_since_checkin": day_counts(at.since),
        "state": texts(STATES, at.state),
        "tasks": at.tasks,
        "tasks_done": at.tasks_done,
        "task_weight": at.task_weight / facts.scale,
        "task_weight_done": at.task_weight_done / facts.scale,
    }


class GoalNumbers(NamedTuple):
    """Where each goal stands on day ``t``, in numbers: the columns of :func:`goal_table`
    without its text (days since 1970-01-01, ``NAT`` when missing; ``state`` a place in
    ``STATES``; task weights in whole units of ``GoalFacts.scale``). Documented internal."""

    completed_at_t: np.ndarray
    percent: np.ndarray
    current: np.ndarray
    forecast: np.ndarray
    overdue: np.ndarray
    last_checkin: np.ndarray
    since: np.ndarray
    state: np.ndarray
    tasks: np.ndarray
    tasks_done: np.ndarray
    task_weight: np.ndarray
    task_weight_done: np.ndarray


class GoalProgress(NamedTuple):
    """How far each goal is on day ``t``: goal_status' ``percent_complete`` and what it is
    made of (the latest goal-level percent in whole units of ``point_scale``; the tasks and
    task weight done, weights in whole units of ``GoalFacts.scale``). Documented internal."""

    completed_at_t: np.ndarray
    percent: np.ndarray
    points: np.ndarray
    point_scale: int
    tasks_done: np.ndarray
    task_weight_done: np.ndarray


class GoalFacts:
    """The goals at ``rows`` (``place``: a goal row, or -1, to its place among them) with
    what goal_status needs of their tasks and check-ins, gathered once; :meth:`at` says
    where they stand on a day. Documented internal: goal_status and goal_table ask for one
    day, :func:`~careerkit.changes` for two (the states at since and at until), and the
    leaner callers take only the numbers (no text)."""

    def __init__(self, data: CareerData, rows: np.ndarray, place: np.ndarray,
                 until: int | None = None):
        goals = data.goals
        self.n = len(rows)
        self.start = days(goals["start_date"])[rows]
        self.target = days(goals["target_date"])[rows]
        self.completed = days(goals["completed_date"])[rows]
        self.dropped = _equals(goals["status"], "dropped")[rows]
        self.on_hold = _equals(goals["status"], "on_hold")[rows]

        # A goal's tasks and check-ins are counted by the goal's row (file order), then taken
        # at ``rows`` once: a file kept in another order than ``rows`` (goals in the order
        # they were created, asked for in goal_id order) is read near where it was written,
        # not all over memory (a goal's place is looked up only for schedule_performance).
        self.rows, self.place = rows, place
        self.goal_count = len(goals)
        chosen = place >= 0  # by goal row; row -1 (no goal) is the last, never chosen
        tasks = data.tasks
        task_goal = data.task_goal_rows()
        self.task_rows = mine = np.flatnonzero(chosen[task_goal])
        self.task_goal = task_goal[mine]
        weight = tasks["weight"].fillna(1.0).to_numpy(dtype="float64")[mine]
        self.scale = decimal_scale(weight) if len(mine) else 1
        self.task_weight = np.round(weight * self.scale)
        done_day = days(tasks["completed_date"])[mine]  # never done: after every day
        self.task_done_day = np.where(done_day == NAT, np.iinfo(np.int64).max, done_day)
        self.total = np.rint(self._per_goal(self.task_goal, self.task_weight)).astype(np.int64)
        self.task_count = self._per_goal(self.task_goal)

        # the check-ins of these goals dated <= until as (goal row, day, key), the key a
        # whole number that orders them by day, then file order: a goal's latest check-in on
        # day t is its largest key among those dated <= t. Three sets: the goal-level
        # percents, the goal-level revisions (both few) and every check-in. A log kept in
        # time order (days never decrease down the file) keys each check-in by its row,
        # 32-bit when the rows fit, and its check-ins dated <= t are the first ones of each
        # set.
        progress = data.progress
        self.progress = progress
        self.day = day = days(progress["date"])
        goal = data.checkin_goal_rows()
        self.until = until = LAST_DAY if until is None else until
        valid = chosen[goal] & (day <= until)
        self.in_day_order = len(day) < 2 or bool((day[1:] >= day[:-1]).all())
        if self.in_day_order:
            self.key_type = np.int32 if len(day) <= np.iinfo(np.int32).max else np.int64
        else:
            self.key_type = np.int64
            self.rows_per_day = max(len(progress), 1)
            self.low = day[valid].min() if valid.any() else 0
        goal_level = valid & progress["task_id"].isna().to_numpy()
        self.checkins = [self._checkins(goal, day, which) for which in (
            goal_level & progress["percent_complete"].notna().to_numpy(),
            goal_level & progress["revised_target_date"].notna().to_numpy(),
            None if valid.all() else valid,
        )]
        self.seen = [None] * 3  # per set: (t, latest keys) of the last day asked about
        self.tasks_seen = None  # (t, weight done, tasks done) of the last day asked about

    def _checkins(self, goal: np.ndarray, day: np.ndarray, which: np.ndarray | None) -> tuple:
        """(goal row, day, key) of the check-ins in ``which`` (None: every one, no copy)."""
        if which is None:
            rows = np.arange(len(day), dtype=self.key_type)
        else:
            rows = np.flatnonzero(which)
            goal, day = goal[rows], day[rows]
        if self.in_day_order:
            return goal, day, rows.astype(self.key_type, copy=False)
        key = day - self.low
        key *= self.rows_per_day
        key += rows
        return goal, day, key

    def _per_goal(self, goal: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """For each goal at ``rows``: how many of the goal rows ``goal`` are its own (or the
        sum of their ``weights``, in file order)."""
        return np.bincount(goal, weights, minlength=self.goal_count)[self.rows]

    @functools.cached_property
    def task_owner(self) -> np.ndarray:
        """The place of each task's goal (the tasks at ``task_rows``)."""
        return self.place[self.task_goal].astype(np.int64, copy=False)

    def _rows(self, keys: np.ndarray) -> np.ndarray:
        """The rows of progress of check-in keys."""
        return keys if self.in_day_order else keys % self.rows_per_day

    def _days(self, keys: np.ndarray) -> np.ndarray:
        """The days of check-in keys."""
        return self.day[keys] if self.in_day_order else keys // self.rows_per_day + self.low

    def done_at(self, t: int) -> GoalProgress:
        """How far every goal is on day ``t`` (goal_status' percent_complete and what it is
        made of), without the check-in days and revisions :meth:`at` reads too."""
        n, completed = self.n, self.completed
        completed_at_t = (completed != NAT) & (completed <= t)

        done, done_count = self.tasks_done(t)

        reported = np.full(n, np.nan)
        latest_report, = self.latest(t, (0,))
        which = np.flatnonzero(latest_report >= 0)
        rows = self._rows(latest_report[which])
        reported[which] = self.progress["percent_complete"].to_numpy()[rows]
        # A check-in's percent counts to six decimal places (docs/metrics.md), in the
        # forecast and in every state decision alike: 0.0000004 % is 0 %.
        reported = np.nan_to_num(reported, nan=0.0)
        p_scale = decimal_scale(reported)
        p = np.round(reported * p_scale).astype(np.int64)
        percent = np.where(completed_at_t, 100.0,
                           np.where(self.task_count > 0, 100.0 * done / np.maximum(self.total, 1),
                                    p / p_scale))
        return GoalProgress(completed_at_t, percent, p, p_scale, done_count, done)

    def tasks_done(self, t: int) -> tuple[np.ndarray, np.ndarray]:
        """Each goal's task weight done and tasks done by day ``t``. Asked about a later day
        than the last, only the tasks done in between are added (weights are whole numbers:
        the sums are exact)."""
        seen = self.tasks_seen
        if seen is not None and seen[0] <= t:
            task_done = (self.task_done_day > seen[0]) & (self.task_done_day <= t)
        else:
            task_done = self.task_done_day <= t
        goal_done = self.task_goal[task_done]
        done = np.rint(self._per_goal(goal_done, self.task_weight[task_done])).astype(np.int64)
        done_count = self._per_goal(goal_done)
        if seen is not None and seen[0] <= t:
            done += seen[1]
            done_count += seen[2]
        self.tasks_seen = (t, done, done_count)
        return done, done_count

    def at(self, t: int, stall_days: int, pace: tuple[int, int] = (1, 1)) -> GoalNumbers:
        """The numbers of every goal on day ``t``: check-ins and completions after it do not
        exist yet. ``pace`` as in :func:`goal_table`."""
        n, start, target, completed = self.n, self.start, self.target, self.completed
        completed_at_t, percent, p, p_scale, done_count, done = self.done_at(t)
        total = self.total
        has_tasks = self.task_count > 0

        progress = self.progress
        latest_revision, latest_checkin = self.latest(t, (1, 2))
        current = target.copy()
        which = np.flatnonzero(latest_revision >= 0)
        rows = self._rows(latest_revision[which])
        current[which] = days(progress["revised_target_date"].to_numpy()[rows])
        last_checkin = np.full(n, NAT)
        which = np.flatnonzero(latest_checkin >= 0)
        last_checkin[which] = self._days(latest_checkin[which])
        full = 100 * p_scale
        elapsed = np.maximum(1, t - start)
        # Days still needed at the pace so far (times pace), in exact integer arithmetic.
        faster, slower = pace
        left = np.where(has_tasks, total - done, full - p)  # what is left, of what is done
        made = np.where(has_tasks, done, p)
        needed = ceil_div(slower * elapsed * left, faster * made)
        progressed = made > 0
        finished = left <= 0
        forecast = np.where(finished, t, t + np.minimum(np.maximum(needed, 0), LAST_DAY - t))
        forecast = np.where(completed_at_t, completed, np.where(progressed, forecast, NAT))

        overdue = np.where(~completed_at_t & (t > current), t - current, 0)
        since = np.where(last_checkin != NAT, t - last_checkin, t - start)
        state = np.select(
            [self.dropped, completed_at_t, self.on_hold, overdue > 0, since > stall_days,
             percent == 0, (forecast != NAT) & (forecast > current)],
            np.arange(len(STATES) - 1), default=len(STATES) - 1,
        )
        return GoalNumbers(completed_at_t, percent, current, forecast, overdue, last_checkin,
                           since, state, self.task_count, done_count, total, done)


    def forecast_drift(self, at: GoalNumbers) -> pd.arrays.IntegerArray:
        """goal_status' ``forecast_drift_days`` of the numbers ``at``: forecast_date -
        target_date, NA without a forecast."""
        return day_counts(at.forecast - self.target, at.forecast == NAT)

    def latest(self, t: int, numbers: tuple[int, ...] = (0, 1, 2)) -> list[np.ndarray]:
        """Each goal's largest check-in key on or before day ``t`` (-1: none): of its
        goal-level percents (0), of its goal-level revisions (1) and of all its check-ins
        (2), those asked for. Asked about a later day than the last, only the check-ins in
        between are read."""
        if t > self.until:
            raise ValueError(f"these facts hold check-ins up to day {self.until}, not {t}")
        latest = []
        for number in numbers:
            goal, day, key = self.checkins[number]
            seen = self.seen[number]
            if self.in_day_order:  # the check-ins dated <= t are the first ones
                end = len(day) if t == self.until else np.searchsorted(day, t, side="right")
                begin = 0
                if seen is not None and seen[0] <= t:
                    begin = np.searchsorted(day, seen[0], side="right")
                found = self.largest(goal[begin:end], key[begin:end])
                latest.append(found if begin == 0 else np.maximum(seen[1], found))
            elif seen is not None and seen[0] <= t:
                window = day > seen[0]
                if t < self.until:
                    window &= day <= t
                window = np.flatnonzero(window)
                latest.append(np.maximum(seen[1], self.largest(goal[window], key[window])))
            elif t < self.until:
                latest.append(self.largest(goal, np.where(day <= t, key, -1)))
            else:
                latest.append(self.largest(goal, key))
            self.seen[number] = (t, latest[-1])
        return latest

    def largest(self, goal: np.ndarray, key: np.ndarray) -> np.ndarray:
        """For each goal at ``rows``, the largest ``key`` of its goal rows ``goal`` (-1 for
        none)."""
        latest = np.full(self.goal_count, -1, dtype=key.dtype)
        np.maximum.at(latest, goal, key)
        return latest[self.rows]


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
    # the text is taken on the other core meanwhile (in scattered order when the file is
    # not kept in task_id order)
    numbers, goal_id, title, task_id = in_parallel(
        lambda: _task_numbers(data, task_rows, task_place, t),
        lambda: data.goal_ids_at(data.task_goal_rows()[task_rows]),
        lambda: rows_of(tasks["title"], task_rows, data.text_codes("tasks", "title")),
        lambda: data.task_ids_at(task_rows))
    return pd.DataFrame({"goal_id": goal_id, "title": title} | numbers,
                        index=pd.Index(task_id, name="task_id"))


def _task_numbers(data: CareerData, task_rows: np.ndarray, task_place: np.ndarray,
                  t: int) -> dict:
    """The columns of task_status after its text, for the tasks at ``task_rows``
    (``task_place``: a task's row, or -1, to its place among them)."""
    tasks = data.tasks
    due_date = tasks["due_date"].to_numpy()[task_rows]  # each date taken once, then counted
    due = days(due_date)
    completed = days(tasks["completed_date"].to_numpy()[task_rows])
    done = (completed != NAT) & (completed <= t)

    progress = data.progress
    of_task = np.flatnonzero(data.checkin_task_rows() >= 0)  # check-ins of a task (a few)
    code = task_place[data.checkin_task_rows()[of_task]]
    day = days(progress["date"].to_numpy()[of_task])
    revisions = LatestCheckins(code, day, (code >= 0) & (day <= t))
    current = due.copy()
    revised = progress["revised_target_date"].to_numpy()[of_task]
    which, latest = revisions.last(~np.isnat(revised))
    current[which] = days(revised[latest])

    drift = np.where(done, completed - due, np.maximum(t, current) - due)
    on_time = pd.arrays.BooleanArray(np.where(done, completed <= due, False),
                                     ~done & (t <= due))
    return {
        "due_date": due_date,
        "current_due": as_dates(current),
        "done": done,
        "drift_days": day_counts(drift),
        "on_time": on_time,
    }
