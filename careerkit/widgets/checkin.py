"""The check-in form: record progress on an open goal, seeing its effect first; pause,
drop or resume a goal; correct or remove a wrong check-in."""

from __future__ import annotations

import datetime as dt
import functools
import html
import warnings

import ipywidgets as widgets
import numpy as np
import pandas as pd

from ..analytics import forecast_finish, goal_status
from ..analytics.forecast import caseload_pool, pool_pieces
from ..data import CareerData, CareerDataError, CareerDataWarning, load
from ..data.edits import STATUS_WORDS, correct_checkin, remove_checkin, set_goal_status
from ..data.schema import Rule
from ..formatting import percent_text, plain_text
from ..plotting import STATE_LABELS
from ..plotting.base import equals_mask
from .base import (
    DATE_HINT,
    MUTED_COLOR,
    REASONS,
    Form,
    blank,
    chip,
    days_text,
    field_error,
    guarded,
    iso,
    note,
    problem_text,
    show,
    tag,
    warning_text,
)

#: The form's fields, by the progress.csv column they fill, and how problems name them.
FIELDS = {"date": ("date", "date"), "percent_complete": ("percent", "percent"),
          "revised_target_date": ("revised_target", "revised target"),
          "reason": ("reason", "reason"), "note": ("note", "note")}
#: The goals a check-in can be about: not completed, not dropped.
OPEN = ("active", "on_hold")
#: The correction fields, by the progress.csv column they fill.
FIX_FIELDS = {"date": "fix_date", "percent_complete": "fix_percent", "note": "fix_note"}
FIX_LABELS = {"date": "date", "percent_complete": "percent", "note": "note"}
#: How a message names a status.
STATUS_LABELS = {"on_hold": "on hold", "dropped": "dropped", "active": "active again"}


