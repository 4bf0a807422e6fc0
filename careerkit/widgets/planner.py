"""The goal planner: establish a goal and its tasks, checked as you type."""

from __future__ import annotations

import datetime as dt
import functools
import html
import warnings

import ipywidgets as widgets
import pandas as pd

from ..analytics import goal_status
from ..data import CareerData, CareerDataError, CareerDataWarning, load
from ..data.edits import checked_goal, put_goal, record_checkin
from ..data.exceptions import problems_frame
from ..data.schema import Rule
from ..formatting import count_text, plain_text
from ..plotting.base import equals_mask
from .base import (
    DATE_HINT,
    MUTED_COLOR,
    REASONS,
    Form,
    blank,
    field_error,
    guarded,
    iso,
    problem_text,
    show,
    tag,
)

#: Suggested goal categories, besides those the data already uses.
CATEGORIES = ("skills", "network", "role", "compensation", "wellbeing")
GOAL_FIELDS = ("goal_id", "client", "title", "category", "start_date", "target_date")
TASK_LABELS = {"title": "title", "due_date": "due date", "weight": "weight"}
#: How the save message names the fields with problems.
FIELD_LABELS = {"goal_id": "Goal id", "client": "Client", "title": "Title",
                "category": "Category", "start_date": "Start date",
                "target_date": "Target date", "tasks": "the tasks"}


class TaskRow(widgets.HBox):
    """One task in the planner: title, due date (text) and weight; remembers its task_id
    and its other cells (completed_date, columns of your own)."""

    def __init__(self, *, title="", due_date="", weight=1.0, task_id=None, extra=None):
        super().__init__()
        self.task_id = task_id
        self.extra = dict(extra or {})
        self._weight_given = weight is not None and not pd.isna(weight)
        self.title = widgets.Text(value=title, placeholder="task",
                                  layout=widgets.Layout(width="40%"))
        self.due_date = widgets.Text(value=due_date, placeholder=DATE_HINT,
                                     layout=widgets.Layout(width="9em"))
        self.weight = widgets.FloatText(value=float(weight) if self._weight_given else 1.0,
                                        layout=widgets.Layout(width="6em"))
        self.remove_button = widgets.Button(description="Remove", icon="trash",
                                            layout=widgets.Layout(width="auto"))
        tag([(self, "ck-planner-task"), (self.title, "ck-planner-task-title"),
             (self.due_date, "ck-planner-task-due"), (self.weight, "ck-planner-task-weight"),
             (self.remove_button, "ck-planner-remove-task")])
        self.children = [self.title, self.due_date, self.weight, self.remove_button]

    def cells(self) -> dict:
        """The task's tasks.csv cells as typed."""
        weight = self.weight.value
        if not self._weight_given and weight == 1.0:
            weight = None  # a blank weight (1) stays blank in the file
        return {**self.extra, "task_id": self.task_id, "title": self.title.value,
                "due_date": self.due_date.value, "weight": weight}


