"""The four metrics: goal_status, task_status, completion_rates and target_history.

Each is a pure function of a :class:`CareerData` and a date ``as_of`` (T). Records dated
after T do not exist yet. Everything is computed on whole columns with numpy: dates become
whole days, goals and tasks become integer codes, and "the latest check-in" is the last row
of a stable sort by (goal, day), so ties on a day keep file order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ._data import CareerData
from ._schema import FILES
from ._validation import DATE, TEXT, empty_frame

NAT = np.iinfo(np.int64).min
#: Forecasts are capped at this day: further out means "not at this pace".
LAST_DAY = int(np.datetime64("9999-12-31", "D").astype(np.int64))

GOAL_STATUS_COLUMNS = [
    "client", "title", "category", "status", "start_date", "target_date", "completed_date",
    "completed_at_T", "percent_complete", "current_target", "forecast_date",
    "revision_drift_days", "forecast_drift_days", "overdue_days", "last_checkin",
    "days_since_checkin", "state",
]


# --- as_of -------------------------------------------------------------------------------

def default_as_of(data: CareerData) -> pd.Timestamp | None:
    """The latest recorded event: the last check-in or completion, whatever goal it is of.

    With no event at all, the latest goal start; with no goal, None.

    Examples
    --------
    >>> import careerkit
    >>> careerkit.default_as_of(careerkit.load("sample_data"))
    Timestamp('2026-06-30 00:00:00')
    """
    events = [data.progress["date"].max(), data.goals["completed_date"].max(),
              data.tasks["completed_date"].max()]
    events = [e for e in events if not pd.isna(e)]
    latest = max(events) if events else data.goals["start_date"].max()
    return None if pd.isna(latest) else pd.Timestamp(latest)


def resolve_as_of(data: CareerData, as_of) -> pd.Timestamp | None:
    """``as_of`` as a midnight Timestamp (time and zone dropped), or the default."""
    if as_of is None:
        return default_as_of(data)
    try:
        stamp = pd.Timestamp(as_of)
    except (TypeError, ValueError):
        stamp = pd.NaT
    if pd.isna(stamp):
        raise ValueError(f"as_of must be a date like '2025-06-30', not {as_of!r}")
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    return stamp.normalize()


_US_PER_DAY = 86_400_000_000


def _days(values) -> np.ndarray:
    """Whole days since 1970-01-01 as int64 (NaT becomes NAT)."""
    micros = np.asarray(values, dtype="datetime64[us]").view(np.int64)
    days = micros // _US_PER_DAY
    missing = micros == NAT
    if missing.any():
        days[missing] = NAT
    return days


def _started(data: CareerData, t: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows of the goals started by day ``t``, and a map from any goal row (or -1) to the
    goal's place among them (-1 when not started)."""
    rows = np.flatnonzero(_days(data.goals["start_date"]) <= t)
    place = np.full(len(data.goals) + 1, -1, dtype=np.int64)
    place[rows] = np.arange(len(rows))
    return rows, place


