"""``CareerData``: the three validated tables of a data folder, and ``load``."""

from __future__ import annotations

import os
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from . import dialect, files, parquet, settings, text_codes, validation, workbook
from .exceptions import (
    CareerDataError,
    CareerDataWarning,
    ChangedOnDiskError,
    problems_frame,
)
from .schema import FILES, GOALS, TASKS, Rule


class CareerData:
    """The goals, tasks and check-ins of one or many clients, validated.

    Build it with :func:`careerkit.load` (a folder of CSV files) or
    :meth:`CareerData.from_frames` (frames you already have). Every metric, chart and widget
    takes a ``CareerData`` first.

    Attributes
    ----------
    goals : pandas.DataFrame
        One row per goal: ``goal_id``, ``client``, ``title``, ``category``, ``start_date``,
        ``target_date``, ``completed_date``, ``status`` (normalized: active, completed,
        dropped or on_hold) and any extra columns of the file, in file order.
    tasks : pandas.DataFrame
        One row per task: ``task_id``, ``goal_id``, ``title``, ``due_date``, ``weight``,
        ``completed_date`` and extra columns.
    progress : pandas.DataFrame
        One row per check-in: ``date``, ``goal_id``, ``task_id``, ``percent_complete``,
        ``revised_target_date``, ``note``, ``reason`` and extra columns.
    folder : pathlib.Path or None
        The folder the data was loaded from.

    Examples
    --------
    >>> import pandas as pd, careerkit
    >>> goals = pd.DataFrame({"goal_id": ["G1"], "client": ["Ada"], "title": ["New role"],
    ...                       "start_date": ["2025-01-06"], "target_date": ["2025-06-30"]})
    >>> data = careerkit.CareerData.from_frames(goals)
    >>> data
    CareerData: 1 goal of 1 client, 0 tasks, 0 check-ins
    >>> data.goals.loc[0, "status"]
    'active'
    """

    def __init__(self, goals: pd.DataFrame, tasks: pd.DataFrame, progress: pd.DataFrame, *,
                 folder: Path | None = None, fingerprints: dict | None = None,
                 sources: dict | None = None, dayfirst: bool | None = None):
        self.goals = goals
        self.tasks = tasks
        self.progress = progress
        self.folder = folder
        self._fingerprints = fingerprints or {}
        self._sources = sources or {}  # table name -> dialect.Source (CSV folders)
        self._dayfirst = dayfirst
        self._joins: dict = {}

    @property
    def dayfirst(self) -> bool | None:
        """How the data's dates like 03/04/2026 read: True day/month, False month/day,
        None when not known (ISO dates only, or no folder).

        As given to :func:`load` or in the folder's ``careerkit.toml``, else as the folder's
        date style decided at load (the style :meth:`save` writes new dates in). The edits
        read dates typed as text in this order (``"11/02/2026"`` is 11 February when True),
        and ISO dates (``"2026-02-11"``) always. Kept by :meth:`replace`, :meth:`copy` and
        :meth:`select`; read-only.

        Examples
        --------
        >>> import careerkit
        >>> careerkit.load("sample_data").dayfirst is None  # ISO dates only
        True
        """
        return self._dayfirst

    @classmethod
    def from_frames(cls, goals: pd.DataFrame, tasks: pd.DataFrame | None = None,
                    progress: pd.DataFrame | None = None, *, dayfirst: bool | None = None,
                    columns: dict[str, str] | None = None) -> CareerData:
        """Validate frames you already have (from Excel, a database, ...) by the rules of
        :func:`load`.

        Cells may be text (parsed as in a CSV file) or already typed (datetimes, numbers).
        Problems name the frame ("goals") and the row as a spreadsheet would show it
        (the first row is line 2).

        Parameters
        ----------
        goals : DataFrame
            Required.
        tasks, progress : DataFrame, optional
        dayfirst, columns
            As in :func:`load`.

        Returns
        -------
        CareerData

        Raises
        ------
        CareerDataError
            Listing every problem.

        Examples
        --------
        >>> import pandas as pd, careerkit
        >>> goals = pd.DataFrame({"Goal ID": ["007"], "Client": ["Bo"], "Title": ["Speak"],
        ...                       "Start date": ["31/01/2025"], "Target date": ["28/02/2025"]})
        >>> careerkit.CareerData.from_frames(goals).goals[["goal_id", "start_date"]]
          goal_id start_date
        0     007 2025-01-31
        """
        given = {"goals": goals, "tasks": tasks, "progress": progress}
        tables = {}
        for spec in FILES:
            frame = given[spec.name]
            if frame is None:
                tables[spec.name] = None
                continue
            if not isinstance(frame, pd.DataFrame):
                raise TypeError(f"{spec.name} must be a pandas DataFrame, not {type(frame)}")
            frame = frame.reset_index(drop=True)
            tables[spec.name] = validation.Table(
                spec, frame.copy(), np.arange(len(frame), dtype=np.int64) + 2, spec.name
            )
        data = _finish(tables, dayfirst=dayfirst, columns=columns, where="the given frames")
        data._dayfirst = dayfirst
        return data

    # --- saving ----------------------------------------------------------------------------

    def save(self, folder: str | os.PathLike | None = None, *,
             overwrite: bool = False) -> list[Path]:
        """Write the tables that changed, each file in its own format, atomically.

        To a workbook (``.xlsx``, or a folder of them) only the changed sheets are rewritten,
        every other sheet kept, with a backup: see :func:`careerkit.data.workbook.save`.

        Each CSV file keeps the dialect it was loaded in (delimiter, encoding and BOM, line
        ends, quoting, date style such as dd/mm/yyyy, decimal comma, your headers and column
        order; see "Saving: how saving keeps your format" in ``docs/data-format.md``). A
        table as loaded is not written; one with rows only added gets their lines after its
        last line, every other byte kept; others are rewritten in their dialect. A value the
        file's encoding cannot hold (an emoji in a cp1252 file) makes the file UTF-8 with
        BOM, after a backup as ``<name>.orig.csv``, with a warning; so does (canonical
        UTF-8, commas, ISO dates) data not loaded from CSV replacing a file of another
        format. Each file is written to a temporary file in the folder and then moved over
        the old one, so a failure leaves the old file intact. Extra columns are kept.
        tasks.csv and progress.csv are written when they hold rows or already exist.

        Parameters
        ----------
        folder : path, optional
            Where to write; by default the folder the data was loaded from.
        overwrite : bool, default False
            Saving into the folder the data came from refuses to replace files that changed
            on disk since loading (someone edited them meanwhile), unless this is True.

        Returns
        -------
        list of Path
            The files written (none when nothing changed).

        Raises
        ------
        ChangedOnDiskError
            When files of the source folder changed since loading and ``overwrite`` is False.

        Warns
        -----
        CareerDataWarning
            Rule ``format_changed``, when a file is saved in another format (backup kept).

        Examples
        --------
        >>> import tempfile, careerkit
        >>> data = careerkit.demo.generate(2, seed=1)
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     written = data.save(folder)
        ...     careerkit.load(folder).equals(data)
        True

        A check-in adds one line to progress.csv; the other files are not written:

        >>> import shutil
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     _ = shutil.copytree("sample_data", folder, dirs_exist_ok=True)
        ...     data = careerkit.load(folder)
        ...     new = data.record_checkin("C00006-G1", "2026-07-06", percent_complete=80)
        ...     [path.name for path in new.save()], new.save()
        (['progress.csv'], [])
        """
        if folder is None:
            if self.folder is None:
                raise ValueError("save() needs a folder: this data was not loaded from one")
            folder = self.folder
        folder = Path(folder)
        own = self.folder is not None and folder.resolve() == Path(self.folder).resolve()
        changed = self.changed_on_disk() if own else []
        if changed and not overwrite:
            raise ChangedOnDiskError(
                f"{', '.join(changed)} changed in {folder} since the data was loaded: "
                "reload it with careerkit.load() to see the changes, or save with "
                "overwrite=True to replace them"
            )
        if workbook.is_workbook(folder):  # .xlsx: only changed sheets, see workbook.save
            written, stamps = workbook.save(self.frames(), folder,
                                            self._fingerprints if own else None)
            if own:
                self._fingerprints = stamps
            return written
        written, sources = dialect.save_tables(
            folder, FILES, self.frames(), self._sources, self._fingerprints if own else None)
        if own:
            self._fingerprints = _fingerprints(folder)
            self._sources = sources
        return written

    def to_parquet(self, path: str | os.PathLike, *, partitions: int | None = None) -> str:
        """Write the data as Parquet datasets partitioned by client:
        :func:`careerkit.data.parquet.to_parquet` (``careerkit.load`` reads them back)."""
        return parquet.to_parquet(self, path, partitions=partitions)

    def changed_on_disk(self) -> list[str]:
        """Files of the source folder that changed since the data was loaded or saved.

        Examples
        --------
        >>> import careerkit
        >>> careerkit.load("sample_data").changed_on_disk()
        []
        """
        if self.folder is None:
            return []
        now = _fingerprints(Path(self.folder))
        return [name for name, stamp in now.items() if self._fingerprints.get(name) != stamp]

    # --- joins and orders, remembered ---------------------------------------------------

    def task_goal_rows(self) -> np.ndarray:
        """Row of ``goals`` holding each task's goal (-1: none), remembered.

        For the analytics layer: every join after loading is integer indexing.
        """
        return self._positions("tasks", "goal_id", "goals", "goal_id")

    def checkin_goal_rows(self) -> np.ndarray:
        """Row of ``goals`` holding each check-in's goal (-1: none), remembered."""
        return self._positions("progress", "goal_id", "goals", "goal_id")

    def checkin_task_rows(self) -> np.ndarray:
        """Row of ``tasks`` holding each check-in's task (-1: none or no task), remembered."""
        return self._positions("progress", "task_id", "tasks", "task_id")

    def goal_order(self) -> np.ndarray:
        """Rows of ``goals`` in the code-point order of goal_id, remembered.

        For the analytics layer: sorting by goal_id is integer indexing.
        """
        return self._remembered(("order", "goals", "goal_id"), [("goals", "goal_id")],
                                lambda: validation.code_point_order(self.goals["goal_id"]))

    def task_order(self) -> np.ndarray:
        """Rows of ``tasks`` in the code-point order of task_id, remembered."""
        return self._remembered(("order", "tasks", "task_id"), [("tasks", "task_id")],
                                lambda: validation.code_point_order(self.tasks["task_id"]))

    def text_codes(self, frame: str, column: str) -> pa.DictionaryArray | None:
        """Dictionary codes of ``frame[column]`` kept from load, or None.

        For the analytics layer: loading keeps them for each text column of few distinct
        values (a title from a template, a category) of a table not kept in id order, whose
        rows every result listing them by id takes in scattered order
        (:mod:`~careerkit.data.text_codes`).
        """
        return self._known(("codes", frame, column), [(frame, column)])

    def goal_ids_at(self, rows: np.ndarray):
        """goal_id of the goals at ``rows`` (positions; -1: missing) as a text array.

        For the analytics layer: written from the ids' numbers remembered at load when they
        have them (:func:`~careerkit.data.validation.ids_at`), else taken.
        """
        return self._ids_at("goals", "goal_id", rows)

    def task_ids_at(self, rows: np.ndarray):
        """task_id of the tasks at ``rows`` (positions; -1: missing), as :meth:`goal_ids_at`.
        """
        return self._ids_at("tasks", "task_id", rows)

    def _ids_at(self, frame: str, column: str, rows: np.ndarray):
        values = getattr(self, frame)[column]
        if len(rows) == len(values) and (rows == np.arange(len(rows))).all():
            return values.array  # all of them, in order
        numbered = self._remembered(
            ("numbers", frame, column), [(frame, column)],
            lambda: validation.number_ids(pa.array(values.array)) or False)
        text = validation.ids_at(numbered, rows) if numbered else None
        if text is None:
            return values.array.take(rows, allow_fill=True)
        return pd.Series(pa.chunked_array([text]).to_pandas(), dtype=values.dtype).array

    def _positions(self, frame: str, column: str, key_frame: str, key_column: str) -> np.ndarray:
        """Row of ``key_frame[key_column]`` holding each value of ``frame[column]`` (-1: none).
        """
        return self._remembered(
            (frame, column, key_frame, key_column), [(frame, column), (key_frame, key_column)],
            lambda: validation.positions(getattr(self, frame)[column],
                                         getattr(self, key_frame)[key_column]))

    def _remembered(self, name: tuple, columns: list[tuple[str, str]], compute):
        """``compute()``, remembered under ``name`` while the ``columns`` (frame, column)
        it reads stay the same Arrow arrays: Arrow arrays never change, and pandas gives a
        column a new one whenever it is edited, so a stale answer is impossible. Columns not
        backed by Arrow are read afresh every time."""
        found = self._known(name, columns)
        if found is None:
            found = compute()
            self._remember(name, columns, found)
        return found

    def _known(self, name: tuple, columns: list[tuple[str, str]]):
        """What is remembered under ``name``, or None when it is not (or no longer)."""
        hit = self._joins.get(name)
        if hit is None or not all(
                array is _arrow_of(getattr(self, frame)[column])
                for array, (frame, column) in zip(hit[0], columns, strict=True)):
            return None
        return hit[1]

    def _remember(self, name: tuple, columns: list[tuple[str, str]], found) -> None:
        arrays = [_arrow_of(getattr(self, frame)[column]) for frame, column in columns]
        if all(array is not None for array in arrays):
            self._joins[name] = (arrays, found)

    def _part_remembers(self, part: CareerData, keep: np.ndarray, task_keep: np.ndarray,
                        checkin_keep: np.ndarray) -> None:
        """Give ``part`` (goals ``keep``, tasks ``task_keep``, check-ins ``checkin_keep``)
        the joins and orders remembered here, narrowed to it: when ids are unique (as in
        any loaded data), the part's are exactly these, renumbered."""
        if not (self._known(("unique", "goals"), [("goals", "goal_id")])
                and self._known(("unique", "tasks"), [("tasks", "task_id")])):
            return
        goal_at = np.append(np.where(keep, np.cumsum(keep) - 1, -1), -1)
        task_at = np.append(np.where(task_keep, np.cumsum(task_keep) - 1, -1), -1)
        for name, at, rows in (
                (("tasks", "goal_id", "goals", "goal_id"), goal_at, task_keep),
                (("progress", "goal_id", "goals", "goal_id"), goal_at, checkin_keep),
                (("progress", "task_id", "tasks", "task_id"), task_at, checkin_keep)):
            columns = [name[:2], name[2:]]
            found = self._known(name, columns)
            if found is not None:
                part._remember(name, columns, at[found[rows]])
        for frame, column, kept in (("goals", "goal_id", keep), ("tasks", "task_id", task_keep)):
            order = self._known(("order", frame, column), [(frame, column)])
            if order is not None:
                part._remember(("order", frame, column), [(frame, column)],
                               (np.cumsum(kept) - 1)[order[kept[order]]])
        for frame, column in (("goals", "goal_id"), ("tasks", "task_id")):
            part._remember(("unique", frame), [(frame, column)], True)

    # --- parts ------------------------------------------------------------------------------

    def select(self, *, clients=None, goals=None) -> CareerData:
        """The part of the data that belongs to some clients or goals.

        Goals whose client is in ``clients`` (when given) and whose goal_id is in ``goals``
        (when given), with their tasks and check-ins, in file order. The part keeps the row
        labels of the whole and has no source folder (it is not saved back).

        Parameters
        ----------
        clients : str or iterable of str, optional
        goals : str or iterable of str, optional
            goal_id values.

        Returns
        -------
        CareerData

        Examples
        --------
        >>> import careerkit
        >>> data = careerkit.load("sample_data")
        >>> part = data.select(clients="Malik Tran")
        >>> part.goals["client"].unique().tolist()
        ['Malik Tran']
        """
        keep = np.ones(len(self.goals), dtype=bool)
        for column, wanted in (("client", clients), ("goal_id", goals)):
            if wanted is not None:
                wanted = [wanted] if isinstance(wanted, str) else list(wanted)
                keep &= self.goals[column].isin(wanted).to_numpy()
        return self.select_goal_rows(keep)

    def select_goal_rows(self, keep: np.ndarray) -> CareerData:
        """The part holding the goals where the boolean array ``keep`` is True, with their
        tasks and check-ins (file order kept). See :meth:`select`."""
        keep = np.asarray(keep, dtype=bool)
        if keep.all():
            return self
        keep_at = np.append(keep, False)  # row -1: no goal
        task_keep = keep_at[self.task_goal_rows()]
        checkin_keep = keep_at[self.checkin_goal_rows()]
        part = CareerData(self.goals.loc[keep], self.tasks.loc[task_keep],
                          self.progress.loc[checkin_keep], dayfirst=self._dayfirst)
        self._part_remembers(part, keep, task_keep, checkin_keep)
        return part

    def replace(self, *, goals: pd.DataFrame | None = None, tasks: pd.DataFrame | None = None,
                progress: pd.DataFrame | None = None) -> CareerData:
        """A new CareerData with some tables replaced; the source folder and what was on
        disk when it was loaded are kept, so :meth:`save` still refuses to overwrite edits
        made on disk meanwhile. The tables are not validated again.

        Examples
        --------
        >>> import careerkit
        >>> data = careerkit.load("sample_data")
        >>> data.replace(progress=data.progress.iloc[:0])
        CareerData: 41 goals of 10 clients, 145 tasks, 0 check-ins from sample_data
        """
        data = CareerData(self.goals if goals is None else goals,
                          self.tasks if tasks is None else tasks,
                          self.progress if progress is None else progress,
                          folder=self.folder, fingerprints=dict(self._fingerprints),
                          sources=self._sources, dayfirst=self._dayfirst)
        data._joins = dict(self._joins)  # what still holds is used again (see _remembered)
        return data

    # --- comparing and showing -------------------------------------------------------------

    def equals(self, other: CareerData) -> bool:
        """True when both hold the same three tables (values, dtypes and column order)."""
        return all(
            a.equals(b) and list(a.columns) == list(b.columns)
            and a.dtypes.astype(str).tolist() == b.dtypes.astype(str).tolist()
            for a, b in zip(self.frames(), other.frames(), strict=True)
        )

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """``(goals, tasks, progress)``."""
        return self.goals, self.tasks, self.progress

    def copy(self) -> CareerData:
        """A deep copy (the source folder is remembered)."""
        data = CareerData(self.goals.copy(), self.tasks.copy(), self.progress.copy(),
                          folder=self.folder, fingerprints=dict(self._fingerprints),
                          sources=self._sources, dayfirst=self._dayfirst)
        data._joins = dict(self._joins)  # text columns share their (immutable) Arrow data
        return data

    def __repr__(self) -> str:
        goals = len(self.goals)
        clients = self.goals["client"].nunique()
        return (
            f"CareerData: {goals} goal{'s' * (goals != 1)} of {clients} "
            f"client{'s' * (clients != 1)}, {len(self.tasks)} task{'s' * (len(self.tasks) != 1)}, "
            f"{len(self.progress)} check-in{'s' * (len(self.progress) != 1)}"
            + (f" from {self.folder}" if self.folder is not None else "")
        )

    # --- edits (see careerkit.data.edits) ----------------------------------------------------

    def record_checkin(self, goal_id, date, **cells) -> CareerData:
        """A new CareerData with one more check-in: :func:`careerkit.data.edits.record_checkin`.
        """
        from .edits import record_checkin
        return record_checkin(self, goal_id, date, **cells)

    def complete_goal(self, goal_id, day) -> CareerData:
        """A new CareerData with the goal completed on ``day``:
        :func:`careerkit.data.edits.complete_goal`."""
        from .edits import complete_goal
        return complete_goal(self, goal_id, day)

    def complete_tasks(self, task_ids, day) -> CareerData:
        """A new CareerData with the tasks done on ``day``:
        :func:`careerkit.data.edits.complete_tasks`."""
        from .edits import complete_tasks
        return complete_tasks(self, task_ids, day)

    def put_goal(self, goal, tasks=None, *, replacing=None) -> CareerData:
        """A new CareerData with a goal and its tasks added or replaced:
        :func:`careerkit.data.edits.put_goal`."""
        from .edits import put_goal
        return put_goal(self, goal, tasks, replacing=replacing)

    def replace_table(self, name: str, frame: pd.DataFrame) -> CareerData:
        """A new CareerData with one table replaced, checked:
        :func:`careerkit.data.edits.replace_table`."""
        from .edits import replace_table
        return replace_table(self, name, frame)


