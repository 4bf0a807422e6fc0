"""Edits of a :class:`CareerData`: a check-in, a goal or task completed, a goal with its
tasks put in place, a table replaced.

Each is a pure function returning a new ``CareerData`` (through :meth:`CareerData.replace`,
so the source folder and what was on disk are kept and :meth:`CareerData.save` still
refuses to overwrite files that changed meanwhile); the data given is never changed.
Cells may be text as typed in a form (``"2026-07-06"``, ``"45%"``, ``" "`` for nothing) or
values. New rows are checked by the rules of :func:`careerkit.load`: a broken rule raises
:class:`CareerDataError` (problems name the frame, ``"progress"``, and the row as a
spreadsheet shows it, line 2 for the first), odd but possible rows warn
:class:`CareerDataWarning`. Nothing is written: call ``save()``. The same edits are
methods of ``CareerData`` (``data.record_checkin(...)``); the widgets call nothing else to
change data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .career_data import CareerData
from .exceptions import CareerDataError, problems_frame
from .schema import FILES, PROGRESS, Rule
from .validation import positions

TABLES = tuple(spec.name for spec in FILES)


# --- small helpers -----------------------------------------------------------------------

def _blank(value):
    """None for missing or blank text; text trimmed; other values as they are."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    try:
        return None if pd.isna(value) else value
    except (TypeError, ValueError):  # array-likes: not a cell
        return value


def _ids(values) -> list:
    return [values] if isinstance(values, str) else list(values)


def _matches(column: pd.Series, values) -> np.ndarray:
    return column.isin(_ids(values)).fillna(False).to_numpy(dtype=bool)


def _like(new: pd.DataFrame, old: pd.DataFrame) -> pd.DataFrame:
    """``new`` with exactly the columns and dtypes of ``old``."""
    return new.reindex(columns=old.columns).astype(old.dtypes.to_dict())


def _splice(old: pd.DataFrame, key: str, drop: np.ndarray, new: pd.DataFrame) -> pd.DataFrame:
    """``old`` without the rows in ``drop``, plus ``new``: a row whose key was in ``old``
    takes that row's place, the others are appended (file order is kept)."""
    new = _like(new, old)
    where = positions(new[key], old[key])
    keys = np.concatenate([np.flatnonzero(~drop),
                           np.where(where >= 0, where, len(old) + np.arange(len(new)))])
    frame = pd.concat([old.loc[~drop], new], ignore_index=True)
    return frame.iloc[np.argsort(keys, kind="stable")].reset_index(drop=True)


def _goal_row(data: CareerData, goal_id) -> np.ndarray:
    mine = _matches(data.goals["goal_id"], [goal_id])
    if not mine.any():
        raise ValueError(f"unknown goal_id {goal_id!r}")
    return mine


def _refuse(records: list) -> None:
    if records:
        raise CareerDataError(problems_frame(records), where="the edit")


def _checked(goals, tasks=None, progress=None, *, extra: list | None = None) -> CareerData:
    """``from_frames`` of the rows, with ``extra`` problems reported together."""
    try:
        checked = CareerData.from_frames(goals, tasks, progress)
    except CareerDataError as error:
        if not extra:
            raise
        raise CareerDataError(pd.concat([error.problems, problems_frame(extra)],
                                        ignore_index=True), where=error.where) from None
    _refuse(extra or [])
    return checked


# --- check-ins and completions -----------------------------------------------------------