def _dates(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype(DATE)


def _day_counts(values: np.ndarray, missing: np.ndarray | None = None) -> pd.arrays.IntegerArray:
    mask = np.zeros(len(values), dtype=bool) if missing is None else missing
    return pd.arrays.IntegerArray(np.where(mask, 0, values).astype(np.int64), mask)


def _scale(values: np.ndarray) -> int:
    """Smallest power of ten (at most 10**6) that makes every value whole."""
    for power in range(7):
        scaled = values * 10**power
        if np.all(np.abs(scaled - np.round(scaled)) < 1e-6):
            return 10**power
    return 10**6


def _ceil_div(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    b = np.where(b > 0, b, 1)
    return (a + b - 1) // b


class _Latest:
    """Check-ins dated <= T of the given groups, sorted by (group, day) in file order."""

    def __init__(self, codes: np.ndarray, days: np.ndarray, valid: np.ndarray):
        self.codes = codes
        rows = np.flatnonzero(valid)
        if len(rows):
            low, high = days[rows].min(), days[rows].max()
            key = codes[rows].astype(np.int64) * (high - low + 1) + (days[rows] - low)
            rows = rows[np.argsort(key, kind="stable")]
        self.order = rows

    def last(self, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each group with a row in ``mask``: (group code, row of its latest such row)."""
        rows = self.order[mask[self.order]]
        codes = self.codes[rows]
        last = np.ones(len(rows), dtype=bool)
        last[:-1] = codes[1:] != codes[:-1]
        return codes[last], rows[last]


# --- goal_status ------------------------------------------------------------------------

def _goal_table(data: CareerData, t: int, stall_days: int) -> pd.DataFrame:
    """Every started goal with its status columns and task totals (unsorted, file order)."""
    rows, place = _started(data, t)
    goals = data.goals.iloc[rows].reset_index(drop=True)
    n = len(goals)
    start = _days(goals["start_date"])
    target = _days(goals["target_date"])
    completed = _days(goals["completed_date"])
    completed_at_t = (completed != NAT) & (completed <= t)

    tasks = data.tasks
    owner = place[data._positions("tasks", "goal_id", "goals", "goal_id")]
    mine = owner >= 0
    weight = tasks["weight"].fillna(1.0).to_numpy(dtype="float64")
    task_done = _days(tasks["completed_date"])
    task_done = (task_done != NAT) & (task_done <= t)
    scale = _scale(weight[mine]) if mine.any() else 1
    scaled = np.round(weight * scale)
    total = np.rint(np.bincount(owner[mine], scaled[mine], minlength=n)).astype(np.int64)
    done = np.rint(np.bincount(owner[mine & task_done], scaled[mine & task_done],
                               minlength=n)).astype(np.int64)
    task_count = np.bincount(owner[mine], minlength=n)
    done_count = np.bincount(owner[mine & task_done], minlength=n)
    has_tasks = task_count > 0

    progress = data.progress
    code = place[data._positions("progress", "goal_id", "goals", "goal_id")]
    day = _days(progress["date"])
    checkins = _Latest(code, day, (code >= 0) & (day <= t))
    goal_level = progress["task_id"].isna().to_numpy()

    reported = np.full(n, np.nan)
    which, rows = checkins.last(goal_level & progress["percent_complete"].notna().to_numpy())
    reported[which] = progress["percent_complete"].to_numpy()[rows]
    current = target.copy()
    which, rows = checkins.last(goal_level & progress["revised_target_date"].notna().to_numpy())
    current[which] = _days(progress["revised_target_date"])[rows]
    last_checkin = np.full(n, NAT)
    which, rows = checkins.last(np.ones(len(progress), dtype=bool))
    last_checkin[which] = day[rows]

    reported = np.nan_to_num(reported, nan=0.0)
    percent = np.where(completed_at_t, 100.0,
                       np.where(has_tasks, 100.0 * done / np.maximum(total, 1), reported))
    elapsed = np.maximum(1, t - start)
    p_scale = _scale(reported)
    p = np.round(reported * p_scale).astype(np.int64)
    full = 100 * p_scale
    # Days still needed at the pace so far, in exact integer arithmetic.
    needed = np.where(has_tasks, _ceil_div(elapsed * (total - done), done),
                      _ceil_div(elapsed * (full - p), p))
    progressed = np.where(has_tasks, done > 0, p > 0)
    finished = np.where(has_tasks, done >= total, p >= full)
    forecast = np.where(finished, t, t + np.minimum(np.maximum(needed, 0), LAST_DAY - t))
    forecast = np.where(completed_at_t, completed, np.where(progressed, forecast, NAT))

    overdue = np.where(~completed_at_t & (t > current), t - current, 0)
    since = np.where(last_checkin != NAT, t - last_checkin, t - start)
    has_forecast = forecast != NAT
    status = goals["status"].to_numpy(dtype=object)
    state = np.select(
        [status == "dropped", completed_at_t, status == "on_hold", overdue > 0,
         since > stall_days, percent == 0, has_forecast & (forecast > current)],
        ["dropped", "completed", "on_hold", "overdue", "stalled", "not_started", "at_risk"],
        default="on_track",
    )
    return pd.DataFrame(
        {
            "goal_id": goals["goal_id"],
            "client": goals["client"],
            "title": goals["title"],
            "category": goals["category"],
            "status": goals["status"],
            "start_date": goals["start_date"],
            "target_date": goals["target_date"],
            "completed_date": goals["completed_date"],
            "completed_at_T": completed_at_t,
            "percent_complete": percent,
            "current_target": _dates(current),
            "forecast_date": pd.Series(_dates(forecast)),
            "revision_drift_days": _day_counts(current - target),
            "forecast_drift_days": _day_counts(forecast - target, ~has_forecast),
            "overdue_days": _day_counts(overdue),
            "last_checkin": pd.Series(_dates(last_checkin)),
            "days_since_checkin": _day_counts(since),
            "state": pd.Series(state, dtype=TEXT),
            "tasks": task_count,
            "tasks_done": done_count,
            "task_weight": total / scale,
            "task_weight_done": done / scale,
        }
    )


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
        return _empty_goal_status()
    table = _goal_table(data, _days([stamp])[0], stall_days)
    return table.set_index("goal_id")[GOAL_STATUS_COLUMNS].sort_index()


def _empty_goal_status() -> pd.DataFrame:
    empty = CareerData(*(empty_frame(spec) for spec in FILES))
    return _goal_table(empty, 0, 21).set_index("goal_id")[GOAL_STATUS_COLUMNS]


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
    t = _days([stamp])[0] if stamp is not None else 0  # no stamp: there are no goals
    _, goal_place = _started(data, t)
    mine = goal_place[data._positions("tasks", "goal_id", "goals", "goal_id")] >= 0
    task_rows = np.flatnonzero(mine)
    task_place = np.full(len(data.tasks) + 1, -1, dtype=np.int64)
    task_place[task_rows] = np.arange(len(task_rows))
    tasks = data.tasks.iloc[task_rows].reset_index(drop=True)
    due = _days(tasks["due_date"])
    completed = _days(tasks["completed_date"])
    done = (completed != NAT) & (completed <= t)

    progress = data.progress
    code = task_place[data._positions("progress", "task_id", "tasks", "task_id")]
    day = _days(progress["date"])
    revisions = _Latest(code, day, (code >= 0) & (day <= t))
    current = due.copy()
    which, rows = revisions.last(progress["revised_target_date"].notna().to_numpy())
    current[which] = _days(progress["revised_target_date"])[rows]

    drift = np.where(done, completed - due, np.maximum(t, current) - due)
    on_time = pd.arrays.BooleanArray(np.where(done, completed <= due, False),
                                     ~done & (t <= due))
    result = pd.DataFrame(
        {
            "task_id": tasks["task_id"],
            "goal_id": tasks["goal_id"],
            "title": tasks["title"],
            "due_date": tasks["due_date"],
            "current_due": _dates(current),
            "done": done,
            "drift_days": _day_counts(drift),
            "on_time": on_time,
        }
    )
    return result.set_index("task_id").sort_index()


# --- completion_rates -------------------------------------------------------------------

def completion_rates(data: CareerData, by="client", as_of=None) -> pd.DataFrame:
    """Completion and on-time rates per group of goals (by client, category, ...).

    Counts goals started by T and not dropped.

    Parameters
    ----------
    data : CareerData
    by : str, list of str or None, default "client"
        Column(s) of goals.csv to group by; None gives one row for everything. A missing
        key forms its own group, sorted last.
    as_of : date-like, optional
        As in :func:`goal_status`.

    Returns
    -------
    DataFrame
        One row per group, indexed by the group keys. Columns:

        - ``goals``, ``completed``, ``completion_rate`` (= completed / goals);
        - ``due``: goals whose baseline target_date is on or before T;
        - ``on_time``: completed by T and on or before the baseline target_date;
          ``on_time_rate`` = on_time / goals that are due or completed (NaN when none);
        - ``tasks``, ``tasks_done`` (counts) and ``task_completion_rate`` (by weight, NaN
          without tasks);
        - ``mean_percent_complete`` (completed goals count as 100) and
          ``median_forecast_drift_days`` (over goals with a forecast).

    Examples
    --------
    >>> import careerkit
    >>> rates = careerkit.completion_rates(careerkit.load("sample_data"), by=None)
    >>> len(rates)
    1
    """
    keys = [] if by is None else [by] if isinstance(by, str) else list(by)
    unknown = [k for k in keys if k not in data.goals.columns]
    if unknown:
        raise ValueError(f"by={unknown[0]!r} is not a column of goals; choose from "
                         + ", ".join(map(str, data.goals.columns)))
    stamp = resolve_as_of(data, as_of)
    t = _days([stamp])[0] if stamp is not None else 0  # no stamp: there are no goals
    table = _goal_table(data, t, 21)
    extra = [k for k in keys if k not in table.columns]
    if extra:
        table = table.merge(data.goals[["goal_id", *extra]], on="goal_id", how="left")
    table = table.loc[table["status"] != "dropped"]
    target = _days(table["target_date"])
    completed = table["completed_at_T"].to_numpy()
    on_time = completed & (_days(table["completed_date"]) <= target)
    counted = pd.DataFrame(
        {
            "goals": 1,
            "completed": completed.astype(np.int64),
            "due": (target <= t).astype(np.int64),
            "on_time": on_time.astype(np.int64),
            "on_time_base": ((target <= t) | completed).astype(np.int64),
            "tasks": table["tasks"].to_numpy(),
            "tasks_done": table["tasks_done"].to_numpy(),
            "task_weight": table["task_weight"].to_numpy(),
            "task_weight_done": table["task_weight_done"].to_numpy(),
            "percent_complete": table["percent_complete"].to_numpy(),
            "forecast_drift_days": table["forecast_drift_days"].astype("float64").to_numpy(),
        },
        index=table.index,
    )
    aggregations = {name: "sum" for name in counted.columns[:-2]}
    aggregations |= {"percent_complete": "mean", "forecast_drift_days": "median"}
    if keys:
        counted[keys] = table[keys]
        sums = counted.groupby(keys, dropna=False, sort=False).agg(aggregations)
        sums = sums.sort_index(na_position="last")
    else:
        sums = counted.agg(aggregations).to_frame().T if len(counted) else None
        if sums is None:
            sums = pd.DataFrame({name: [0] for name in counted.columns})
            sums[["percent_complete", "forecast_drift_days"]] = np.nan
        sums.index = pd.RangeIndex(1)
    with np.errstate(divide="ignore", invalid="ignore"):
        result = pd.DataFrame(
            {
                "goals": sums["goals"].astype(np.int64),
                "completed": sums["completed"].astype(np.int64),
                "completion_rate": sums["completed"] / sums["goals"].where(sums["goals"] > 0),
                "due": sums["due"].astype(np.int64),
                "on_time": sums["on_time"].astype(np.int64),
                "on_time_rate": sums["on_time"] / sums["on_time_base"].where(
                    sums["on_time_base"] > 0),
                "tasks": sums["tasks"].astype(np.int64),
                "tasks_done": sums["tasks_done"].astype(np.int64),
                "task_completion_rate": sums["task_weight_done"] / sums["task_weight"].where(
                    sums["tasks"] > 0),
                "mean_percent_complete": sums["percent_complete"].astype("float64"),
                "median_forecast_drift_days": sums["forecast_drift_days"].astype("float64"),
            },
            index=sums.index,
        )
    return result


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
    t = _days([stamp])[0] if stamp is not None else 0  # no stamp: there are no goals
    goal_rows, goal_place = _started(data, t)
    goals = data.goals.iloc[goal_rows].reset_index(drop=True)
    owner = goal_place[data._positions("tasks", "goal_id", "goals", "goal_id")]
    task_rows = np.flatnonzero(owner >= 0)
    tasks = data.tasks.iloc[task_rows].reset_index(drop=True)
    owner = owner[task_rows]
    task_place = np.full(len(data.tasks) + 1, -1, dtype=np.int64)
    task_place[task_rows] = np.arange(len(task_rows))
    progress = data.progress
    revision_goal = goal_place[data._positions("progress", "goal_id", "goals", "goal_id")]
    revised = ((revision_goal >= 0) & progress["revised_target_date"].notna().to_numpy()
               & (_days(progress["date"]) <= t))
    rows = np.flatnonzero(revised)
    revision_task = task_place[data._positions("progress", "task_id", "tasks", "task_id")[rows]]

    # One entry per history row: which goal, which task (-1: the goal itself), when, what.
    goal = np.concatenate([np.arange(len(goals)), owner, revision_goal[rows]])
    task = np.concatenate([np.full(len(goals), -1), np.arange(len(tasks)), revision_task])
    start = _days(goals["start_date"])
    date = np.concatenate([start, start[owner], _days(progress["date"])[rows]])
    target = np.concatenate([_days(goals["target_date"]), _days(tasks["due_date"]),
                             _days(progress["revised_target_date"])[rows]])
    kind = np.repeat([0, 0, 1], [len(goals), len(tasks), len(rows)])
    order = np.lexsort((np.concatenate([np.arange(len(goals) + len(tasks)), rows]), kind,
                        date, _ranks(tasks["task_id"], task), _ranks(goals["goal_id"], goal)))
    return pd.DataFrame({
        "goal_id": goals["goal_id"].array.take(goal[order]),
        "task_id": tasks["task_id"].array.take(task[order], allow_fill=True),
        "date": _dates(date[order]),
        "target": _dates(target[order]),
    }).astype({"goal_id": TEXT, "task_id": TEXT})


def _ranks(keys: pd.Series, which: np.ndarray) -> np.ndarray:
    """Code-point rank of ``keys[which]`` among ``keys`` (-1 where ``which`` is -1)."""
    ranks = np.empty(len(keys) + 1, dtype=np.int64)
    order = pc.sort_indices(pa.array(keys.array)).to_numpy()  # UTF-8 bytes: code points
    ranks[order] = np.arange(len(keys))
    ranks[-1] = -1
    return ranks[which]