def load(folder: str | os.PathLike, *, dayfirst: bool | None = None,
         columns: dict[str, str] | None = None) -> CareerData:
    """Load a data folder: ``goals.csv`` (required), ``tasks.csv`` and ``progress.csv``.

    Files as spreadsheets export them load without fuss: UTF-8 with or without BOM, or
    Windows cp1252; comma, semicolon or tab delimiters; headers in any case and spacing
    ("Goal ID" is ``goal_id``); ISO or day/month dates; "45%" percents; decimal commas in
    semicolon files. See ``docs/data-format.md`` for every column.

    ``folder`` may also be an Excel workbook (``caseload.xlsx``, a sheet per table) or a
    folder of them (``goals.xlsx``, ...): see "Workbooks" in ``docs/data-format.md`` and
    :mod:`careerkit.data.workbook`.

    Parameters
    ----------
    folder : path
        The data folder.
    dayfirst : bool, optional
        Whether dates like 03/04/2025 are day/month (True) or month/day (False). By default
        the folder decides from its own dates (any 31/01 proves day-first, any 01/31
        month-first); when none decides, an error asks for this argument.
    columns : dict, optional
        Your own headers mapped to careerkit's, e.g. ``{"My deadline": "target_date"}``.

    The folder's ``careerkit.toml`` (see :mod:`careerkit.data.settings`) gives the same
    settings and status words of your own; ``dayfirst`` and ``columns`` given here win.

    Returns
    -------
    CareerData

    Raises
    ------
    CareerDataError
        Listing every problem in the folder at once (file, line, column, value, expected,
        rule).

    Warns
    -----
    CareerDataWarning
        For odd but possible data, such as open tasks on a completed goal.

    Examples
    --------
    >>> import careerkit
    >>> data = careerkit.load("sample_data")
    >>> data.goals.columns[:4].tolist()
    ['goal_id', 'client', 'title', 'category']
    """
    if parquet.is_dataset(folder):  # written by CareerData.to_parquet
        return parquet.read(folder)
    folder = Path(folder)
    options = settings.read_settings(folder) if folder.exists() else settings.Settings()
    columns = {**options.columns, **(columns or {})}
    dayfirst = options.dayfirst if dayfirst is None else dayfirst
    statuses = options.status
    if workbook.is_workbook(folder):  # an .xlsx workbook, or a folder of them
        source = workbook.read(folder)
        data = _finish(source.tables, dayfirst=dayfirst, columns=columns, where=str(folder),
                       statuses=statuses)
        data.folder = folder
        data._fingerprints = source.fingerprints(data.frames())
        data._dayfirst = dayfirst
        return data
    if not (folder / GOALS.filename).is_file():
        expected = "a data folder holding goals.csv"
        problem = problems_frame([[str(folder), pd.NA, "", None, expected, Rule.MISSING_FILE]])
        raise CareerDataError(problem, where=str(folder))
    tables, raws = {}, {}
    unreadable = []
    for spec, raw in zip(FILES, _read_files(folder, columns), strict=True):
        if raw is None:
            tables[spec.name] = None
            continue
        if isinstance(raw, (OSError, UnicodeError)):
            reason = getattr(raw, "strerror", None) or str(raw)
            unreadable.append([spec.filename, pd.NA, "", None,
                               f"a file careerkit can read ({reason})", Rule.UNREADABLE_FILE])
            continue
        raw.frame.columns = list(raw.format.headers)
        raws[spec.name] = raw
        tables[spec.name] = validation.Table(
            spec, raw.frame, raw.lines, spec.filename,
            decimal_comma=raw.format.delimiter == ";", trimmed=True, ragged=raw.ragged,
            iso_dates=frozenset(raw.format.headers[i] for i in raw.dates),
        )
    if unreadable:
        raise CareerDataError(problems_frame(unreadable), where=str(folder))
    data = _finish(tables, dayfirst=dayfirst, columns=columns, where=str(folder),
                   statuses=statuses)
    data.folder = folder
    data._fingerprints = _fingerprints(folder)
    data._sources = dialect.remember(folder, FILES, raws, dict(zip(
        (spec.name for spec in FILES), data.frames(), strict=True)), dayfirst)
    files.release_unused_memory()
    styles = {s.dialect.dates.order for s in data._sources.values() if s.dialect is not None}
    data._dayfirst = dayfirst if dayfirst is not None else \
        True if "dmy" in styles else False if "mdy" in styles else None
    return data


