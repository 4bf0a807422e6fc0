"""Probabilistic finish dates per goal: the P50–P95 range with P85 marked, and the target."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ..analytics import forecast_finish, goal_status
from ..analytics.forecast import HORIZON_WEEKS
from ..analytics.kernel import NAT, days
from ..data import CareerData
from ..formatting import date_texts, percent_texts
from .base import (
    Chart,
    FigureParts,
    as_objects,
    axis_dates,
    capped_note,
    check_filters,
    document,
    escaped,
    label_axis,
    make_figure,
    rows_height,
    segments,
    shortened,
)
from .colors import INK, MUTED, STATE_COLORS

#: Goals drawn at most (in goal_id order).
MAX_FORECAST_ROWS = 40


@document(
    client=("client : str, optional\n"
            "    Every started goal of this client that is neither completed nor dropped.\n"
            "    ``client`` or ``goal_id`` is required."),
    goal_id=("goal_id : str or list of str, optional\n"
             "    One goal, or several (drawn whatever their state)."),
    trials=("trials : int, default 2000\n"
            "    Trials of :func:`careerkit.forecast_finish` per goal."),
    seed=("seed : int, default 0\n"
          "    Its seed: the same seed draws the same dates."),
)
def plot_forecast(data: CareerData, *, client=None, goal_id=None, as_of=None,
                  trials: int = 2000, seed: int = 0, title: str | None = None,
                  height: int | None = None) -> go.Figure:
    """When each goal will be reached: the P50–P95 range of its finish dates, P85 marked,
    against its current target.

    One row per goal: a bar from the P50 date (as likely as not by then) to the P95 date,
    a tick at the P85 date (a date to promise) and a cross at the current target; hover
    gives the chance of finishing by the target. The dates are
    :func:`careerkit.forecast_finish`'s, computed with all of ``data`` (a goal that
    borrows the caseload's history borrows all of it). A range still open after three
    years runs to the end of the horizon; a goal without any history shows its target
    only. At most 40 goals are drawn, and the title says so.

    Returns
    -------
    plotly.graph_objects.Figure

    Raises
    ------
    ValueError
        Without client or goal_id, or for an unknown client or goal_id.

    Examples
    --------
    >>> import careerkit, careerkit.plotting
    >>> data = careerkit.load("sample_data")
    >>> fig = careerkit.plotting.plot_forecast(data, client="Priya Venkataraman", trials=100)
    >>> [trace.name for trace in fig.data]
    ['P50–P95', 'P85', 'current target']
    """
    if client is None and goal_id is None:
        raise ValueError("plot_forecast needs client= or goal_id= (the goals of one client, or "
                         "one or more goals)")
    chosen = None
    if goal_id is not None and not isinstance(goal_id, str):
        chosen = list(goal_id)
        for one in chosen:
            check_filters(data, client=client, goal_id=one)
        goal_id = chosen[0] if len(chosen) == 1 else None
    return make_figure(_draw, data, heading="Finish dates", as_of=as_of, client=client,
                       goal_id=goal_id, title=title, height=height, whole=data,
                       chosen=chosen, trials=trials, seed=seed)


def _draw(data: CareerData, chart: Chart, *, whole: CareerData, chosen, trials: int,
          seed: int) -> FigureParts:
    if chosen is not None:
        data = data.select(goals=chosen)
    status = goal_status(data, as_of=chart.stamp)
    if chart.goal_id is None and chosen is None:
        status = status.loc[~status["completed_at_T"] & (status["status"] != "dropped")]
    if status.empty:
        return chart.empty("no open goal started by then" if chosen is None and
                           chart.goal_id is None else "not started by then")
    total = len(status)
    note = capped_note(MAX_FORECAST_ROWS, total, "{shown} of {total:,} goals (by goal_id)")
    status = status.iloc[:MAX_FORECAST_ROWS]
    finish = forecast_finish(whole, as_of=chart.stamp, trials=trials, seed=seed,
                             goals=status.index, progress=False).loc[status.index]

    rows = np.arange(len(status))
    labels = escaped(shortened(status["title"]))
    p50, p85, p95 = (days(finish[f"p{p}_date"]) for p in (50, 85, 95))
    target = days(status["current_target"])
    horizon = chart.t + 7 * HORIZON_WEEKS
    open_end = (p50 != NAT) & (p95 == NAT)
    end = np.where(open_end, horizon, p95)
    ranged = p50 != NAT
    chance = percent_texts(100 * finish["prob_by_target"].to_numpy(dtype="float64"))
    basis = finish["basis"].to_numpy(dtype=object)
    unfinished = percent_texts(100 * finish["horizon_share"].to_numpy(dtype="float64"))
    hover = as_objects(
        "<b>" + labels + "</b><br>P50 " + date_texts(p50) + " · P85 " + date_texts(p85)
        + " · P95 " + np.where(open_end, "after 3 years", date_texts(p95)).astype(object)
        + "<br>current target " + date_texts(target) + " · chance by target " + chance
        + "<br>history: " + basis + " · not done in 3 years: " + unfinished)
    ids = status.index.to_numpy(dtype=object)

    fig = FigureParts()
    fig.add_trace(
        "scatter", name="P50–P95", mode="lines",
        x=segments(axis_dates(p50[ranged]), axis_dates(end[ranged])),
        y=segments(rows[ranged], rows[ranged]),
        line={"color": STATE_COLORS["completed"], "width": 10},
        hovertext=np.repeat(hover[ranged], 3), hoverinfo="text",
        customdata=np.repeat(ids[ranged], 3),
    )
    marked = p85 != NAT
    fig.add_trace(
        "scatter", name="P85", mode="markers",
        x=axis_dates(p85[marked]), y=rows[marked],
        marker={"symbol": "line-ns", "size": 22, "line": {"width": 3, "color": INK}},
        hovertext=hover[marked], hoverinfo="text", customdata=ids[marked],
    )
    fig.add_trace(
        "scatter", name="current target", mode="markers",
        x=axis_dates(target), y=rows,
        marker={"symbol": "x", "size": 11, "color": STATE_COLORS["overdue"],
                "line": {"width": 1, "color": MUTED}},
        hovertext=hover, hoverinfo="text", customdata=ids,
    )
    return chart.finish(
        fig, chart="forecast", as_of_line=True, height=rows_height(len(status), 30), note=note,
        meta={"goals": len(status), "goals_total": total, "trials": trials, "seed": seed},
        xaxis={"type": "date", "title": {"text": "finish date"}},
        yaxis=label_axis(rows, labels), hovermode="closest",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 1, "xanchor": "right"},
    )
