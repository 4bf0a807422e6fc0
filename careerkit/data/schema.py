"""The data contract: which files a data folder holds and what each column is.

This is the single place that names the columns; loading, validation, saving and the
docs all read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum, auto


@dataclass(frozen=True)
class Column:
    """One column: ``kind`` is id or text (kept as text), date, or number (a float)."""

    name: str
    kind: str
    required: bool = False
    description: str = ""


@dataclass(frozen=True)
class FileSpec:
    name: str  # "goals"
    filename: str  # "goals.csv"
    required: bool
    columns: tuple[Column, ...]

    @property
    def names(self) -> list[str]:
        return [column.name for column in self.columns]

    def of_kind(self, *kinds: str) -> list[str]:
        return [column.name for column in self.columns if column.kind in kinds]

    @property
    def required_names(self) -> list[str]:
        return [column.name for column in self.columns if column.required]


GOALS = FileSpec(
    "goals",
    "goals.csv",
    required=True,
    columns=(
        Column("goal_id", "id", True, "unique id of the goal, kept exactly as typed"),
        Column("client", "text", True, "the person the goal belongs to"),
        Column("title", "text", True, "what the goal is"),
        Column("category", "text", False, "e.g. skills, network, role, compensation, wellbeing"),
        Column("start_date", "date", True, "when work on the goal starts"),
        Column("target_date", "date", True, "the baseline deadline as first planned"),
        Column("completed_date", "date", False, "when the goal was reached"),
        Column("status", "text", False, "active, completed, dropped or on_hold"),
    ),
)

TASKS = FileSpec(
    "tasks",
    "tasks.csv",
    required=False,
    columns=(
        Column("task_id", "id", True, "unique id of the task"),
        Column("goal_id", "id", True, "the goal this task is a step of"),
        Column("title", "text", True, "what the step is"),
        Column("due_date", "date", True, "the baseline planned date"),
        Column("weight", "number", False, "how much the task counts toward its goal (default 1)"),
        Column("completed_date", "date", False, "when the task was done"),
    ),
)

PROGRESS = FileSpec(
    "progress",
    "progress.csv",
    required=False,
    columns=(
        Column("date", "date", True, "the day of the check-in"),
        Column("goal_id", "id", True, "the goal checked in on"),
        Column("task_id", "id", False, "the task checked in on, if any"),
        Column("percent_complete", "number", False, "progress reported, 0 to 100"),
        Column("revised_target_date", "date", False, "a new target (course correction)"),
        Column("note", "text", False, "free text"),
        Column("reason", "text", False, "why the target was revised"),
    ),
)

FILES = (GOALS, TASKS, PROGRESS)

STATUSES = ("active", "completed", "dropped", "on_hold")

#: Headers people really type, per file and column (matched like any header: ignoring case,
#: spaces and hyphens). A spelling counts only when the file has no column of that exact
#: name; a folder's ``careerkit.toml`` ``[columns]`` adds its own.
HEADER_SPELLINGS = {
    "goals": {
        "goal_id": ("goal", "goal no", "goal number", "goal #"),
        "client": ("client name", "coachee", "name"),
        "title": ("goal title", "goal name"),
        "category": ("type", "area"),
        "start_date": ("start", "started", "started on", "start on"),
        "target_date": ("deadline", "target", "due", "due date", "target on"),
        "completed_date": ("done on", "completed on", "finished", "finished on",
                           "completion date", "date completed"),
        "status": ("state",),
    },
    "tasks": {
        "task_id": ("task", "task no", "task number", "task #"),
        "goal_id": ("goal",),
        "title": ("task title", "task name", "step"),
        "due_date": ("due", "deadline", "due on", "target", "target date"),
        "completed_date": ("done on", "completed on", "finished", "finished on",
                           "completion date", "date completed"),
    },
    "progress": {
        "date": ("check in date", "checkin date", "check in", "day"),
        "goal_id": ("goal",),
        "task_id": ("task",),
        "percent_complete": ("% complete", "percent", "progress", "% done", "percent done",
                             "done %", "complete %", "% completed"),
        "revised_target_date": ("revised target", "new target", "new deadline",
                                "revised deadline", "new target date"),
        "note": ("notes", "comment", "comments"),
        "reason": ("why", "revision reason", "reason for revision"),
    },
}

#: Goal states in the order goal_status tests them (first match wins).
STATES = (
    "dropped",
    "completed",
    "on_hold",
    "overdue",
    "stalled",
    "not_started",
    "at_risk",
    "on_track",
)


class Rule(StrEnum):
    """What is wrong: a machine-readable code for every problem careerkit reports.

    Every row of :attr:`CareerDataError.problems <careerkit.CareerDataError>` has one in
    its ``rule`` column, and every :class:`~careerkit.CareerDataWarning` one in its ``rule``
    attribute. Callers (the command line, widgets) choose their wording from the code, never
    from the English of ``expected``, which may be reworded. The members are strings
    (``Rule.REQUIRED_VALUE == "required_value"``). ``docs/data-format.md`` lists them.

    Examples
    --------
    >>> import careerkit
    >>> from careerkit.data.schema import Rule
    >>> try:
    ...     careerkit.load("no/such/folder")
    ... except careerkit.CareerDataError as error:
    ...     print(error.problems.loc[0, "rule"] == Rule.MISSING_FILE)
    True
    """

    # the folder and its files
    MISSING_FILE = auto()  #: the folder or its goals.csv does not exist
    UNREADABLE_FILE = auto()  #: a file that cannot be read (permissions, broken UTF-16)
    SETTINGS_INVALID = auto()  #: careerkit.toml has a syntax error, unknown key or bad value
    MISSING_COLUMN = auto()  #: a required column is not in the file
    DUPLICATE_COLUMN = auto()  #: two columns of a file are one careerkit column
    TOO_MANY_CELLS = auto()  #: a row with more cells than the header
    # workbooks (.xlsx)
    UNSUPPORTED_FORMAT = auto()  #: a .xls, .ods or other file careerkit cannot read: save as .xlsx
    WORKBOOK_PROTECTED = auto()  #: a workbook encrypted with a password
    WORKBOOK_LOCKED = auto()  #: a workbook open in Excel (lock file, or access denied)
    MISSING_SHEET = auto()  #: a workbook without a goals sheet
    DUPLICATE_SHEET = auto()  #: two sheets of a workbook are one careerkit table
    # cells
    REQUIRED_VALUE = auto()  #: a required cell is empty
    NOT_A_DATE = auto()  #: a date cell that is not written as a date
    NOT_A_REAL_DATE = auto()  #: a date-shaped cell that is no calendar day (2025-02-30)
    DAYFIRST_UNDECIDED = auto()  #: the folder's dates (03/04/2025) leave day/month open
    DAYFIRST_CONFLICT = auto()  #: the folder has both a day/month and a month/day date
    NOT_A_NUMBER = auto()  #: a number cell that is not a number
    OUT_OF_RANGE = auto()  #: a percent below 0 or above 100
    NOT_POSITIVE = auto()  #: a task weight of 0 or less
    # rows and files together
    DUPLICATE_ID = auto()  #: two goals (or tasks) share an id
    BEFORE_START = auto()  #: a date before its goal's start (target, completion, check-in)
    UNKNOWN_STATUS = auto()  #: a status other than those in STATUSES
    COMPLETED_WITHOUT_DATE = auto()  #: status completed but no completed_date
    STATUS_CONFLICT = auto()  #: a completed_date on an active, dropped or on_hold goal
    UNKNOWN_GOAL = auto()  #: a goal_id that is not in goals.csv
    UNKNOWN_TASK = auto()  #: a task_id that is not in tasks.csv
    TASK_OF_OTHER_GOAL = auto()  #: a check-in's task belongs to another goal
    # warnings: odd but possible data, and saving
    REVISED_BEFORE_CHECKIN = auto()  #: a revised target dated before its check-in
    OPEN_TASK_ON_COMPLETED_GOAL = auto()  #: open tasks on a completed goal
    DONE_TASK_ON_DROPPED_GOAL = auto()  #: done tasks on a dropped goal
    FULL_CHECKIN_NOT_COMPLETED = auto()  #: a 100 % check-in on a goal not completed
    UNKNOWN_HEADER = auto()  #: a header careerkit does not know, close to a missing column
    SIMILAR_CLIENTS = auto()  #: client names that differ only in case, accents or spacing
    FORMAT_CHANGED = auto()  #: saving rewrote a file in the canonical format (backup kept)
