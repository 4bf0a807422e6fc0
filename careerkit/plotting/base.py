"""The shared chart builder (documented internal: for the chart modules and the widgets).

Every chart of :mod:`careerkit.plotting` is a short function that checks its own options
and hands the rest to :func:`make_figure`, which owns what all charts share:

- the keyword vocabulary ``as_of``, ``client``, ``goal_id``, ``category``, ``title`` and
  ``height``, checked once (:func:`check_filters`) and documented once
  (:data:`PARAMETER_DOCS`, attached to each chart's docstring by :func:`document`);
- the part of the data in scope (:func:`scope_data`, via ``CareerData.select``);
- the default title ("Heading — client as of 2025-03-31"), the title the caller passes, and
  the note a title gets when rows are capped (:func:`capped_note`);
- the empty-state figure, the as_of line, margins, height and the template, applied by
  :class:`Chart`.

Charts draw into :class:`FigureParts` (plain dicts, validated once when they become a
Figure), which the widgets copy into their FigureWidgets. Text from the data is escaped
with :func:`escaped`; the ``title=`` a caller passes is used as given.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..analytics import resolve_as_of
from ..analytics.kernel import days
from ..data import CareerData
from ..formatting import date_text, date_texts
from .colors import INK, MUTED

TEMPLATE = "plotly_white"
#: Labels longer than this are cut, with an ellipsis.
LABEL_CHARS = 48
#: The font of row labels whose width is reckoned in advance (:func:`label_axis` with
#: ``measured=True``): Arial, or a font with Arial's widths (Liberation Sans, Helvetica).
LABEL_FONT = {"family": "Arial, Liberation Sans, Helvetica, sans-serif", "size": 12}
#: Arial's advance widths, in thousandths of the font size, of the printable ASCII
#: characters from the space (32) to the tilde (126).
ARIAL_WIDTHS = np.array([
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584], dtype=np.int64)
#: Milliseconds in a day: plotly's unit for a bar's length on a date axis.
DAY_MS = 86_400_000


# --- text ----------------------------------------------------------------------------------

def escaped(values) -> np.ndarray:
    """Data text as plotly shows it literally: only ``&``, ``<`` and ``>`` are escaped (and
    a line break becomes a space); missing values become ""."""
    text = pd.Series(np.asarray(values, dtype=object), dtype=object).fillna("").astype(str)
    text = (text.str.replace("&", "&amp;", regex=False).str.replace("<", "&lt;", regex=False)
            .str.replace(">", "&gt;", regex=False).str.replace("\n", " ", regex=False))
    return text.to_numpy(dtype=object)


def escape_text(value) -> str:
    """One value as plotly shows it literally (see :func:`escaped`)."""
    return str(escaped([value])[0])


def shortened(values, limit: int = LABEL_CHARS) -> np.ndarray:
    """Raw text cut to ``limit`` characters (with an ellipsis), before escaping."""
    text = pd.Series(np.asarray(values, dtype=object), dtype=object).fillna("").astype(str)
    long = text.str.len() > limit
    text = text.where(~long, text.str.slice(0, limit - 1) + "…")
    return text.to_numpy(dtype=object)


def as_objects(values) -> np.ndarray:
    """``values`` as an object array (plotly keeps strings of it as they are)."""
    return np.asarray(values, dtype=object)


def axis_dates(values) -> np.ndarray:
    """Whole days since 1970 as the values of a date axis: ISO dates, None where missing."""
    return date_texts(values, missing=None)


# --- the keyword vocabulary ----------------------------------------------------------------

def _check_choice(what: str, many: str, value, values: pd.Series) -> None:
    """ValueError naming what exists when ``value`` is not among ``values``."""
    if bool((values == value).fillna(False).any()):
        return
    names = sorted(map(str, pd.unique(values.dropna())))
    if not names:
        raise ValueError(f"unknown {what} {value!r}: the data has no {many}")
    shown = ", ".join(names[:10])
    more = f" and {len(names) - 10:,} more" if len(names) > 10 else ""
    raise ValueError(f"unknown {what} {value!r}; the {many} are: {shown}{more}")


def check_filters(data: CareerData, *, client=None, goal_id=None, category=None) -> None:
    """ValueError for a client, goal_id or category the data does not have (listing the
    first ten it has), or for a goal of another client than ``client``."""
    goals = data.goals
    if client is not None:
        _check_choice("client", "clients", client, goals["client"])
    if goal_id is not None:
        _check_choice("goal_id", "goal_ids", goal_id, goals["goal_id"])
    if category is not None:
        _check_choice("category", "categories", category, goals["category"])
    if client is not None and goal_id is not None:
        owner = goals.loc[goals["goal_id"] == goal_id, "client"].iloc[0]
        if owner != client:
            raise ValueError(f"goal {goal_id!r} belongs to client {owner!r}, not {client!r}")


def equals_mask(series: pd.Series, value) -> np.ndarray:
    """Where ``series`` equals ``value``, as a boolean array (missing values: False)."""
    return (series == value).fillna(False).to_numpy(dtype=bool)


def scope_data(data: CareerData, *, client=None, goal_id=None, category=None) -> CareerData:
    """The part of ``data`` the filters choose: this client's goals, this goal, goals of
    this category (all given filters at once), with their tasks and check-ins."""
    data = data.select(clients=client, goals=goal_id)
    if category is not None:
        data = data.select_goal_rows(equals_mask(data.goals["category"], category))
    return data


def scope_text(*, client=None, goal_id=None, category=None) -> str:
    """The filters as a default title says them: " — Ada — goal G1"."""
    parts = []
    if client is not None:
        parts.append(escape_text(client))
    if goal_id is not None:
        parts.append(f"goal {escape_text(goal_id)}")
    if category is not None:
        parts.append(f"category {escape_text(category)}")
    return "".join(f" — {p}" for p in parts)


def as_of_text(stamp) -> str:
    """" as of 2025-03-31" (nothing without a day)."""
    return f" as of {date_text(stamp)}" if stamp is not None else ""


#: The documentation of the shared keywords, written once: :func:`document` attaches the
#: entries of a chart's parameters to its docstring.
PARAMETER_DOCS: dict[str, str] = {
    "data": "data : CareerData\n    The goals, tasks and check-ins to draw.",
    "as_of": ("as_of : date-like, optional\n"
              "    The day to look from (default: the latest recorded event, see\n"
              "    :func:`careerkit.default_as_of`). Records dated after it do not exist yet."),
    "client": "client : str, optional\n    Only this client's goals.",
    "goal_id": "goal_id : str, optional\n    Only this goal (drawn even when dropped).",
    "category": "category : str, optional\n    Only the goals of this category.",
    "title": ("title : str, optional\n"
              "    Replaces the default title, used as given (plotly markup such as ``<b>``\n"
              "    allowed)."),
    "height": ("height : int, optional\n"
               "    Pixels; by default what the chart needs (it grows with its rows)."),
}


def document(**entries: str) -> Callable:
    """Attach a Parameters section to a chart function's docstring, before its Returns.

    One entry per parameter of the function, in the signature's order: from ``entries``
    (a full numpydoc entry, "name : type" and its indented description) or else from
    :data:`PARAMETER_DOCS`. A parameter documented in neither is an error.
    """
    def attach(function: Callable) -> Callable:
        names = list(inspect.signature(function).parameters)
        missing = [n for n in names if n not in entries and n not in PARAMETER_DOCS]
        if missing:
            raise TypeError(f"{function.__name__}: no documentation for {missing}")
        section = "\n".join(entries.get(n) or PARAMETER_DOCS[n] for n in names)
        doc = inspect.cleandoc(function.__doc__)
        head, returns, tail = doc.partition("\nReturns\n-------\n")
        function.__doc__ = (f"{head}\nParameters\n----------\n{section}\n{returns}{tail}"
                            if returns else doc)
        return function
    return attach


# --- figures -------------------------------------------------------------------------------

def chart_title(default: str, given: str | None, note: str | None = None) -> dict:
    """The layout's title: ``given`` (else ``default``), with ``note`` in small type below."""
    text = default if given is None else given
    if note:
        text += f"<br><sup>{note}</sup>"
    return {"text": text, "x": 0.01, "xanchor": "left"}


