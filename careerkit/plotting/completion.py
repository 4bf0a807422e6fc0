"""Completion and on-time rates per group of goals, as grouped bars."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..analytics import completion_rates
from ..analytics.rates import group_keys
from ..data import CareerData
from ..formatting import integer_texts, percent_texts, plural_words
from .base import (
    Chart,
    FigureParts,
    as_objects,
    capped_note,
    document,
    escape_text,
    escaped,
    make_figure,
    shortened,
)
from .colors import STATE_COLORS

#: Groups drawn at most (those with the most goals).
MAX_COMPLETION_GROUPS = 50


@document(by=("by : str or list of str, default \"category\"\n"
              "    Any column(s) of goals; a missing value forms its own group \"(none)\"."))
def plot_completion(data: CareerData, *, by="category", as_of=None, title: str | None = None,
                    height: int | None = None) -> go.Figure:
    """Completion rate and on-time rate per group of goals, as grouped bars in percent.

    The numbers are :func:`careerkit.completion_rates`; hover gives the counts of goals
    and completed goals. Past 50 groups only the 50 with the most goals are drawn and the
    title says so.

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
    keys = group_keys(data, by)
    if not keys:
        raise ValueError("by must name at least one column of goals")
    label_by = " · ".join(map(str, keys))
    return make_figure(_draw, data, heading=f"Completion by {escape_text(label_by)}",
                       as_of=as_of, title=title, height=height, keys=keys, label_by=label_by)


def _draw(data: CareerData, chart: Chart, *, keys: list, label_by: str) -> FigureParts:
    rates = completion_rates(data, by=keys, as_of=chart.stamp)
    rates = rates.loc[rates["goals"] > 0]
    if rates.empty:
        return chart.empty("no started goal that is not dropped")
    n = len(rates)
    note = capped_note(MAX_COMPLETION_GROUPS, n,
                       "{shown} of {total:,} groups, those with the most goals")
    if note:
        largest = np.sort(np.argsort(-rates["goals"].to_numpy(), kind="stable")
                          [:MAX_COMPLETION_GROUPS])
        rates = rates.iloc[largest]
    index = rates.index.to_frame(index=False).astype(object)
    label = pd.Series("", index=index.index, dtype=object)
    for i, column in enumerate(index.columns):
        part = pd.Series(shortened(index[column].where(index[column].notna(), "(none)"), 30),
                         dtype=object)
        label = part if i == 0 else label + " · " + part
    labels = escaped(label)
    goals = rates["goals"].to_numpy()
    done = rates["completed"].to_numpy()
    on_time = rates["on_time"].to_numpy()
    due = rates["due"].to_numpy()
    completion = 100 * rates["completion_rate"].to_numpy(dtype="float64")
    timely = 100 * rates["on_time_rate"].to_numpy(dtype="float64")
    counts = ("<b>" + labels + "</b><br>" + integer_texts(goals) + " "
              + plural_words(goals, "goal") + ", " + integer_texts(done) + " completed")
    x = np.arange(len(rates))
    fig = FigureParts()
    fig.add_trace(
        "bar",
        x=x, y=completion, name="completion rate", text=percent_texts(completion),
        textposition="outside", cliponaxis=False, marker={"color": STATE_COLORS["completed"]},
        hovertext=as_objects(counts + "<br>completion rate: " + percent_texts(completion)),
        hoverinfo="text", customdata=np.stack([goals, done], axis=1),
    )
    timely_text = np.where(np.isnan(timely), "no goal due or completed yet",
                           percent_texts(timely) + " (" + integer_texts(on_time)
                           + " completed by the first-planned target; " + integer_texts(due)
                           + " due)")
    fig.add_trace(
        "bar",
        x=x, y=timely, name="on-time rate", text=percent_texts(timely), textposition="outside",
        cliponaxis=False,
        marker={"color": STATE_COLORS["on_track"]},
        hovertext=as_objects(counts + "<br>on-time rate: " + timely_text), hoverinfo="text",
        customdata=np.stack([goals, on_time], axis=1),
    )
    return chart.finish(
        fig, chart="completion", height=440, note=note,
        meta={"groups_shown": len(rates), "groups_total": n},
        barmode="group", hovermode="closest",
        xaxis={"tickmode": "array", "tickvals": list(x), "ticktext": list(labels),
               "title": {"text": escape_text(label_by)}},
        yaxis={"range": [0, 110], "ticksuffix": "%", "tickvals": [0, 20, 40, 60, 80, 100],
               "title": {"text": "percent of goals"}},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 1, "xanchor": "right"},
    )
