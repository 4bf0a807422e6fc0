"""The target trend (milestone-trend analysis): how target dates moved over time."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ..analytics import target_history
from ..analytics.kernel import NAT, days
from ..data import CareerData
from ..formatting import date_text, date_texts, integer_texts
from .base import (
    Chart,
    FigureParts,
    as_objects,
    axis_dates,
    capped_note,
    document,
    equals_mask,
    escape_text,
    escaped,
    make_figure,
    shortened,
)
from .colors import INK, LINE_COLORS

#: Lines drawn at most (goals and tasks, by goal_id).
MAX_TREND_LINES = 40


@document(
    goal_id="goal_id : str, optional\n    One goal (drawn even when dropped).",
    client=("client : str, optional\n"
            "    Every started, not dropped goal of this client (one line each). ``goal_id`` or\n"
            "    ``client`` is required."),
    show_tasks=("show_tasks : bool, default False\n"
                "    With ``goal_id``: one line per task of the goal as well."),
)
def plot_target_trend(data: CareerData, *, goal_id=None, client=None, as_of=None,
                      show_tasks: bool = False, title: str | None = None,
                      height: int | None = None) -> go.Figure:
    """Milestone-trend analysis: how each goal's target date moved over time.

    x is the day a target was set (a goal's start for the baseline, then each revision),
    y the target date; every row of :func:`careerkit.target_history` is a point. Each line
    then runs flat to as_of (or to the day its goal or task was completed) at its last
    target, so a flat line is on plan and a rising one slips. Where a line meets the grey
    diagonal (target = report date), the target is due.

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
    return make_figure(_draw, data, heading="Target trend", as_of=as_of, client=client,
                       goal_id=goal_id, title=title, height=height, show_tasks=show_tasks)


def _draw(data: CareerData, chart: Chart, *, show_tasks: bool) -> FigureParts:
    """One line per goal (and task): the goal asked for, or the client's goals not dropped."""
    if chart.goal_id is None:
        data = data.select_goal_rows(~equals_mask(data.goals["status"], "dropped"))
    stamp, t = chart.stamp, chart.t
    history = target_history(data, stamp)
    if not show_tasks:
        history = history.loc[history["task_id"].isna()]
    if history.empty:
        return chart.empty(f"nothing started by {date_text(stamp)}")

    key = (history["goal_id"].astype(object) + "\x00"
           + history["task_id"].astype(object).fillna(""))
    key = key.to_numpy(dtype=object)
    first = np.flatnonzero(np.append(True, key[1:] != key[:-1]))
    bounds = np.append(first, len(key))
    n_lines = len(first)
    note = capped_note(MAX_TREND_LINES, n_lines, "showing {shown} of {total:,} lines (by goal_id)")
    if note:
        bounds = bounds[: MAX_TREND_LINES + 1]
        history = history.iloc[: bounds[-1]]
        key = key[: bounds[-1]]

    day = days(history["date"])
    target = days(history["target"])
    is_task = history["task_id"].notna().to_numpy()
    gid = history["goal_id"].to_numpy(dtype=object)
    tid = history["task_id"].to_numpy(dtype=object)
    g_index = data.goals.set_index("goal_id")
    t_index = data.tasks.set_index("task_id")
    names = np.where(is_task, t_index["title"].reindex(tid.astype(str)).to_numpy(dtype=object),
                     g_index["title"].reindex(gid).to_numpy(dtype=object))
    finished = np.where(
        is_task, days(t_index["completed_date"].reindex(tid.astype(str))),
        days(g_index["completed_date"].reindex(gid)))
    change = np.diff(target, prepend=target[:1])
    change[np.append(True, key[1:] != key[:-1])] = 0
    change_text = np.where(change != 0, " (" + integer_texts(change, signed=True) + " days)",
                           "")
    kind = np.where(is_task, "task", "goal")
    what = np.where(np.append(True, key[1:] != key[:-1]), "baseline set", "revised")
    hover = as_objects("<b>" + escaped(names) + "</b> (" + kind + ")<br>" + what + " on "
                       + date_texts(day) + "<br>target: " + date_texts(target) + change_text)

    fig = FigureParts()
    lo = int(min(day.min(), target.min()))
    hi = int(max(day.max(), target.max(), t))
    fig.add_trace(
        "scatter",
        x=axis_dates([lo, hi]), y=axis_dates([lo, hi]), mode="lines",
        name="target = report date", line={"color": "#BBBBBB", "width": 1.5}, hoverinfo="skip",
    )
    single_goal = chart.goal_id is not None and show_tasks
    colors = 0
    for i in range(len(bounds) - 1):
        a, b = bounds[i], bounds[i + 1]
        goal_line = not is_task[a]
        if single_goal and goal_line:
            color, width = INK, 3.5
        else:
            color, width = LINE_COLORS[colors % len(LINE_COLORS)], 2
            colors += 1
        label = escape_text(shortened([names[a]], 40)[0])
        group = f"line{i}"
        fig.add_trace(
            "scatter",
            x=axis_dates(day[a:b]), y=axis_dates(target[a:b]), mode="lines+markers",
            name=label if goal_line else f"↳ {label}", legendgroup=group,
            line={"color": color, "width": width, "shape": "hv"},
            marker={"size": 8 if goal_line else 6},
            hovertext=hover[a:b], hoverinfo="text",
            customdata=np.full(b - a, tid[a] if is_task[a] else gid[a], dtype=object),
        )
        end = finished[a] if finished[a] != NAT and finished[a] <= t else t
        end = max(end, int(day[b - 1]))
        fig.add_trace(
            "scatter",
            x=axis_dates([day[b - 1], end]), y=axis_dates([target[b - 1], target[b - 1]]),
            mode="lines", legendgroup=group, showlegend=False, name=label,
            line={"color": color, "width": width / 1.5, "dash": "dot"},
            hovertext=[hover[b - 1],
                       hover[b - 1] + "<br>unchanged until " + date_texts([end])[0]],
            hoverinfo="text",
        )
    return chart.finish(
        fig, chart="target_trend", as_of_line=True, height=500, note=note,
        meta={"lines": min(n_lines, MAX_TREND_LINES), "lines_total": n_lines},
        xaxis={"type": "date", "title": {"text": "report date"}},
        yaxis={"type": "date", "title": {"text": "target date"}},
        hovermode="closest",
    )
