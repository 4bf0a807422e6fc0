"""The data contract: which files a data folder holds and what each column is.

This is the single place that names the columns; loading, validation, saving and the
docs all read it.
"""

from __future__ import annotations

from dataclasses import dataclass


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
