"""Edits of a :class:`CareerData`: a check-in recorded, corrected or removed, a goal or task
completed, a goal dropped, paused or resumed, a goal with its tasks put in place (or
renamed, its check-ins following), a table replaced.

Each is a pure function returning a new ``CareerData`` (through :meth:`CareerData.replace`,
so the source folder and what was on disk are kept and :meth:`CareerData.save` still
refuses to overwrite files that changed meanwhile); the data given is never changed.
Cells may be text as typed in a form (``"2026-07-06"``, ``"45%"``, ``" "`` for nothing) or
values; dates like ``"06/07/2026"`` read in the data's day/month order
(:attr:`CareerData.dayfirst`, the order of the folder's own dates). New rows are checked
by the rules of :func:`careerkit.load`: a broken rule raises
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


def _splice(old: pd.DataFrame, key: str, drop: np.ndarray, new: pd.DataFrame,
            old_keys: pd.Series | None = None) -> pd.DataFrame:
    """``old`` without the rows in ``drop``, plus ``new``: a row whose key was in ``old``
    (or in ``old_keys``, the keys ``old``'s rows go by) takes that row's place, the others
    are appended (file order is kept)."""
    new = _like(new, old)
    where = positions(new[key], old[key] if old_keys is None else old_keys)
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


def _checked(data: CareerData, goals, tasks=None, progress=None, *,
             extra: list | None = None) -> CareerData:
    """``from_frames`` of the rows, dates typed as text read in ``data``'s day/month order
    (:attr:`CareerData.dayfirst`), with ``extra`` problems reported together."""
    try:
        checked = CareerData.from_frames(goals, tasks, progress, dayfirst=data.dayfirst)
    except CareerDataError as error:
        if not extra:
            raise
        raise CareerDataError(pd.concat([error.problems, problems_frame(extra)],
                                        ignore_index=True), where=error.where) from None
    _refuse(extra or [])
    return checked


def _checked_checkin(data: CareerData, goal: pd.DataFrame, tasks: pd.DataFrame,
                     cells: dict) -> pd.DataFrame:
    """The one check-in row of ``cells`` (progress.csv's columns) checked with its goal row
    and the goal's tasks by the rules of :func:`careerkit.load`, as a progress frame;
    refused (rule ``before_start``) when dated before the goal's start_date, the value
    shown as typed."""
    row = pd.DataFrame([cells], columns=PROGRESS.names, dtype=object)
    checked = _checked(data, goal, tasks, row)
    day, start = checked.progress["date"].iloc[0], checked.goals["start_date"].iloc[0]
    if day < start:
        _refuse([["progress", 2, "date", cells["date"] if isinstance(cells["date"], str)
                  else f"{day:%Y-%m-%d}", f"a date on or after start_date {start:%Y-%m-%d} "
                  "(the goal starts then)", Rule.BEFORE_START]])
    return checked.progress


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
    checked = _checked_checkin(data, data.goals.loc[mine], tasks, cells)
    progress = pd.concat([data.progress, _like(checked, data.progress)], ignore_index=True)
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
    checked = _checked(data, goal, tasks)
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
    checked = _checked(data, goals, tasks)
    return data.replace(tasks=_splice(data.tasks, "task_id", mine, checked.tasks))


#: What the check-in note of a status change says, by the new status.
STATUS_WORDS = {"dropped": "dropped", "on_hold": "paused", "active": "resumed"}


def set_goal_status(data: CareerData, goal_id, status: str, day, *, note=None) -> CareerData:
    """``data`` with a goal dropped, paused (``on_hold``) or resumed (``active``) on ``day``.

    The goal's status changes in goals.csv and a goal-level check-in dated ``day`` keeps
    the date in its note: ``"paused 2026-03-02"`` (``"dropped ..."``, ``"resumed ..."``),
    followed by ``": "`` and ``note`` when one is given. Its percent and target stay as
    they were.

    Parameters
    ----------
    data : CareerData
    goal_id : str
    status : {"dropped", "on_hold", "active"}
    day : date-like or str
        On or after the goal's start_date.
    note : str, optional
        Why (free text).

    Raises
    ------
    ValueError
        For an unknown goal_id, another status, a completed goal, or a goal already in
        that status.
    CareerDataError
        When ``day`` is not a date or is before the goal's start_date.

    Examples
    --------
    >>> import careerkit
    >>> data = careerkit.load("sample_data")
    >>> paused = careerkit.data.edits.set_goal_status(
    ...     data, "C00006-G1", "on_hold", "2026-07-06", note="new baby")
    >>> paused.goals.set_index("goal_id").loc["C00006-G1", "status"]
    'on_hold'
    >>> paused.progress.iloc[-1]["note"]
    'paused 2026-07-06: new baby'
    """
    if status not in STATUS_WORDS:
        raise ValueError(f"status must be one of {', '.join(STATUS_WORDS)}, not {status!r}")
    mine = _goal_row(data, goal_id)
    goal = data.goals.loc[mine].astype(object)
    was = goal["status"].iloc[0]
    if was == "completed" or not pd.isna(goal["completed_date"].iloc[0]):
        raise ValueError(f"goal {goal_id!r} is completed: it cannot be {STATUS_WORDS[status]}")
    if was == status:
        raise ValueError(f"goal {goal_id!r} is already {status}")
    goal["status"] = status
    tasks = data.tasks.loc[_matches(data.tasks["goal_id"], [goal_id])]
    checked = _checked(data, goal, tasks)
    changed = data.replace(goals=_splice(data.goals, "goal_id", mine, checked.goals))
    changed = record_checkin(changed, goal_id, day, note=STATUS_WORDS[status])
    progress = changed.progress.copy()
    text = f"{STATUS_WORDS[status]} {progress['date'].iloc[-1]:%Y-%m-%d}"
    progress.loc[progress.index[-1], "note"] = text + (f": {_blank(note)}" if _blank(note)
                                                       else "")
    return changed.replace(progress=progress)


def _checkin_row(data: CareerData, row: int) -> int:
    row = int(row)
    if not 0 <= row < len(data.progress):
        raise ValueError(f"no check-in at row {row}: progress has {len(data.progress)}")
    return row


def correct_checkin(data: CareerData, row: int, **cells) -> CareerData:
    """``data`` with one check-in corrected in place (the other rows as they were).

    Parameters
    ----------
    data : CareerData
    row : int
        The check-in's position in ``data.progress`` (0 for its first row, spreadsheet
        line 2).
    **cells
        The new cells: any of ``date``, ``percent_complete``, ``revised_target_date``,
        ``reason``, ``note`` (text as typed or values; blank text empties a cell). Cells
        not given are kept.

    Raises
    ------
    ValueError
        For a row that is not there, or a cell that is not one of those above.
    CareerDataError
        When a cell breaks a rule of :func:`careerkit.load` (file ``progress``, line 2) or
        the date is before the goal's start_date.

    Examples
    --------
    >>> import careerkit
    >>> data = careerkit.load("sample_data")
    >>> fixed = careerkit.data.edits.correct_checkin(data, 0, percent_complete="15%")
    >>> float(fixed.progress["percent_complete"].iloc[0]), len(fixed.progress) == len(
    ...     data.progress)
    (15.0, True)
    """
    row = _checkin_row(data, row)
    allowed = ("date", "percent_complete", "revised_target_date", "reason", "note")
    unknown = sorted(set(cells) - set(allowed))
    if unknown:
        raise ValueError(f"cannot correct {unknown[0]!r}: only {', '.join(allowed)}")
    old = data.progress.iloc[row]
    mine = _goal_row(data, old["goal_id"])
    tasks = data.tasks.loc[_matches(data.tasks["goal_id"], [old["goal_id"]])]
    given = {c: old[c] for c in PROGRESS.names}
    given.update({c: _blank(v) for c, v in cells.items()})
    checked = _checked_checkin(data, data.goals.loc[mine], tasks, given)
    new = data.progress.iloc[[row]].copy()
    for column in PROGRESS.names:
        new[column] = checked[column].to_numpy()
    progress = pd.concat([data.progress.iloc[:row], _like(new, data.progress),
                          data.progress.iloc[row + 1:]], ignore_index=True)
    return data.replace(progress=progress)


def remove_checkin(data: CareerData, row: int) -> CareerData:
    """``data`` without one check-in (the other rows as they were, in their order).

    Parameters
    ----------
    data : CareerData
    row : int
        The check-in's position in ``data.progress``.

    Raises
    ------
    ValueError
        For a row that is not there.

    Examples
    --------
    >>> import careerkit
    >>> data = careerkit.load("sample_data")
    >>> fewer = careerkit.data.edits.remove_checkin(data, 0)
    >>> len(data.progress) - len(fewer.progress)
    1
    >>> fewer.progress.iloc[0].equals(data.progress.iloc[1])
    True
    """
    row = _checkin_row(data, row)
    keep = np.ones(len(data.progress), dtype=bool)
    keep[row] = False
    return data.replace(progress=data.progress.loc[keep].reset_index(drop=True))


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
        if own.any() and goal_id is not None else data.progress.iloc[:0]
    if len(progress):  # renamed: its check-ins follow it
        progress = progress.assign(goal_id=goal_id)

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
    return _checked(data, goal_frame, task_frame, progress, extra=extra)


def put_goal(data: CareerData, goal, tasks=None, *, replacing=None) -> CareerData:
    """``data`` with a goal and its tasks added, or put in place of goal ``replacing``.

    A new goal and its tasks are appended; a replaced goal keeps its place in the file,
    its tasks too (tasks no longer listed are removed, new ones appended). The goal's
    check-ins are kept; when the goal gets another goal_id (renamed), its check-ins and
    tasks follow it. Arguments, checks and errors as in :func:`checked_goal`.

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
        return data.replace(goals=_splice(data.goals, "goal_id", own, checked.goals),
                            tasks=_splice(data.tasks, "task_id", own_tasks, checked.tasks))
    own = _goal_row(data, replacing)
    own_tasks = _matches(data.tasks["goal_id"], [replacing])
    goal_id = checked.goals["goal_id"].iloc[0]
    keys = data.goals["goal_id"].mask(own, goal_id)  # a renamed goal keeps its place
    edits = {"goals": _splice(data.goals, "goal_id", own, checked.goals, keys),
             "tasks": _splice(data.tasks, "task_id", own_tasks, checked.tasks)}
    if goal_id != replacing:
        edits["progress"] = data.progress.assign(
            goal_id=data.progress["goal_id"].mask(
                _matches(data.progress["goal_id"], [replacing]), goal_id))
    return data.replace(**edits)


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
    checked = CareerData.from_frames(given["goals"], given["tasks"], given["progress"],
                                     dayfirst=data.dayfirst)
    return data.replace(**{name: getattr(checked, name)})

