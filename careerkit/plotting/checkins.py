"""The check-in calendar: check-ins per week and client (or goal), gaps in light grey."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..analytics.kernel import NAT, days
from ..data import CareerData
from ..formatting import date_text, date_texts, integer_texts, plural_words
from .base import (
    Chart,
    FigureParts,
    as_objects,
    axis_dates,
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
    if by not in ("client", "goal"):
        raise ValueError(f"by must be 'client' or 'goal', not {by!r}")
    if isinstance(weeks, bool) or not isinstance(weeks, int | np.integer) or weeks < 1:
        raise ValueError(f"weeks must be a whole number of at least 1, not {weeks!r}")
    return make_figure(_draw, data, heading=f"Check-ins per week by {by}", as_of=as_of,
                       client=client, title=title, height=height, by=by, weeks=int(weeks))


def _draw(data: CareerData, chart: Chart, *, by: str, weeks: int) -> FigureParts:
    t = chart.t
    monday = t - (t + 3) % 7  # 1970-01-01 was a Thursday
    first = monday - 7 * (weeks - 1)

    goals = data.goals
    started = days(goals["start_date"]) <= t
    progress = data.progress
    owner = pd.Index(goals["goal_id"]).get_indexer(progress["goal_id"])
    day = days(progress["date"])
    valid = (owner >= 0) & (day <= t)
    window = valid & (day >= first)

    if by == "client":
        codes, names = pd.factorize(goals["client"], sort=True)
        present = np.zeros(len(names), dtype=bool)
        present[codes[started]] = True
        row_of_goal = codes
        labels_raw = np.asarray(names, dtype=object)
    else:
        seen = np.zeros(len(goals), dtype=bool)
        seen[owner[window]] = True
        present = started & ((goals["status"] != "dropped").to_numpy(dtype=bool) | seen)
        row_of_goal = np.arange(len(goals))
        labels_raw = None
    rows = np.flatnonzero(present)
    if not len(rows):
        return chart.empty(f"no started goal on {date_text(chart.stamp)}")
    # Row number of every goal (-1: not drawn) and of every check-in.
    slot = np.full(len(present), -1, dtype=np.int64)
    slot[rows] = np.arange(len(rows))
    goal_row = slot[row_of_goal]
    c_row = np.full(len(progress), -1, dtype=np.int64)
    c_row[valid] = goal_row[owner[valid]]
    counted = valid & (c_row >= 0)

    last = np.full(len(rows), NAT, dtype=np.int64)
    np.maximum.at(last, c_row[counted], day[counted])
    if by == "client":
        raw = labels_raw[rows]
        full_label = escaped(raw)
        tick = escaped(shortened(raw, 30))
    else:
        g = goals.iloc[rows]
        raw = as_objects(g["client"] + " · " + g["title"].fillna(""))
        full_label = escaped(g["client"]) + " · " + escaped(g["title"])
        tick = escaped(shortened(g["title"])) if chart.client is not None else (
            escaped(shortened(g["client"], 20)) + " · " + escaped(shortened(g["title"], 36)))
    gap = np.where(last == NAT, np.iinfo(np.int64).max, t - last)
    order = pd.DataFrame({"gap": -gap, "label": raw}).sort_values(
        ["gap", "label"], kind="stable").index.to_numpy()
    total_rows = len(rows)
    many = "clients" if by == "client" else "goals"
    note = capped_note(MAX_CHECKIN_ROWS, total_rows,
                       "{shown} of {total:,} " + many
                       + ", the longest since their last check-in first")
    order = order[:MAX_CHECKIN_ROWS]
    rank = np.full(len(rows), -1, dtype=np.int64)
    rank[order] = np.arange(len(order))
    n = len(order)

    in_cell = window & (c_row >= 0)
    cell_row = rank[c_row[in_cell]]
    keep = cell_row >= 0
    week = (day[in_cell][keep] - first) // 7
    z = np.bincount(cell_row[keep] * weeks + week, minlength=n * weeks).reshape(n, weeks)

    mondays = first + 7 * np.arange(weeks)
    last = last[order]
    since = np.where(last == NAT, "no check-in yet",
                     "last check-in " + date_texts(last) + " (" + integer_texts(t - last)
                     + " days before as_of)")
    cell = (("<b>" + full_label[order] + "</b><br>" + since)[:, None] + "<br>week of "
            + date_texts(mondays)[None, :] + ": " + integer_texts(z) + " "
            + plural_words(z, "check-in"))
    top = max(1, int(z.max()))
    edge = 0.5 / top
    fig = FigureParts()
    fig.add_trace(
        "heatmap",
        z=z, x=axis_dates(mondays), y=np.arange(n), zmin=0, zmax=top, xgap=1, ygap=1,
        colorscale=[[0, "#EEEEEE"], [edge, "#EEEEEE"], [edge, "#C6DBEF"], [1, "#08306B"]],
        colorbar={"title": {"text": "check-ins"}, "thickness": 12},
        hovertext=cell.tolist(), hoverinfo="text", name="check-ins",
    )
    return chart.finish(
        fig, chart="checkins", height=rows_height(n, 20), note=note,
        meta={"rows_shown": n, "rows_total": total_rows},
        xaxis={"type": "date", "title": {"text": "week (Monday)"}},
        yaxis=label_axis(range(n), tick[order]),
    )