def record_checkin(data: CareerData, goal_id, date, *, task_id=None, percent_complete=None,
                   revised_target_date=None, note=None, reason=None) -> CareerData:
    """``data`` with one more check-in (a row of progress.csv, appended).

    Parameters
    ----------
    data : CareerData
    goal_id : str
        The goal checked in on.
    date : date-like or str
        The day of the check-in: on or after the goal's start_date.
    task_id : str, optional
        A task of the goal, for a task-level check-in; None for the goal itself.
    percent_complete : number or str, optional
        0 to 100 (``45`` or ``"45%"``).
    revised_target_date : date-like or str, optional
        A new target (for the task, in a task-level check-in).
    note, reason : str, optional
        Free text, and why the target moved (scope, capacity, dependency, priority,
        other, or your own words).

    Returns
    -------
    CareerData

    Raises
    ------
    ValueError
        For an unknown goal_id, or a task_id that is not a task of the goal.
    CareerDataError
        When a cell breaks a rule of :func:`careerkit.load` (file ``progress``, line 2),
        or the date is before the goal's start_date (rule ``before_start``).

    Warns
    -----
    CareerDataWarning
        For an odd but possible check-in (a revised target dated before it, 100 % on a
        goal not completed).

    Examples
    --------
    >>> import careerkit
    >>> data = careerkit.load("sample_data")
    >>> new = data.record_checkin("C00006-G1", "2026-07-06", percent_complete="80%",
    ...                           note="Two interviews")
    >>> last = new.progress.iloc[-1]
    >>> str(last["date"].date()), last["goal_id"], float(last["percent_complete"])
    ('2026-07-06', 'C00006-G1', 80.0)
    >>> len(new.progress) - len(data.progress)
    1
    """
    mine = _goal_row(data, goal_id)
    tasks = data.tasks.loc[_matches(data.tasks["goal_id"], [goal_id])]
    task_id = _blank(task_id)
    if task_id is not None and not _matches(tasks["task_id"], [task_id]).any():
        raise ValueError(f"task {task_id!r} is not a task of goal {goal_id!r}")
    cells = {"date": _blank(date), "goal_id": goal_id, "task_id": task_id,
             "percent_complete": _blank(percent_complete),
             "revised_target_date": _blank(revised_target_date), "note": _blank(note),
             "reason": _blank(reason)}
    row = pd.DataFrame([cells], columns=PROGRESS.names, dtype=object)
    checked = _checked(data.goals.loc[mine], tasks, row)
    day, start = checked.progress["date"].iloc[0], checked.goals["start_date"].iloc[0]
    if day < start:
        _refuse([["progress", 2, "date", cells["date"] if isinstance(cells["date"], str)
                  else f"{day:%Y-%m-%d}", f"a date on or after start_date {start:%Y-%m-%d} "
                  "(the goal starts then)", Rule.BEFORE_START]])
    progress = pd.concat([data.progress, _like(checked.progress, data.progress)],
                         ignore_index=True)
    return data.replace(progress=progress)


def complete_goal(data: CareerData, goal_id, day) -> CareerData:
    """``data`` with a goal completed on ``day`` (completed_date set, status completed).

    Raises
    ------
    ValueError
        For an unknown goal_id.
    CareerDataError
        When ``day`` is not a date or is before the goal's start_date.

    Warns
    -----
    CareerDataWarning
        When the goal still has open tasks.

    Examples
    --------
    >>> import careerkit
    >>> data = careerkit.load("sample_data")
    >>> done = data.complete_goal("C00006-G1", "2026-07-06")
    >>> done.goals.set_index("goal_id").loc["C00006-G1", ["status", "completed_date"]].tolist()
    ['completed', Timestamp('2026-07-06 00:00:00')]
    """
    mine = _goal_row(data, goal_id)
    goal = data.goals.loc[mine].astype(object)
    goal["completed_date"] = _blank(day)
    goal["status"] = "completed"
    tasks = data.tasks.loc[_matches(data.tasks["goal_id"], [goal_id])]
    checked = _checked(goal, tasks)
    return data.replace(goals=_splice(data.goals, "goal_id", mine, checked.goals))


