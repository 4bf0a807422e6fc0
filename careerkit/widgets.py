"""Widgets for a coach in Jupyter: a caseload dashboard, a goal planner, a check-in form and
a what-if sandbox.

Each widget is an :class:`ipywidgets.VBox` whose controls are plain attributes: set their
``.value`` or call ``.click()`` on a button to drive it from code, exactly as a person does
in the notebook. The logic lives in ordinary methods; what the widgets show comes from the
library's own functions (:func:`~careerkit.goal_status`, the ``plot_*`` charts), and what
they write goes through :meth:`CareerData.save` (atomic, columns of your own kept, refusing
to overwrite files that changed on disk meanwhile).

- :class:`Dashboard`: filter the caseload by client, category and state, as of any day.
- :class:`Planner`: establish a goal and its tasks, checked by the same rules as ``load``.
- :class:`CheckIn`: record a check-in, see its effect before saving, complete a goal.
- :class:`WhatIf`: try another pace or target for one goal, and record the revision.

Problems (a date that cannot be read, a file changed by someone else) are shown in the
widget, never as a traceback. Nothing here reads the clock, except :class:`CheckIn` for the
default check-in day when no ``today`` is given.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import math
import os
import re
import warnings
from collections import OrderedDict
from pathlib import Path
from typing import NamedTuple

import ipywidgets as widgets
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .analytics import default_as_of, goal_status, resolve_as_of
from .analytics.attention import attention_order
from .data import CareerData, CareerDataError, CareerDataWarning, ChangedOnDiskError, load
from .data.schema import PROGRESS, STATES
from .data.validation import positions
from .formatting import date_text, percent_text
from .plotting import (
    MAX_TIMELINE_ROWS,
    STATE_COLORS,
    STATE_LABELS,
    TEMPLATE,
    caseload_parts,
    check_filters,
    empty_parts,
    equals_mask,
    escape_text,
    plot_burnup,
    timeline_parts,
)

__all__ = ["CheckIn", "Dashboard", "Planner", "WhatIf"]

#: Suggested reasons for a revised target (any text is accepted).
REASONS = ("scope", "capacity", "dependency", "priority", "other")
#: Suggested goal categories, besides those the data already uses.
CATEGORIES = ("skills", "network", "role", "compensation", "wellbeing")
#: Rows of the dashboard's goal table.
MAX_TABLE_ROWS = 200
#: How many as_of days the dashboard keeps computed.
_CACHE_DAYS = 4

_ERROR = "#D55E00"
_OK = "#009E73"
_MUTED = "#666666"
_DATE_HINT = "YYYY-MM-DD"


# --- small helpers ---------------------------------------------------------------------------

def _as_data(data_or_folder) -> CareerData:
    if isinstance(data_or_folder, CareerData):
        return data_or_folder
    if isinstance(data_or_folder, str | os.PathLike):
        return load(data_or_folder)
    raise TypeError("expected a CareerData or the path of a data folder, not "
                    f"{type(data_or_folder).__name__}")


def _iso(value) -> str:
    """YYYY-MM-DD of a date-like value; empty text when missing."""
    return date_text(value, missing="")


def _days_text(value) -> str:
    if value is None or pd.isna(value):
        return "—"
    value = int(value)
    return f"{value:+d} day{'s' * (abs(value) != 1)}" if value else "0 days"


def _plural_days(n: int) -> str:
    return f"{n} day{'s' * (n != 1)}"


def _note(kind: str, text: str) -> str:
    """A status line; ``text`` is HTML (escape data text before)."""
    color = {"error": _ERROR, "ok": _OK}.get(kind, _MUTED)
    return f'<div class="ck-{kind}" style="color:{color}">{text}</div>'


def _chip(state) -> str:
    """A coloured square and the state's name."""
    if state is None or pd.isna(state):
        return "—"
    color = STATE_COLORS.get(state, _MUTED)
    return (f'<span style="display:inline-block;width:0.8em;height:0.8em;border-radius:2px;'
            f'background:{color};margin-right:0.3em;vertical-align:baseline"></span>'
            f"{html.escape(STATE_LABELS.get(state, str(state)))}")


def _show(widget: widgets.Widget, visible: bool) -> None:
    widget.layout.display = None if visible else "none"