def capped_note(shown: int, total: int, wording: str) -> str | None:
    """The title's note when only ``shown`` of ``total`` rows are drawn, else None.

    ``wording`` is formatted with ``shown`` and ``total``, e.g.
    ``"{shown} of {total:,} clients, most in need of attention first"``.
    """
    return wording.format(shown=shown, total=total) if shown < total else None


class FigureParts:
    """A figure as plain dicts: traces and layout, built without plotly's validation.

    The chart functions turn it into a Figure (:meth:`figure`, validated once); the widgets
    copy it into a FigureWidget, which validates their first figure there; later ones go
    to the browser as they are (:class:`careerkit.widgets.live_figure.LiveFigure`).
    """

    def __init__(self):
        self.data: list[dict] = []
        self.layout: dict = {}

    def add_trace(self, kind: str, **props) -> None:
        self.data.append({"type": kind, **props})

    def add_shape(self, **props) -> None:
        self.layout.setdefault("shapes", []).append(props)

    def add_annotation(self, **props) -> None:
        self.layout.setdefault("annotations", []).append(props)

    def update_layout(self, **props) -> None:
        self.layout.update(props)

    def figure(self) -> go.Figure:
        return go.Figure(data=self.data, layout={"template": TEMPLATE, **self.layout})


def empty_parts(message: str, title: dict, height: int | None,
                reason: str | None = None) -> FigureParts:
    """A figure that only says there is nothing to show (and why)."""
    text = message if reason is None else f"{message}<br><sup>{reason}</sup>"
    parts = FigureParts()
    parts.add_annotation(text=text, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                         font={"size": 16, "color": MUTED})
    parts.update_layout(title=title, height=height or 300, xaxis={"visible": False},
                        yaxis={"visible": False})
    return parts