def complete_tasks(data: CareerData, task_ids, day) -> CareerData:
    """``data`` with tasks done on ``day`` (their completed_date set).

    Parameters
    ----------
    data : CareerData
    task_ids : str or iterable of str
    day : date-like or str

    Raises
    ------
    ValueError
        For an unknown task_id.
    CareerDataError
        When ``day`` is not a date.

    Examples
    --------
    >>> import careerkit
    >>> data = careerkit.load("sample_data")
    >>> done = data.complete_tasks(["C00004-G4-T3"], "2026-07-06")
    >>> done.tasks.set_index("task_id").loc["C00004-G4-T3", "completed_date"]
    Timestamp('2026-07-06 00:00:00')
    """
    ids = _ids(task_ids)
    mine = _matches(data.tasks["task_id"], ids)
    unknown = sorted(set(map(str, ids)) - set(data.tasks.loc[mine, "task_id"]))
    if unknown:
        raise ValueError(f"unknown task_id {unknown[0]!r}")
    if not mine.any():
        return data
    tasks = data.tasks.loc[mine].astype(object)
    tasks["completed_date"] = _blank(day)
    goals = data.goals.loc[_matches(data.goals["goal_id"], tasks["goal_id"].tolist())]
    checked = _checked(goals, tasks)
    return data.replace(tasks=_splice(data.tasks, "task_id", mine, checked.tasks))


# --- goals with their tasks --------------------------------------------------------------

def checked_goal(data: CareerData, goal, tasks=None, *, replacing=None) -> CareerData:
    """One goal and its tasks as :func:`put_goal` would put them, checked; nothing else.

    A form can call this at every keystroke: it checks the goal and its tasks (and the
    check-ins of the goal it replaces) by the rules of :func:`careerkit.load`, and that no
    other goal has its goal_id and no other goal's task has one of its task_ids.

    Parameters
    ----------
    data : CareerData
    goal : dict or one-row DataFrame
        goals.csv cells; columns not given are empty (a new goal) or kept (the goal it
        replaces).
    tasks : DataFrame or list of dict, optional
        tasks.csv cells of every task of the goal. Their goal_id is the goal's; a task
        without task_id gets ``<goal_id>-T<n>``, the first n not taken.
    replacing : str, optional
        The goal_id of the goal these rows replace (with all its tasks); None for a new
        goal.

    Returns
    -------
    CareerData
        The goal, its tasks and the check-ins of the goal it replaces, typed.

    Raises
    ------
    ValueError
        When ``replacing`` is not a goal of the data.
    CareerDataError
        Every problem at once: frame ``goals`` line 2, ``tasks`` lines 2 and on (in the
        order given), ``progress`` for a check-in about a task no longer listed; rule
        ``duplicate_id`` for an id another goal or task has.

    Examples
    --------
    >>> import careerkit
    >>> data = careerkit.load("sample_data")
    >>> goal = {"goal_id": "N1", "client": "Ada", "title": "Learn the piano",
    ...         "start_date": "2026-07-01", "target_date": "2026-04-01"}
    >>> try:
    ...     careerkit.data.edits.checked_goal(data, goal)
    ... except careerkit.CareerDataError as error:
    ...     print(error.problems[["column", "rule"]].to_string(index=False))
         column         rule
    target_date before_start
    """
    goals, all_tasks = data.goals, data.tasks
    own = np.zeros(len(goals), dtype=bool) if replacing is None else _goal_row(data, replacing)
    cells = goal.iloc[0].to_dict() if isinstance(goal, pd.DataFrame) else dict(goal)
    base = goals.loc[own].iloc[0].to_dict() if own.any() else dict.fromkeys(goals.columns)
    base.update(cells)
    goal_id = _blank(base.get("goal_id"))
    base["goal_id"] = goal_id
    goal_frame = pd.DataFrame([base], columns=list(dict.fromkeys([*goals.columns, *base])),
                              dtype=object)

    rows = tasks.to_dict("records") if isinstance(tasks, pd.DataFrame) else list(tasks or [])
    own_tasks = _matches(all_tasks["goal_id"], [replacing]) if own.any() else \
        np.zeros(len(all_tasks), dtype=bool)
    unnamed = sum(_blank(row.get("task_id")) is None for row in rows)
    free, n = [], unnamed + int(own_tasks.sum())
    while len(free) < unnamed:  # a few candidate ids looked up at once, not every task_id
        candidates = [f"{goal_id}-T{k}" for k in range(1, n + 1)]
        taken = set(all_tasks.loc[_matches(all_tasks["task_id"], candidates), "task_id"])
        free, n = [c for c in candidates if c not in taken], 2 * n
    free = iter(free)
    named = []
    for row in rows:
        row = dict(row)
        if _blank(row.get("task_id")) is None:
            row["task_id"] = next(free)
        row["goal_id"] = goal_id
        named.append(row)
    columns = list(dict.fromkeys([*all_tasks.columns, *(k for r in named for k in r)]))
    task_frame = pd.DataFrame(named, columns=columns, dtype=object)
    progress = data.progress.loc[_matches(data.progress["goal_id"], [replacing])] \
        if own.any() else data.progress.iloc[:0]

    extra = []
    if goal_id is not None and (_matches(goals["goal_id"], [goal_id]) & ~own).any():
        extra.append(["goals", 2, "goal_id", goal_id,
                      "a goal_id that no other goal has", Rule.DUPLICATE_ID])
    given = task_frame["task_id"].map(_blank)
    other_ids = set(all_tasks.loc[_matches(all_tasks["task_id"], given.dropna().tolist())
                                  & ~own_tasks, "task_id"])
    for line, task_id in enumerate(given, start=2):
        if task_id in other_ids:
            extra.append(["tasks", line, "task_id", task_id,
                          "a task_id that no other goal's task has", Rule.DUPLICATE_ID])
    return _checked(goal_frame, task_frame, progress, extra=extra)


