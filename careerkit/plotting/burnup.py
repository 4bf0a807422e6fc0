"""The burn-up chart: percent complete of one goal over time, against its plan."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import plotly.graph_objects as go

from ..analytics import goal_status
from ..analytics.kernel import NAT, days, decimal_scale
from ..data import CareerData
from .base import (
    Chart,
    FigureParts,
    as_of_text,
    axis_dates,
    date_text,
    date_texts,
    document,
    escape_text,
    integer_texts,
    make_figure,
    percent_texts,
)
from .colors import INK, MUTED, STATE_COLORS, STATE_LABELS


@document(goal_id="goal_id : str\n    The goal to draw (required).")
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
    return make_figure(_draw, data, heading="Burn-up", as_of=as_of, goal_id=goal_id,
                       title=title, height=height)


def _draw(data: CareerData, chart: Chart) -> FigureParts:
    goal_id, stamp = chart.goal_id, chart.stamp
    status = goal_status(data, stamp)
    if goal_id not in status.index:
        begins = data.goals["start_date"].iloc[0]
        raise ValueError(f"goal {goal_id!r} starts on {date_text(begins)}, after as_of "
                         f"{date_text(stamp)}: it has no progress to draw yet")
    goal = status.loc[[goal_id]]
    t = chart.t
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
        a_text = (integer_texts(np.arange(1, len(a_day) + 1)) + " of " + str(len(tasks))
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

    hover = ("<b>" + name + "</b><br>" + date_texts(a_day) + ": " + percent_texts(a_pct)
             + " complete<br>" + a_text)
    fig = FigureParts()
    fig.add_trace(
        "scatter",
        x=axis_dates(a_day), y=a_pct, mode="lines+markers", name="actual",
        line={"color": STATE_COLORS["completed"], "width": 3}, marker={"size": 7},
        hovertext=hover, hoverinfo="text",
    )
    fig.add_trace(
        "scatter",
        x=axis_dates(p_day), y=p_pct, mode="lines", name=plan_name,
        line={"color": MUTED, "width": 2, "dash": "dot"},
        hovertext="<b>" + name + "</b><br>plan: " + percent_texts(p_pct) + " by "
        + date_texts(p_day),
        hoverinfo="text",
    )
    if not done_goal and forecast != NAT and forecast > t and percent < 100:
        right = max(current, t, int(p_day.max()))
        clip = right + max(30, (right - start) // 2)
        end = min(forecast, clip)
        end_pct = percent + (100.0 - percent) * (end - t) / (forecast - t)
        fig.add_trace(
            "scatter",
            x=axis_dates([t, end]), y=[percent, end_pct], mode="lines", name="forecast",
            line={"color": STATE_COLORS["at_risk"], "width": 2, "dash": "dash"},
            hovertext=["<b>" + name + "</b><br>forecast: 100% on "
                       + axis_dates([forecast])[0]] * 2,
            hoverinfo="text",
        )
    fig.add_trace(
        "scatter",
        x=axis_dates([current]), y=[100.0], mode="markers", name="current target",
        marker={"symbol": "diamond", "size": 11, "color": "white",
                "line": {"color": INK, "width": 2}},
        hovertext=["<b>" + name + "</b><br>current target: " + axis_dates([current])[0]],
        hoverinfo="text",
    )
    state = STATE_LABELS[goal["state"].iloc[0]]
    default = (f"{name} ({escape_text(goal['client'].iloc[0])}) — "
               f"{percent_texts([percent])[0]} complete, {state}{as_of_text(stamp)}")
    return replace(chart, default=default).finish(
        fig, chart="burnup", as_of_line=True, height=440, meta={"goal_id": goal_id},
        xaxis={"type": "date"},
        yaxis={"range": [0, 102], "title": {"text": "percent complete"}, "ticksuffix": "%",
               "tickvals": [0, 20, 40, 60, 80, 100]},
        hovermode="closest",
    )
