"""Charts of a :class:`~careerkit.CareerData`: timeline, burn-up, target trend, caseload,
completion rates and a check-in calendar.

Every function takes the data first and keyword-only options from one vocabulary
(``as_of``, ``client``, ``goal_id``, ``category``, ``title``, ``height``) and returns a plain
:class:`plotly.graph_objects.Figure`. The functions are pure: they never change the data,
never read the clock and draw the same figure on every run.

Colours of goal states come from :data:`STATE_COLORS` (Okabe–Ito, safe for colour-blind
readers), the same in every chart. Text from the data (client names, titles) is shown as
typed: ``<``, ``>`` and ``&`` are escaped so that plotly does not read them as markup. The
``title=`` you pass is used as given, so it may hold plotly's markup (``<b>``, ``<br>``).

Large caseloads are cut to a readable size (the rows needing attention first) and the title
says so. Goal and task rows carry their ``goal_id`` (or ``task_id``) in ``customdata`` so
that click handlers can tell which goal was clicked.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .analytics import (
    ATTENTION_STATES,
    completion_rates,
    goal_status,
    resolve_as_of,
    target_history,
    task_status,
)
from .analytics.attention import attention_order
from .analytics.kernel import NAT, days, decimal_scale
from .data import CareerData
from .data.schema import STATES

__all__ = [
    "STATE_COLORS",
    "STATE_LABELS",
    "plot_burnup",
    "plot_caseload",
    "plot_checkins",
    "plot_completion",
    "plot_target_trend",
    "plot_timeline",
]

#: The colour of each goal state (Okabe–Ito palette, grey for dropped), shared by every
#: chart and widget.
STATE_COLORS: dict[str, str] = {
    "dropped": "#999999",
    "completed": "#0072B2",
    "on_hold": "#F0E442",
    "overdue": "#D55E00",
    "stalled": "#CC79A7",
    "not_started": "#56B4E9",
    "at_risk": "#E69F00",
    "on_track": "#009E73",
}

#: How each state reads in legends and hover text.
STATE_LABELS: dict[str, str] = {state: state.replace("_", " ") for state in STATES}


MAX_TIMELINE_ROWS = 60
MAX_CASELOAD_CLIENTS = 40
MAX_CHECKIN_ROWS = 50
MAX_COMPLETION_GROUPS = 50
MAX_TREND_LINES = 40
LABEL_CHARS = 48

_DAY_MS = 86_400_000
_INK = "#222222"
_MUTED = "#666666"
_LINE_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
                "#999999")
TEMPLATE = "plotly_white"


# --- text ----------------------------------------------------------------------------------

def _esc(values) -> np.ndarray:
    """Data text as plotly shows it literally: only ``&``, ``<`` and ``>`` are escaped."""
    text = pd.Series(np.asarray(values, dtype=object), dtype=object).fillna("").astype(str)
    text = (text.str.replace("&", "&amp;", regex=False).str.replace("<", "&lt;", regex=False)
            .str.replace(">", "&gt;", regex=False).str.replace("\n", " ", regex=False))
    return text.to_numpy(dtype=object)


def escape_text(value) -> str:
    return str(_esc([value])[0])


def _short(values, limit: int = LABEL_CHARS) -> np.ndarray:
    """Raw text cut to ``limit`` characters (with an ellipsis), before escaping."""
    text = pd.Series(np.asarray(values, dtype=object), dtype=object).fillna("").astype(str)
    long = text.str.len() > limit
    text = text.where(~long, text.str.slice(0, limit - 1) + "…")
    return text.to_numpy(dtype=object)


def _obj(values) -> np.ndarray:
    return np.asarray(values, dtype=object)


def _num(values, fmt: str = "%g") -> np.ndarray:
    return np.char.mod(fmt, np.asarray(values)).astype(object)


def _pct(values) -> np.ndarray:
    """Percent text: 25, 33.3, 100 (NaN as a dash)."""
    values = np.asarray(values, dtype="float64")
    text = np.char.mod("%g", np.round(np.nan_to_num(values), 1)).astype(object) + "%"
    text[np.isnan(values)] = "—"
    return text


def _iso(days) -> np.ndarray:
    """ISO dates of whole days since 1970 (NAT becomes None)."""
    days = np.asarray(days, dtype=np.int64)
    text = np.datetime_as_string(days.astype("datetime64[D]")).astype(object)
    text[days == NAT] = None
    return text


def _iso_or(days, missing: str = "—") -> np.ndarray:
    text = _iso(days)
    text[np.asarray(days) == NAT] = missing
    return text


def _plural(n, one: str, many: str | None = None) -> np.ndarray:
    n = np.asarray(n)
    return np.where(n == 1, one, many or one + "s").astype(object)


def _day1(stamp: pd.Timestamp) -> int:
    return int(days([stamp])[0])


def _date_text(stamp) -> str:
    return pd.Timestamp(stamp).strftime("%Y-%m-%d")


# --- checking options ----------------------------------------------------------------------

def _check_choice(what: str, many: str, value, values: pd.Series) -> None:
    """ValueError naming what exists when ``value`` is not among ``values``."""
    if bool((values == value).fillna(False).any()):
        return
    names = sorted(map(str, pd.unique(values.dropna())))
    if not names:
        raise ValueError(f"unknown {what} {value!r}: the data has no {many}")
    shown = ", ".join(names[:10])
    more = f" and {len(names) - 10:,} more" if len(names) > 10 else ""
    raise ValueError(f"unknown {what} {value!r}; the {many} are: {shown}{more}")


def check_filters(data: CareerData, *, client=None, goal_id=None, category=None) -> None:
    goals = data.goals
    if client is not None:
        _check_choice("client", "clients", client, goals["client"])
    if goal_id is not None:
        _check_choice("goal_id", "goal_ids", goal_id, goals["goal_id"])
    if category is not None:
        _check_choice("category", "categories", category, goals["category"])
    if client is not None and goal_id is not None:
        owner = goals.loc[goals["goal_id"] == goal_id, "client"].iloc[0]
        if owner != client:
            raise ValueError(f"goal {goal_id!r} belongs to client {owner!r}, not {client!r}")


def equals_mask(series: pd.Series, value) -> np.ndarray:
    return (series == value).fillna(False).to_numpy(dtype=bool)


def _mask(frame: pd.DataFrame, *, client=None, goal_id=None, category=None,
          ids: pd.Index | pd.Series | None = None) -> np.ndarray:
    """Rows of a goals-like frame matching the filters (``ids`` defaults to the index)."""
    keep = np.ones(len(frame), dtype=bool)
    if client is not None:
        keep &= equals_mask(frame["client"], client)
    if category is not None:
        keep &= equals_mask(frame["category"], category)
    if goal_id is not None:
        keep &= np.asarray((frame.index if ids is None else ids) == goal_id, dtype=bool)
    return keep


def _scope_text(*, client=None, goal_id=None, category=None) -> str:
    parts = []
    if client is not None:
        parts.append(escape_text(client))
    if goal_id is not None:
        parts.append(f"goal {escape_text(goal_id)}")
    if category is not None:
        parts.append(f"category {escape_text(category)}")
    return "".join(f" — {p}" for p in parts)


def _as_of_text(stamp) -> str:
    return f" as of {_date_text(stamp)}" if stamp is not None else ""


# --- figures -------------------------------------------------------------------------------

def _title(default: str, given: str | None, note: str | None = None) -> dict:
    text = default if given is None else given
    if note:
        text += f"<br><sup>{note}</sup>"
    return {"text": text, "x": 0.01, "xanchor": "left"}


class FigureParts:
    """A figure as plain dicts: traces and layout, built without plotly's validation.

    The chart functions turn it into a Figure (:meth:`figure`, validated once); the widgets
    copy it into a FigureWidget, which validates it there, so nothing is checked twice.
    """

    def __init__(self):
        self.data: list[dict] = []
        self.layout: dict = {}

    def add_trace(self, kind: str, **props) -> None:
        self.data.append({"type": kind, **props})

    def add_shape(self, **props) -> None:
        self.layout.setdefault("shapes", []).append(props)

    def add_annotation(self, **props) -> None:
        self.layout.setdefault("annotations", []).append(props)

    def update_layout(self, **props) -> None:
        self.layout.update(props)

    def figure(self) -> go.Figure:
        return go.Figure(data=self.data, layout={"template": TEMPLATE, **self.layout})


def empty_parts(message: str, title: dict, height: int | None,
                 reason: str | None = None) -> FigureParts:
    """A figure that only says there is nothing to show (and why)."""
    text = message if reason is None else f"{message}<br><sup>{reason}</sup>"
    parts = FigureParts()
    parts.add_annotation(text=text, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                         font={"size": 16, "color": _MUTED})
    parts.update_layout(title=title, height=height or 300, xaxis={"visible": False},
                        yaxis={"visible": False})
    return parts


def _empty(message: str, title: dict, height: int | None, reason: str | None = None):
    """A figure that only says there is nothing to show (and why)."""
    return empty_parts(message, title, height, reason).figure()


def _as_of_line(fig: go.Figure | FigureParts, stamp: pd.Timestamp) -> None:
    """A dashed vertical line at ``as_of`` with a small label on top."""
    day = _date_text(stamp)
    fig.add_shape(type="line", x0=day, x1=day, y0=0, y1=1, xref="x", yref="paper",
                  line={"color": _INK, "width": 1.5, "dash": "dash"}, layer="above",
                  name="as_of")
    fig.add_annotation(x=day, y=1, xref="x", yref="paper", text=f"as of {day}",
                       showarrow=False, yanchor="bottom", font={"size": 11, "color": _INK})


def _rows_height(rows: int, per_row: int = 24, extra: int = 170) -> int:
    return int(max(320, extra + per_row * rows))


def _segments(starts, ends) -> np.ndarray:
    """x (or y) of many line segments in one trace, separated by None."""
    out = np.empty(3 * len(starts), dtype=object)
    out[0::3] = starts
    out[1::3] = ends
    out[2::3] = None
    return out


def _label_axis(positions, labels) -> dict:
    return {"tickmode": "array", "tickvals": list(positions), "ticktext": list(labels),
            "autorange": "reversed", "showgrid": False, "zeroline": False}


# --- timeline ------------------------------------------------------------------------------

def plot_timeline(data: CareerData, *, as_of=None, client=None, goal_id=None, category=None,
                  show_tasks: bool = False, title: str | None = None,
                  height: int | None = None) -> go.Figure:
    """A Gantt chart of goals: baseline, current target, forecast and completion.

    Each goal is a row labelled "client · goal title". Its bar runs from ``start_date`` to
    the baseline ``target_date`` and is coloured by its state (:data:`STATE_COLORS`). A
    dotted line leads to the current target (a diamond) when it moved, a dashed line runs
    from ``as_of`` to the forecast date of an unfinished goal, and a star marks the day a
    goal (or task) was completed. A dashed vertical line marks ``as_of``.

    Without options every started goal that is not dropped is drawn, of every client. Past
    60 rows only the 60 goals needing attention most are drawn (overdue, stalled, at risk,
    not started, on hold, on track, completed; ties by client and goal_id) and the title
    says so. Forecasts far beyond the chart are cut at its right edge (hover tells the day).

    Parameters
    ----------
    data : CareerData
    as_of : date-like, optional
        The day to look from (default: the latest recorded event).
    client, goal_id, category : str, optional
        Only this client's goals, this goal (drawn even when dropped), this category.
    show_tasks : bool, default False
        Draw each goal's tasks as rows under it: a square at the baseline ``due_date``, a
        diamond at the current due date (dotted line when it moved), a star when done.
    title : str, optional
        Replaces the default title (plotly markup allowed).
    height : int, optional
        Pixels; by default from the number of rows.

    Returns
    -------
    plotly.graph_objects.Figure

    Raises
    ------
    ValueError
        For an unknown client, goal_id or category (the message lists what exists).

    Examples
    --------
    >>> import careerkit, careerkit.plotting
    >>> data = careerkit.load("sample_data")
    >>> fig = careerkit.plotting.plot_timeline(data)
    >>> len(fig.data) > 0
    True
    """
    check_filters(data, client=client, goal_id=goal_id, category=category)
    stamp = resolve_as_of(data, as_of)
    default = ("Goal timeline" + _scope_text(client=client, goal_id=goal_id, category=category)
               + _as_of_text(stamp))
    if stamp is None:
        return _empty("No goals to show", _title(default, title), height, "the data has no goals")
    scoped = data.select_goal_rows(_mask(data.goals, client=client, goal_id=goal_id,
                                         category=category, ids=data.goals["goal_id"]))
    status = goal_status(scoped, stamp)
    goals = status if goal_id is not None else status.loc[status["state"] != "dropped"]
    reason = (f"goal {escape_text(goal_id)} starts after {_date_text(stamp)}"
              if goal_id is not None else
              f"no started goal that is not dropped on {_date_text(stamp)}")
    return timeline_parts(goals.iloc[attention_order(goals)], stamp, default=default,
                           title=title, height=height, tasks_of=scoped if show_tasks else None,
                           empty_reason=reason).figure()


def timeline_parts(goals: pd.DataFrame, stamp: pd.Timestamp, *, default: str,
                    title: str | None, height: int | None,
                    tasks_of: CareerData | None = None,
                    empty_reason: str = "no goal to show", total: int | None = None) -> FigureParts:
    """The timeline of the rows of a goal_status frame, already in attention order.

    ``tasks_of`` (the data the rows come from) draws each goal's tasks under it. ``total``
    says how many goals there are when ``goals`` holds only the first of them (at least
    the rows drawn). Shared by :func:`plot_timeline` and the dashboard, which filters a
    goal_status frame it computed once instead of computing the metrics again.
    """
    if goals.empty:
        return empty_parts("No goals to show", _title(default, title), height, empty_reason)
    t = _day1(stamp)
    show_tasks = tasks_of is not None
    scoped = tasks_of

    if show_tasks:
        per_goal = scoped.tasks["goal_id"].value_counts()
        blocks = 1 + per_goal.reindex(goals.index, fill_value=0).to_numpy(dtype=np.int64)
    else:
        blocks = np.ones(len(goals), dtype=np.int64)
    ends = np.cumsum(blocks)
    shown_n = max(1, int(np.searchsorted(ends, MAX_TIMELINE_ROWS, side="right")))
    note = None
    total_goals = len(goals) if total is None else max(total, len(goals))
    if shown_n < total_goals:
        note = (f"showing {shown_n:,} of {total_goals:,} goals: "
                "those needing attention first")
    goals = goals.iloc[:shown_n]
    blocks = blocks[:shown_n]
    goal_pos = np.cumsum(blocks) - blocks
    n_rows = int(blocks.sum())

    ids = goals.index.to_numpy(dtype=object)
    start = days(goals["start_date"])
    target = days(goals["target_date"])
    current = days(goals["current_target"])
    forecast = days(goals["forecast_date"])
    completed = days(goals["completed_date"])
    done = goals["completed_at_T"].to_numpy(dtype=bool)
    state = goals["state"].to_numpy(dtype=object)
    labels = np.empty(n_rows, dtype=object)
    labels[goal_pos] = (_esc(_short(goals["client"], 30)) + " · "
                        + _esc(_short(goals["title"])))

    # Right edge: forecasts further out are cut there.
    known = np.concatenate([target, current, completed[done], [t]])
    right = int(known.max())
    left = int(start.min())
    clip = right + max(30, (right - left) // 4)

    hover = _goal_hover(goals, t)
    fig = FigureParts()
    # An invisible point at as_of, first: plotly.js guesses an axis's type from the first
    # trace with data on it, and the bars' x are durations (numbers). Without this, a
    # browser that re-guesses (after new data reaches a FigureWidget) shows numbers.
    fig.add_trace(
        "scatter", x=[_date_text(stamp)], y=[0], mode="markers", name="as of",
        marker={"opacity": 0}, hoverinfo="skip", showlegend=False,
    )
    for s in STATES:
        m = state == s
        if not m.any():
            continue
        fig.add_trace(
            "bar",
            orientation="h", base=_iso(start[m]), x=(target[m] - start[m]) * _DAY_MS,
            y=goal_pos[m], width=0.6, name=STATE_LABELS[s], legendgroup=s,
            marker={"color": STATE_COLORS[s], "line": {"width": 0}},
            hovertext=hover[m], hoverinfo="text", customdata=ids[m],
        )

    # Tasks under their goals.
    t_pos = np.empty(0, dtype=np.int64)
    t_due = t_cur = t_done_day = np.empty(0, dtype=np.int64)
    t_done = np.empty(0, dtype=bool)
    t_hover = t_ids = np.empty(0, dtype=object)
    tasks = None
    if show_tasks:
        shown = scoped.select_goal_rows(scoped.goals["goal_id"].isin(goals.index).to_numpy())
        tasks = task_status(shown, stamp)
        finished = shown.tasks.set_index("task_id")["completed_date"]
    if tasks is not None and len(tasks):
        where = pd.Series(goal_pos, index=goals.index)
        block = where.reindex(tasks["goal_id"]).to_numpy()
        frame = pd.DataFrame({"block": block, "due": tasks["due_date"].to_numpy()},
                             index=tasks.index)
        frame = frame.sort_values(["block", "due"], kind="stable")
        tasks = tasks.loc[frame.index]
        t_pos = frame["block"].to_numpy() + 1 + frame.groupby("block").cumcount().to_numpy()
        finished = finished.reindex(tasks.index)
        t_due = days(tasks["due_date"])
        t_cur = days(tasks["current_due"])
        t_done = tasks["done"].to_numpy(dtype=bool)
        t_done_day = days(finished)
        t_ids = tasks.index.to_numpy(dtype=object)
        labels[t_pos] = "↳ " + _esc(_short(tasks["title"]))
        t_hover = _task_hover(tasks, t_done_day, t)
        fig.add_trace(
            "scatter",
            x=_iso(t_due), y=t_pos, mode="markers", name="task due (baseline)",
            marker={"symbol": "square", "size": 9, "color": _MUTED},
            hovertext=t_hover, hoverinfo="text", customdata=t_ids,
        )

    # Current target: a dotted line from the baseline when it moved, a diamond at it.
    moved = current != target
    t_moved = t_cur != t_due
    seg_from = np.concatenate([target[moved], t_due[t_moved]])
    seg_to = np.concatenate([current[moved], t_cur[t_moved]])
    seg_y = np.concatenate([goal_pos[moved], t_pos[t_moved]])
    seg_hover = np.concatenate([hover[moved], t_hover[t_moved]])
    if len(seg_from):
        fig.add_trace(
            "scatter",
            x=_segments(_iso(seg_from), _iso(seg_to)), y=_segments(seg_y, seg_y),
            mode="lines", name="target moved", line={"color": _INK, "width": 1.5, "dash": "dot"},
            hovertext=_segments(seg_hover, seg_hover), hoverinfo="text",
        )
    fig.add_trace(
        "scatter",
        x=np.concatenate([_iso(current), _iso(t_cur)]), y=np.concatenate([goal_pos, t_pos]),
        mode="markers", name="current target",
        marker={"symbol": "diamond", "size": 9, "color": "white",
                "line": {"color": _INK, "width": 1.5}},
        hovertext=np.concatenate([hover, t_hover]), hoverinfo="text",
        customdata=np.concatenate([ids, t_ids]),
    )

    # Forecast: dashed from as_of to the forecast day of unfinished goals.
    ahead = ~done & (forecast != NAT) & (forecast > t)
    if ahead.any():
        fig.add_trace(
            "scatter",
            x=_segments(np.full(ahead.sum(), _date_text(stamp), dtype=object),
                        _iso(np.minimum(forecast[ahead], clip))),
            y=_segments(goal_pos[ahead], goal_pos[ahead]), mode="lines", name="forecast",
            line={"color": _MUTED, "width": 2, "dash": "dash"},
            hovertext=_segments(hover[ahead], hover[ahead]), hoverinfo="text",
            customdata=_segments(ids[ahead], ids[ahead]),
        )

    # Completion.
    c_x = np.concatenate([_iso(completed[done]), _iso(t_done_day[t_done])])
    if len(c_x):
        fig.add_trace(
            "scatter",
            x=c_x, y=np.concatenate([goal_pos[done], t_pos[t_done]]), mode="markers",
            name="done", marker={"symbol": "star", "size": 12, "color": _INK},
            hovertext=np.concatenate([hover[done], t_hover[t_done]]), hoverinfo="text",
            customdata=np.concatenate([ids[done], t_ids[t_done]]),
        )

    _as_of_line(fig, stamp)
    fig.update_layout(
        barmode="overlay", height=height or _rows_height(n_rows),
        title=_title(default, title, note), hovermode="closest",
        xaxis={"type": "date", "showgrid": True},
        yaxis=_label_axis(range(n_rows), labels),
        margin={"t": 90 if note else 70, "l": 10, "r": 20, "b": 40},
    )
    fig.layout["meta"] = {"chart": "timeline", "rows": n_rows, "goals_shown": shown_n,
                       "goals_total": total_goals}
    return fig


def _goal_hover(goals: pd.DataFrame, t: int) -> np.ndarray:
    """One hover text per goal row of a goal_status frame."""
    start = days(goals["start_date"])
    target = days(goals["target_date"])
    current = days(goals["current_target"])
    forecast = days(goals["forecast_date"])
    completed = days(goals["completed_date"])
    done = goals["completed_at_T"].to_numpy(dtype=bool)
    last = days(goals["last_checkin"])
    state = goals["state"].to_numpy(dtype=object)
    overdue = goals["overdue_days"].to_numpy(dtype=np.int64, na_value=0)
    drift = current - target
    state_text = np.vectorize(STATE_LABELS.get, otypes=[object])(state)
    state_text = np.where(overdue > 0, state_text + " by " + _num(overdue, "%d") + " days",
                          state_text)
    moved = np.where(drift != 0, " (" + np.where(drift > 0, "+", "").astype(object)
                     + _num(drift, "%d") + " days)", "")
    forecast_text = np.where(
        done, "", "<br>forecast: " + np.where(forecast == NAT, "none yet (no progress)",
                                              _iso_or(forecast)))
    completed_text = np.where(done, "<br>completed: " + _iso_or(completed), "")
    last_text = np.where(last == NAT, "none yet",
                         _iso_or(last) + " (" + _num(t - last, "%d") + " days before as_of)")
    return _obj(
        "<b>" + _esc(goals["client"]) + " · " + _esc(goals["title"]) + "</b>"
        + "<br>goal " + _esc(goals.index) + " · " + state_text
        + "<br>" + _pct(goals["percent_complete"]) + " complete"
        + "<br>start: " + _iso_or(start) + " · baseline target: " + _iso_or(target)
        + "<br>current target: " + _iso_or(current) + moved
        + forecast_text + completed_text
        + "<br>last check-in: " + last_text
    )


def _task_hover(tasks: pd.DataFrame, finished: np.ndarray, t: int) -> np.ndarray:
    due = days(tasks["due_date"])
    current = days(tasks["current_due"])
    done = tasks["done"].to_numpy(dtype=bool)
    late = ~done & (t > current)
    status = np.where(done, "done " + _iso_or(finished),
                      np.where(late, "open, late by " + _num(t - current, "%d") + " days",
                               "open"))
    moved = np.where(current != due, " · current due: " + _iso_or(current), "")
    return _obj(
        "<b>" + _esc(tasks["title"]) + "</b>"
        + "<br>task " + _esc(tasks.index) + " of goal " + _esc(tasks["goal_id"])
        + "<br>due: " + _iso_or(due) + moved
        + "<br>" + status
    )


# --- burn-up -------------------------------------------------------------------------------

def plot_burnup(data: CareerData, *, goal_id, as_of=None, title: str | None = None,
                height: int | None = None) -> go.Figure:
    """Percent complete of one goal over time, against its plan.

    The actual line starts at (start_date, 0) and follows the done share of task weights
    at each task's completion day (goals with tasks) or the goal-level check-in percents
    (goals without tasks); a completed goal reaches 100 on its completed_date. It ends at
    (as_of, percent complete), exactly :func:`careerkit.goal_status`'s ``percent_complete``.
    The plan line is the cumulative task weight at the tasks' baseline due dates, or a
    straight line from (start_date, 0) to (current target, 100) without tasks. A dashed
    line continues from as_of to the forecast (cut at the chart's edge when far away).

    Parameters
    ----------
    data : CareerData
    goal_id : str
        The goal to draw (required).
    as_of : date-like, optional
    title : str, optional
    height : int, optional

    Returns
    -------
    plotly.graph_objects.Figure

    Raises
    ------
    ValueError
        For an unknown goal_id (the message lists goal ids) or a goal that starts after
        as_of.

    Examples
    --------
    >>> import careerkit, careerkit.plotting
    >>> data = careerkit.load("sample_data")
    >>> status = careerkit.goal_status(data)
    >>> goal = status.index[0]
    >>> fig = careerkit.plotting.plot_burnup(data, goal_id=goal)
    >>> bool(fig.data[0].y[-1] == status.loc[goal, "percent_complete"])
    True
    """
    check_filters(data, goal_id=goal_id)
    stamp = resolve_as_of(data, as_of)
    data = data.select_goal_rows(equals_mask(data.goals["goal_id"], goal_id))
    status = goal_status(data, stamp)
    if goal_id not in status.index:
        begins = data.goals.loc[data.goals["goal_id"] == goal_id, "start_date"].iloc[0]
        raise ValueError(f"goal {goal_id!r} starts on {_date_text(begins)}, after as_of "
                         f"{_date_text(stamp)}: it has no progress to draw yet")
    goal = status.loc[[goal_id]]
    t = _day1(stamp)
    start = int(days(goal["start_date"])[0])
    current = int(days(goal["current_target"])[0])
    forecast = int(days(goal["forecast_date"])[0])
    completed = int(days(goal["completed_date"])[0])
    done_goal = bool(goal["completed_at_T"].iloc[0])
    percent = float(goal["percent_complete"].iloc[0])
    name = escape_text(goal["title"].iloc[0])

    tasks = data.tasks.loc[data.tasks["goal_id"] == goal_id]
    if len(tasks):
        weight = tasks["weight"].fillna(1.0).to_numpy(dtype="float64")
        scaled = np.round(weight * decimal_scale(weight)).astype(np.int64)
        total = int(scaled.sum())
        finished = days(tasks["completed_date"])
        is_done = (finished != NAT) & (finished <= t)
        order = np.argsort(finished[is_done], kind="stable")
        a_day = np.maximum(finished[is_done][order], start)
        a_cum = np.cumsum(scaled[is_done][order])
        a_pct = 100.0 * a_cum / total
        a_text = (_num(np.arange(1, len(a_day) + 1), "%d") + " of " + str(len(tasks))
                  + " tasks done")
        due = days(tasks["due_date"])
        order = np.argsort(due, kind="stable")
        p_day = np.concatenate([[start], np.maximum(due[order], start)])
        p_pct = np.concatenate([[0.0], 100.0 * np.cumsum(scaled[order]) / total])
        plan_name = "plan (tasks by due date)"
    else:
        progress = data.progress
        mine = ((progress["goal_id"] == goal_id).fillna(False).to_numpy(dtype=bool)
                & progress["task_id"].isna().to_numpy()
                & progress["percent_complete"].notna().to_numpy())
        day = days(progress["date"])
        mine &= day <= t
        order = np.argsort(day[mine], kind="stable")
        a_day = np.maximum(day[mine][order], start)
        a_pct = progress["percent_complete"].to_numpy(dtype="float64")[mine][order]
        a_text = np.full(len(a_day), "check-in", dtype=object)
        p_day = np.array([start, current])
        p_pct = np.array([0.0, 100.0])
        plan_name = "plan (straight to the current target)"

    if done_goal:
        before = a_day < completed
        a_day = np.append(a_day[before], completed)
        a_pct = np.append(a_pct[before], 100.0)
        a_text = np.append(a_text[before], "goal completed")
    # One point per day (the last of the day counts, as in goal_status), then as_of.
    last = np.append(a_day[1:] != a_day[:-1], True) if len(a_day) else np.empty(0, bool)
    a_day = np.concatenate([[start], a_day[last], [t]])
    a_pct = np.concatenate([[0.0], a_pct[last], [percent]])
    a_text = np.concatenate([["start"], a_text[last], ["as of"]]).astype(object)
    last = np.append(p_day[1:] != p_day[:-1], True)
    p_day, p_pct = p_day[last], p_pct[last]
    if p_day[0] != start:
        p_day, p_pct = np.append(start, p_day), np.append(0.0, p_pct)

    hover = ("<b>" + name + "</b><br>" + _iso_or(a_day) + ": " + _pct(a_pct) + " complete<br>"
             + a_text)
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=_iso(a_day), y=a_pct, mode="lines+markers", name="actual",
        line={"color": STATE_COLORS["completed"], "width": 3}, marker={"size": 7},
        hovertext=hover, hoverinfo="text",
    ))
    fig.add_trace(go.Scatter(
        x=_iso(p_day), y=p_pct, mode="lines", name=plan_name,
        line={"color": _MUTED, "width": 2, "dash": "dot"},
        hovertext="<b>" + name + "</b><br>plan: " + _pct(p_pct) + " by " + _iso_or(p_day),
        hoverinfo="text",
    ))
    if not done_goal and forecast != NAT and forecast > t and percent < 100:
        right = max(current, t, int(p_day.max()))
        clip = right + max(30, (right - start) // 2)
        end = min(forecast, clip)
        end_pct = percent + (100.0 - percent) * (end - t) / (forecast - t)
        fig.add_trace(go.Scatter(
            x=_iso([t, end]), y=[percent, end_pct], mode="lines", name="forecast",
            line={"color": STATE_COLORS["at_risk"], "width": 2, "dash": "dash"},
            hovertext=["<b>" + name + "</b><br>forecast: 100% on " + _iso([forecast])[0]] * 2,
            hoverinfo="text",
        ))
    fig.add_trace(go.Scatter(
        x=_iso([current]), y=[100.0], mode="markers", name="current target",
        marker={"symbol": "diamond", "size": 11, "color": "white",
                "line": {"color": _INK, "width": 2}},
        hovertext=["<b>" + name + "</b><br>current target: " + _iso([current])[0]],
        hoverinfo="text",
    ))
    _as_of_line(fig, stamp)
    state = STATE_LABELS[goal["state"].iloc[0]]
    default = (f"{name} ({escape_text(goal['client'].iloc[0])}) — {_pct([percent])[0]} complete, "
               f"{state}{_as_of_text(stamp)}")
    fig.update_layout(
        template=TEMPLATE, height=height or 440, title=_title(default, title),
        xaxis={"type": "date"},
        yaxis={"range": [0, 102], "title": {"text": "percent complete"}, "ticksuffix": "%",
               "tickvals": [0, 20, 40, 60, 80, 100]},
        hovermode="closest", margin={"t": 70, "l": 10, "r": 20, "b": 40},
    )
    fig.layout.meta = {"chart": "burnup", "goal_id": goal_id}
    return fig


# --- target trend --------------------------------------------------------------------------

def plot_target_trend(data: CareerData, *, goal_id=None, client=None, as_of=None,
                      show_tasks: bool = False, title: str | None = None,
                      height: int | None = None) -> go.Figure:
    """Milestone-trend analysis: how each goal's target date moved over time.

    x is the day a target was set (a goal's start for the baseline, then each revision),
    y the target date; every row of :func:`careerkit.target_history` is a point. Each line
    then runs flat to as_of (or to the day its goal or task was completed) at its last
    target, so a flat line is on plan and a rising one slips. Where a line meets the grey
    diagonal (target = report date), the target is due.

    Parameters
    ----------
    data : CareerData
    goal_id : str, optional
        One goal (drawn even when dropped).
    client : str, optional
        Every started, not dropped goal of this client (one line each). ``goal_id`` or
        ``client`` is required.
    as_of : date-like, optional
    show_tasks : bool, default False
        With ``goal_id``: one line per task of the goal as well.
    title : str, optional
    height : int, optional

    Returns
    -------
    plotly.graph_objects.Figure

    Raises
    ------
    ValueError
        Without goal_id or client, with show_tasks but no goal_id, or for an unknown
        goal_id or client.

    Examples
    --------
    >>> import careerkit, careerkit.plotting
    >>> data = careerkit.load("sample_data")
    >>> client = careerkit.goal_status(data)["client"].iloc[0]
    >>> fig = careerkit.plotting.plot_target_trend(data, client=client)
    >>> len(fig.data) > 0
    True
    """
    if goal_id is None and client is None:
        raise ValueError("plot_target_trend needs goal_id= or client= (one goal, or the goals "
                         "of one client)")
    if show_tasks and goal_id is None:
        raise ValueError("show_tasks=True needs goal_id= (the tasks of one goal)")
    check_filters(data, client=client, goal_id=goal_id)
    stamp = resolve_as_of(data, as_of)
    default = ("Target trend" + _scope_text(client=client, goal_id=goal_id)
               + _as_of_text(stamp))
    t = _day1(stamp)
    goals = data.goals
    if goal_id is not None:
        chosen = equals_mask(goals["goal_id"], goal_id)
    else:
        chosen = equals_mask(goals["client"], client) & ~equals_mask(goals["status"], "dropped")
    data = data.select_goal_rows(chosen)
    goals = data.goals
    if (days(goals["start_date"]) <= t).any():
        history = target_history(data, stamp)
    else:  # target_history fails when no goal has started (careerkit 0.1.0)
        history = pd.DataFrame({"goal_id": [], "task_id": [], "date": [], "target": []})
    if not show_tasks:
        history = history.loc[history["task_id"].isna()]
    if history.empty:
        reason = f"nothing started by {_date_text(stamp)}"
        return _empty("No goals to show", _title(default, title), height, reason)

    key = history["goal_id"].astype(object) + "\x00" + history["task_id"].astype(object).fillna("")
    key = key.to_numpy(dtype=object)
    first = np.flatnonzero(np.append(True, key[1:] != key[:-1]))
    bounds = np.append(first, len(key))
    n_lines = len(first)
    note = None
    if n_lines > MAX_TREND_LINES:
        note = f"showing {MAX_TREND_LINES} of {n_lines:,} lines (by goal_id)"
        bounds = bounds[: MAX_TREND_LINES + 1]
        history = history.iloc[: bounds[-1]]
        key = key[: bounds[-1]]

    day = days(history["date"])
    target = days(history["target"])
    is_task = history["task_id"].notna().to_numpy()
    gid = history["goal_id"].to_numpy(dtype=object)
    tid = history["task_id"].to_numpy(dtype=object)
    g_index = goals.set_index("goal_id")
    t_index = data.tasks.set_index("task_id")
    names = np.where(is_task, t_index["title"].reindex(tid.astype(str)).to_numpy(dtype=object),
                     g_index["title"].reindex(gid).to_numpy(dtype=object))
    finished = np.where(
        is_task, days(t_index["completed_date"].reindex(tid.astype(str))),
        days(g_index["completed_date"].reindex(gid)))
    change = np.diff(target, prepend=target[:1])
    change[np.append(True, key[1:] != key[:-1])] = 0
    change_text = np.where(change != 0, " (" + np.where(change > 0, "+", "").astype(object)
                           + _num(change, "%d") + " days)", "")
    kind = np.where(is_task, "task", "goal")
    what = np.where(np.append(True, key[1:] != key[:-1]), "baseline set", "revised")
    hover = _obj("<b>" + _esc(names) + "</b> (" + kind + ")<br>" + what + " on "
                 + _iso_or(day) + "<br>target: " + _iso_or(target) + change_text)

    fig = go.Figure()
    lo = int(min(day.min(), target.min()))
    hi = int(max(day.max(), target.max(), t))
    fig.add_trace(go.Scatter(
        x=_iso([lo, hi]), y=_iso([lo, hi]), mode="lines", name="target = report date",
        line={"color": "#BBBBBB", "width": 1.5}, hoverinfo="skip",
    ))
    single_goal = goal_id is not None and show_tasks
    colors = 0
    for i in range(len(bounds) - 1):
        a, b = bounds[i], bounds[i + 1]
        goal_line = not is_task[a]
        if single_goal and goal_line:
            color, width = _INK, 3.5
        else:
            color, width = _LINE_COLORS[colors % len(_LINE_COLORS)], 2
            colors += 1
        label = escape_text(_short([names[a]], 40)[0])
        group = f"line{i}"
        fig.add_trace(go.Scatter(
            x=_iso(day[a:b]), y=_iso(target[a:b]), mode="lines+markers",
            name=label if goal_line else f"↳ {label}", legendgroup=group,
            line={"color": color, "width": width, "shape": "hv"},
            marker={"size": 8 if goal_line else 6},
            hovertext=hover[a:b], hoverinfo="text",
            customdata=np.full(b - a, tid[a] if is_task[a] else gid[a], dtype=object),
        ))
        end = finished[a] if finished[a] != NAT and finished[a] <= t else t
        end = max(end, int(day[b - 1]))
        fig.add_trace(go.Scatter(
            x=_iso([day[b - 1], end]), y=_iso([target[b - 1], target[b - 1]]), mode="lines",
            legendgroup=group, showlegend=False, name=label,
            line={"color": color, "width": width / 1.5, "dash": "dot"},
            hovertext=[hover[b - 1], hover[b - 1] + "<br>unchanged until " + _iso([end])[0]],
            hoverinfo="text",
        ))
    _as_of_line(fig, stamp)
    fig.update_layout(
        template=TEMPLATE, height=height or 500, title=_title(default, title, note),
        xaxis={"type": "date", "title": {"text": "report date"}},
        yaxis={"type": "date", "title": {"text": "target date"}},
        hovermode="closest", margin={"t": 90 if note else 70, "l": 10, "r": 20, "b": 40},
    )
    fig.layout.meta = {"chart": "target_trend", "lines": min(n_lines, MAX_TREND_LINES),
                       "lines_total": n_lines}
    return fig


# --- caseload ------------------------------------------------------------------------------

def plot_caseload(data: CareerData, *, as_of=None, category=None, title: str | None = None,
                  height: int | None = None) -> go.Figure:
    """The coach's overview: one row per client, their goals stacked by state.

    Each row stacks the client's goal counts by state (one trace per state, in
    :data:`careerkit.STATES` order without dropped, coloured by :data:`STATE_COLORS`);
    text beside the bar gives the completion rate and the days since the client's last
    check-in. Clients needing attention (overdue, stalled or at-risk goals; most first,
    ties by name) are at the top. Past 40 clients only the 40 needing attention most are
    drawn and the title says so. Dropped goals are not counted.

    The y values of every trace are the client names (on a category axis, with ``&``, ``<``
    and ``>`` escaped as in all labels); ``customdata`` holds the names as typed.

    Parameters
    ----------
    data : CareerData
    as_of : date-like, optional
    category : str, optional
        Count only goals of this category.
    title : str, optional
    height : int, optional

    Returns
    -------
    plotly.graph_objects.Figure

    Raises
    ------
    ValueError
        For an unknown category.

    Examples
    --------
    >>> import careerkit, careerkit.plotting
    >>> fig = careerkit.plotting.plot_caseload(careerkit.load("sample_data"))
    >>> len(fig.data) > 0
    True
    """
    check_filters(data, category=category)
    stamp = resolve_as_of(data, as_of)
    default = "Caseload" + _scope_text(category=category) + _as_of_text(stamp)
    if stamp is None:
        return _empty("No goals to show", _title(default, title), height, "the data has no goals")
    status = goal_status(data.select_goal_rows(_mask(data.goals, category=category)), stamp)
    return caseload_parts(status, stamp, default=default, title=title,
                           height=height).figure()


def caseload_parts(status: pd.DataFrame, stamp: pd.Timestamp, *, default: str,
                    title: str | None, height: int | None, clients=None) -> FigureParts:
    """The caseload chart of the rows of a goal_status frame (dropped goals are not counted).

    One row per client with a counted goal; with ``clients`` (a sorted list), one row per
    client of that list, even those without a counted goal. Shared by :func:`plot_caseload`
    and the dashboard, which filters a goal_status frame it computed once.
    """
    status = status.loc[status["state"].to_numpy() != "dropped"]
    if clients is None and status.empty:
        return empty_parts("No goals to show", _title(default, title), height,
                            f"no started goal that is not dropped on {_date_text(stamp)}")
    t = _day1(stamp)
    if clients is None:
        codes, clients = pd.factorize(status["client"], sort=True)
    else:
        clients = pd.Index(list(clients), dtype=object)
        codes = clients.get_indexer(status["client"])
        status = status.loc[codes >= 0]
        codes = codes[codes >= 0]
    n = len(clients)
    if n == 0:
        return empty_parts("No goals to show", _title(default, title), height,
                            "no client chosen")
    states = [s for s in STATES if s != "dropped"]
    k = pd.Categorical(status["state"], categories=states).codes
    counts = np.bincount(codes * len(states) + k, minlength=n * len(states)).reshape(n, -1)
    total = counts.sum(axis=1)
    completed = counts[:, states.index("completed")]
    attention = counts[:, [states.index(s) for s in ATTENTION_STATES]].sum(axis=1)
    last = np.full(n, NAT, dtype=np.int64)
    np.maximum.at(last, codes, days(status["last_checkin"]))
    order = np.argsort(-attention, kind="stable")
    note = None
    if n > MAX_CASELOAD_CLIENTS:
        note = (f"{MAX_CASELOAD_CLIENTS} of {n:,} clients, most in need of attention first")
        order = order[:MAX_CASELOAD_CLIENTS]
    counts, total, completed, last = counts[order], total[order], completed[order], last[order]
    raw_names = np.asarray(clients, dtype=object)[order]
    names = _esc(raw_names)
    rows = len(order)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = completed / total
    since = np.where(last == NAT, -1, t - last)
    since_text = np.where(last == NAT, "no check-in yet",
                          "last check-in " + _iso_or(last) + " (" + _num(since, "%d")
                          + " days ago)")
    summary = ("<b>" + names + "</b><br>" + _num(total, "%d") + " " + _plural(total, "goal")
               + " · " + _num(completed, "%d") + " completed (" + _pct(100 * rate)
               + ")<br>" + since_text)
    fig = FigureParts()
    for j, s in enumerate(states):
        fig.add_trace(
            "bar",
            orientation="h", x=counts[:, j], y=names, name=STATE_LABELS[s], legendgroup=s,
            marker={"color": STATE_COLORS[s], "line": {"width": 0}},
            hovertext=_obj(summary + "<br>" + STATE_LABELS[s] + ": " + _num(counts[:, j], "%d")),
            hoverinfo="text", customdata=raw_names,
        )
    side = (" " + np.where(total == 0, "no goals", _pct(100 * rate) + " done") + " · "
            + np.where(last == NAT, "no check-in", _num(since, "%d") + " d since check-in"))
    fig.add_trace(
        "scatter",
        x=total, y=names, mode="text", text=_obj(side), textposition="middle right",
        textfont={"size": 11, "color": _MUTED}, name="completion · days since check-in",
        cliponaxis=False,
        showlegend=False, hovertext=summary, hoverinfo="text",
        customdata=np.stack([rate, since], axis=1),
    )
    fig.update_layout(
        barmode="stack", height=height or _rows_height(rows, 26),
        title=_title(default, title, note), hovermode="closest",
        xaxis={"title": {"text": "goals"}, "range": [0, max(1, int(total.max())) * 1.8],
               "rangemode": "tozero"},
        yaxis={**_label_axis(names, _esc(_short(raw_names, 30))), "type": "category",
               "categoryorder": "array", "categoryarray": list(names)},
        legend={"traceorder": "normal"},
        margin={"t": 90 if note else 70, "l": 10, "r": 20, "b": 40},
    )
    fig.layout["meta"] = {"chart": "caseload", "clients_shown": rows, "clients_total": n}
    return fig


# --- completion ----------------------------------------------------------------------------

def plot_completion(data: CareerData, *, by="category", as_of=None, title: str | None = None,
                    height: int | None = None) -> go.Figure:
    """Completion rate and on-time rate per group of goals, as grouped bars in percent.

    The numbers are :func:`careerkit.completion_rates`; hover gives the counts of goals
    and completed goals. Past 50 groups only the 50 with the most goals are drawn and the
    title says so.

    Parameters
    ----------
    data : CareerData
    by : str or list of str, default "category"
        Any column(s) of goals; a missing value forms its own group "(none)".
    as_of : date-like, optional
    title : str, optional
    height : int, optional

    Returns
    -------
    plotly.graph_objects.Figure

    Raises
    ------
    ValueError
        When ``by`` is not a column of goals.

    Examples
    --------
    >>> import careerkit, careerkit.plotting
    >>> fig = careerkit.plotting.plot_completion(careerkit.load("sample_data"))
    >>> [trace.name for trace in fig.data]
    ['completion rate', 'on-time rate']
    """
    keys = [by] if isinstance(by, str) else list(by)
    if not keys:
        raise ValueError("by must name at least one column of goals")
    unknown = [k for k in keys if k not in data.goals.columns]
    if unknown:
        raise ValueError(f"by={unknown[0]!r} is not a column of goals; choose from "
                         + ", ".join(map(str, data.goals.columns)))
    stamp = resolve_as_of(data, as_of)
    label_by = " · ".join(map(str, keys))
    default = f"Completion by {escape_text(label_by)}" + _as_of_text(stamp)
    if stamp is None:
        return _empty("No goals to show", _title(default, title), height, "the data has no goals")
    rates = completion_rates(data, by=keys, as_of=stamp)
    rates = rates.loc[rates["goals"] > 0]
    if rates.empty:
        return _empty("No goals to show", _title(default, title), height,
                      "no started goal that is not dropped")
    n = len(rates)
    note = None
    if n > MAX_COMPLETION_GROUPS:
        largest = np.sort(np.argsort(-rates["goals"].to_numpy(), kind="stable")
                          [:MAX_COMPLETION_GROUPS])
        rates = rates.iloc[largest]
        note = f"{MAX_COMPLETION_GROUPS} of {n:,} groups, those with the most goals"
    index = rates.index.to_frame(index=False).astype(object)
    label = pd.Series("", index=index.index, dtype=object)
    for i, column in enumerate(index.columns):
        part = pd.Series(_short(index[column].where(index[column].notna(), "(none)"), 30),
                         dtype=object)
        label = part if i == 0 else label + " · " + part
    labels = _esc(label)
    goals = rates["goals"].to_numpy()
    done = rates["completed"].to_numpy()
    on_time = rates["on_time"].to_numpy()
    due = rates["due"].to_numpy()
    completion = 100 * rates["completion_rate"].to_numpy(dtype="float64")
    timely = 100 * rates["on_time_rate"].to_numpy(dtype="float64")
    counts = ("<b>" + labels + "</b><br>" + _num(goals, "%d") + " " + _plural(goals, "goal")
              + ", " + _num(done, "%d") + " completed")
    x = np.arange(len(rates))
    fig = go.Figure()
    fig.add_trace(go.Bar(
        x=x, y=completion, name="completion rate", text=_pct(completion),
        textposition="outside", cliponaxis=False, marker={"color": STATE_COLORS["completed"]},
        hovertext=_obj(counts + "<br>completion rate: " + _pct(completion)), hoverinfo="text",
        customdata=np.stack([goals, done], axis=1),
    ))
    timely_text = np.where(np.isnan(timely), "no goal due or completed yet",
                           _pct(timely) + " (" + _num(on_time, "%d")
                           + " completed by the baseline target; " + _num(due, "%d")
                           + " due)")
    fig.add_trace(go.Bar(
        x=x, y=timely, name="on-time rate", text=_pct(timely), textposition="outside",
        cliponaxis=False,
        marker={"color": STATE_COLORS["on_track"]},
        hovertext=_obj(counts + "<br>on-time rate: " + timely_text), hoverinfo="text",
        customdata=np.stack([goals, on_time], axis=1),
    ))
    fig.update_layout(
        template=TEMPLATE, barmode="group", height=height or 440,
        title=_title(default, title, note), hovermode="closest",
        xaxis={"tickmode": "array", "tickvals": list(x), "ticktext": list(labels),
               "title": {"text": escape_text(label_by)}},
        yaxis={"range": [0, 110], "ticksuffix": "%", "tickvals": [0, 20, 40, 60, 80, 100],
               "title": {"text": "percent of goals"}},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 1, "xanchor": "right"},
        margin={"t": 90 if note else 70, "l": 10, "r": 20, "b": 40},
    )
    fig.layout.meta = {"chart": "completion", "groups_shown": len(rates), "groups_total": n}
    return fig


# --- check-ins -----------------------------------------------------------------------------

def plot_checkins(data: CareerData, *, as_of=None, client=None, by: str = "client",
                  weeks: int = 26, title: str | None = None,
                  height: int | None = None) -> go.Figure:
    """A check-in calendar: check-ins per week and client (or goal), gaps in light grey.

    Columns are ISO weeks (their Monday) up to the week of ``as_of``; each cell counts the
    check-ins (progress rows dated on or before as_of) of that row in that week. Rows are
    the clients with a started goal (``by="client"``) or the started goals, dropped ones
    only when checked in during the window (``by="goal"``), the longest gap since the last
    check-in first. Past 50 rows only the 50 longest gaps are drawn and the title says so.

    Parameters
    ----------
    data : CareerData
    as_of : date-like, optional
    client : str, optional
        Only this client's goals.
    by : {"client", "goal"}, default "client"
    weeks : int, default 26
        How many weeks to show, ending with the week of as_of.
    title : str, optional
    height : int, optional

    Returns
    -------
    plotly.graph_objects.Figure

    Raises
    ------
    ValueError
        For an unknown client, a ``by`` other than "client" or "goal", or weeks < 1.

    Examples
    --------
    >>> import careerkit, careerkit.plotting
    >>> fig = careerkit.plotting.plot_checkins(careerkit.load("sample_data"), weeks=12)
    >>> len(fig.data[0].x)
    12
    """
    if by not in ("client", "goal"):
        raise ValueError(f"by must be 'client' or 'goal', not {by!r}")
    if isinstance(weeks, bool) or not isinstance(weeks, int | np.integer) or weeks < 1:
        raise ValueError(f"weeks must be a whole number of at least 1, not {weeks!r}")
    weeks = int(weeks)
    check_filters(data, client=client)
    stamp = resolve_as_of(data, as_of)
    default = (f"Check-ins per week by {by}" + _scope_text(client=client)
               + _as_of_text(stamp))
    if stamp is None:
        return _empty("No goals to show", _title(default, title), height, "the data has no goals")
    t = _day1(stamp)
    monday = t - (t + 3) % 7  # 1970-01-01 was a Thursday
    first = monday - 7 * (weeks - 1)

    goals = data.goals
    in_scope = _mask(goals, client=client, ids=goals["goal_id"])
    started = in_scope & (days(goals["start_date"]) <= t)
    progress = data.progress
    owner = pd.Index(goals["goal_id"]).get_indexer(progress["goal_id"])
    day = days(progress["date"])
    valid = (owner >= 0) & (day <= t)
    valid[valid] = in_scope[owner[valid]]
    window = valid & (day >= first)

    if by == "client":
        codes, names = pd.factorize(goals["client"], sort=True)
        present = np.zeros(len(names), dtype=bool)
        present[codes[started]] = True
        row_of_goal = codes
        labels_raw = np.asarray(names, dtype=object)
    else:
        seen = np.zeros(len(goals), dtype=bool)
        seen[owner[window]] = True
        present = started & ((goals["status"] != "dropped").to_numpy(dtype=bool) | seen)
        row_of_goal = np.arange(len(goals))
        labels_raw = None
    rows = np.flatnonzero(present)
    if not len(rows):
        return _empty("No goals to show", _title(default, title), height,
                      f"no started goal on {_date_text(stamp)}")
    # Row number of every goal (-1: not drawn) and of every check-in.
    slot = np.full(len(present), -1, dtype=np.int64)
    slot[rows] = np.arange(len(rows))
    goal_row = slot[row_of_goal]
    c_row = np.full(len(progress), -1, dtype=np.int64)
    c_row[valid] = goal_row[owner[valid]]
    counted = valid & (c_row >= 0)

    last = np.full(len(rows), NAT, dtype=np.int64)
    np.maximum.at(last, c_row[counted], day[counted])
    if by == "client":
        raw = labels_raw[rows]
        full_label = _esc(raw)
        tick = _esc(_short(raw, 30))
    else:
        g = goals.iloc[rows]
        raw = _obj(g["client"] + " · " + g["title"].fillna(""))
        full_label = _esc(g["client"]) + " · " + _esc(g["title"])
        tick = _esc(_short(g["title"])) if client is not None else (
            _esc(_short(g["client"], 20)) + " · " + _esc(_short(g["title"], 36)))
    gap = np.where(last == NAT, np.iinfo(np.int64).max, t - last)
    order = pd.DataFrame({"gap": -gap, "label": raw}).sort_values(
        ["gap", "label"], kind="stable").index.to_numpy()
    note = None
    total_rows = len(rows)
    if total_rows > MAX_CHECKIN_ROWS:
        order = order[:MAX_CHECKIN_ROWS]
        many = "clients" if by == "client" else "goals"
        note = (f"{MAX_CHECKIN_ROWS} of {total_rows:,} {many}, "
                "the longest since their last check-in first")
    rank = np.full(len(rows), -1, dtype=np.int64)
    rank[order] = np.arange(len(order))
    n = len(order)

    in_cell = window & (c_row >= 0)
    cell_row = rank[c_row[in_cell]]
    keep = cell_row >= 0
    week = (day[in_cell][keep] - first) // 7
    z = np.bincount(cell_row[keep] * weeks + week, minlength=n * weeks).reshape(n, weeks)

    mondays = first + 7 * np.arange(weeks)
    last = last[order]
    since = np.where(last == NAT, "no check-in yet",
                     "last check-in " + _iso_or(last) + " (" + _num(t - last, "%d")
                     + " days before as_of)")
    cell = (("<b>" + full_label[order] + "</b><br>" + since)[:, None] + "<br>week of "
            + _iso(mondays)[None, :] + ": " + _num(z, "%d") + " "
            + _plural(z, "check-in"))
    top = max(1, int(z.max()))
    edge = 0.5 / top
    fig = go.Figure(go.Heatmap(
        z=z, x=_iso(mondays), y=np.arange(n), zmin=0, zmax=top, xgap=1, ygap=1,
        colorscale=[[0, "#EEEEEE"], [edge, "#EEEEEE"], [edge, "#C6DBEF"], [1, "#08306B"]],
        colorbar={"title": {"text": "check-ins"}, "thickness": 12},
        hovertext=cell.tolist(), hoverinfo="text", name="check-ins",
    ))
    fig.update_layout(
        template=TEMPLATE, height=height or _rows_height(n, 20),
        title=_title(default, title, note),
        xaxis={"type": "date", "title": {"text": "week (Monday)"}},
        yaxis=_label_axis(range(n), tick[order]),
        margin={"t": 90 if note else 70, "l": 10, "r": 20, "b": 40},
    )
    fig.layout.meta = {"chart": "checkins", "rows_shown": n, "rows_total": total_rows}
    return fig