def add_as_of_line(parts: FigureParts, stamp: pd.Timestamp) -> None:
    """A dashed vertical line at ``as_of`` with a small label on top."""
    day = date_text(stamp)
    parts.add_shape(type="line", x0=day, x1=day, y0=0, y1=1, xref="x", yref="paper",
                    line={"color": INK, "width": 1.5, "dash": "dash"}, layer="above",
                    name="as_of")
    parts.add_annotation(x=day, y=1, xref="x", yref="paper", text=f"as of {day}",
                         showarrow=False, yanchor="bottom", font={"size": 11, "color": INK})


def rows_height(rows: int, per_row: int = 24, extra: int = 170) -> int:
    """Pixels for a chart of ``rows`` labelled rows (at least 320)."""
    return int(max(320, extra + per_row * rows))


def segments(starts, ends) -> np.ndarray:
    """x (or y) of many line segments in one trace, separated by None."""
    out = np.empty(3 * len(starts), dtype=object)
    out[0::3] = starts
    out[1::3] = ends
    out[2::3] = None
    return out


def label_axis(positions, labels, *, measured: bool = False) -> dict:
    """A y axis of labelled rows, the first on top.

    ``measured``: the labels are in :data:`LABEL_FONT` and the chart's left margin is
    reckoned from them (:func:`label_margin`), so plotly.js does not measure them to fit the
    margin (``automargin``, which draws the whole chart again when the margin changes) nor
    to hide those past the chart's edge: a chart redrawn for new rows is drawn once.
    """
    axis = {"tickmode": "array", "tickvals": list(positions), "ticktext": list(labels),
            "autorange": "reversed", "showgrid": False, "zeroline": False}
    if measured:
        axis.update(automargin=False, ticklabeloverflow="allow", tickfont=dict(LABEL_FONT))
    return axis