def put_goal(data: CareerData, goal, tasks=None, *, replacing=None) -> CareerData:
    """``data`` with a goal and its tasks added, or put in place of goal ``replacing``.

    A new goal and its tasks are appended; a replaced goal keeps its place in the file,
    its tasks too (tasks no longer listed are removed, new ones appended). The goal's
    check-ins are kept. Arguments, checks and errors as in :func:`checked_goal`.

    Examples
    --------
    >>> import careerkit
    >>> data = careerkit.load("sample_data")
    >>> goal = {"goal_id": "N1", "client": "Ada", "title": "Learn the piano",
    ...         "start_date": "2026-07-01", "target_date": "31/12/2026"}
    >>> new = data.put_goal(goal, [{"title": "Find a teacher", "due_date": "2026-08-01"}])
    >>> new.goals.iloc[-1][["goal_id", "target_date", "status"]].tolist()
    ['N1', Timestamp('2026-12-31 00:00:00'), 'active']
    >>> new.tasks.iloc[-1][["task_id", "goal_id"]].tolist()
    ['N1-T1', 'N1']
    """
    checked = checked_goal(data, goal, tasks, replacing=replacing)
    if replacing is None:
        own = np.zeros(len(data.goals), dtype=bool)
        own_tasks = np.zeros(len(data.tasks), dtype=bool)
    else:
        own = _goal_row(data, replacing)
        own_tasks = _matches(data.tasks["goal_id"], [replacing])
    return data.replace(goals=_splice(data.goals, "goal_id", own, checked.goals),
                        tasks=_splice(data.tasks, "task_id", own_tasks, checked.tasks))


def replace_table(data: CareerData, name: str, frame: pd.DataFrame) -> CareerData:
    """``data`` with one table replaced by ``frame``, checked with the other two.

    Parameters
    ----------
    data : CareerData
    name : {"goals", "tasks", "progress"}
    frame : DataFrame
        The new table (cells as text or values; extra columns kept).

    Raises
    ------
    CareerDataError
        When the three tables together break a rule of :func:`careerkit.load`.

    Examples
    --------
    >>> import careerkit
    >>> data = careerkit.load("sample_data")
    >>> fewer = data.replace_table("progress", data.progress.iloc[:10])
    >>> len(fewer.progress), fewer.folder == data.folder
    (10, True)
    """
    if name not in TABLES:
        raise ValueError(f"name must be one of {', '.join(TABLES)}, not {name!r}")
    given = dict(zip(TABLES, data.frames(), strict=True))
    given[name] = frame
    checked = CareerData.from_frames(given["goals"], given["tasks"], given["progress"])
    return data.replace(**{name: getattr(checked, name)})

