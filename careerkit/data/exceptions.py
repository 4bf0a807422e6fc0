"""Errors and warnings raised by careerkit."""

from __future__ import annotations

import pandas as pd

from .schema import Rule

PROBLEM_COLUMNS = ["file", "line", "column", "value", "expected", "rule", "cell", "header",
                   "column_letter"]

#: How many problems an error message lists before it says "and N more".
MESSAGE_LIMIT = 25


class CareerDataError(ValueError):
    """The data folder (or frames) break the careerkit data contract.

    Every problem found is listed at once. The message is meant for a person; the
    structured list is in :attr:`problems`.

    Attributes
    ----------
    problems : pandas.DataFrame
        One row per problem with columns ``file``, ``line`` (as a spreadsheet shows it:
        the header is line 1; missing when the problem concerns a whole file or column),
        ``column``, ``value``, ``expected`` (what was expected, in words for a person) and
        ``rule`` (what is wrong, as a :class:`~careerkit.data.schema.Rule` code such as
        ``"required_value"`` or ``"dayfirst_undecided"``: branch on this, not on the
        words, which may change), and ``cell``: in a workbook sheet the cell as the
        spreadsheet names it (``"D14"``; ``file`` is then the sheet, e.g. ``"Progress
        sheet"``), missing elsewhere. ``header`` is the header as typed in the file and
        ``column_letter`` its spreadsheet letter (``"D"``), both given where the user's
        header differs from careerkit's column name (``"% complete"`` for
        ``percent_complete``). ``docs/data-format.md`` lists every code.

    Examples
    --------
    >>> import careerkit
    >>> try:
    ...     careerkit.load("no/such/folder")
    ... except careerkit.CareerDataError as error:
    ...     print(error.problems.loc[0, "expected"], "|", error.problems.loc[0, "rule"])
    a data folder holding goals.csv | missing_file
    """

    def __init__(self, problems: pd.DataFrame, *, where: str = "", hint: str = ""):
        self.problems = problems.reset_index(drop=True)
        self.where = where
        self.hint = hint
        super().__init__(self._message())

    def _message(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        head = f"{count} {noun} in {self.where}:" if self.where else f"{count} {noun}:"
        lines = [head]
        for row in self.problems.head(MESSAGE_LIMIT).itertuples(index=False):
            lines.append("  - " + describe_problem(row))
        if count > MESSAGE_LIMIT:
            lines.append(
                f"  ... and {count - MESSAGE_LIMIT} more (all are in the error's .problems table)"
            )
        if self.hint:
            lines.append(self.hint)
        return "\n".join(lines)


class ChangedOnDiskError(RuntimeError):
    """A save would overwrite files that changed on disk since the data was loaded.

    Reload the folder (``careerkit.load``) to see the changes, or save with
    ``overwrite=True`` to replace them.

    Examples
    --------
    >>> import shutil, tempfile, careerkit
    >>> folder = shutil.copytree("sample_data", tempfile.mkdtemp() + "/data")
    >>> data = careerkit.load(folder)
    >>> with open(f"{folder}/progress.csv", "a") as handle:  # someone else edits meanwhile
    ...     _ = handle.write("")
    >>> import os; os.utime(f"{folder}/progress.csv", ns=(0, 0))
    >>> try:
    ...     data.save()
    ... except careerkit.ChangedOnDiskError as error:
    ...     print(str(error).split(" since")[0].split(" in ")[0])
    progress.csv changed
    """


class CareerDataWarning(UserWarning):
    """Data that is odd but possible (it loads), or a save that changed a file's format.

    Attributes
    ----------
    rule : Rule or None
        What kind of oddity it is (e.g. ``Rule.OPEN_TASK_ON_COMPLETED_GOAL``), for callers
        that choose their own wording; None for a warning raised without one.
    settings : dict or None
        For ``Rule.UNKNOWN_HEADER``: the ``[columns]`` settings that would map the header
        (``{"% complet": "percent_complete"}``), which ``careerkit validate --fix`` writes.

    Examples
    --------
    >>> import warnings, pandas as pd, careerkit
    >>> goals = pd.DataFrame({"goal_id": ["G1"], "client": ["Ana"], "title": ["Speak"],
    ...                       "start_date": ["2025-01-06"], "target_date": ["2025-03-31"]})
    >>> progress = pd.DataFrame({"date": ["2025-02-01"], "goal_id": ["G1"],
    ...                          "percent_complete": ["100%"]})
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     data = careerkit.CareerData.from_frames(goals, progress=progress)
    >>> print(caught[0].message)
    progress: a 100 % check-in on a goal whose status is not completed (line 2)
    >>> caught[0].message.rule
    <Rule.FULL_CHECKIN_NOT_COMPLETED: 'full_checkin_not_completed'>
    """

    def __init__(self, message: str, rule: Rule | None = None, settings: dict | None = None):
        super().__init__(message)
        self.rule = rule
        self.settings = settings


def describe_problem(row) -> str:
    """One readable sentence for a row of a problems table."""
    place = str(row.file)
    cell = getattr(row, "cell", None)
    if isinstance(cell, str) and cell:
        place += f", cell {cell}"
        if isinstance(row.column, str) and row.column:
            place += f" ({row.column})"
    else:
        if not pd.isna(row.line):
            place += f" line {int(row.line)}"
        header = getattr(row, "header", None)
        letter = getattr(row, "column_letter", None)
        if isinstance(header, str) and isinstance(letter, str) and header:
            place += f', column {letter} ("{header}")'
        elif isinstance(row.column, str) and row.column:
            place += f", column {row.column}"
    if isinstance(row.value, str):
        return f"{place}: {row.value!r}: expected {row.expected}"
    return f"{place}: expected {row.expected}"


def problems_frame(records=None) -> pd.DataFrame:
    """A problems table (possibly empty) with the documented columns and dtypes.

    ``records`` are rows in the order of ``PROBLEM_COLUMNS`` (file, line, column, value,
    expected, rule and, optionally, cell) or a frame with those columns (cell optional).
    Internal to the data layer.
    """
    if isinstance(records, pd.DataFrame):
        frame = records.reindex(columns=PROBLEM_COLUMNS)
    else:
        width = len(PROBLEM_COLUMNS)
        rows = [list(record) + [None] * (width - len(record)) for record in records or []]
        frame = pd.DataFrame(rows, columns=PROBLEM_COLUMNS)
    return frame.astype({"file": "str", "line": "Int64", "column": "str", "value": "object",
                         "expected": "str", "rule": "str", "cell": "str", "header": "str",
                         "column_letter": "str"})
