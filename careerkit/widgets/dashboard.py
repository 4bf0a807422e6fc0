"""The caseload dashboard: filters, a caseload chart, a timeline and a goal table."""

from __future__ import annotations

import html
from collections import OrderedDict
from typing import NamedTuple

import ipywidgets as widgets
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..analytics import default_as_of, goal_status, resolve_as_of
from ..analytics.attention import attention_order
from ..data.schema import STATES
from ..formatting import percent_text, plain_text
from ..plotting import STATE_LABELS
from ..plotting.base import empty_parts, escape_text
from ..plotting.caseload import caseload_parts
from ..plotting.timeline import MAX_TIMELINE_ROWS, timeline_parts
from .base import MUTED_COLOR, Panel, as_data, chip, days_text, guarded, iso, note, tag
from .live_figure import LiveFigure

#: Rows of the dashboard's goal table.
MAX_TABLE_ROWS = 200
#: How many as_of days the dashboard keeps computed.
CACHE_DAYS = 4

CASELOAD_SLOTS = [(STATE_LABELS[s], go.Bar) for s in STATES if s != "dropped"] + [
    ("completion · days since check-in", go.Scatter)]
TIMELINE_SLOTS = [("as of", go.Scatter)] + [(STATE_LABELS[s], go.Bar) for s in STATES] + [
    (name, go.Scatter) for name in ("target moved", "current target", "forecast", "done")]


class View(NamedTuple):
    """goal_status on one day, with what filtering needs, computed once."""

    frame: pd.DataFrame
    order: np.ndarray  # positions of frame's rows, those needing attention first
    state: np.ndarray  # frame["state"] as an array


class Dashboard(Panel):
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
        self.data = as_data(data_or_folder)
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

        blank = empty_parts("", {"text": ""}, None)  # drawn for real by _render below
        self._caseload = LiveFigure(blank, CASELOAD_SLOTS)
        self._timeline = LiveFigure(blank, TIMELINE_SLOTS)
        self.caseload_figure = self._caseload.widget
        self.timeline_figure = self._timeline.widget
        self.timeline_figure.layout.width = 1100  # plotly's default 700 px leaves no room

        tag([(self, "ck-dashboard"), (self.client, "ck-dashboard-client"),
             (self.category, "ck-dashboard-category"), (self.state, "ck-dashboard-state"),
             (self.as_of, "ck-dashboard-as-of"), (self.table, "ck-dashboard-table"),
             (self.caseload_figure, "ck-dashboard-caseload"),
             (self.timeline_figure, "ck-dashboard-timeline"),
             (self.message, "ck-dashboard-message")])
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
        view = self.computed(self.stamp())
        return view.frame.loc[self.mask(view.frame)]

    def stamp(self) -> pd.Timestamp | None:
        """The day looked from: the as_of picked, or the data's default."""
        if self.as_of.value is None:
            return default_as_of(self.data)
        return pd.Timestamp(self.as_of.value)

    def computed(self, stamp) -> View:
        """goal_status on ``stamp`` and its attention order, computed once per day."""
        key = None if stamp is None else pd.Timestamp(stamp)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        frame = goal_status(self.data, as_of=stamp)
        view = View(frame, attention_order(frame), frame["state"].to_numpy(dtype=object))
        self._cache[key] = view
        while len(self._cache) > CACHE_DAYS:
            self._cache.popitem(last=False)
        return view

    def mask(self, frame: pd.DataFrame) -> np.ndarray:
        """Which rows of a goal_status frame the filters keep."""
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
        return what + self._scope() + ("" if stamp is None else f" as of {iso(stamp)}")

    def figures(self, view: View, keep: np.ndarray, stamp):
        """The caseload and timeline of the goals in ``keep`` (plotting's plain parts)."""
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
        reason = f"no goal in view on {iso(stamp)}"
        timeline = timeline_parts(frame.iloc[rows[:MAX_TIMELINE_ROWS]], stamp,
                                  default=self._title("Goal timeline", stamp), title=None,
                                  height=None, empty_reason=reason, total=len(rows))
        return caseload, timeline

    @guarded
    def _on_change(self, change) -> None:
        self._render()

    def _render(self) -> None:
        stamp = self.stamp()
        view = self.computed(stamp)
        keep = self.mask(view.frame)
        caseload, timeline = self.figures(view, keep, stamp)
        self._caseload.update(caseload)
        self._timeline.update(timeline)
        rows = view.order[keep[view.order]]
        self.table.value = goal_table_html(view.frame.iloc[rows[:MAX_TABLE_ROWS]], len(rows),
                                           stamp)
        self.message.value = ""


def goal_table_html(rows: pd.DataFrame, n: int, stamp) -> str:
    """The goal table of the first ``rows`` of ``n`` in view: escaped text, ISO dates,
    percents."""
    when = "" if stamp is None else f" as of {iso(stamp)}"
    if n == 0:
        return note("info", f"No goals in view{when}.")
    head = (f"showing {len(rows):,} of {n:,} goals{when}, those needing attention first"
            if n > len(rows) else f"{n:,} goal{'s' * (n != 1)}{when}")
    columns = ["goal", "client", "title", "category", "state", "complete", "current target",
               "forecast", "forecast drift", "last check-in"]
    cell = 'style="padding:2px 8px;text-align:left;border-bottom:1px solid #eee"'
    number = 'style="padding:2px 8px;text-align:right;border-bottom:1px solid #eee"'
    lines = [f'<div class="ck-table-summary" style="color:{MUTED_COLOR};margin:4px 0">'
             f'{head}</div>',
             '<table style="border-collapse:collapse;font-size:12px"><thead><tr>']
    lines += [f"<th {cell}>{name}</th>" for name in columns]
    lines.append("</tr></thead><tbody>")
    for goal_id, r in zip(rows.index, rows.itertuples(index=False), strict=True):
        values = [
            (cell, html.escape(str(goal_id))),
            (cell, html.escape(str(r.client))),
            (cell, html.escape(plain_text(r.title))),
            (cell, html.escape(plain_text(r.category))),
            (cell, chip(r.state)),
            (number, percent_text(r.percent_complete)),
            (cell, iso(r.current_target)),
            (cell, iso(r.forecast_date) or "—"),
            (number, days_text(r.forecast_drift_days)),
            (cell, iso(r.last_checkin) or "—"),
        ]
        lines.append("<tr>" + "".join(f"<td {s}>{v}</td>" for s, v in values) + "</tr>")
    lines.append("</tbody></table>")
    return "".join(lines)