def _read_files(folder: Path, columns: dict[str, str]) -> list:
    """The :class:`~careerkit.data.files.RawTable` of each file of ``FILES`` in ``folder``
    (None: no such file; the ``OSError`` or ``UnicodeError`` met: unreadable), the files
    read at once in threads: Arrow parses each on its threads without the GIL, and the
    conversion of one file's columns overlaps the parsing of the others."""

    def read(spec):
        path = folder / spec.filename
        if not path.is_file():
            return None
        try:
            return files.read_table(path, contiguous=validation.contiguous_columns(spec),
                                    dates=validation.date_columns(spec, columns))
        except (OSError, UnicodeError) as error:
            return error

    workers = min(len(FILES), os.cpu_count() or 1)
    if workers < 2:
        return [read(spec) for spec in FILES]
    # the largest file (check-ins) first, the smallest (goals) beside it: the others are
    # read while it is parsed
    first = sorted(FILES, key=lambda spec: spec.name != "progress")
    with ThreadPoolExecutor(workers, thread_name_prefix="careerkit-read") as pool:
        futures = {spec.name: pool.submit(read, spec) for spec in first}
        return [futures[spec.name].result() for spec in FILES]


def _finish(tables, *, dayfirst, columns, where, statuses=None) -> CareerData:
    frames, problems, notes = validation.build(tables, dayfirst=dayfirst, columns=columns,
                                               statuses=statuses)
    if len(problems):
        raise CareerDataError(problems, where=where)
    for rule, note, *fix in notes:
        warnings.warn(CareerDataWarning(note, rule, fix[0] if fix else None), stacklevel=3)
    data = CareerData(frames["goals"], frames["tasks"], frames["progress"])
    for (frame, column, key_frame, key_column), found in frames["joins"].items():
        data._remember((frame, column, key_frame, key_column),
                       [(frame, column), (key_frame, key_column)], found)
    for (frame, column), order in frames["orders"].items():
        data._remember(("order", frame, column), [(frame, column)], order)
    for (frame, column), numbered in frames["numbers"].items():
        data._remember(("numbers", frame, column), [(frame, column)], numbered or False)
    for spec, column in ((GOALS, "goal_id"), (TASKS, "task_id")):  # validated: unique
        frame = spec.name
        data._remember(("unique", frame), [(frame, column)], True)
        order = frames["orders"].get((frame, column))
        if order is not None and len(order) >= text_codes.MANY_ROWS \
                and text_codes.scattered(order):
            for name in spec.of_kind("text"):
                codes = text_codes.dictionary_codes(pa.array(getattr(data, frame)[name].array))
                if codes is not None:
                    data._remember(("codes", frame, name), [(frame, name)], codes)
    return data


def _arrow_of(column: pd.Series):
    """The immutable Arrow data behind a text column, or None."""
    return getattr(column.array, "_pa_array", None)


def _fingerprints(folder: Path) -> dict:
    if workbook.is_workbook(folder):
        return workbook.fingerprints(folder)
    return {spec.filename: files.fingerprint(folder / spec.filename) for spec in FILES}

