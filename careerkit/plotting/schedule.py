"""The schedule chart: one goal's planned and earned percent over time, with ES and AT."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go

from ..analytics.schedule import schedule_curves
from ..data import CareerData
from ..formatting import date_text, date_texts, percent_text, percent_texts
from .base import (
    Chart,
    FigureParts,
    as_of_text,
    document,
    escape_text,
    make_figure,
)
from .colors import INK, MUTED, STATE_COLORS

#: The colour of each expectation (the states' colours they are closest to).
EXPECTATION_COLORS = {"ahead": STATE_COLORS["completed"], "on_pace": STATE_COLORS["on_track"],
                      "behind": STATE_COLORS["at_risk"], "far_behind": STATE_COLORS["overdue"]}


@document(goal_id="goal_id : str\n    The goal to draw (required).")
def plot_schedule(data: CareerData, *, goal_id, as_of=None, title: str | None = None,
                  height: int | None = None) -> go.Figure:
    """Planned against earned percent of one goal over time, with ES and AT marked.

    The numbers are :func:`careerkit.schedule_performance` and its curves
    (:func:`careerkit.analytics.schedule.schedule_curves`): the plan line joins the
    plan's points (the baseline due dates, or start to target without tasks: the line the
    earned schedule reads), the earned line steps to the goal's percent complete on each
    day it changed, up to the measuring date (as_of, or the completed date of a completed
    goal). ES, the day the plan expected the work
    done so far, and AT, the measuring date, are marked at the earned percent; the dashed
    segment between them is the schedule variance, coloured by the expectation.

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
    >>> fig = careerkit.plotting.plot_schedule(data, goal_id="C00001-G4", as_of="2026-03-31")
    >>> [trace.name for trace in fig.data]
    ['plan', 'earned', 'schedule variance', 'ES', 'AT']
    """
    return make_figure(_draw, data, heading="Schedule", as_of=as_of, goal_id=goal_id,
                       title=title, height=height)


def _draw(data: CareerData, chart: Chart) -> FigureParts:
    curves = schedule_curves(data, chart.goal_id, chart.stamp)
    row = curves.performance
    goal = data.goals.loc[data.goals["goal_id"] == chart.goal_id].iloc[0]
    name = escape_text(goal["title"])
    earned = float(row["earned_percent"])
    expectation = str(row["expectation"])
    colour = EXPECTATION_COLORS[expectation]
    spi = "—" if pd.isna(row["spi"]) else f"{row['spi']:.2f}"
    whole = row["es_days"] == int(row["es_days"])  # ES is fractional: a time of day
    es_at = date_text(row["es_time"]) if whole else row["es_time"].strftime("%Y-%m-%d %H:%M")
    at = date_text(row["at_date"])

    fig = FigureParts()
    plan, actual = curves.plan, curves.earned
    fig.add_trace(
        "scatter",
        x=date_texts(plan["date"]), y=plan["planned_percent"].to_numpy(), mode="lines+markers",
        name="plan", line={"color": MUTED, "width": 2, "dash": "dot"}, marker={"size": 6},
        hovertext="<b>" + name + "</b><br>plan: " + percent_texts(plan["planned_percent"])
        + " by " + date_texts(plan["date"]),
        hoverinfo="text",
    )
    fig.add_trace(
        "scatter",
        x=date_texts(actual["date"]), y=actual["earned_percent"].to_numpy(),
        mode="lines+markers", name="earned",
        line={"color": STATE_COLORS["completed"], "width": 3, "shape": "hv"},
        marker={"size": 6},
        hovertext="<b>" + name + "</b><br>" + date_texts(actual["date"]) + ": "
        + percent_texts(actual["earned_percent"]) + " earned",
        hoverinfo="text",
    )
    variance = (f"schedule variance {row['sv_days']:+.1f} days (SPI {spi}); "
                f"{expectation.replace('_', ' ')}")
    fig.add_trace(
        "scatter",
        x=[es_at, at], y=[earned, earned], mode="lines", name="schedule variance",
        line={"color": colour, "width": 2, "dash": "dash"},
        hovertext=[variance] * 2, hoverinfo="text",
    )
    fig.add_trace(
        "scatter",
        x=[es_at], y=[earned], mode="markers+text", name="ES", text=["ES"],
        textposition="top center",
        marker={"symbol": "diamond", "size": 11, "color": "white",
                "line": {"color": INK, "width": 2}},
        hovertext=[f"<b>earned schedule</b>: {row['es_days']:.1f} days after the start "
                   f"({es_at}): the plan expected {percent_text(earned)} by then"],
        hoverinfo="text",
    )
    fig.add_trace(
        "scatter",
        x=[at], y=[earned], mode="markers+text", name="AT", text=["AT"],
        textposition="top center", marker={"symbol": "circle", "size": 11, "color": colour},
        hovertext=[f"<b>actual time</b>: {int(row['at_days'])} days ({at}); plan "
                   f"{percent_text(row['planned_percent'])}, earned {percent_text(earned)}"],
        hoverinfo="text",
    )
    default = (f"{name} ({escape_text(goal['client'])}) — {expectation.replace('_', ' ')}, "
               f"SPI {spi}{as_of_text(chart.stamp)}")
    return replace(chart, default=default).finish(
        fig, chart="schedule", as_of_line=True, height=440,
        meta={"goal_id": chart.goal_id, "expectation": expectation},
        xaxis={"type": "date"},
        yaxis={"range": [0, 105], "title": {"text": "percent"}, "ticksuffix": "%",
               "tickvals": [0, 20, 40, 60, 80, 100]},
        hovermode="closest",
    )