class Planner(Form):
    """Establish goals: pick a goal to edit or start a new one, with its tasks, and save.

    Every change is checked at once by the rules of :func:`careerkit.load`
    (:func:`careerkit.data.edits.checked_goal`); a problem is shown beside its field (or,
    for the goal's check-ins, in the message line) and Save refuses until all are fixed.
    Dates are typed as text: 2025-03-31, or forms like 31/03/2025. Save puts the goal in
    the data (:func:`careerkit.data.edits.put_goal`) and writes it through
    :meth:`CareerData.save` (atomic; columns of your own kept); it refuses when the files
    changed on disk since loading: reload first. A goal's id can be changed: its tasks and
    check-ins follow it.

    The history of a goal that has started (by ``today``) is never lost: its target field
    shows the current target (the first plan is named beside it), and a new date there is
    recorded as a revision: a goal-level check-in dated ``today`` with that
    ``revised_target_date`` and the reason picked (``other`` by default), while
    ``target_date``, the first plan that drift is measured from, stays as it was. Ticking
    ``rebaseline`` ("change the first plan") writes the date into ``target_date`` instead.

    Parameters
    ----------
    folder : path
        The data folder.
    today : date-like, optional
        The day of revisions, and which goals have started; by default today's date.

    Attributes
    ----------
    goal : ipywidgets.Dropdown
        "New goal" (value ``""``) or an existing goal (value: its goal_id).
    goal_id, title, start_date, target_date : ipywidgets.Text
        For a goal that has started, ``target_date`` shows its current target.
    reason : ipywidgets.Dropdown
        Why the target of a started goal moves (scope, capacity, dependency, priority,
        other); shown for such goals.
    rebaseline : ipywidgets.Checkbox
        Write the new target into the first plan (``target_date``) instead of recording a
        revision; shown for started goals.
    target_note : ipywidgets.HTML
        Beside the target of a started goal: its first plan.
    client, category : ipywidgets.Combobox
        Suggest the clients and categories in the data; any text is allowed.
    tasks : tuple
        The task rows, each with ``title``, ``due_date`` (Text), ``weight`` (FloatText) and
        ``remove_button``.
    add_task_button, save_button, reload_button : ipywidgets.Button
    errors : dict of str to ipywidgets.HTML
        The problem shown beside each field (``goal_id``, ..., ``target_date``, and
        ``tasks`` for the task rows); empty text when the field is fine. The message of a
        refused save names the fields whose problems it counts.
    message : ipywidgets.HTML
        What happened (saved, refused, ...).
    data : CareerData
        The data as loaded or last saved.

    Raises
    ------
    CareerDataError
        When the folder does not load.

    Examples
    --------
    >>> import shutil, tempfile, careerkit
    >>> from careerkit.widgets import Planner
    >>> folder = shutil.copytree("sample_data", tempfile.mkdtemp() + "/data")
    >>> planner = Planner(folder)
    >>> planner.goal_id.value, planner.client.value = "N1", "Ada Lovelace"
    >>> planner.title.value = "Learn the piano"
    >>> planner.start_date.value, planner.target_date.value = "2026-07-01", "2026-05-01"
    >>> print(planner.errors["target_date"].value)  # doctest: +ELLIPSIS
    <...>'2026-05-01': expected a date on or after start_date 2026-07-01<...>
    >>> planner.target_date.value = "31/12/2026"
    >>> planner.save_button.click()
    >>> careerkit.load(folder).goals.set_index("goal_id").loc["N1", "target_date"]
    Timestamp('2026-12-31 00:00:00')
    """

    reloaded_text = ("Reloaded from disk. Your edits are still in the form: Save writes them; "
                     "pick the goal again to see it as it is on disk.")

    def __init__(self, folder, *, today=None):
        super().__init__(load(folder))
        self._today = pd.Timestamp(dt.date.today() if today is None else
                                   pd.Timestamp(today).date())
        #: the goal shown that has started: (goal_id, target_date, current_target), else None
        self._started: tuple | None = None
        self._filling = False
        self._touched: set[str] = set()
        self._show_all = False
        self._general_shown = False
        self._rows: list[TaskRow] = []
        self._problems = 0
        self._general: list[str] = []

        label = widgets.Layout(width="28em")
        style = {"description_width": "8em"}
        self.goal = widgets.Dropdown(description="Goal", style=style,
                                     layout=widgets.Layout(width="40em"))
        self.goal_id = widgets.Text(description="Goal id", placeholder="e.g. G042",
                                    style=style, layout=label)
        self.client = widgets.Combobox(description="Client", ensure_option=False,
                                       style=style, layout=label)
        self.title = widgets.Text(description="Title", style=style, layout=label)
        self.category = widgets.Combobox(description="Category", ensure_option=False,
                                         style=style, layout=label)
        self.start_date = widgets.Text(description="Start date", placeholder=DATE_HINT,
                                       style=style, layout=label)
        self.target_date = widgets.Text(description="Target date", placeholder=DATE_HINT,
                                        style=style, layout=label)
        self.errors = {name: widgets.HTML() for name in (*GOAL_FIELDS, "tasks")}
        self.target_note = widgets.HTML()
        # its own Layout: showing or hiding it must not hide the fields that share ``label``
        self.reason = widgets.Dropdown(description="Reason", options=list(REASONS),
                                       value="other", style=style,
                                       layout=widgets.Layout(width=label.width))
        self.rebaseline = widgets.Checkbox(
            description="Change the first plan (baseline) instead: drift is then measured "
                        "from the new date, and no revision is recorded",
            indent=False, layout=widgets.Layout(width="auto"))
        self._tasks_box = widgets.VBox()
        self.add_task_button = widgets.Button(description="Add task", icon="plus")
        self.save_button = widgets.Button(description="Save", icon="save",
                                          button_style="primary")

        tag([(self, "ck-planner"), (self.goal, "ck-planner-goal"),
             (self.goal_id, "ck-planner-goal-id"), (self.client, "ck-planner-client"),
             (self.title, "ck-planner-title"), (self.category, "ck-planner-category"),
             (self.start_date, "ck-planner-start-date"),
             (self.target_date, "ck-planner-target-date"),
             (self.target_note, "ck-planner-target-note"), (self.reason, "ck-planner-reason"),
             (self.rebaseline, "ck-planner-rebaseline"),
             (self.add_task_button, "ck-planner-add-task"), (self.save_button, "ck-planner-save"),
             (self.reload_button, "ck-planner-reload"), (self.message, "ck-planner-message")])
        for name, error in self.errors.items():
            error.add_class("ck-planner-error")
            error.add_class(f"ck-planner-error-{name.replace('_', '-')}")

        fields = [widgets.HBox([getattr(self, name), self.errors[name]])
                  for name in GOAL_FIELDS]
        fields.insert(GOAL_FIELDS.index("target_date") + 1,
                      widgets.VBox([self.target_note, self.reason, self.rebaseline]))
        header = widgets.HTML("<b>Tasks</b> "
                              f'<span style="color:{MUTED_COLOR}">title · due date ({DATE_HINT})'
                              " · weight</span>")
        self.children = [self.goal, *fields, header, self._tasks_box, self.errors["tasks"],
                         self.add_task_button,
                         widgets.HBox([self.save_button, self.reload_button]), self.message]

        self.goal.observe(self._on_goal, "value")
        for name in GOAL_FIELDS:
            getattr(self, name).observe(functools.partial(self._on_field, name), "value")
        for name in ("reason", "rebaseline"):
            getattr(self, name).observe(functools.partial(self._on_field, "target_date"),
                                        "value")
        self.add_task_button.on_click(self._on_add_task)
        self.save_button.on_click(self._on_save)
        self._refresh_options()
        self._fill("")

    # --- the form ----------------------------------------------------------------------------

    @property
    def tasks(self) -> tuple:
        """The task rows, in order."""
        return tuple(self._rows)

    def data_changed(self) -> None:
        """New data (saved or reloaded): the choices follow; the form keeps its edits."""
        current = self.goal.value or ""
        self._refresh_options()
        if current and self.goal.value != current:  # the goal is gone: keep it as a new one
            self._started = None
        self._show_started()
        self._check()

    def _refresh_options(self) -> None:
        goals = self.data.goals
        order = goals.sort_values(["client", "goal_id"], kind="stable")
        options = [("New goal", "")] + [
            (f"{c} · {plain_text(t)} ({g})", g) for g, c, t in
            zip(order["goal_id"], order["client"], order["title"], strict=True)]
        keep = self.goal.value if self.goal.value in {v for _, v in options} else ""
        self._filling = True
        try:
            self.goal.options = options
            self.goal.value = keep
        finally:
            self._filling = False
        self.client.options = sorted(goals["client"].dropna().unique().tolist())
        used = goals["category"].dropna().unique().tolist()
        self.category.options = sorted(set(used) | set(CATEGORIES))

    def _fill(self, goal_id: str) -> None:
        """Show an existing goal (or an empty form for a new one) in the fields."""
        self._filling = True
        try:
            goals = self.data.goals
            row = goals.loc[equals_mask(goals["goal_id"], goal_id)] if goal_id else goals.iloc[:0]
            self._started = None
            if len(row):
                goal = row.iloc[0]
                values = {"goal_id": goal["goal_id"], "client": goal["client"],
                          "title": goal["title"], "category": goal["category"],
                          "start_date": iso(goal["start_date"]),
                          "target_date": iso(goal["target_date"])}
                tasks = self.data.tasks.loc[equals_mask(self.data.tasks["goal_id"], goal_id)]
                status = goal_status(self.data.select_goal_rows(
                    equals_mask(goals["goal_id"], goal_id)), as_of=self._today)
                if goal_id in status.index:  # started by today: its target is revised
                    current = status.loc[goal_id, "current_target"]
                    self._started = (goal_id, goal["target_date"], current)
                    values["target_date"] = iso(current)
            else:
                values = dict.fromkeys(GOAL_FIELDS, "")
                tasks = self.data.tasks.iloc[:0]
            for name, value in values.items():
                getattr(self, name).value = plain_text(value)
            self.reason.value = "other"
            self.rebaseline.value = False
            own = [c for c in tasks.columns if c not in ("task_id", "goal_id", "title",
                                                         "due_date", "weight")]
            self._rows = []
            for task in tasks.to_dict("records"):
                self._add_row(TaskRow(
                    title=plain_text(task["title"]), due_date=iso(task["due_date"]),
                    weight=task["weight"], task_id=task["task_id"],
                    extra={c: task[c] for c in own}))
            self._tasks_box.children = tuple(self._rows)
        finally:
            self._filling = False
        self._touched = set()
        self._show_all = False
        self._show_started()
        self._check()

    def _show_started(self) -> None:
        """The first plan, the reason and the baseline choice: shown for a started goal."""
        started = self._started is not None
        for widget in (self.target_note, self.reason, self.rebaseline):
            show(widget, started)
        if started:
            _, first, current = self._started
            revised = "" if current == first else f"; current target {iso(current)} (revised)"
            self.target_note.value = (
                f'<span style="color:{MUTED_COLOR}">This goal has started: a new target is '
                f"recorded as a revision dated {iso(self._today)}. First plan (baseline): "
                f"{iso(first)}{revised}.</span>")
        else:
            self.target_note.value = ""

    def _add_row(self, row: TaskRow) -> None:
        self._rows.append(row)
        for name in ("title", "due_date", "weight"):
            getattr(row, name).observe(self._on_task_field, "value")
        row.remove_button.on_click(functools.partial(self._on_remove_task, row))

    # --- checking ----------------------------------------------------------------------------

    def _revising(self) -> bool:
        """Whether the target field is a revision of a started goal (not its first plan)."""
        return self._started is not None and not self.rebaseline.value

    def _candidate(self) -> tuple[dict, list[dict], str | None]:
        """The goal and its tasks as typed (goals.csv and tasks.csv cells), and the goal
        they replace. A started goal keeps its first plan (see :meth:`_revision`)."""
        goal = {name: blank(getattr(self, name).value) for name in GOAL_FIELDS}
        if self._revising():
            goal["target_date"] = self._started[1]
        tasks = []
        for row in self._rows:
            cells = row.cells()
            cells["title"] = blank(cells["title"])
            cells["due_date"] = blank(cells["due_date"])
            tasks.append(cells)
        return goal, tasks, self.goal.value or None

    def _revision(self, data: CareerData, goal_id) -> CareerData:
        """``data`` with the revision the target field asks for, if any: a goal-level
        check-in of ``goal_id`` dated today with the new target, when it differs from the
        current one."""
        if not self._revising():
            return data
        typed = blank(self.target_date.value)
        if typed is None:
            raise CareerDataError(problems_frame([["progress", 2, "revised_target_date", "",
                                                   "a value (required)",
                                                   Rule.REQUIRED_VALUE]]), where="the form")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CareerDataWarning)
            revised = record_checkin(data, goal_id, self._today, revised_target_date=typed,
                                     reason=self.reason.value)
        if revised.progress["revised_target_date"].iloc[-1] == self._started[2]:
            return data  # the current target, unchanged: nothing to record
        return revised

    def _check(self) -> CareerData | None:
        """Check the form; show each problem beside its field. The checked goal, or None."""
        goal, tasks, replacing = self._candidate()
        found: dict[str, list[str]] = {name: [] for name in self.errors}
        general: list[str] = []
        checked = None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", CareerDataWarning)
                checked = checked_goal(self.data, goal, tasks, replacing=replacing)
            self._revision(checked, checked.goals["goal_id"].iloc[0])
        except CareerDataError as error:
            checked = None
            for row in error.problems.itertuples(index=False):
                if row.file == "goals" and row.column == "goal_id" \
                        and row.rule == Rule.DUPLICATE_ID:
                    found["goal_id"].append(self._taken_text(row.value))
                elif row.file == "goals" and row.column in found:
                    found[row.column].append(problem_text(row))
                elif row.file == "tasks" and row.column in TASK_LABELS:
                    found["tasks"].append(problem_text(
                        row, f"task {int(row.line) - 1}, {TASK_LABELS[row.column]}"))
                elif row.file == "tasks" and row.column == "goal_id":
                    continue  # the goal's own goal_id is reported
                elif row.file == "progress" and row.column == "revised_target_date":
                    found["target_date"].append(problem_text(row))
                elif row.file == "progress" and row.column == "task_id":
                    general.append(html.escape(
                        f"a check-in of this goal is about task {row.value}: keep that task"))
                else:
                    general.append(problem_text(row, f"{row.file} {row.column}".strip()))
        general = list(dict.fromkeys(general))
        for name, error in self.errors.items():
            shown = found[name] if (self._show_all or name in self._touched) else []
            error.value = field_error(shown)
        self._problems = sum(len(v) for v in found.values())
        self._general = general
        self.save_button.disabled = checked is None
        if general and (self._show_all or self._touched):
            self.say("error", "<br>".join(general))
            self._general_shown = True
        elif self._general_shown:
            self.message.value = ""
            self._general_shown = False
        return checked

    def _taken_text(self, goal_id) -> str:
        other = self.data.goals.loc[equals_mask(self.data.goals["goal_id"], goal_id)].iloc[0]
        return html.escape(f"{goal_id!r}: expected a goal id that is not taken (it is "
                           f"{other['client']} · {plain_text(other['title'])})")

    # --- handlers ----------------------------------------------------------------------------

    @guarded
    def _on_goal(self, change) -> None:
        if self._filling:
            return
        self.message.value = ""
        self._fill(change["new"] or "")

    @guarded
    def _on_field(self, name, change) -> None:
        if self._filling:
            return
        self._touched.add(name)
        self._check()

    @guarded
    def _on_task_field(self, change) -> None:
        if not self._filling:
            self._touched.add("tasks")
            self._check()

    @guarded
    def _on_add_task(self, _button) -> None:
        self._add_row(TaskRow())
        self._tasks_box.children = tuple(self._rows)
        self._check()

    @guarded
    def _on_remove_task(self, row, _button) -> None:
        if row in self._rows:
            self._rows.remove(row)
            self._tasks_box.children = tuple(self._rows)
            self._check()

    @guarded
    def _on_save(self, _button) -> None:
        self._show_all = True
        checked = self._check()
        if checked is None:
            fields = [FIELD_LABELS[name] for name, error in self.errors.items() if error.value]
            head = (f"Not saved: {count_text(self._problems, 'problem')} to fix, shown beside "
                    f"{', '.join(fields)}." if self._problems else "Not saved:")
            self.say("error", "<br>".join([html.escape(head), *self._general]))
            return
        goal, tasks, replacing = self._candidate()
        goal_id = checked.goals["goal_id"].iloc[0]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CareerDataWarning)
            new = put_goal(self.data, goal, tasks, replacing=replacing)
        new = self._revision(new, goal_id)
        revised = len(new.progress) > len(self.data.progress)
        first = self._started[1] if self._started else None
        folder = self.data.folder
        notes = self.save(new)
        if notes is None:
            return
        self._filling = True
        try:
            self.goal.value = goal_id
        finally:
            self._filling = False
        self._fill(goal_id)
        text = (f"Saved goal {goal_id} with {count_text(len(checked.tasks), 'task')} "
                f"to {folder}.")
        if revised:
            text += (f" Target revised to {iso(new.progress['revised_target_date'].iloc[-1])} "
                     f"(a check-in of {iso(self._today)}, reason "
                     f"{new.progress['reason'].iloc[-1]}); the first plan, {iso(first)}, "
                     "is kept.")
        self.say("ok", "<br>".join([html.escape(text), *map(html.escape, notes)]))