def text_widths(texts, size: float = LABEL_FONT["size"]) -> np.ndarray:
    """The width in pixels of each text (plotly's escaped text) in Arial at ``size`` px.

    Accented letters count as their base letter; a character outside printable ASCII
    without one (``·``, ``…``, ``↳``, letters of other scripts) counts as a full em, the
    middle dot as a dot: never narrower than the text is drawn.
    """
    text = pd.Series(np.asarray(texts, dtype=object), dtype=object).fillna("").astype(str)
    if text.empty:
        return np.zeros(0)
    text = (text.str.replace("&lt;", "<", regex=False).str.replace("&gt;", ">", regex=False)
            .str.replace("&amp;", "&", regex=False).str.normalize("NFD"))
    lengths = text.str.len().to_numpy(dtype=np.int64)
    points = np.frombuffer("".join(text).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    widths = np.full(len(points), 1000, dtype=np.int64)
    ascii_ = (points >= 32) & (points <= 126)
    widths[ascii_] = ARIAL_WIDTHS[points[ascii_] - 32]
    widths[(points >= 0x300) & (points <= 0x36F)] = 0  # accents, drawn over their letter
    widths[points == 0xB7] = 278
    ends = np.cumsum(lengths)
    totals = np.add.reduceat(np.append(widths, 0), ends - lengths) * (lengths > 0)
    return totals * size / 1000


def label_margin(labels, size: float = LABEL_FONT["size"]) -> int:
    """Pixels left of the plot for rows labelled ``labels`` (:func:`label_axis` with
    ``measured=True``): the widest label, 5% to spare, plotly's gap and the page's edge."""
    widths = text_widths(labels, size)
    return int(np.ceil(1.05 * (widths.max() if len(widths) else 0))) + 16


@dataclass(frozen=True)
class Chart:
    """What every chart knows besides its data: the day, its titles, height and filters.

    ``default`` is the title the chart gives itself, ``title`` and ``height`` the caller's
    (None: the chart's own); ``client``, ``goal_id`` and ``category`` the filters given.
    """

    stamp: pd.Timestamp
    default: str
    title: str | None = None
    height: int | None = None
    client: object = None
    goal_id: object = None
    category: object = None

    @property
    def t(self) -> int:
        """as_of in whole days since 1970."""
        return int(days([self.stamp])[0])

    def empty(self, reason: str | None) -> FigureParts:
        """The figure that says there are no goals to show, and why."""
        return empty_parts("No goals to show", chart_title(self.default, self.title),
                           self.height, reason)

    def finish(self, parts: FigureParts, *, chart: str, meta: dict, height: int,
               note: str | None = None, as_of_line: bool = False, left: int = 10,
               **layout) -> FigureParts:
        """Title (with ``note``), height (``height`` unless the caller chose one), margins
        (``left`` pixels on the left: :func:`label_margin` for measured row labels),
        ``layout`` and ``meta`` ({"chart": chart, **meta}); the as_of line if asked."""
        if as_of_line:
            add_as_of_line(parts, self.stamp)
        parts.update_layout(height=self.height or height,
                            title=chart_title(self.default, self.title, note), **layout,
                            margin={"t": 90 if note else 70, "l": left, "r": 20, "b": 40})
        parts.layout["meta"] = {"chart": chart, **meta}
        return parts


def make_figure(draw: Callable[..., FigureParts], data: CareerData, *, heading: str,
                as_of=None, client=None, goal_id=None, category=None,
                title: str | None = None, height: int | None = None, **options) -> go.Figure:
    """Build a chart: check the filters, resolve as_of, scope the data, then draw.

    ``draw(scoped, chart, **options)`` gets the part of ``data`` the filters choose and the
    :class:`Chart` (default title: ``heading``, the filters, "as of" the day) and returns
    the figure's parts. Data without goals gives the empty-state figure.
    """
    check_filters(data, client=client, goal_id=goal_id, category=category)
    stamp = resolve_as_of(data, as_of)
    default = (heading + scope_text(client=client, goal_id=goal_id, category=category)
               + as_of_text(stamp))
    chart = Chart(stamp, default, title, height, client, goal_id, category)
    if stamp is None:
        return chart.empty("the data has no goals").figure()
    scoped = scope_data(data, client=client, goal_id=goal_id, category=category)
    return draw(scoped, chart, **options).figure()