def _guarded(method):
    """Run a handler; any error is shown in the widget's message line, not as a traceback."""
    @functools.wraps(method)
    def run(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception as error:  # a widget shows its problems, never a traceback
            self.message.value = _note(
                "error", f"Something went wrong: {html.escape(type(error).__name__)}: "
                         f"{html.escape(str(error))}")
            return None
    return run


def _problem_text(row, label: str | None = None) -> str:
    """One problem of a CareerDataError as a short sentence for a form (HTML-escaped)."""
    expected = str(row.expected)
    if "dayfirst" in expected:  # the day/month order of a date like 03/04/2025 is unknown
        expected = ("a date written as YYYY-MM-DD: a date like 03/04/2025 could be day/month "
                    "or month/day")
    elif expected.startswith("a value (") and "required" in expected:
        expected = "a value (required)"
    text = f"expected {expected}"
    if isinstance(row.value, str) and row.value:
        text = f"{row.value!r}: {text}"
    if label:
        text = f"{label}: {text}"
    return html.escape(text, quote=False)


def _warning_text(message: str) -> str:
    """A CareerDataWarning without the file and line it names (the form has no lines)."""
    text = re.sub(r"^\w+(\.csv)?: ", "", str(message))
    return re.sub(r" \(lines? [^)]*\)$", "", text)


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


def _blank(value):
    """None for empty text; the text trimmed otherwise."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _record_checkin(data: CareerData, row: dict, *, tasks_done=()) -> CareerData:
    """``data`` plus one goal-level check-in; the given tasks are marked done on its date.

    ``row`` holds progress.csv cells (``date``, ``goal_id``, ``percent_complete``,
    ``revised_target_date``, ``note``, ``reason``) as text typed in a form or as values;
    they are read and checked by the rules of :func:`careerkit.load`. The check-in is always
    about the goal (no ``task_id``). The caller's data is not changed.

    Raises
    ------
    CareerDataError
        When the row breaks a rule; its problems name file "progress", line 2.

    Warns
    -----
    CareerDataWarning
        For odd but possible check-ins (a revised target dated before the check-in, ...).
    """
    goal_id = row.get("goal_id")
    mine = equals_mask(data.goals["goal_id"], goal_id)
    if not mine.any():
        raise ValueError(f"unknown goal {goal_id!r}")
    goal_tasks = equals_mask(data.tasks["goal_id"], goal_id)
    cells = {name: _blank(row.get(name)) for name in PROGRESS.names}
    cells["task_id"] = None
    frame = pd.DataFrame([cells], columns=PROGRESS.names, dtype=object)
    checked = CareerData.from_frames(data.goals.loc[mine], data.tasks.loc[goal_tasks], frame)
    progress = pd.concat([data.progress, _like(checked.progress, data.progress)],
                         ignore_index=True)
    tasks = data.tasks
    done = list(tasks_done)
    if done:
        known = set(tasks.loc[goal_tasks, "task_id"])
        unknown = [t for t in done if t not in known]
        if unknown:
            raise ValueError(f"task {unknown[0]!r} is not a task of goal {goal_id!r}")
        tasks = tasks.copy()
        tasks.loc[tasks["task_id"].isin(done).to_numpy(dtype=bool) & goal_tasks,
                  "completed_date"] = checked.progress["date"].iloc[0]
    return data.replace(tasks=tasks, progress=progress)


def _complete_goal(data: CareerData, goal_id, day) -> CareerData:
    """``data`` with the goal completed on ``day`` (status completed), checked by the rules."""
    mine = equals_mask(data.goals["goal_id"], goal_id)
    goal = data.goals.loc[mine].copy()
    goal["completed_date"] = pd.Timestamp(day)
    goal["status"] = "completed"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CareerDataWarning)
        checked = CareerData.from_frames(goal)
    return data.replace(goals=_splice(data.goals, "goal_id", mine, checked.goals))


def _save(data: CareerData) -> list[str]:
    """Save into the data's own folder; returns the notes (warnings) the save gave."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CareerDataWarning)
        data.save()
    return [str(w.message) for w in caught if issubclass(w.category, CareerDataWarning)]


def _changed_text(data: CareerData, error: Exception | None = None) -> str:
    names = data.changed_on_disk()
    what = ", ".join(names) if names else "the files"
    text = (f"Not saved: {what} changed in {data.folder} since they were loaded (someone else "
            "edited them). Reload to see their changes, then save again.")
    if error is not None and not names:
        text += f" ({error})"
    return html.escape(text)


# --- live figures ----------------------------------------------------------------------------

def _same(a, b) -> bool:
    """Whether two plotly property values are equal (arrays element by element)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, np.ndarray | list | tuple) or isinstance(b, np.ndarray | list | tuple):
        if not isinstance(a, np.ndarray | list | tuple) or not isinstance(
                b, np.ndarray | list | tuple) or len(a) != len(b):
            return False
        a, b = np.asarray(a, dtype=object), np.asarray(b, dtype=object)
        if a.shape != b.shape:
            return False
        if a.ndim > 1 or any(isinstance(x, dict | list | tuple) for x in a.flat):
            return all(_same(x, y) for x, y in zip(a.flat, b.flat, strict=True))
        return bool(np.all(a == b))
    try:
        return bool(a == b) and type(a) is type(b)
    except (TypeError, ValueError):
        return False


class _LiveFigure:
    """A FigureWidget with a fixed list of traces (slots, by trace name), updated in place.

    Each update copies the traces and layout of a freshly built figure into the widget's
    existing traces (no new output); a slot the new figure lacks is hidden. Only properties
    that changed are set: plotly checks every property it is given, which is most of the
    cost of an update.
    """

    def __init__(self, figure, slots: list[tuple[str, type]]):
        _, layout = self._parts(figure)
        self.names = [name for name, _ in slots]
        self.widget = go.FigureWidget(
            data=[kind(name=name, visible=False) for name, kind in slots],
            layout={**layout, "template": TEMPLATE},
        )
        self._sent: dict[str, dict] = {name: {"visible": False} for name in self.names}
        self._layout = dict(layout)
        self.update(figure)

    @staticmethod
    def _parts(figure) -> tuple[list[dict], dict]:
        """Traces and layout (without template) of a Figure or of plotting's plain parts."""
        if isinstance(figure, go.Figure):  # (to_dict() would encode arrays as base64)
            data = [trace.to_plotly_json() for trace in figure.data]
            layout = figure.layout.to_plotly_json()
        else:
            data, layout = figure.data, figure.layout
        return data, {k: v for k, v in layout.items() if k != "template"}

    def update(self, figure) -> None:
        """Show ``figure`` (a Figure or plotting's parts): every slot and the whole layout."""
        data, layout = self._parts(figure)
        widget = self.widget
        # Traces one message each, outside batch_update: plotly.js fails to draw a figure
        # whose first message restyles several traces at once before it is shown.
        self._traces(data, self.names)
        with widget.batch_update():
            for key in self._layout.keys() - layout.keys():
                widget.layout[key] = None
            changed = {k: v for k, v in layout.items()
                       if k not in self._layout or not _same(v, self._layout[k])}
            if changed:
                widget.layout.update(changed, overwrite=True)
        self._layout = dict(layout)

    def update_traces(self, traces: list[dict], names) -> None:
        """Only the slots ``names``, from ``traces`` (dicts, matched by name)."""
        self._traces(traces, names)

    def _traces(self, traces: list[dict], names) -> None:
        new = {trace["name"]: trace for trace in traces}
        for trace, name in zip(self.widget.data, self.names, strict=True):
            if name not in names:
                continue
            sent = self._sent[name]
            if name in new:
                props = {k: v for k, v in new[name].items() if k != "type"}
                props.setdefault("visible", True)
                changed = {k: v for k, v in props.items()
                           if k not in sent or not _same(v, sent[k])}
                for key in sent.keys() - props.keys():
                    changed[key] = None
                if changed:
                    trace.update(changed, overwrite=True)
                self._sent[name] = props
            elif sent.get("visible") is not False:
                trace.update(visible=False, x=[], y=[])
                self._sent[name] = {**sent, "visible": False, "x": [], "y": []}


_CASELOAD_SLOTS = [(STATE_LABELS[s], go.Bar) for s in STATES if s != "dropped"] + [
    ("completion · days since check-in", go.Scatter)]
_TIMELINE_SLOTS = [("as of", go.Scatter)] + [(STATE_LABELS[s], go.Bar) for s in STATES] + [
    (name, go.Scatter) for name in ("target moved", "current target", "forecast", "done")]


# --- Dashboard -------------------------------------------------------------------------------

class Dashboard(widgets.VBox):
    """The caseload at a glance: filters, a caseload chart, a timeline and a goal table.

    Pick clients, categories and states (nothing picked means all) and the day to look
    from; the charts and the table follow at once. The metrics are computed once per
    ``as_of`` day (:func:`careerkit.goal_status`) and kept; a filter only picks rows of
    them, and the two charts are updated in place.

    Parameters
    ----------
    data_or_folder : CareerData or path
        The data, or a data folder to :func:`careerkit.load`.
    as_of : date-like, optional
        The day to look from; by default :func:`careerkit.default_as_of` (the latest
        recorded event).

    Attributes
    ----------
    client, category, state : ipywidgets.SelectMultiple
        The filters: clients (sorted), categories ("(none)" for goals without one) and
        goal states (:data:`careerkit.STATES`). An empty selection means all.
    as_of : ipywidgets.DatePicker
        The day to look from (cleared: the default).
    table : ipywidgets.HTML
        The filtered goals, those needing attention first (overdue, stalled, at risk, not
        started, on hold, on track, completed, dropped), at most 200 rows.
    caseload_figure, timeline_figure : plotly.graph_objects.FigureWidget
        :func:`careerkit.plot_caseload` (one row per client in view, or per chosen client)
        and :func:`careerkit.plot_timeline` of the filtered goals.
    message : ipywidgets.HTML
        Problems, if any.
    data : CareerData

    Examples
    --------
    >>> import careerkit
    >>> from careerkit.widgets import Dashboard
    >>> dash = Dashboard(careerkit.load("sample_data"))
    >>> dash.client.value = ("Adebayo Abe", "Malik Tran")
    >>> len(dash.status())
    6
    >>> sorted(dash.caseload_figure.data[0].y)
    ['Adebayo Abe', 'Malik Tran']
    >>> dash.state.value = ("completed",)
    >>> dash.status()["state"].unique().tolist()
    ['completed']
    """

    def __init__(self, data_or_folder, *, as_of=None):
        super().__init__()
        self.data = _as_data(data_or_folder)
        goals = self.data.goals
        stamp = resolve_as_of(self.data, as_of)
        self._cache: OrderedDict = OrderedDict()

        self.client = widgets.SelectMultiple(
            options=sorted(goals["client"].dropna().unique().tolist()), rows=8,
            description="Clients", layout=widgets.Layout(width="auto"))
        categories = sorted(goals["category"].dropna().unique().tolist())
        options = [(c, c) for c in categories]
        if goals["category"].isna().any():
            options.append(("(none)", None))
        self.category = widgets.SelectMultiple(options=options, rows=8, description="Categories",
                                               layout=widgets.Layout(width="auto"))
        self.state = widgets.SelectMultiple(
            options=[(STATE_LABELS[s], s) for s in STATES], rows=8, description="States",
            layout=widgets.Layout(width="auto"))
        self.as_of = widgets.DatePicker(
            value=None if stamp is None else stamp.date(), description="As of")
        self.table = widgets.HTML()
        self.message = widgets.HTML()

        blank = empty_parts("", {"text": ""}, None)  # drawn for real by _render below
        self._caseload = _LiveFigure(blank, _CASELOAD_SLOTS)
        self._timeline = _LiveFigure(blank, _TIMELINE_SLOTS)
        self.caseload_figure = self._caseload.widget
        self.timeline_figure = self._timeline.widget
        self.timeline_figure.layout.width = 1100  # plotly's default 700 px leaves no room

        for widget, name in [(self, "ck-dashboard"), (self.client, "ck-dashboard-client"),
                             (self.category, "ck-dashboard-category"),
                             (self.state, "ck-dashboard-state"),
                             (self.as_of, "ck-dashboard-as-of"),
                             (self.table, "ck-dashboard-table"),
                             (self.caseload_figure, "ck-dashboard-caseload"),
                             (self.timeline_figure, "ck-dashboard-timeline"),
                             (self.message, "ck-dashboard-message")]:
            widget.add_class(name)
        self.children = [
            widgets.HBox([self.client, self.category, self.state, self.as_of]),
            self.message, self.caseload_figure, self.timeline_figure, self.table,
        ]
        for control in (self.client, self.category, self.state, self.as_of):
            control.observe(self._on_change, "value")
        self._render()

    # --- what is shown ---------------------------------------------------------------------

    def status(self) -> pd.DataFrame:
        """The goal_status frame of the goals in view (filters and as_of applied).

        Indexed by goal_id (sorted), with the columns of :func:`careerkit.goal_status`.
        """
        view = self._computed(self._stamp())
        return view.frame.loc[self._mask(view.frame)]

    def _stamp(self) -> pd.Timestamp | None:
        if self.as_of.value is None:
            return default_as_of(self.data)
        return pd.Timestamp(self.as_of.value)

    def _computed(self, stamp) -> _View:
        """goal_status on ``stamp`` and its attention order, computed once per day."""
        key = None if stamp is None else pd.Timestamp(stamp)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        frame = goal_status(self.data, as_of=stamp)
        view = _View(frame, attention_order(frame), frame["state"].to_numpy(dtype=object))
        self._cache[key] = view
        while len(self._cache) > _CACHE_DAYS:
            self._cache.popitem(last=False)
        return view

    def _mask(self, frame: pd.DataFrame) -> np.ndarray:
        keep = np.ones(len(frame), dtype=bool)
        if self.client.value:
            keep &= frame["client"].isin(self.client.value).to_numpy(dtype=bool)
        if self.category.value:
            chosen = [c for c in self.category.value if c is not None]
            category = frame["category"]
            picked = category.isin(chosen).to_numpy(dtype=bool)
            if None in self.category.value:
                picked = picked | category.isna().to_numpy()
            keep &= picked
        if self.state.value:
            keep &= frame["state"].isin(self.state.value).to_numpy(dtype=bool)
        return keep

    def _scope(self) -> str:
        parts = []
        clients = self.client.value
        if clients:
            parts.append(escape_text(clients[0]) if len(clients) == 1
                         else f"{len(clients)} clients")
        if self.category.value:
            parts.append(", ".join("(none)" if c is None else escape_text(c)
                                   for c in self.category.value))
        if self.state.value:
            parts.append(", ".join(STATE_LABELS[s] for s in self.state.value))
        return "".join(f" — {p}" for p in parts)

    def _title(self, what: str, stamp) -> str:
        return what + self._scope() + ("" if stamp is None else f" as of {_iso(stamp)}")

    def _figures(self, view: _View, keep: np.ndarray, stamp):
        """The caseload and timeline of the goals in ``keep`` (plain parts, not validated)."""
        if stamp is None:
            empty = empty_parts("No goals to show", {"text": "Caseload"}, None,
                                 "the data has no goals")
            return empty, empty
        frame = view.frame
        narrow = frame[["client", "state", "last_checkin"]].loc[keep]
        caseload = caseload_parts(narrow, stamp, default=self._title("Caseload", stamp),
                                   title=None, height=None,
                                   clients=sorted(self.client.value) or None)
        rows = view.order[keep[view.order]]
        if "dropped" not in self.state.value:
            rows = rows[view.state[rows] != "dropped"]
        reason = f"no goal in view on {_iso(stamp)}"
        timeline = timeline_parts(frame.iloc[rows[:MAX_TIMELINE_ROWS]], stamp,
                                   default=self._title("Goal timeline", stamp), title=None,
                                   height=None, empty_reason=reason, total=len(rows))
        return caseload, timeline

    @_guarded
    def _on_change(self, change) -> None:
        self._render()

    def _render(self) -> None:
        stamp = self._stamp()
        view = self._computed(stamp)
        keep = self._mask(view.frame)
        caseload, timeline = self._figures(view, keep, stamp)
        self._caseload.update(caseload)
        self._timeline.update(timeline)
        rows = view.order[keep[view.order]]
        self.table.value = _goal_table(view.frame.iloc[rows[:MAX_TABLE_ROWS]], len(rows), stamp)
        self.message.value = ""


class _View(NamedTuple):
    """goal_status on one day, with what filtering needs, computed once."""

    frame: pd.DataFrame
    order: np.ndarray  # positions of frame's rows, those needing attention first
    state: np.ndarray  # frame["state"] as an array


def _goal_table(rows: pd.DataFrame, n: int, stamp) -> str:
    """The goal table of the first ``rows`` of ``n`` in view: escaped text, ISO dates,
    percents."""
    when = "" if stamp is None else f" as of {_iso(stamp)}"
    if n == 0:
        return _note("info", f"No goals in view{when}.")
    head = (f"showing {len(rows):,} of {n:,} goals{when}, those needing attention first"
            if n > len(rows) else f"{n:,} goal{'s' * (n != 1)}{when}")
    columns = ["goal", "client", "title", "category", "state", "complete", "current target",
               "forecast", "forecast drift", "last check-in"]
    cell = 'style="padding:2px 8px;text-align:left;border-bottom:1px solid #eee"'
    number = 'style="padding:2px 8px;text-align:right;border-bottom:1px solid #eee"'
    lines = [f'<div class="ck-table-summary" style="color:{_MUTED};margin:4px 0">{head}</div>',
             '<table style="border-collapse:collapse;font-size:12px"><thead><tr>']
    lines += [f"<th {cell}>{name}</th>" for name in columns]
    lines.append("</tr></thead><tbody>")
    for goal_id, r in zip(rows.index, rows.itertuples(index=False), strict=True):
        values = [
            (cell, html.escape(str(goal_id))),
            (cell, html.escape(str(r.client))),
            (cell, html.escape("" if pd.isna(r.title) else str(r.title))),
            (cell, html.escape("" if pd.isna(r.category) else str(r.category))),
            (cell, _chip(r.state)),
            (number, percent_text(r.percent_complete)),
            (cell, _iso(r.current_target)),
            (cell, _iso(r.forecast_date) or "—"),
            (number, _days_text(r.forecast_drift_days)),
            (cell, _iso(r.last_checkin) or "—"),
        ]
        lines.append("<tr>" + "".join(f"<td {s}>{v}</td>" for s, v in values) + "</tr>")
    lines.append("</tbody></table>")
    return "".join(lines)


# --- Planner ---------------------------------------------------------------------------------

_GOAL_FIELDS = ("goal_id", "client", "title", "category", "start_date", "target_date")
_TASK_LABELS = {"title": "title", "due_date": "due date", "weight": "weight",
                "completed_date": "completed date", "task_id": "task id"}


class _TaskRow(widgets.HBox):
    """One task in the planner: title, due date (text) and weight; remembers its task_id."""

    def __init__(self, *, title="", due_date="", weight=1.0, task_id=None, extra=None):
        super().__init__()
        self.task_id = task_id
        self.extra = dict(extra or {})  # the task's other cells (completed_date, own columns)
        self._weight_given = weight is not None and not pd.isna(weight)
        self.title = widgets.Text(value=title, placeholder="task",
                                  layout=widgets.Layout(width="40%"))
        self.due_date = widgets.Text(value=due_date, placeholder=_DATE_HINT,
                                     layout=widgets.Layout(width="9em"))
        self.weight = widgets.FloatText(value=float(weight) if self._weight_given else 1.0,
                                        layout=widgets.Layout(width="6em"))
        self.remove_button = widgets.Button(description="Remove", icon="trash",
                                            layout=widgets.Layout(width="auto"))
        for widget, name in [(self, "ck-planner-task"), (self.title, "ck-planner-task-title"),
                             (self.due_date, "ck-planner-task-due"),
                             (self.weight, "ck-planner-task-weight"),
                             (self.remove_button, "ck-planner-remove-task")]:
            widget.add_class(name)
        self.children = [self.title, self.due_date, self.weight, self.remove_button]

    def cells(self) -> dict:
        weight = self.weight.value
        if not self._weight_given and weight == 1.0:
            weight = None  # a blank weight (1) stays blank in the file
        return {**self.extra, "task_id": self.task_id, "title": self.title.value,
                "due_date": self.due_date.value, "weight": weight}


class Planner(widgets.VBox):
    """Establish goals: pick a goal to edit or start a new one, with its tasks, and save.

    Every change is checked at once by the rules of :func:`careerkit.load` (the goal and its
    tasks run through :meth:`CareerData.from_frames`); a problem is shown beside its field
    and Save refuses until all are fixed. Dates are typed as text: 2025-03-31, or forms
    like 31/03/2025. Save writes through :meth:`CareerData.save` (atomic; columns of your
    own kept) and refuses when the files changed on disk since loading: reload first.

    Parameters
    ----------
    folder : path
        The data folder.

    Attributes
    ----------
    goal : ipywidgets.Dropdown
        "New goal" (value ``""``) or an existing goal (value: its goal_id).
    goal_id, title, start_date, target_date : ipywidgets.Text
    client, category : ipywidgets.Combobox
        Suggest the clients and categories in the data; any text is allowed.
    tasks : tuple
        The task rows, each with ``title``, ``due_date`` (Text), ``weight`` (FloatText) and
        ``remove_button``.
    add_task_button, save_button, reload_button : ipywidgets.Button
    errors : dict of str to ipywidgets.HTML
        The problem shown beside each field (``goal_id``, ..., ``target_date``, and
        ``tasks`` for the task rows); empty text when the field is fine.
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

    def __init__(self, folder):
        super().__init__()
        self.data = load(folder)
        self._folder = Path(folder)
        self._filling = False
        self._touched: set[str] = set()
        self._show_all = False
        self._general_shown = False
        self._rows: list[_TaskRow] = []

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
        self.start_date = widgets.Text(description="Start date", placeholder=_DATE_HINT,
                                       style=style, layout=label)
        self.target_date = widgets.Text(description="Target date", placeholder=_DATE_HINT,
                                        style=style, layout=label)
        self.errors = {name: widgets.HTML() for name in (*_GOAL_FIELDS, "tasks")}
        self._tasks_box = widgets.VBox()
        self.add_task_button = widgets.Button(description="Add task", icon="plus")
        self.save_button = widgets.Button(description="Save", icon="save",
                                          button_style="primary")
        self.reload_button = widgets.Button(description="Reload from disk", icon="refresh")
        self.message = widgets.HTML()
        _show(self.reload_button, False)

        for widget, name in [(self, "ck-planner"), (self.goal, "ck-planner-goal"),
                             (self.goal_id, "ck-planner-goal-id"),
                             (self.client, "ck-planner-client"),
                             (self.title, "ck-planner-title"),
                             (self.category, "ck-planner-category"),
                             (self.start_date, "ck-planner-start-date"),
                             (self.target_date, "ck-planner-target-date"),
                             (self.add_task_button, "ck-planner-add-task"),
                             (self.save_button, "ck-planner-save"),
                             (self.reload_button, "ck-planner-reload"),
                             (self.message, "ck-planner-message")]:
            widget.add_class(name)
        for name, error in self.errors.items():
            error.add_class("ck-planner-error")
            error.add_class(f"ck-planner-error-{name.replace('_', '-')}")

        fields = [widgets.HBox([getattr(self, name), self.errors[name]])
                  for name in _GOAL_FIELDS]
        header = widgets.HTML("<b>Tasks</b> "
                              f'<span style="color:{_MUTED}">title · due date ({_DATE_HINT})'
                              " · weight</span>")
        self.children = [self.goal, *fields, header, self._tasks_box, self.errors["tasks"],
                         self.add_task_button,
                         widgets.HBox([self.save_button, self.reload_button]), self.message]

        self.goal.observe(self._on_goal, "value")
        for name in _GOAL_FIELDS:
            getattr(self, name).observe(functools.partial(self._on_field, name), "value")
        self.add_task_button.on_click(self._on_add_task)
        self.save_button.on_click(self._on_save)
        self.reload_button.on_click(self._on_reload)
        self._refresh_options()
        self._fill("")

    # --- the form ----------------------------------------------------------------------------

    @property
    def tasks(self) -> tuple:
        """The task rows, in order."""
        return tuple(self._rows)

    def _refresh_options(self) -> None:
        goals = self.data.goals
        order = goals.sort_values(["client", "goal_id"], kind="stable")
        options = [("New goal", "")] + [
            (f"{c} · {t} ({g})", g) for g, c, t in
            zip(order["goal_id"], order["client"], order["title"].fillna(""), strict=True)]
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
            if len(row):
                goal = row.iloc[0]
                values = {"goal_id": goal["goal_id"], "client": goal["client"],
                          "title": goal["title"], "category": goal["category"],
                          "start_date": _iso(goal["start_date"]),
                          "target_date": _iso(goal["target_date"])}
                tasks = self.data.tasks.loc[equals_mask(self.data.tasks["goal_id"], goal_id)]
            else:
                values = dict.fromkeys(_GOAL_FIELDS, "")
                tasks = self.data.tasks.iloc[:0]
            for name, value in values.items():
                getattr(self, name).value = "" if value is None or pd.isna(value) else str(value)
            self.goal_id.disabled = bool(len(row))
            own = [c for c in tasks.columns if c not in ("task_id", "goal_id", "title",
                                                         "due_date", "weight")]
            self._rows = []
            for task in tasks.to_dict("records"):
                self._add_row(_TaskRow(
                    title="" if pd.isna(task["title"]) else str(task["title"]),
                    due_date=_iso(task["due_date"]), weight=task["weight"],
                    task_id=task["task_id"], extra={c: task[c] for c in own}))
            self._tasks_box.children = tuple(self._rows)
        finally:
            self._filling = False
        self._touched = set()
        self._show_all = False
        self._check()

    def _add_row(self, row: _TaskRow) -> None:
        self._rows.append(row)
        for name in ("title", "due_date", "weight"):
            getattr(row, name).observe(self._on_task_field, "value")
        row.remove_button.on_click(functools.partial(self._on_remove_task, row))

    # --- checking ----------------------------------------------------------------------------

    def _candidate(self):
        """The goal and its tasks as typed, as frames for from_frames (text cells)."""
        goals = self.data.goals
        existing = self.goal.value or ""
        if existing:
            base = goals.loc[equals_mask(goals["goal_id"], existing)].iloc[0].to_dict()
        else:
            base = dict.fromkeys(goals.columns)
            base["status"] = None
        goal_id = _blank(self.goal_id.value)
        for name in _GOAL_FIELDS:
            base[name] = _blank(getattr(self, name).value)
        goal = pd.DataFrame([base], columns=goals.columns)
        tasks = self.data.tasks
        taken = set(tasks["task_id"].dropna())
        rows, number = [], 0
        for row in self._rows:
            cells = row.cells()
            if cells["task_id"] is None:
                number += 1
                while f"{goal_id}-T{number}" in taken:
                    number += 1
                cells["task_id"] = f"{goal_id}-T{number}"
            cells["goal_id"] = goal_id
            cells["title"] = _blank(cells["title"])
            cells["due_date"] = _blank(cells["due_date"])
            rows.append(cells)
        task_frame = pd.DataFrame(rows, columns=tasks.columns)
        progress = self.data.progress
        progress = progress.loc[equals_mask(progress["goal_id"], existing)] if existing \
            else progress.iloc[:0]
        return goal, task_frame, progress

    def _check(self) -> CareerData | None:
        """Check the form; show each problem beside its field. The checked goal, or None."""
        goal, tasks, progress = self._candidate()
        found: dict[str, list[str]] = {name: [] for name in self.errors}
        general: list[str] = []
        checked = None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", CareerDataWarning)
                checked = CareerData.from_frames(goal, tasks, progress)
        except CareerDataError as error:
            for row in error.problems.itertuples(index=False):
                if row.file == "goals" and row.column in found:
                    found[row.column].append(_problem_text(row))
                elif row.file == "tasks" and row.column in ("title", "due_date", "weight"):
                    number = int(row.line) - 1
                    found["tasks"].append(_problem_text(
                        row, f"task {number}, {_TASK_LABELS[row.column]}"))
                elif row.file == "tasks" and row.column == "goal_id":
                    continue  # the goal's own goal_id is reported
                elif row.file == "progress" and row.column == "task_id":
                    general.append(html.escape(
                        f"a check-in of this goal is about task {row.value}: keep that task"))
                else:
                    general.append(_problem_text(row, f"{row.file} {row.column}".strip()))
        goal_id = _blank(self.goal_id.value)
        if not self.goal.value and goal_id is not None:
            same = self.data.goals.loc[equals_mask(self.data.goals["goal_id"], goal_id)]
            if len(same):
                other = same.iloc[0]
                found["goal_id"].append(html.escape(
                    f"{goal_id!r}: expected a goal id that is not taken (it is "
                    f"{other['client']} · {other['title']})"))
        general = list(dict.fromkeys(general))
        problems = sum(len(v) for v in found.values()) + len(general)
        for name, error in self.errors.items():
            shown = found[name] if (self._show_all or name in self._touched) else []
            error.value = ("" if not shown else
                           f'<span style="color:{_ERROR}">' + "<br>".join(shown) + "</span>")
        self.save_button.disabled = problems > 0
        self._problems = problems
        self._general = general
        if general and (self._show_all or self._touched):
            self.message.value = _note("error", "<br>".join(general))
            self._general_shown = True
        elif self._general_shown:
            self.message.value = ""
            self._general_shown = False
        return checked if problems == 0 else None

    @_guarded
    def _on_goal(self, change) -> None:
        if self._filling:
            return
        self.message.value = ""
        self._fill(change["new"] or "")

    @_guarded
    def _on_field(self, name, change) -> None:
        if self._filling:
            return
        self._touched.add(name)
        self._check()

    @_guarded
    def _on_task_field(self, change) -> None:
        if not self._filling:
            self._touched.add("tasks")
            self._check()

    @_guarded
    def _on_add_task(self, _button) -> None:
        self._add_row(_TaskRow())
        self._tasks_box.children = tuple(self._rows)
        self._check()

    @_guarded
    def _on_remove_task(self, row, _button) -> None:
        if row in self._rows:
            self._rows.remove(row)
            self._tasks_box.children = tuple(self._rows)
            self._check()

    # --- saving ------------------------------------------------------------------------------

    @_guarded
    def _on_save(self, _button) -> None:
        self._show_all = True
        checked = self._check()
        if checked is None:
            count = self._problems
            self.message.value = _note(
                "error", f"Not saved: {count} problem{'s' * (count != 1)} to fix "
                         "(shown beside the fields)."
                + ("<br>" + "<br>".join(self._general) if self._general else ""))
            return
        data = self.data
        if data.changed_on_disk():
            self.message.value = _note("error", _changed_text(data))
            _show(self.reload_button, True)
            return
        existing = self.goal.value or ""
        goal_id = checked.goals["goal_id"].iloc[0]
        mine = equals_mask(data.goals["goal_id"], existing) if existing \
            else np.zeros(len(data.goals), dtype=bool)
        own_tasks = equals_mask(data.tasks["goal_id"], existing) if existing \
            else np.zeros(len(data.tasks), dtype=bool)
        new = data.replace(goals=_splice(data.goals, "goal_id", mine, checked.goals),
                       tasks=_splice(data.tasks, "task_id", own_tasks, checked.tasks))
        try:
            notes = _save(new)
        except ChangedOnDiskError as error:
            self.message.value = _note("error", _changed_text(data, error))
            _show(self.reload_button, True)
            return
        except OSError as error:
            self.message.value = _note("error", html.escape(
                f"Not saved: could not write to {data.folder} ({error}). Is a file open in "
                "another program? Close it and save again."))
            return
        self.data = new
        _show(self.reload_button, False)
        self._refresh_options()
        self._filling = True
        try:
            self.goal.value = goal_id
        finally:
            self._filling = False
        self._fill(goal_id)
        n = len(checked.tasks)
        text = html.escape(f"Saved goal {goal_id} with {n} task{'s' * (n != 1)} "
                           f"to {data.folder}.")
        if notes:
            text += "<br>" + "<br>".join(html.escape(note) for note in notes)
        self.message.value = _note("ok", text)

    @_guarded
    def _on_reload(self, _button) -> None:
        try:
            self.data = load(self._folder)
        except CareerDataError as error:
            self.message.value = _note("error", html.escape(str(error)).replace("\n", "<br>"))
            return
        _show(self.reload_button, False)
        current = self.goal.value or ""
        self._refresh_options()
        if current and self.goal.value != current:  # the goal is gone: keep it as a new one
            self.goal_id.disabled = False
        self._check()
        self.message.value = _note("info", "Reloaded from disk. Your edits are still in the "
                                           "form: Save writes them; pick the goal again to "
                                           "see it as it is on disk.")


# --- CheckIn ---------------------------------------------------------------------------------

_CHECKIN_LABELS = {"date": "date", "percent_complete": "percent",
                   "revised_target_date": "revised target", "reason": "reason", "note": "note"}


class CheckIn(widgets.VBox):
    """Track progress: record a check-in on an active goal, seeing its effect first.

    Pick a client and one of their active goals, then fill in what changed: a percent, the
    tasks done (marked done on the check-in day), a revised target and its reason, a note.
    The preview shows the goal's state, forecast and drift before and after, computed by
    :func:`careerkit.goal_status` on the data with the check-in added (as of its day).
    Save appends exactly one goal-level row to progress.csv (and sets the completed date of
    the tasks marked done) through :meth:`CareerData.save`. When the check-in brings the
    goal to 100 %, a button offers to complete the goal.

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
        The client (those with an active goal) and the goal (labels: titles; values:
        goal ids).
    date, percent, revised_target : ipywidgets.Text
        The check-in day (YYYY-MM-DD, or 31/03/2025 and the like), the percent complete (blank:
        not reported; "45" or "45%") and a new target (blank: unchanged).
    tasks_done : ipywidgets.SelectMultiple
        The goal's open tasks; those picked are done on the check-in day.
    reason : ipywidgets.Combobox
        Why the target moved: scope, capacity, dependency, priority, other (any text).
    note : ipywidgets.Textarea
    preview : ipywidgets.HTML
    save_button, complete_button, reload_button : ipywidgets.Button
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

    def __init__(self, folder, *, today=None):
        super().__init__()
        self.data = load(folder)
        self._folder = Path(folder)
        day = dt.date.today() if today is None else pd.Timestamp(today).date()
        self._filling = False
        self._completable: tuple[str, pd.Timestamp] | None = None

        style = {"description_width": "9em"}
        wide = widgets.Layout(width="36em")
        self.client = widgets.Dropdown(description="Client", style=style, layout=wide)
        self.goal = widgets.Dropdown(description="Goal", style=style, layout=wide)
        self.date = widgets.Text(value=day.isoformat(), description="Date",
                                 placeholder=_DATE_HINT, style=style)
        self.percent = widgets.Text(description="Percent", placeholder="0–100, blank: none",
                                    style=style)
        self.tasks_done = widgets.SelectMultiple(description="Tasks done", style=style,
                                                 rows=5, layout=wide)
        self.revised_target = widgets.Text(description="Revised target",
                                           placeholder=f"{_DATE_HINT} (optional)", style=style)
        self.reason = widgets.Combobox(description="Reason", options=list(REASONS),
                                       ensure_option=False, style=style)
        self.note = widgets.Textarea(description="Note", style=style, layout=wide)
        self.preview = widgets.HTML()
        self.save_button = widgets.Button(description="Save check-in", icon="save",
                                          button_style="primary")
        self.complete_button = widgets.Button(description="Complete the goal", icon="check",
                                              button_style="success")
        self.reload_button = widgets.Button(description="Reload from disk", icon="refresh")
        self.message = widgets.HTML()
        _show(self.complete_button, False)
        _show(self.reload_button, False)

        for widget, name in [(self, "ck-checkin"), (self.client, "ck-checkin-client"),
                             (self.goal, "ck-checkin-goal"), (self.date, "ck-checkin-date"),
                             (self.percent, "ck-checkin-percent"),
                             (self.tasks_done, "ck-checkin-tasks"),
                             (self.revised_target, "ck-checkin-revised"),
                             (self.reason, "ck-checkin-reason"), (self.note, "ck-checkin-note"),
                             (self.preview, "ck-checkin-preview"),
                             (self.save_button, "ck-checkin-save"),
                             (self.complete_button, "ck-checkin-complete"),
                             (self.reload_button, "ck-checkin-reload"),
                             (self.message, "ck-checkin-message")]:
            widget.add_class(name)
        self.children = [self.client, self.goal, self.date, self.percent, self.tasks_done,
                         self.revised_target, self.reason, self.note, self.preview,
                         widgets.HBox([self.save_button, self.complete_button,
                                       self.reload_button]),
                         self.message]

        self.client.observe(self._on_client, "value")
        self.goal.observe(self._on_goal, "value")
        for field in (self.date, self.percent, self.tasks_done, self.revised_target,
                      self.reason, self.note):
            field.observe(self._on_field, "value")
        self.save_button.on_click(self._on_save)
        self.complete_button.on_click(self._on_complete)
        self.reload_button.on_click(self._on_reload)
        self._refresh()

    # --- choices -----------------------------------------------------------------------------

    def _active(self) -> pd.DataFrame:
        goals = self.data.goals
        return goals.loc[(goals["status"] == "active").to_numpy(dtype=bool)
                         & goals["completed_date"].isna().to_numpy()]

    def _refresh(self) -> None:
        """Options of every choice from the data; keeps what is picked when still there."""
        active = self._active()
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
        active = self._active()
        mine = active.loc[equals_mask(active["client"], self.client.value)]
        options = [(str(t) if not pd.isna(t) else str(g), g)
                   for g, t in zip(mine["goal_id"], mine["title"], strict=True)]
        self.goal.options = options
        values = [v for _, v in options]
        self.goal.value = keep if keep in values else (values[0] if values else None)
        self._task_options()

    def _task_options(self) -> None:
        tasks = self.data.tasks
        mine = tasks.loc[equals_mask(tasks["goal_id"], self.goal.value)
                         & tasks["completed_date"].isna().to_numpy()]
        self.tasks_done.value = ()
        self.tasks_done.options = [
            (f"{'' if pd.isna(title) else title} (due {_iso(due)})", task_id)
            for task_id, title, due in zip(mine["task_id"], mine["title"], mine["due_date"],
                                           strict=True)]

    def _row(self) -> dict:
        return {"date": self.date.value, "goal_id": self.goal.value,
                "percent_complete": self.percent.value,
                "revised_target_date": self.revised_target.value,
                "reason": self.reason.value, "note": self.note.value}

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

    def _try(self, data: CareerData) -> tuple[CareerData | None, list[str], list[str]]:
        """The data with this check-in, or None; and the problems and notes, as HTML."""
        problems, notes = [], []
        if self.goal.value is None:
            return None, ["pick a goal first"], notes
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", CareerDataWarning)
                new = _record_checkin(data, self._row(), tasks_done=self.tasks_done.value)
        except CareerDataError as error:
            for row in error.problems.itertuples(index=False):
                label = _CHECKIN_LABELS.get(row.column, row.column) if row.file == "progress" \
                    else f"{row.file} {row.column}"
                problems.append(_problem_text(row, label))
            return None, problems, notes
        for warning in caught:
            text = _warning_text(warning.message)
            if "100 %" not in text:
                notes.append(html.escape(text))
        return new, problems, notes

    def _update_preview(self) -> None:
        goal_id = self.goal.value
        if goal_id is None:
            self.preview.value = _note("info", "No active goal to check in on.")
            return
        sub = self.data.select_goal_rows(equals_mask(self.data.goals["goal_id"], goal_id))
        after, problems, notes = self._try(sub)
        if after is None:
            self.preview.value = _note("info", "The preview shows once the check-in can be "
                                               "read.")
            self.message.value = _note("error", "<br>".join(problems))
            return
        self.message.value = ""
        day = after.progress["date"].iloc[-1]
        before = goal_status(sub, as_of=day).loc[goal_id]
        now = goal_status(after, as_of=day).loc[goal_id]
        rows = [
            ("state", _chip(before["state"]), _chip(now["state"])),
            ("complete", percent_text(before["percent_complete"]),
             percent_text(now["percent_complete"])),
            ("current target", _iso(before["current_target"]), _iso(now["current_target"])),
            ("forecast", _iso(before["forecast_date"]) or "none yet",
             _iso(now["forecast_date"]) or "none yet"),
            ("forecast drift", _days_text(before["forecast_drift_days"]),
             _days_text(now["forecast_drift_days"])),
        ]
        cell = 'style="padding:1px 10px 1px 0;text-align:left"'
        table = ("<table><tr>" + f"<th {cell}></th><th {cell}>without this check-in</th>"
                 f"<th {cell}>with it</th></tr>"
                 + "".join(f"<tr><td {cell}>{a}</td><td {cell}>{b}</td><td {cell}>{c}</td></tr>"
                           for a, b, c in rows) + "</table>")
        head = html.escape(f"As of {_iso(day)}")
        has_tasks = bool(equals_mask(sub.tasks["goal_id"], goal_id).any())
        if has_tasks and _blank(self.percent.value) is not None:
            notes.append("this goal counts its done tasks: the percent is recorded but not "
                         "used")
        self.preview.value = (f"<div><b>{head}</b>{table}"
                              + "".join(f'<div style="color:{_MUTED}">note: {n}</div>'
                                        for n in notes) + "</div>")

    # --- handlers ----------------------------------------------------------------------------

    @_guarded
    def _on_client(self, change) -> None:
        self._refill(self._goal_options)

    @_guarded
    def _on_goal(self, change) -> None:
        self._refill(self._task_options)

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
        _show(self.complete_button, False)
        self._update_preview()

    @_guarded
    def _on_field(self, change) -> None:
        if not self._filling:
            self._update_preview()

    def _write(self, new: CareerData) -> list[str] | None:
        """Save; the notes of the save, or None when refused (the message says why)."""
        if self.data.changed_on_disk():
            self.message.value = _note("error", _changed_text(self.data))
            _show(self.reload_button, True)
            return None
        try:
            return _save(new)
        except ChangedOnDiskError as error:
            self.message.value = _note("error", _changed_text(self.data, error))
            _show(self.reload_button, True)
        except OSError as error:
            self.message.value = _note("error", html.escape(
                f"Not saved: could not write to {self.data.folder} ({error}). Is a file open "
                "in another program? Close it and save again."))
        return None

    @_guarded
    def _on_save(self, _button) -> None:
        goal_id = self.goal.value
        new, problems, _ = self._try(self.data)
        if new is None:
            self.message.value = _note("error", "Not saved: " + "<br>".join(problems))
            return
        notes = self._write(new)
        if notes is None:
            return
        self.data = new
        day = new.progress["date"].iloc[-1]
        sub = new.select_goal_rows(equals_mask(new.goals["goal_id"], goal_id))
        status = goal_status(sub, as_of=day).loc[goal_id]
        title = status["title"]
        self._clear()
        self._refresh()
        text = html.escape(f"Saved the check-in of {_iso(day)} on “{title}”: now "
                           f"{percent_text(status['percent_complete'])}, "
                           f"{STATE_LABELS[status['state']]}.")
        if status["percent_complete"] >= 100 and not status["completed_at_T"]:
            self._completable = (goal_id, day)
            _show(self.complete_button, True)
            text += " It is at 100 %: complete the goal?"
        else:
            _show(self.complete_button, False)
        self.message.value = _note("ok", "<br>".join([text, *map(html.escape, notes)]))

    @_guarded
    def _on_complete(self, _button) -> None:
        if self._completable is None:
            self.message.value = _note("info", "Nothing to complete: save a check-in that "
                                               "brings a goal to 100 % first.")
            return
        goal_id, day = self._completable
        try:
            new = _complete_goal(self.data, goal_id, day)
        except CareerDataError as error:
            self.message.value = _note("error", "Not completed: " + "<br>".join(
                _problem_text(row, row.column) for row in error.problems.itertuples()))
            return
        notes = self._write(new)
        if notes is None:
            return
        self.data = new
        self._completable = None
        _show(self.complete_button, False)
        self._refresh()
        self.message.value = _note("ok", "<br>".join(
            [html.escape(f"Goal {goal_id} completed on {_iso(day)}."),
             *map(html.escape, notes)]))

    @_guarded
    def _on_reload(self, _button) -> None:
        try:
            self.data = load(self._folder)
        except CareerDataError as error:
            self.message.value = _note("error", html.escape(str(error)).replace("\n", "<br>"))
            return
        _show(self.reload_button, False)
        self._refresh()
        self.message.value = _note("info", "Reloaded from disk; your check-in is still in the "
                                           "form: save it again.")


# --- WhatIf ----------------------------------------------------------------------------------

_BURNUP_SLOTS = ["actual", "plan (tasks by due date)", "plan (straight to the current target)",
                 "forecast", "current target"]
_CHOSEN_SLOTS = ["at the chosen pace", "chosen target"]


class WhatIf(widgets.VBox):
    """Course-correct one goal: what if it went faster or slower, or aimed at another day?

    The chart is :func:`careerkit.plot_burnup` of the goal (percent complete over time)
    with two more lines: the forecast at the chosen pace (a multiple of the pace so far)
    and the chosen target. ``needed`` says which pace the chosen target needs. Nothing is
    written until Apply, which records the chosen target as a revision: one goal-level
    check-in on ``as_of`` with that ``revised_target_date``, the chosen reason and a note
    starting "what-if:", saved like a :class:`CheckIn`.

    Parameters
    ----------
    data_or_folder : CareerData or path
        The data, or a data folder to :func:`careerkit.load`. Apply needs data that came
        from a folder.
    goal_id : str
        The goal; it must have started by ``as_of``.
    as_of : date-like, optional
        The day to look from (and to date the revision); by default the latest recorded
        event (:func:`careerkit.default_as_of`).

    Attributes
    ----------
    pace : ipywidgets.FloatSlider
        Multiple of the pace so far, 0.25 to 3.
    target : ipywidgets.SelectionSlider
        The target to aim at, from as_of to a year later (or the current target when later).
    reason : ipywidgets.Combobox
        The reason recorded with the revision (default "other").
    figure : plotly.graph_objects.FigureWidget
    needed : ipywidgets.HTML
        The pace the chosen target needs, in percent a week and as a multiple of the pace
        so far.
    apply_button : ipywidgets.Button
    message : ipywidgets.HTML
    data : CareerData

    Raises
    ------
    ValueError
        For an unknown goal, or one that starts after as_of.

    Examples
    --------
    >>> import careerkit
    >>> from careerkit.widgets import WhatIf
    >>> what_if = WhatIf(careerkit.load("sample_data"), "C00006-G1")
    >>> what_if.pace.value = 2.0
    >>> what_if.figure.data[-2].x[-1]  # the forecast at twice the pace so far
    '2026-08-07'
    >>> "a week" in what_if.needed.value
    True
    """

    def __init__(self, data_or_folder, goal_id, *, as_of=None):
        super().__init__()
        self.data = _as_data(data_or_folder)
        check_filters(self.data, goal_id=goal_id)
        self.goal_id = goal_id
        stamp = resolve_as_of(self.data, as_of)
        self._stamp = stamp
        self._load_goal()
        status = self._status
        current = pd.Timestamp(status["current_target"])
        last = max(stamp + pd.Timedelta(days=365), current)
        days = pd.date_range(stamp, last, freq="D")
        initial = min(max(current, stamp), last)

        self.pace = widgets.FloatSlider(value=1.0, min=0.25, max=3.0, step=0.05,
                                        description="Pace ×", readout_format=".2f",
                                        continuous_update=False,
                                        layout=widgets.Layout(width="36em"))
        self.target = widgets.SelectionSlider(
            options=[(d.strftime("%Y-%m-%d"), d.date()) for d in days], value=initial.date(),
            description="Target", continuous_update=False, layout=widgets.Layout(width="36em"))
        self.reason = widgets.Combobox(description="Reason", options=list(REASONS),
                                       value="other", ensure_option=False)
        self.needed = widgets.HTML()
        self.apply_button = widgets.Button(description="Apply: record the new target",
                                           icon="check", button_style="primary",
                                           layout=widgets.Layout(width="auto"))
        self.message = widgets.HTML()
        self._live = _LiveFigure(self._figure(), [(n, go.Scatter) for n in _BURNUP_SLOTS]
                                 + [(n, go.Scatter) for n in _CHOSEN_SLOTS])
        self.figure = self._live.widget
        for widget, name in [(self, "ck-whatif"), (self.pace, "ck-whatif-pace"),
                             (self.target, "ck-whatif-target"),
                             (self.reason, "ck-whatif-reason"),
                             (self.figure, "ck-whatif-figure"),
                             (self.needed, "ck-whatif-needed"),
                             (self.apply_button, "ck-whatif-apply"),
                             (self.message, "ck-whatif-message")]:
            widget.add_class(name)
        self.children = [self.pace, self.target, self.needed, self.figure,
                         widgets.HBox([self.reason, self.apply_button]), self.message]
        self.pace.observe(self._on_change, "value")
        self.target.observe(self._on_change, "value")
        self.apply_button.on_click(self._on_apply)
        self.needed.value = self._needed_text()

    def _goal_status(self) -> pd.Series:
        sub = self.data.select_goal_rows(equals_mask(self.data.goals["goal_id"], self.goal_id))
        status = goal_status(sub, as_of=self._stamp)
        if self.goal_id not in status.index:
            begins = sub.goals["start_date"].iloc[0]
            raise ValueError(f"goal {self.goal_id!r} starts on {_iso(begins)}, after as_of "
                             f"{_iso(self._stamp)}: there is nothing to plan yet")
        return status.loc[self.goal_id]

    def _load_goal(self) -> None:
        """The goal's metrics and burn-up chart: computed on start and after Apply only."""
        self._status = self._goal_status()
        self._burnup = plot_burnup(self.data, goal_id=self.goal_id, as_of=self._stamp)

    def _plan(self) -> dict:
        """The numbers behind the chart and the text, for the chosen pace and target."""
        status = self._status
        t = self._stamp
        percent = float(status["percent_complete"])
        elapsed = max(1, (t - pd.Timestamp(status["start_date"])).days)
        pace = percent / elapsed  # percent a day so far
        factor = float(self.pace.value)
        target = pd.Timestamp(self.target.value)
        finished = bool(status["completed_at_T"]) or percent >= 100
        forecast = None
        if not finished and pace > 0:
            if factor == 1.0 and not pd.isna(status["forecast_date"]):
                forecast = pd.Timestamp(status["forecast_date"])  # exactly goal_status's
            else:
                days = math.ceil((100.0 - percent) / (pace * factor) - 1e-9)
                forecast = t + pd.Timedelta(days=min(days, 365 * 50))
        left = (target - t).days
        need = (100.0 - percent) / left if left > 0 and not finished else None
        return {"status": status, "percent": percent, "pace": pace, "factor": factor,
                "target": target, "forecast": forecast, "left": left, "need": need,
                "finished": finished, "dropped": status["status"] == "dropped"}

    def _chosen(self) -> list[dict]:
        """The two lines the sliders move: the chosen pace and the chosen target."""
        plan = self._plan()
        t, percent = self._stamp, plan["percent"]
        traces = []
        if plan["forecast"] is not None:
            end = min(plan["forecast"], t + pd.Timedelta(days=2 * 365))
            share = (end - t).days / max(1, (plan["forecast"] - t).days)
            traces.append({
                "type": "scatter", "name": "at the chosen pace", "mode": "lines",
                "x": [_iso(t), _iso(end)], "y": [percent, percent + (100.0 - percent) * share],
                "line": {"color": STATE_COLORS["on_track"], "width": 3},
                "hovertext": [f"at {plan['factor']:.2f}× the pace so far: 100% on "
                              f"{_iso(plan['forecast'])}"] * 2,
                "hoverinfo": "text"})
        traces.append({
            "type": "scatter", "name": "chosen target", "mode": "lines+markers",
            "x": [_iso(plan["target"])] * 2, "y": [0, 100],
            "line": {"color": STATE_COLORS["overdue"], "width": 2, "dash": "dot"},
            "marker": {"symbol": ["line-ew", "diamond"], "size": 11},
            "hovertext": [f"chosen target: {_iso(plan['target'])}"] * 2, "hoverinfo": "text"})
        return traces

    def _figure(self) -> go.Figure:
        fig = go.Figure(self._burnup)
        fig.add_traces(self._chosen())
        return fig

    def _needed_text(self) -> str:
        plan = self._plan()
        status, t = plan["status"], self._stamp
        if plan["finished"]:
            return _note("info", html.escape(
                f"This goal is at 100 % as of {_iso(t)}: there is nothing left to plan."))
        if plan["dropped"]:
            return _note("info", "This goal is dropped: there is nothing to plan.")
        target = _iso(plan["target"])
        if plan["left"] <= 0:
            return _note("error", html.escape(
                f"Choose a target after {_iso(t)}: the goal is at "
                f"{percent_text(plan['percent'])} and needs time to finish."))
        week = 7 * plan["need"]
        text = (f"To reach 100 % by <b>{target}</b> ({_plural_days(plan['left'])} from {_iso(t)}), "
                f"the goal needs <b>{week:.1f} % a week</b>")
        if plan["pace"] > 0:
            multiple = plan["need"] / plan["pace"]
            text += (f": {multiple:.2f}× its pace so far ({7 * plan['pace']:.1f} % a week, "
                     f"{percent_text(plan['percent'])} since {_iso(status['start_date'])}).")
            forecast = plan["forecast"]
            late = (forecast - plan["target"]).days
            when = ("on the chosen target" if late == 0 else
                    f"{_plural_days(abs(late))} {'after' if late > 0 else 'before'} the chosen "
                    "target")
            text += (f"<br>At {plan['factor']:.2f}× the pace so far it would be done on "
                     f"<b>{_iso(forecast)}</b>, {when}.")
        else:
            text += ": it has no progress yet, so there is no pace so far to compare with."
        return _note("info", text)

    @_guarded
    def _on_change(self, change) -> None:
        self._live.update_traces(self._chosen(), _CHOSEN_SLOTS)
        self.needed.value = self._needed_text()

    @_guarded
    def _on_apply(self, _button) -> None:
        plan = self._plan()
        if self.data.folder is None:
            self.message.value = _note(
                "info", "Nothing recorded: this data was not loaded from a folder, so there "
                        "is nowhere to save it. Open the folder instead, e.g. "
                        "WhatIf(&quot;my_folder&quot;, goal_id), to record the new target.")
            return
        if plan["finished"] or plan["dropped"] or plan["left"] <= 0:
            self.message.value = self._needed_text()
            return
        need = f"{7 * plan['need']:.1f} % a week"
        note = (f"what-if: pace ×{plan['factor']:.2f}, target {_iso(plan['target'])} "
                f"(needs {need})")
        row = {"date": _iso(self._stamp), "goal_id": self.goal_id,
               "revised_target_date": _iso(plan["target"]),
               "reason": _blank(self.reason.value) or "other", "note": note}
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", CareerDataWarning)
                new = _record_checkin(self.data, row)
        except CareerDataError as error:
            self.message.value = _note("error", "Not recorded: " + "<br>".join(
                _problem_text(r, r.column) for r in error.problems.itertuples()))
            return
        if self.data.changed_on_disk():
            self.message.value = _note("error", _changed_text(self.data))
            return
        try:
            notes = _save(new)
        except (ChangedOnDiskError, OSError) as error:
            self.message.value = _note("error", html.escape(f"Not recorded: {error}"))
            return
        self.data = new
        self._load_goal()
        self._live.update(self._figure())
        self.needed.value = self._needed_text()
        self.message.value = _note("ok", "<br>".join(
            [html.escape(f"Recorded: target {_iso(plan['target'])} for goal {self.goal_id} "
                         f"on {_iso(self._stamp)} ({note})."), *map(html.escape, notes)]))
