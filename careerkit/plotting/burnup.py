"""The burn-up chart: percent complete of one goal over time, against its plan."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import plotly.graph_objects as go

from ..analytics import goal_status, percent_over_time
from ..analytics.kernel import NAT, days
from ..data import CareerData
from ..formatting import date_texts, integer_texts, percent_texts
from .base import (
    Chart,
    FigureParts,
    as_of_text,
    axis_dates,
    document,
    escape_text,
    make_figure,
)
from .colors import INK, MUTED, STATE_COLORS, STATE_LABELS


@document(goal_id="goal_id : str\n    The goal to draw (required).")
def plot_burnup(data: CareerData, *, goal_id, as_of=None, title: str | None = None,
                height: int | None = None) -> go.Figure:
    """Percent complete of one goal over time, against its plan.

    The actual line starts at (start_date, 0) and follows the completed share of task weights
    at each task's completion day (goals with tasks) or the goal-level check-in percents
    (goals without tasks); a completed goal reaches 100 on its completed_date. It ends at
    (as_of, percent complete), exactly :func:`careerkit.goal_status`'s ``percent_complete``.
    The plan line is the cumulative task weight at the tasks' first-planned due dates, or a
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
    """Draw :func:`~careerkit.analytics.percent_over_time` and goal_status' forecast."""
    goal_id, stamp, t = chart.goal_id, chart.stamp, chart.t
    curve = percent_over_time(data, goal_id, stamp)
    goal = goal_status(data, stamp).loc[[goal_id]]
    start = int(days(goal["start_date"])[0])
    current = int(days(goal["current_target"])[0])
    forecast = int(days(goal["forecast_date"])[0])
    done_goal = bool(goal["completed_at_T"].iloc[0])
    percent = float(goal["percent_complete"].iloc[0])
    name = escape_text(goal["title"].iloc[0])

    actual, plan = curve.actual, curve.plan
    a_day = days(actual["date"])
    a_pct = actual["percent_complete"].to_numpy()
    event = actual["event"].to_numpy(dtype=object)
    tasks_done = integer_texts(actual["tasks_done"].to_numpy(dtype=np.int64, na_value=0))
    a_text = np.select(
        [event == "task_done", event == "checkin", event == "completed", event == "start"],
        [tasks_done + f" of {len(data.tasks)} tasks completed", "check-in", "goal completed",
         "start"],
        default="as of").astype(object)
    p_day = days(plan["date"])
    p_pct = plan["percent_complete"].to_numpy()
    plan_name = ("plan (tasks by due date)" if len(data.tasks)
                 else "plan (straight to the current target)")

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
                       + date_texts([forecast])[0]] * 2,
            hoverinfo="text",
        )
    fig.add_trace(
        "scatter",
        x=axis_dates([current]), y=[100.0], mode="markers", name="current target",
        marker={"symbol": "diamond", "size": 11, "color": "white",
                "line": {"color": INK, "width": 2}},
        hovertext=["<b>" + name + "</b><br>current target: " + date_texts([current])[0]],
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
