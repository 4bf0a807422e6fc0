"""How long goals take: Kaplan–Meier step curves per group, with their 95 % band."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..analytics.rates import group_keys
from ..analytics.survival import time_to_goal
from ..data import CareerData
from ..formatting import integer_texts, percent_texts
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
from .colors import INK, LINE_COLORS

#: Groups drawn at most (those with the most goals).
MAX_SURVIVAL_GROUPS = 8


@document(
    by=("by : str or list of str, optional\n"
        "    Column(s) of goals to draw one curve per group of (a missing value is the\n"
        "    group \"(none)\"); default one curve for all goals."),
    client="client : str, optional\n    Only this client's goals.",
    category="category : str, optional\n    Only the goals of this category.",
)
def plot_time_to_goal(data: CareerData, *, by=None, as_of=None, client=None, category=None,
                      title: str | None = None, height: int | None = None) -> go.Figure:
    """How long goals take: the share of goals not yet reached against days since start.

    One Kaplan–Meier step curve per group, from :func:`careerkit.time_to_goal`, with its
    pointwise 95 % band shaded, small ticks where goals were censored (still open or
    dropped), and the median ("half the goals reached by") marked where the curve reaches
    50 %. Past 8 groups only the 8 with the most goals are drawn and the title says so.

    Returns
    -------
    plotly.graph_objects.Figure

    Raises
    ------
    ValueError
        When ``by`` is not a column of goals, or for an unknown client or category.

    Examples
    --------
    >>> import careerkit, careerkit.plotting
    >>> fig = careerkit.plotting.plot_time_to_goal(careerkit.load("sample_data"))
    >>> [trace.name for trace in fig.data][:2]
    ['all goals', 'all goals: 95% band']
    """
    keys = group_keys(data, by)
    heading = "Time to goal" + (f" by {escape_text(' · '.join(map(str, keys)))}" if keys
                                else "")
    return make_figure(_draw, data, heading=heading, as_of=as_of, client=client,
                       category=category, title=title, height=height, keys=keys)


def _draw(data: CareerData, chart: Chart, *, keys: list) -> FigureParts:
    table, summary = time_to_goal(data, by=keys or None, as_of=chart.stamp)
    if not summary["goals"].sum():
        return chart.empty("no goal started by as_of")
    total = len(summary)
    note = capped_note(MAX_SURVIVAL_GROUPS, total,
                       "{shown} of {total:,} groups, those with the most goals")
    shown = np.sort(np.argsort(-summary["goals"].to_numpy(), kind="stable")
                    [:MAX_SURVIVAL_GROUPS])
    labels = _labels(summary, keys)
    group_of_row = _group_rows(table, summary, keys)

    fig = FigureParts()
    for colour, group in zip(LINE_COLORS * 2, shown, strict=False):
        rows = table.loc[group_of_row == group]
        _draw_group(fig, rows, summary.iloc[group], labels[group], colour)
    return chart.finish(
        fig, chart="time_to_goal", height=460, note=note,
        meta={"groups_shown": len(shown), "groups_total": total},
        xaxis={"title": {"text": "days since start"}, "rangemode": "tozero"},
        yaxis={"range": [0, 102], "ticksuffix": "%", "tickvals": [0, 25, 50, 75, 100],
               "title": {"text": "goals not yet reached"}},
        hovermode="closest",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 1, "xanchor": "right"},
    )


def _labels(summary: pd.DataFrame, keys: list) -> np.ndarray:
    """Each group's name in the legend: its keys joined by " · ", "(none)" when missing."""
    if not keys:
        return np.array(["all goals"], dtype=object)
    label = None
    for key in keys:
        part = pd.Series(shortened(summary[key].astype(object).where(summary[key].notna(),
                                                                     "(none)"), 30),
                         dtype=object)
        label = part if label is None else label + " · " + part
    return escaped(label)


def _group_rows(table: pd.DataFrame, summary: pd.DataFrame, keys: list) -> np.ndarray:
    """For each row of the table, its group's position in the summary."""
    if not keys:
        return np.zeros(len(table), dtype=np.int64)
    both = pd.concat([summary[keys], table[keys]], ignore_index=True)
    codes = both.groupby(keys, dropna=False, sort=False).ngroup().to_numpy()
    return codes[len(summary):]


def _draw_group(fig: FigureParts, rows: pd.DataFrame, summary: pd.Series, label: str,
                colour: str) -> None:
    """One group's curve (from 100 % on day 0), band, censoring ticks and median."""
    day = np.concatenate([[0], rows["days"].to_numpy()])
    percent = 100 * np.concatenate([[1.0], rows["survival"].to_numpy()])
    lower = 100 * np.concatenate([[1.0], rows["ci_lower"].to_numpy()])
    upper = 100 * np.concatenate([[1.0], rows["ci_upper"].to_numpy()])
    at_risk = np.concatenate([[summary["goals"]], rows["at_risk"].to_numpy()])
    hover = as_objects("<b>" + label + "</b><br>day " + integer_texts(day) + ": "
                       + percent_texts(percent) + " not yet reached (95%: "
                       + percent_texts(lower) + "–" + percent_texts(upper) + ")<br>"
                       + integer_texts(at_risk) + " at risk")
    fig.add_trace("scatter", x=day, y=percent, mode="lines", name=label, legendgroup=label,
                  line={"color": colour, "width": 2.5, "shape": "hv"}, hovertext=hover,
                  hoverinfo="text", customdata=np.stack([at_risk, np.concatenate(
                      [[0], rows["events"].to_numpy()])], axis=1))
    for bound, fill in ((upper, "none"), (lower, "tonexty")):
        fig.add_trace("scatter", x=day, y=bound, mode="lines", name=f"{label}: 95% band",
                      legendgroup=label, showlegend=False, fill=fill,
                      fillcolor=_faint(colour), line={"width": 0, "shape": "hv"},
                      hoverinfo="skip")
    censored = rows["censored"].to_numpy() > 0
    fig.add_trace("scatter", x=rows["days"].to_numpy()[censored],
                  y=100 * rows["survival"].to_numpy()[censored], mode="markers",
                  name=f"{label}: censored", legendgroup=label, showlegend=False,
                  marker={"symbol": "line-ns-open", "size": 9, "color": colour},
                  hovertext=as_objects("<b>" + label + "</b><br>day "
                                       + integer_texts(rows["days"].to_numpy()[censored])
                                       + ": " + integer_texts(rows["censored"].to_numpy()
                                                              [censored]) + " censored"),
                  hoverinfo="text")
    median = summary["median_days"]
    if not pd.isna(median):
        low, high = summary["median_ci_lower"], summary["median_ci_upper"]
        interval = ("—" if pd.isna(low) else str(int(low))) + " to " + (
            "not reached" if pd.isna(high) else str(int(high)))
        fig.add_trace("scatter", x=[0, int(median), int(median)], y=[50, 50, 0],
                      mode="lines+markers", name=f"{label}: median", legendgroup=label,
                      showlegend=False, line={"color": colour, "width": 1, "dash": "dot"},
                      marker={"size": [0, 9, 0], "color": INK},
                      hovertext=[f"<b>{label}</b><br>half the goals reached by day "
                                 f"{int(median)} (95%: {interval})"] * 3,
                      hoverinfo="text")


def _faint(colour: str) -> str:
    """A hex colour as rgba at 20 % opacity (the band's fill)."""
    red, green, blue = (int(colour[k:k + 2], 16) for k in (1, 3, 5))
    return f"rgba({red},{green},{blue},0.2)"
