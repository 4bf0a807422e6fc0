"""The goal timeline: a Gantt chart of first-planned and current targets, forecasts and
completions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..analytics import goal_status, task_status
from ..analytics.attention import attention_order
from ..analytics.kernel import NAT, days
from ..data import CareerData
from ..data.schema import STATES
from ..formatting import date_text, date_texts, integer_texts, percent_texts
from .base import (
    DAY_MS,
    Chart,
    FigureParts,
    as_objects,
    axis_dates,
    capped_note,
    document,
    escape_text,
    escaped,
    label_axis,
    label_margin,
    make_figure,
    rows_height,
    segments,
    shortened,
)
from .colors import INK, MUTED, STATE_COLORS, STATE_LABELS

#: Rows drawn at most (goals and, with show_tasks, their tasks).
MAX_TIMELINE_ROWS = 60


@document(show_tasks=(
    "show_tasks : bool, default False\n"
    "    Draw each goal's tasks as rows under it: a square at the first-planned ``due_date``,\n"
    "    a diamond at the current due date (dotted line when it moved), a star when completed."))
def plot_timeline(data: CareerData, *, as_of=None, client=None, goal_id=None, category=None,
                  show_tasks: bool = False, title: str | None = None,
                  height: int | None = None) -> go.Figure:
    """A Gantt chart of goals: first-planned target, current target, forecast and completion.

    Each goal is a row labelled "client · goal title". Its bar runs from ``start_date`` to
    the first-planned ``target_date`` and is coloured by its state (:data:`STATE_COLORS`). A
    dotted line leads to the current target (a diamond) when it moved, a dashed line runs
    from ``as_of`` to the forecast date of an unfinished goal, and a star marks the day a
    goal (or task) was completed. A dashed vertical line marks ``as_of``.

    Without options every started goal that is not dropped is drawn, of every client. Past
    60 rows only the 60 goals needing attention most are drawn (overdue, stalled, at risk,
    not started, on hold, on track, completed; ties by client and goal_id) and the title
    says so. Forecasts far beyond the chart are cut at its right edge (hover tells the day).

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
    return make_figure(_draw, data, heading="Goal timeline", as_of=as_of, client=client,
                       goal_id=goal_id, category=category, title=title, height=height,
                       show_tasks=show_tasks)


def _draw(scoped: CareerData, chart: Chart, *, show_tasks: bool) -> FigureParts:
    """Started goals in attention order; dropped ones only when one goal was asked for."""
    status = goal_status(scoped, chart.stamp)
    one_goal = chart.goal_id is not None
    goals = status if one_goal else status.loc[status["state"] != "dropped"]
    reason = (f"goal {escape_text(chart.goal_id)} starts after {date_text(chart.stamp)}"
              if one_goal else
              f"no started goal that is not dropped on {date_text(chart.stamp)}")
    return timeline_parts(goals.iloc[attention_order(goals)], chart.stamp,
                          default=chart.default, title=chart.title, height=chart.height,
                          tasks_of=scoped if show_tasks else None, empty_reason=reason)


