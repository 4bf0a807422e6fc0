"""How far to trust the forecasts: the back-test of forecast_accuracy, per grid date."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ..analytics import forecast_accuracy
from ..data import CareerData
from ..formatting import date_text, date_texts, integer_texts, percent_texts
from .base import Chart, FigureParts, as_objects, document, make_figure
from .colors import INK, LINE_COLORS, MUTED

#: The share of P85 dates that should hold.
CALIBRATED_PERCENT = 85


@document(
    every=("every : str, default \"MS\"\n"
           "    The grid of :func:`careerkit.forecast_accuracy` (a pandas frequency)."),
    trials=("trials : int, default 2000\n"
            "    Trials of :func:`careerkit.forecast_finish` at each grid date."),
)
def plot_calibration(data: CareerData, *, every: str = "MS", trials: int = 2000,
                     title: str | None = None, height: int | None = None) -> go.Figure:
    """Can the forecasts be trusted? The back-test of :func:`careerkit.forecast_accuracy`.

    Top: per grid date, the share of P85 dates that held (the goal was completed on or
    before it), against the 85 % line it should sit near: far below, the forecasts are
    too hopeful; far above, too cautious. Bottom: the mean absolute error in days of the
    P50 date and of goal_status' linear forecast. Hover gives how many goals each point
    rests on; dates where none could be measured are gaps. The data is looked at up to
    its latest recorded event.

    Returns
    -------
    plotly.graph_objects.Figure

    Examples
    --------
    >>> import careerkit, careerkit.plotting
    >>> fig = careerkit.plotting.plot_calibration(careerkit.load("sample_data"), trials=100)
    >>> [trace.name for trace in fig.data]
    ['P85 dates that held', 'P50 error', 'linear error']
    """
    return make_figure(_draw, data, heading="Forecast accuracy", title=title, height=height,
                       every=every, trials=trials)


def _draw(data: CareerData, chart: Chart, *, every: str, trials: int) -> FigureParts:
    accuracy = forecast_accuracy(data, every, trials=trials, progress=False)
    if not (accuracy.p85["forecasts"] > 0).any():
        return chart.empty("no goal was completed after a forecast was made"
                           if len(accuracy.p85) else "no date to look back from")
    grid = accuracy.p85.index
    x = date_texts(grid.to_numpy().astype("datetime64[D]").astype(np.int64))
    held = 100 * accuracy.p85["held_share"].to_numpy(dtype="float64")
    goals = accuracy.p85["forecasts"].to_numpy()
    fig = FigureParts()
    fig.add_trace(
        "scatter", name="P85 dates that held", mode="lines+markers", x=x, y=held,
        line={"color": LINE_COLORS[0], "width": 2.5}, connectgaps=False,
        hovertext=as_objects("as of " + x + ": " + percent_texts(held) + " of "
                             + integer_texts(goals) + " goals finished by their P85 date"),
        hoverinfo="text", customdata=goals, xaxis="x", yaxis="y",
    )
    for name, part, color in (("P50 error", accuracy.p50, LINE_COLORS[1]),
                              ("linear error", accuracy.linear, MUTED)):
        error = part["mae_days"].to_numpy(dtype="float64")
        counted = part["forecasts"].to_numpy()
        fig.add_trace(
            "scatter", name=name, mode="lines+markers", x=x, y=error,
            line={"color": color, "width": 2, "dash": "solid" if name == "P50 error" else "dot"},
            hovertext=as_objects("as of " + x + ": off by " + np.char.mod(
                "%.0f", np.nan_to_num(error)).astype(object) + " days on average ("
                + integer_texts(counted) + " goals)"),
            hoverinfo="text", customdata=counted, xaxis="x2", yaxis="y2",
        )
    first, last = date_text(grid[0]), date_text(grid[-1])
    fig.add_shape(type="line", x0=first, x1=last, y0=CALIBRATED_PERCENT, y1=CALIBRATED_PERCENT,
                  xref="x", yref="y", line={"color": INK, "width": 1.5, "dash": "dash"},
                  name="calibrated")
    fig.add_annotation(x=last, y=CALIBRATED_PERCENT, xref="x", yref="y", showarrow=False,
                       text=f"{CALIBRATED_PERCENT} %: calibrated", xanchor="right",
                       yanchor="bottom", font={"size": 11, "color": INK})
    return chart.finish(
        fig, chart="calibration", height=560,
        meta={"dates": len(grid), "trials": trials, "every": every},
        xaxis={"type": "date", "anchor": "y", "matches": "x2", "showticklabels": False},
        yaxis={"domain": [0.45, 1.0], "range": [0, 105], "ticksuffix": "%",
               "title": {"text": "P85 dates that held"}},
        xaxis2={"type": "date", "anchor": "y2", "title": {"text": "forecast made on"}},
        yaxis2={"domain": [0.0, 0.35], "rangemode": "tozero",
                "title": {"text": "mean abs. error (days)"}},
        hovermode="closest",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 1, "xanchor": "right"},
    )
