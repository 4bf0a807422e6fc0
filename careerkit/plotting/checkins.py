"""The check-in calendar: check-ins per week and client (or goal), gaps in light grey."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ..analytics.checkin_calendar import calendar_weeks, checkin_calendar
from ..analytics.kernel import NAT, days
from ..data import CareerData
from ..formatting import date_text, date_texts, integer_texts, plural_words
from .base import (
    Chart,
    FigureParts,
    capped_note,
    document,
    escaped,
    label_axis,
    make_figure,
    rows_height,
    shortened,
)

#: Rows drawn at most (the longest since their last check-in).
MAX_CHECKIN_ROWS = 50


@document(
    by='by : {"client", "goal"}, default "client"',
    weeks=("weeks : int, default 26\n"
           "    How many weeks to show, ending with the week of as_of."),
)
def plot_checkins(data: CareerData, *, as_of=None, client=None, by: str = "client",
                  weeks: int = 26, title: str | None = None,
                  height: int | None = None) -> go.Figure:
    """A check-in calendar: check-ins per week and client (or goal), gaps in light grey.

    Columns are ISO weeks (their Monday) up to the week of ``as_of``; each cell counts the
    check-ins (progress rows dated on or before as_of) of that row in that week. Rows are
    the clients with a started goal (``by="client"``) or the started goals, dropped ones
    only when checked in during the window (``by="goal"``), the longest gap since the last
    check-in first. Past 50 rows only the 50 longest gaps are drawn and the title says so.

    Returns
    -------
    plotly.graph_objects.Figure

    Raises
    ------
    ValueError
        For an unknown client, a ``by`` other than "client" or "goal", or weeks < 1.

    Examples
    --------
    >>> import careerkit, careerkit.plotting
    >>> fig = careerkit.plotting.plot_checkins(careerkit.load("sample_data"), weeks=12)
    >>> len(fig.data[0].x)
    12
    """
    weeks = calendar_weeks(by, weeks)
    return make_figure(_draw, data, heading=f"Check-ins per week by {by}", as_of=as_of,
                       client=client, title=title, height=height, by=by, weeks=weeks)


def _draw(data: CareerData, chart: Chart, *, by: str, weeks: int) -> FigureParts:
    """Draw :func:`~careerkit.analytics.checkin_calendar.checkin_calendar`."""
    calendar = checkin_calendar(data, chart.stamp, by=by, weeks=weeks)
    rows, counts = calendar
    total_rows = len(rows)
    if not total_rows:
        return chart.empty(f"no started goal on {date_text(chart.stamp)}")
    many = "clients" if by == "client" else "goals"
    note = capped_note(MAX_CHECKIN_ROWS, total_rows,
                       "{shown} of {total:,} " + many
                       + ", the longest since their last check-in first")
    rows, counts = rows.iloc[:MAX_CHECKIN_ROWS], counts.iloc[:MAX_CHECKIN_ROWS]
    n = len(rows)
    if by == "client":
        full_label = escaped(rows["client"])
        tick = escaped(shortened(rows["client"], 30))
    else:
        full_label = escaped(rows["client"]) + " · " + escaped(rows["title"])
        tick = escaped(shortened(rows["title"])) if chart.client is not None else (
            escaped(shortened(rows["client"], 20)) + " · "
            + escaped(shortened(rows["title"], 36)))
    z = counts.to_numpy()
    mondays = date_texts(counts.columns)
    last = days(rows["last_checkin"])
    since = np.where(last == NAT, "no check-in yet",
                     "last check-in " + date_texts(last) + " ("
                     + integer_texts(rows["days_since_checkin"].to_numpy(dtype=np.int64,
                                                                          na_value=0))
                     + " days before as_of)")
    cell = (("<b>" + full_label + "</b><br>" + since)[:, None] + "<br>week of "
            + mondays[None, :] + ": " + integer_texts(z) + " "
            + plural_words(z, "check-in"))
    top = max(1, int(z.max()))
    edge = 0.5 / top
    fig = FigureParts()
    fig.add_trace(
        "heatmap",
        z=z, x=mondays, y=np.arange(n), zmin=0, zmax=top, xgap=1, ygap=1,
        colorscale=[[0, "#EEEEEE"], [edge, "#EEEEEE"], [edge, "#C6DBEF"], [1, "#08306B"]],
        colorbar={"title": {"text": "check-ins"}, "thickness": 12},
        hovertext=cell.tolist(), hoverinfo="text", name="check-ins",
    )
    return chart.finish(
        fig, chart="checkins", height=rows_height(n, 20), note=note,
        meta={"rows_shown": n, "rows_total": total_rows},
        xaxis={"type": "date", "title": {"text": "week (Monday)"}},
        yaxis=label_axis(range(n), tick),
    )