def timeline_parts(goals: pd.DataFrame, stamp: pd.Timestamp, *, default: str,
                   title: str | None, height: int | None,
                   tasks_of: CareerData | None = None,
                   empty_reason: str = "no goal to show", total: int | None = None,
                   max_rows: int = MAX_TIMELINE_ROWS) -> FigureParts:
    """The timeline of the rows of a goal_status frame, already in attention order.

    Documented internal: shared by :func:`plot_timeline` and the dashboard, which filters
    a goal_status frame it computed once instead of computing the metrics again.
    ``tasks_of`` (the data the rows come from) draws each goal's tasks under it. ``total``
    says how many goals there are when ``goals`` holds only the first of them (at least
    the rows drawn). At most ``max_rows`` rows (goals and their tasks; at least one goal).
    """
    chart = Chart(stamp, default, title, height)
    if goals.empty:
        return chart.empty(empty_reason)
    t = chart.t
    show_tasks = tasks_of is not None
    scoped = tasks_of

    if show_tasks:
        per_goal = scoped.tasks["goal_id"].value_counts()
        blocks = 1 + per_goal.reindex(goals.index, fill_value=0).to_numpy(dtype=np.int64)
    else:
        blocks = np.ones(len(goals), dtype=np.int64)
    ends = np.cumsum(blocks)
    shown_n = max(1, int(np.searchsorted(ends, max_rows, side="right")))
    total_goals = len(goals) if total is None else max(total, len(goals))
    note = capped_note(shown_n, total_goals,
                       "showing {shown:,} of {total:,} goals: those needing attention first")
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
    labels[goal_pos] = (escaped(shortened(goals["client"], 30)) + " · "
                        + escaped(shortened(goals["title"])))

    # Right edge: forecasts further out are cut there.
    known = np.concatenate([target, current, completed[done], [t]])
    right = int(known.max())
    left = int(start.min())
    clip = right + max(30, (right - left) // 4)

    hover = _goal_hover(goals)
    fig = FigureParts()
    # An invisible point at as_of, first: plotly.js guesses an axis's type from the first
    # trace with data on it, and the bars' x are durations (numbers). Without this, a
    # browser that re-guesses (after new data reaches a FigureWidget) shows numbers.
    fig.add_trace(
        "scatter", x=[date_text(stamp)], y=[0], mode="markers", name="as of",
        marker={"opacity": 0}, hoverinfo="skip", showlegend=False,
    )
    for s in STATES:
        m = state == s
        if not m.any():
            continue
        fig.add_trace(
            "bar",
            orientation="h", base=axis_dates(start[m]), x=(target[m] - start[m]) * DAY_MS,
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
        labels[t_pos] = "↳ " + escaped(shortened(tasks["title"]))
        t_hover = _task_hover(tasks, t_done_day, t)
        fig.add_trace(
            "scatter",
            x=axis_dates(t_due), y=t_pos, mode="markers", name="task due (first planned)",
            marker={"symbol": "square", "size": 9, "color": MUTED},
            hovertext=t_hover, hoverinfo="text", customdata=t_ids,
        )

    # Current target: a dotted line from the first-planned one when it moved, a diamond at it.
    moved = current != target
    t_moved = t_cur != t_due
    seg_from = np.concatenate([target[moved], t_due[t_moved]])
    seg_to = np.concatenate([current[moved], t_cur[t_moved]])
    seg_y = np.concatenate([goal_pos[moved], t_pos[t_moved]])
    seg_hover = np.concatenate([hover[moved], t_hover[t_moved]])
    if len(seg_from):
        fig.add_trace(
            "scatter",
            x=segments(axis_dates(seg_from), axis_dates(seg_to)), y=segments(seg_y, seg_y),
            mode="lines", name="target moved", line={"color": INK, "width": 1.5, "dash": "dot"},
            hovertext=segments(seg_hover, seg_hover), hoverinfo="text",
        )
    fig.add_trace(
        "scatter",
        x=np.concatenate([axis_dates(current), axis_dates(t_cur)]),
        y=np.concatenate([goal_pos, t_pos]), mode="markers", name="current target",
        marker={"symbol": "diamond", "size": 9, "color": "white",
                "line": {"color": INK, "width": 1.5}},
        hovertext=np.concatenate([hover, t_hover]), hoverinfo="text",
        customdata=np.concatenate([ids, t_ids]),
    )

    # Forecast: dashed from as_of to the forecast day of unfinished goals.
    ahead = ~done & (forecast != NAT) & (forecast > t)
    if ahead.any():
        fig.add_trace(
            "scatter",
            x=segments(np.full(ahead.sum(), date_text(stamp), dtype=object),
                       axis_dates(np.minimum(forecast[ahead], clip))),
            y=segments(goal_pos[ahead], goal_pos[ahead]), mode="lines", name="forecast",
            line={"color": MUTED, "width": 2, "dash": "dash"},
            hovertext=segments(hover[ahead], hover[ahead]), hoverinfo="text",
            customdata=segments(ids[ahead], ids[ahead]),
        )

    # Completion.
    c_x = np.concatenate([axis_dates(completed[done]), axis_dates(t_done_day[t_done])])
    if len(c_x):
        fig.add_trace(
            "scatter",
            x=c_x, y=np.concatenate([goal_pos[done], t_pos[t_done]]), mode="markers",
            name="completion day", marker={"symbol": "star", "size": 12, "color": INK},
            hovertext=np.concatenate([hover[done], t_hover[t_done]]), hoverinfo="text",
            customdata=np.concatenate([ids[done], t_ids[t_done]]),
        )

    return chart.finish(fig, chart="timeline", as_of_line=True, height=rows_height(n_rows),
                        note=note,
                        meta={"rows": n_rows, "goals_shown": shown_n, "goals_total": total_goals},
                        left=label_margin(labels), barmode="overlay", hovermode="closest",
                        xaxis={"type": "date", "showgrid": True, "ticklabeloverflow": "allow"},
                        yaxis=label_axis(range(n_rows), labels, measured=True))


def _goal_hover(goals: pd.DataFrame) -> np.ndarray:
    """One hover text per goal row of a goal_status frame."""
    start = days(goals["start_date"])
    target = days(goals["target_date"])
    current = days(goals["current_target"])
    forecast = days(goals["forecast_date"])
    completed = days(goals["completed_date"])
    done = goals["completed_at_T"].to_numpy(dtype=bool)
    last = days(goals["last_checkin"])
    since = goals["days_since_checkin"].to_numpy(dtype=np.int64, na_value=0)
    state = goals["state"].to_numpy(dtype=object)
    overdue = goals["overdue_days"].to_numpy(dtype=np.int64, na_value=0)
    drift = goals["revision_drift_days"].to_numpy(dtype=np.int64, na_value=0)
    state_text = np.vectorize(STATE_LABELS.get, otypes=[object])(state)
    state_text = np.where(
        overdue > 0, state_text + ": " + integer_texts(overdue) + " d past current target",
        state_text)
    moved = np.where(drift != 0, " (" + integer_texts(drift, signed=True) + " d vs first plan)", "")
    forecast_text = np.where(
        done, "", "<br>forecast: " + np.where(forecast == NAT, "none yet (no progress)",
                                              date_texts(forecast)))
    completed_text = np.where(done, "<br>completed: " + date_texts(completed), "")
    last_text = np.where(last == NAT, "none yet",
                         date_texts(last) + " (" + integer_texts(since) + " days before as_of)")
    return as_objects(
        "<b>" + escaped(goals["client"]) + " · " + escaped(goals["title"]) + "</b>"
        + "<br>goal " + escaped(goals.index) + " · " + state_text
        + "<br>" + percent_texts(goals["percent_complete"]) + " complete"
        + "<br>start: " + date_texts(start) + " · first-planned target: " + date_texts(target)
        + "<br>current target: " + date_texts(current) + moved
        + forecast_text + completed_text
        + "<br>last check-in: " + last_text
    )


def _task_hover(tasks: pd.DataFrame, finished: np.ndarray, t: int) -> np.ndarray:
    due = days(tasks["due_date"])
    current = days(tasks["current_due"])
    done = tasks["done"].to_numpy(dtype=bool)
    late = ~done & (t > current)
    past_due = "open, " + integer_texts(t - current) + " d past current due date"
    status = np.where(done, "completed " + date_texts(finished),
                      np.where(late, past_due, "open"))
    moved = np.where(current != due, " · current due: " + date_texts(current), "")
    return as_objects(
        "<b>" + escaped(tasks["title"]) + "</b>"
        + "<br>task " + escaped(tasks.index) + " of goal " + escaped(tasks["goal_id"])
        + "<br>due: " + date_texts(due) + moved
        + "<br>" + status
    )