class CheckIn(Form):
    """Track progress: record a check-in on an open goal, seeing its effect first.

    Pick a client and one of their open goals (active, or on hold: marked so), then fill
    in what changed: a percent, the
    tasks done (marked done on the check-in day), a revised target and its reason, a note.
    The preview shows the goal's state, forecast and drift before and after, computed by
    :func:`careerkit.goal_status` on the data with the check-in added (as of its day), and
    its P85 finish date and chance of finishing by its target from
    :func:`careerkit.forecast_finish` (that goal alone, with the pools of all the data; the
    figures without the check-in are computed once per goal, day and data).
    Save appends exactly one goal-level row to progress.csv (and sets the completed date of
    the tasks marked done) through :meth:`CareerData.record_checkin`,
    :meth:`CareerData.complete_tasks` and :meth:`CareerData.save`. When the check-in brings
    the goal to 100 %, a button offers to complete the goal. A goal that has not started by
    ``today`` is listed as planned ("planned: starts 2026-12-07"); a check-in dated before
    its goal's start is refused, with the reason beside the date.

    Pause, Drop and Resume change the goal's status on the check-in day and record it in a
    check-in note ("paused 2026-03-02", then ": " and the note typed, if any;
    :func:`careerkit.data.edits.set_goal_status`). The goal's check-ins are listed in
    ``checkins`` (file order); the one picked can be corrected (date, percent, note) or
    removed (:func:`careerkit.data.edits.correct_checkin`, ``remove_checkin``): progress.csv
    is then rewritten, atomically, after a copy of it as it was (``progress.orig.csv``).

    Parameters
    ----------
    folder : path
        The data folder.
    today : date-like, optional
        The default check-in day; by default today's date (the only use of the clock in
        careerkit).

    Attributes
    ----------
    client, goal : ipywidgets.Dropdown
        The client (those with an open goal) and the goal (labels: titles, "(on hold)"
        for a paused goal; values: goal ids).
    date, percent, revised_target : ipywidgets.Text
        The check-in day (YYYY-MM-DD, or 31/03/2025 and the like), the percent complete (blank:
        not reported; "45" or "45%") and a new target (blank: unchanged).
    tasks_done : ipywidgets.SelectMultiple
        The goal's open tasks; those picked are done on the check-in day.
    reason : ipywidgets.Combobox
        Why the target moved: scope, capacity, dependency, priority, other (any text).
    note : ipywidgets.Textarea
    errors : dict of str to ipywidgets.HTML
        The problem shown beside each field (``date``, ``percent``, ``revised_target``,
        ``reason``, ``note``); empty text when the field is fine.
    preview : ipywidgets.HTML
    save_button, complete_button, reload_button : ipywidgets.Button
    pause_button, drop_button, resume_button : ipywidgets.Button
        Shown when they apply (Resume for a goal on hold).
    checkins : ipywidgets.Select
        The goal's check-ins (values: their rows in ``data.progress``).
    fix_date, fix_percent, fix_note : ipywidgets.Text
        The picked check-in's cells, to correct.
    fix_errors : ipywidgets.HTML
        What is wrong with the correction.
    correct_button, remove_button : ipywidgets.Button
    message : ipywidgets.HTML
    data : CareerData
        The data as loaded or last saved.

    Examples
    --------
    >>> import shutil, tempfile, careerkit
    >>> from careerkit.widgets import CheckIn
    >>> folder = shutil.copytree("sample_data", tempfile.mkdtemp() + "/data")
    >>> checkin = CheckIn(folder, today="2026-07-06")
    >>> checkin.client.value = "Priya Venkataraman"
    >>> checkin.goal.value = "C00006-G1"
    >>> checkin.percent.value = "80"
    >>> "on track" in checkin.preview.value
    True
    >>> checkin.save_button.click()
    >>> last = careerkit.load(folder).progress.iloc[-1]
    >>> str(last["date"].date()), last["goal_id"], float(last["percent_complete"])
    ('2026-07-06', 'C00006-G1', 80.0)
    """

    reloaded_text = "Reloaded from disk; your check-in is still in the form: save it again."

    def __init__(self, folder, *, today=None):
        super().__init__(load(folder))
        day = dt.date.today() if today is None else pd.Timestamp(today).date()
        self._today = pd.Timestamp(day)
        self._filling = False
        self._completable: tuple[str, pd.Timestamp] | None = None
        self._before: dict = {}  # (goal_id, day) -> the goal without the check-in, per data
        self._pools: dict = {}  # day -> the caseload's pooled increments, per data

        style = {"description_width": "9em"}
        wide = widgets.Layout(width="36em")
        self.client = widgets.Dropdown(description="Client", style=style, layout=wide)
        self.goal = widgets.Dropdown(description="Goal", style=style, layout=wide)
        self.date = widgets.Text(value=day.isoformat(), description="Date",
                                 placeholder=DATE_HINT, style=style, continuous_update=False)
        self.percent = widgets.Text(description="Percent", placeholder="0–100, blank: none",
                                    style=style, continuous_update=False)
        self.tasks_done = widgets.SelectMultiple(description="Tasks done", style=style,
                                                 rows=5, layout=wide)
        self.revised_target = widgets.Text(description="Revised target",
                                           placeholder=f"{DATE_HINT} (optional)", style=style,
                                           continuous_update=False)
        self.reason = widgets.Combobox(description="Reason", options=list(REASONS),
                                       ensure_option=False, style=style)
        # Typed fields reach Python when they lose focus (or Enter, or a click on Save), not
        # per keystroke: a key-by-key sync while the preview computes lost characters in
        # Voila (the app): "55" was saved as 5, a note as its first character.
        self.note = widgets.Textarea(description="Note", style=style, layout=wide,
                                     continuous_update=False)
        self.errors = {field: widgets.HTML() for field, _ in FIELDS.values()}
        self.preview = widgets.HTML()
        self.save_button = widgets.Button(description="Save check-in", icon="save",
                                          button_style="primary")
        self.complete_button = widgets.Button(description="Complete the goal", icon="check",
                                              button_style="success")
        show(self.complete_button, False)
        self.pause_button = widgets.Button(description="Pause (on hold)", icon="pause")
        self.drop_button = widgets.Button(description="Drop the goal", icon="times")
        self.resume_button = widgets.Button(description="Resume", icon="play")
        self.checkins = widgets.Select(description="Check-ins", style=style, rows=6,
                                       layout=widgets.Layout(width="48em"))
        self.fix_date = widgets.Text(description="Date", placeholder=DATE_HINT, style=style,
                                     continuous_update=False)
        self.fix_percent = widgets.Text(description="Percent", placeholder="blank: none",
                                        style=style, continuous_update=False)
        self.fix_note = widgets.Text(description="Note", style=style, layout=wide,
                                     continuous_update=False)
        self.fix_errors = widgets.HTML()
        self.correct_button = widgets.Button(description="Save correction", icon="pencil")
        self.remove_button = widgets.Button(description="Remove check-in", icon="trash",
                                            button_style="danger")

        tag([(self, "ck-checkin"), (self.client, "ck-checkin-client"),
             (self.goal, "ck-checkin-goal"), (self.date, "ck-checkin-date"),
             (self.percent, "ck-checkin-percent"), (self.tasks_done, "ck-checkin-tasks"),
             (self.revised_target, "ck-checkin-revised"), (self.reason, "ck-checkin-reason"),
             (self.note, "ck-checkin-note"), (self.preview, "ck-checkin-preview"),
             (self.save_button, "ck-checkin-save"),
             (self.complete_button, "ck-checkin-complete"),
             (self.reload_button, "ck-checkin-reload"), (self.message, "ck-checkin-message"),
             (self.pause_button, "ck-checkin-pause"), (self.drop_button, "ck-checkin-drop"),
             (self.resume_button, "ck-checkin-resume"), (self.checkins, "ck-checkin-list"),
             (self.fix_date, "ck-checkin-fix-date"), (self.fix_percent, "ck-checkin-fix-percent"),
             (self.fix_note, "ck-checkin-fix-note"), (self.fix_errors, "ck-checkin-fix-errors"),
             (self.correct_button, "ck-checkin-correct"),
             (self.remove_button, "ck-checkin-remove")])
        for field, error in self.errors.items():
            error.add_class("ck-checkin-error")
            error.add_class(f"ck-checkin-error-{field.replace('_', '-')}")

        def beside(field):
            return widgets.HBox([getattr(self, field), self.errors[field]])

        self.children = [self.client, self.goal, beside("date"), beside("percent"),
                         self.tasks_done, beside("revised_target"), beside("reason"),
                         beside("note"), self.preview,
                         widgets.HBox([self.save_button, self.complete_button,
                                       self.reload_button]),
                         self.message,
                         widgets.HTML("<b>The goal's status</b> "
                                      f'<span style="color:{MUTED_COLOR}">on the date above; '
                                      "the note above goes with it</span>"),
                         widgets.HBox([self.pause_button, self.drop_button,
                                       self.resume_button]),
                         widgets.HTML("<b>Its check-ins</b> "
                                      f'<span style="color:{MUTED_COLOR}">pick one to correct '
                                      "or remove it (progress.csv is backed up first)</span>"),
                         self.checkins, self.fix_date, self.fix_percent, self.fix_note,
                         self.fix_errors, widgets.HBox([self.correct_button,
                                                        self.remove_button])]

        self.client.observe(self._on_client, "value")
        self.goal.observe(self._on_goal, "value")
        for field in (self.date, self.percent, self.tasks_done, self.revised_target,
                      self.reason, self.note):
            field.observe(self._on_field, "value")
        self.save_button.on_click(self._on_save)
        self.complete_button.on_click(self._on_complete)
        for button, status in ((self.pause_button, "on_hold"), (self.drop_button, "dropped"),
                               (self.resume_button, "active")):
            button.on_click(functools.partial(self._on_status, status))
        self.checkins.observe(self._on_pick_checkin, "value")
        self.correct_button.on_click(self._on_correct)
        self.remove_button.on_click(self._on_remove)
        self._refresh()

    # --- choices -----------------------------------------------------------------------------

    def data_changed(self) -> None:
        """New data (saved or reloaded): the choices and the preview follow."""
        self._before = {}
        self._pools = {}
        self._refresh()

    def _open(self) -> np.ndarray:
        """Which goals a check-in can be about: active or on hold, not completed."""
        goals = self.data.goals
        return (goals["status"].isin(OPEN).to_numpy(dtype=bool)
                & goals["completed_date"].isna().to_numpy())

    def _refresh(self) -> None:
        """Options of every choice from the data; keeps what is picked when still there."""
        active = self.data.goals.loc[self._open()]
        clients = sorted(active["client"].dropna().unique().tolist())
        client, goal = self.client.value, self.goal.value
        self._filling = True
        try:
            self.client.options = clients
            self.client.value = client if client in clients else (clients[0] if clients
                                                                  else None)
            self._goal_options(goal)
        finally:
            self._filling = False
        self._update_preview()

    def _goal_options(self, keep=None) -> None:
        """The client's open goals; those not started by ``today`` are marked planned, those
        on hold so."""
        goals = self.data.goals
        mine = equals_mask(goals["client"], self.client.value) & self._open()
        started = goal_status(self.data.select_goal_rows(mine), as_of=self._today).index
        theirs = goals.loc[mine]
        options = []
        for goal_id, title, start, status in zip(theirs["goal_id"], theirs["title"],
                                                 theirs["start_date"], theirs["status"],
                                                 strict=True):
            label = plain_text(title) or str(goal_id)
            if status == "on_hold":
                label += " (on hold)"
            if goal_id not in started:
                label += f" (planned: starts {iso(start)})"
            options.append((label, goal_id))
        self.goal.options = options
        values = [v for _, v in options]
        self.goal.value = keep if keep in values else (values[0] if values else None)
        self._goal_parts()

    def _goal_parts(self) -> None:
        """What follows the goal picked: its open tasks, status buttons and check-ins."""
        self._task_options()
        goals = self.data.goals
        status = goals.loc[equals_mask(goals["goal_id"], self.goal.value), "status"]
        status = status.iloc[0] if len(status) else None
        show(self.pause_button, status == "active")
        show(self.drop_button, status in OPEN)
        show(self.resume_button, status == "on_hold")
        self._checkin_options()

    def _checkin_options(self, keep=None) -> None:
        """The goal's check-ins in file order; ``keep`` (a row) picked if it is one."""
        progress = self.data.progress
        rows = np.flatnonzero(equals_mask(progress["goal_id"], self.goal.value))
        mine = progress.iloc[rows]
        options = []
        for row, day, task_id, percent, target, text in zip(
                rows.tolist(), mine["date"], mine["task_id"], mine["percent_complete"],
                mine["revised_target_date"], mine["note"], strict=True):
            parts = [iso(day)]
            if not pd.isna(task_id):
                parts.append(f"task {task_id}")
            if not pd.isna(percent):
                parts.append(percent_text(percent))
            if not pd.isna(target):
                parts.append(f"target → {iso(target)}")
            if plain_text(text):
                parts.append(" ".join(plain_text(text).split())[:60])
            options.append((" · ".join(parts), row))
        self.checkins.value = None
        self.checkins.options = options
        keep = keep if keep in set(rows.tolist()) else None
        self.checkins.value = keep
        self._fill_fix(keep)

    def _fill_fix(self, row) -> None:
        self.fix_errors.value = ""
        picked = row is not None
        for widget in (self.fix_date, self.fix_percent, self.fix_note, self.correct_button,
                       self.remove_button):
            widget.disabled = not picked
        cells = self.data.progress.iloc[row] if picked else {}
        filling, self._filling = self._filling, True
        try:
            self.fix_date.value = iso(cells["date"]) if picked else ""
            percent = cells["percent_complete"] if picked else None
            self.fix_percent.value = "" if percent is None or pd.isna(percent) else \
                f"{float(percent):g}"
            self.fix_note.value = plain_text(cells["note"]) if picked else ""
        finally:
            self._filling = filling

    def _task_options(self) -> None:
        tasks = self.data.tasks
        mine = tasks.loc[equals_mask(tasks["goal_id"], self.goal.value)
                         & tasks["completed_date"].isna().to_numpy()]
        self.tasks_done.value = ()
        self.tasks_done.options = [
            (f"{plain_text(title)} (due {iso(due)})", task_id)
            for task_id, title, due in zip(mine["task_id"], mine["title"], mine["due_date"],
                                           strict=True)]

    def _clear(self) -> None:
        self._filling = True
        try:
            self.percent.value = ""
            self.revised_target.value = ""
            self.reason.value = ""
            self.note.value = ""
            self.tasks_done.value = ()
        finally:
            self._filling = False

    # --- preview -----------------------------------------------------------------------------

    def _try(self, data: CareerData) -> tuple[CareerData | None, dict, list[str], list[str]]:
        """The data with this check-in (or None), the problems by field and the others (as
        HTML), and notes."""
        by_field: dict[str, list[str]] = {field: [] for field in self.errors}
        if self.goal.value is None:
            return None, by_field, ["pick a goal first"], []
        general, notes = [], []
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", CareerDataWarning)
                new = data.record_checkin(
                    self.goal.value, self.date.value, percent_complete=self.percent.value,
                    revised_target_date=self.revised_target.value, reason=self.reason.value,
                    note=self.note.value)
                if self.tasks_done.value:
                    new = new.complete_tasks(self.tasks_done.value, new.progress["date"].iloc[-1])
        except CareerDataError as error:
            for row in error.problems.itertuples(index=False):
                if row.file == "progress" and row.column in FIELDS:
                    field, label = FIELDS[row.column]
                    by_field[field].append(problem_text(row))
                    general.append(problem_text(row, label))
                else:
                    general.append(problem_text(row, f"{row.file} {row.column}"))
            return None, by_field, general, notes
        for warning in caught:
            if getattr(warning.message, "rule", None) != Rule.FULL_CHECKIN_NOT_COMPLETED:
                notes.append(html.escape(warning_text(warning.message)))  # (Complete offers it)
        return new, by_field, general, notes

    def _show_problems(self, by_field: dict) -> None:
        for field, error in self.errors.items():
            error.value = field_error(by_field.get(field, []))

    def _update_preview(self) -> None:
        goal_id = self.goal.value
        if goal_id is None:
            self._show_problems({})
            self.preview.value = note("info", "No active goal to check in on.")
            return
        with_checkin, by_field, problems, notes = self._try(self.data)
        after = None if with_checkin is None else with_checkin.select_goal_rows(
            equals_mask(with_checkin.goals["goal_id"], goal_id))
        self._show_problems(by_field)
        if after is None:
            self.preview.value = note("info", "The preview shows once the check-in can be "
                                              "read (see the fields).")
            self.say("error", "<br>".join(problems))
            return
        self.message.value = ""
        day = after.progress["date"].iloc[-1]
        if (goal_id, day) not in self._before:
            self._before[goal_id, day] = self._without_checkin(goal_id, day)
        before, finish_before, has_tasks = self._before[goal_id, day]
        now = goal_status(after, as_of=day).loc[goal_id]
        finish_now = self._finish(with_checkin, goal_id, day)
        rows = [
            ("state", chip(before["state"]), chip(now["state"])),
            ("complete", percent_text(before["percent_complete"]),
             percent_text(now["percent_complete"])),
            ("current target", iso(before["current_target"]), iso(now["current_target"])),
            ("forecast", iso(before["forecast_date"]) or "none yet",
             iso(now["forecast_date"]) or "none yet"),
            ("forecast drift", days_text(before["forecast_drift_days"]),
             days_text(now["forecast_drift_days"])),
            ("P85 finish", iso(finish_before["p85_date"]) or "none yet",
             iso(finish_now["p85_date"]) or "none yet"),
            ("chance by target", percent_text(100 * finish_before["prob_by_target"]),
             percent_text(100 * finish_now["prob_by_target"])),
        ]
        cell = 'style="padding:1px 10px 1px 0;text-align:left"'
        table = ("<table><tr>" + f"<th {cell}></th><th {cell}>without this check-in</th>"
                 f"<th {cell}>with it</th></tr>"
                 + "".join(f"<tr><td {cell}>{a}</td><td {cell}>{b}</td><td {cell}>{c}</td></tr>"
                           for a, b, c in rows) + "</table>")
        head = html.escape(f"As of {iso(day)}")
        if has_tasks and blank(self.percent.value) is not None:
            notes.append("this goal counts its done tasks: the percent is recorded but not "
                         "used")
        self.preview.value = (f"<div><b>{head}</b>{table}"
                              + "".join(f'<div style="color:{MUTED_COLOR}">note: {n}</div>'
                                        for n in notes) + "</div>")

    def _without_checkin(self, goal_id, day) -> tuple[pd.Series, pd.Series, bool]:
        """The goal as of ``day`` without the check-in: its goal_status and forecast_finish
        rows, and whether it has tasks (computed once per goal, day and data)."""
        sub = self.data.select_goal_rows(equals_mask(self.data.goals["goal_id"], goal_id))
        return (goal_status(sub, as_of=day).loc[goal_id], self._finish(self.data, goal_id, day),
                bool(len(sub.tasks)))

    def _finish(self, data: CareerData, goal_id, day) -> pd.Series:
        """forecast_finish's row of one goal as of ``day``: its own and its client's pools
        from its client's goals, the caseload's from all of the loaded data (computed once
        per day and data). ``data`` is the loaded data, or it with a check-in on the goal,
        which changes no pool the goal draws from (a goal that draws on its own history is
        in the pools of the others only), so the row is that of all of ``data``."""
        if day not in self._pools:
            self._pools[day] = caseload_pool([pool_pieces(self.data, day)])
        client = data.goals["client"].to_numpy()[equals_mask(data.goals["goal_id"], goal_id)]
        mine = data.select_goal_rows(equals_mask(data.goals["client"], client[0]))
        try:
            return forecast_finish(mine, as_of=day, goals=[goal_id], progress=False,
                                   caseload_increments=self._pools[day]).loc[goal_id]
        except ValueError:  # a check-in percent whose unit the pool's cannot hold
            return forecast_finish(data, as_of=day, goals=[goal_id],
                                   progress=False).loc[goal_id]

    # --- handlers ----------------------------------------------------------------------------

    @guarded
    def _on_client(self, change) -> None:
        self._refill(self._goal_options)

    @guarded
    def _on_goal(self, change) -> None:
        self._refill(self._goal_parts)

    def _refill(self, fill_options) -> None:
        """Another client or goal: new options, an empty form, a fresh preview."""
        if self._filling:
            return
        self._filling = True
        try:
            fill_options()
        finally:
            self._filling = False
        self._clear()
        self._completable = None
        show(self.complete_button, False)
        self._update_preview()

    @guarded
    def _on_field(self, change) -> None:
        if not self._filling:
            self._update_preview()

    @guarded
    def _on_save(self, _button) -> None:
        goal_id = self.goal.value
        new, _, problems, _ = self._try(self.data)
        if new is None:
            self.say("error", "Not saved: " + "<br>".join(problems))
            return
        notes = self.save(new)
        if notes is None:
            return
        day = new.progress["date"].iloc[-1]
        sub = new.select_goal_rows(equals_mask(new.goals["goal_id"], goal_id))
        status = goal_status(sub, as_of=day).loc[goal_id]
        self._clear()
        self._update_preview()
        text = html.escape(f"Saved the check-in of {iso(day)} on “{status['title']}”: now "
                           f"{percent_text(status['percent_complete'])}, "
                           f"{STATE_LABELS[status['state']]}.")
        if status["percent_complete"] >= 100 and not status["completed_at_T"]:
            self._completable = (goal_id, day)
            show(self.complete_button, True)
            text += " It is at 100 %: complete the goal?"
        else:
            show(self.complete_button, False)
        self.say("ok", "<br>".join([text, *map(html.escape, notes)]))

    @guarded
    def _on_complete(self, _button) -> None:
        if self._completable is None:
            self.say("info", "Nothing to complete: save a check-in that brings a goal to "
                             "100 % first.")
            return
        goal_id, day = self._completable
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", CareerDataWarning)
                new = self.data.complete_goal(goal_id, day)
        except CareerDataError as error:
            self.say("error", "Not completed: " + "<br>".join(
                problem_text(row, row.column) for row in error.problems.itertuples()))
            return
        notes = self.save(new)
        if notes is None:
            return
        self._completable = None
        show(self.complete_button, False)
        checks = [html.escape(warning_text(w.message)) for w in caught]
        self.say("ok", "<br>".join([html.escape(f"Goal {goal_id} completed on {iso(day)}."),
                                    *checks, *map(html.escape, notes)]))

    # --- the goal's status and its check-ins -------------------------------------------------

    def _edit(self, verb: str, edit) -> CareerData | None:
        """``edit()``'s data, or None with its problems in the message line."""
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", CareerDataWarning)
                return edit()
        except CareerDataError as error:
            self.say("error", f"Not {verb}: " + "<br>".join(
                problem_text(row, FIX_LABELS.get(row.column, row.column))
                for row in error.problems.itertuples()))
        except ValueError as error:
            self.say("error", html.escape(f"Not {verb}: {error}"))
        return None

    @guarded
    def _on_status(self, status, _button) -> None:
        goal_id = self.goal.value
        word = STATUS_WORDS[status]
        if goal_id is None:
            self.say("info", f"Pick a goal to mark it {word}.")
            return
        new = self._edit(word, lambda: set_goal_status(self.data, goal_id, status,
                                                       self.date.value, note=self.note.value))
        if new is None:
            return
        goals = self.data.goals
        title = plain_text(goals.loc[equals_mask(goals["goal_id"], goal_id), "title"].iloc[0])
        notes = self.save(new)
        if notes is None:
            return
        self._clear()
        last = new.progress.iloc[-1]
        self.say("ok", "<br>".join([html.escape(
            f"“{title}” is {STATUS_LABELS[status]} from {iso(last['date'])} (a check-in notes "
            f"“{last['note']}”)."), *map(html.escape, notes)]))

    @guarded
    def _on_pick_checkin(self, change) -> None:
        if not self._filling:
            self._fill_fix(change["new"])

    def _fix_cells(self) -> dict:
        return {column: getattr(self, name).value for column, name in FIX_FIELDS.items()}

    @guarded
    def _on_correct(self, _button) -> None:
        row = self.checkins.value
        if row is None:
            self.say("info", "Pick a check-in to correct first.")
            return
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", CareerDataWarning)
                new = correct_checkin(self.data, row, **self._fix_cells())
        except CareerDataError as error:
            self.fix_errors.value = field_error([
                problem_text(problem, FIX_LABELS.get(problem.column, problem.column))
                for problem in error.problems.itertuples()])
            self.say("error", "Not corrected: see the problems beside the check-in.")
            return
        self._save_history(new, "Corrected the check-in", keep=row)

    @guarded
    def _on_remove(self, _button) -> None:
        row = self.checkins.value
        if row is None:
            self.say("info", "Pick a check-in to remove first.")
            return
        self._save_history(remove_checkin(self.data, row), "Removed the check-in")

    def _save_history(self, new: CareerData, done: str, keep=None) -> None:
        """Save a corrected or removed check-in, progress.csv backed up first; ``keep``: the
        row picked afterwards."""
        label = {v: k for k, v in self.checkins.options}[self.checkins.value]
        notes = self.save(new, backup="progress")
        if notes is None:
            return
        self._checkin_options(keep)
        self.say("ok", "<br>".join([html.escape(f"{done} “{label}”."),
                                    *map(html.escape, notes)]))
