"""The caseload overview: one row per client, their goals stacked by state."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..analytics import goal_status
from ..analytics.caseload import COUNTED_STATES, client_summary
from ..analytics.kernel import NAT, days
from ..data import CareerData
from ..formatting import date_text, date_texts, integer_texts, percent_texts, plural_words
from .base import (
    Chart,
    FigureParts,
    as_objects,
    capped_note,
    document,
    escaped,
    label_axis,
    label_margin,
    make_figure,
    rows_height,
    shortened,
)
from .colors import MUTED, STATE_COLORS, STATE_LABELS

#: Clients drawn at most.
MAX_CASELOAD_CLIENTS = 40


@document(category="category : str, optional\n    Count only goals of this category.")
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
    return make_figure(_draw, data, heading="Caseload", as_of=as_of, category=category,
                       title=title, height=height)


def _draw(data: CareerData, chart: Chart) -> FigureParts:
    return caseload_parts(goal_status(data, chart.stamp), chart.stamp, default=chart.default,
                          title=chart.title, height=chart.height)


def caseload_parts(status: pd.DataFrame | None, stamp: pd.Timestamp, *, default: str,
                   title: str | None, height: int | None, clients=None,
                   max_clients: int = MAX_CASELOAD_CLIENTS,
                   summary: pd.DataFrame | None = None) -> FigureParts:
    """The caseload chart of the rows of a goal_status frame (dropped goals are not counted).

    Documented internal: shared by :func:`plot_caseload` and the dashboard, which filters
    a goal_status frame it computed once. One row per client with a counted goal; with
    ``clients`` (a sorted list), one row per client of that list, even those without a
    counted goal. At most ``max_clients`` rows, those most in need of attention (the title
    says how many of how many). ``summary``, the rows' :func:`client_summary` for
    ``clients`` when the caller has it (the dashboard's
    :class:`~careerkit.analytics.caseload.ClientTally`), stands for ``status``.
    """
    chart = Chart(stamp, default, title, height)
    if summary is None:
        if clients is None and not (status["state"].to_numpy() != "dropped").any():
            return chart.empty(f"no started goal that is not dropped on {date_text(stamp)}")
        summary = client_summary(status, stamp, clients)
    elif clients is None and summary.empty:
        return chart.empty(f"no started goal that is not dropped on {date_text(stamp)}")
    n = len(summary)
    if n == 0:
        return chart.empty("no client chosen")
    note = capped_note(max_clients, n,
                       "{shown} of {total:,} clients, most in need of attention first")
    summary = summary.iloc[:max_clients]
    counts = summary[COUNTED_STATES].to_numpy()
    total = summary["goals"].to_numpy()
    completed = summary["completed"].to_numpy()
    rate = summary["completion_rate"].to_numpy()
    last = days(summary["last_checkin"])
    since = summary["days_since_checkin"].to_numpy(dtype=np.int64, na_value=-1)
    raw_names = summary.index.to_numpy(dtype=object)
    names = escaped(raw_names)
    rows = len(summary)
    since_text = np.where(last == NAT, "no check-in yet",
                          "last check-in " + date_texts(last) + " (" + integer_texts(since)
                          + " days ago)")
    summary_text = ("<b>" + names + "</b><br>" + integer_texts(total) + " "
                    + plural_words(total, "goal") + " · " + integer_texts(completed)
                    + " completed (" + percent_texts(100 * rate) + ")<br>" + since_text)
    fig = FigureParts()
    for j, s in enumerate(COUNTED_STATES):
        fig.add_trace(
            "bar",
            orientation="h", x=counts[:, j], y=names, name=STATE_LABELS[s], legendgroup=s,
            marker={"color": STATE_COLORS[s], "line": {"width": 0}},
            hovertext=as_objects(summary_text + "<br>" + STATE_LABELS[s] + ": "
                                 + integer_texts(counts[:, j])),
            hoverinfo="text", customdata=raw_names,
        )
    side = (" " + np.where(total == 0, "no goals", percent_texts(100 * rate) + " completed")
            + " · "
            + np.where(last == NAT, "no check-in", integer_texts(since) + " d since check-in"))
    fig.add_trace(
        "scatter",
        x=total, y=names, mode="text", text=as_objects(side), textposition="middle right",
        textfont={"size": 11, "color": MUTED}, name="completion · days since check-in",
        cliponaxis=False,
        showlegend=False, hovertext=summary_text, hoverinfo="text",
        customdata=np.stack([rate, since], axis=1),
    )
    labels = escaped(shortened(raw_names, 30))
    return chart.finish(
        fig, chart="caseload", height=rows_height(rows, 26), note=note,
        meta={"clients_shown": rows, "clients_total": n}, left=label_margin(labels),
        barmode="stack", hovermode="closest",
        xaxis={"title": {"text": "goals"}, "range": [0, max(1, int(total.max())) * 1.8],
               "rangemode": "tozero", "ticklabeloverflow": "allow"},
        yaxis={**label_axis(names, labels, measured=True), "type": "category",
               "categoryorder": "array", "categoryarray": list(names)},
        legend={"traceorder": "normal"},
    )
