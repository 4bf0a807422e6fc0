"""What every chart shares (plotting/base.py): colours, purity, as_of, escaping, filters,
empty states."""

from __future__ import annotations

import datetime as dt
import inspect
import json

import pandas as pd
import plotly.graph_objects as go
import pytest
from chart_data import AS_OF, GOAL_COLUMNS, HOSTILE_CLIENT, QUOTED_TITLE, frames, many, strings

import careerkit
from careerkit import plotting
from careerkit.plotting import (
    STATE_COLORS,
    plot_burnup,
    plot_caseload,
    plot_checkins,
    plot_completion,
    plot_target_trend,
    plot_timeline,
)
from careerkit.plotting.base import (
    PARAMETER_DOCS,
    capped_note,
    document,
    label_axis,
    label_margin,
    text_widths,
)


def test_state_colors_cover_every_state_with_distinct_colours():
    assert set(STATE_COLORS) == set(careerkit.STATES)
    assert len(set(STATE_COLORS.values())) == len(careerkit.STATES)
    assert all(c.startswith("#") and len(c) == 7 for c in STATE_COLORS.values())
    assert all(hasattr(plotting, name) for name in plotting.__all__)


# --- shared behaviour ----------------------------------------------------------------------

ALL_CALLS = [
    (plot_timeline, {}),
    (plot_timeline, {"show_tasks": True}),
    (plot_burnup, {"goal_id": "G2"}),
    (plot_target_trend, {"client": "Ada"}),
    (plot_target_trend, {"goal_id": "G1", "show_tasks": True}),
    (plot_caseload, {}),
    (plot_completion, {}),
    (plot_checkins, {}),
    (plot_checkins, {"by": "goal"}),
]
IDS = [f"{f.__name__}{'-' + '-'.join(map(str, kw.values())) if kw else ''}"
       for f, kw in ALL_CALLS]


@pytest.mark.parametrize(("func", "options"), ALL_CALLS, ids=IDS)
def test_pure_deterministic_and_plain_figures(func, options):
    data = careerkit.CareerData.from_frames(*frames())
    before = [frame.copy(deep=True) for frame in data.frames()]
    first = func(data, **options)
    second = func(data, **options)
    assert type(first) is go.Figure
    assert first.to_json() == second.to_json()
    for frame, copy in zip(data.frames(), before, strict=True):
        pd.testing.assert_frame_equal(frame, copy)
    assert func(data, **options, height=777).layout.height == 777
    assert func(data, **options, title="Mine").layout.title.text.startswith("Mine")


@pytest.mark.parametrize(("func", "options"), ALL_CALLS, ids=IDS)
def test_as_of_accepts_any_date_like(data, func, options):
    figs = [func(data, **options, as_of=value) for value in
            ("2025-03-31", dt.date(2025, 3, 31), pd.Timestamp("2025-03-31 17:45"))]
    assert figs[0].to_json() == figs[1].to_json() == figs[2].to_json()


@pytest.mark.parametrize(("func", "options"), ALL_CALLS, ids=IDS)
def test_data_text_shows_literally(data, func, options):
    # every chart, with the hostile client or tag title in scope
    if "client" in options:
        options = {**options, "client": "Ada"}
    texts = list(strings(func(data, **options, as_of=AS_OF).to_dict()))
    joined = "\n".join(texts)
    assert "<script>" not in joined and "<b>x</b>" not in joined
    assert "a & b" not in joined and "x</b> & y" not in joined
    assert "&#39;" not in joined and "&quot;" not in joined


def test_escaping_is_minimal_and_complete(data):
    fig = plot_timeline(data, as_of=AS_OF)
    labels = list(fig.layout.yaxis.ticktext)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; · a &amp; b" in labels
    assert "Ada · &lt;b&gt;x&lt;/b&gt; &amp; y" in labels
    assert f"Cy · {QUOTED_TITLE}" in labels  # quotes and apostrophes as typed
    hover = " ".join(h for t in fig.data if t.hovertext is not None for h in t.hovertext if h)
    assert "&lt;b&gt;x&lt;/b&gt; &amp; y" in hover and QUOTED_TITLE in hover
    fig = plot_caseload(data, as_of=AS_OF)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in fig.layout.yaxis.ticktext
    # the raw value is kept for click handlers
    assert HOSTILE_CLIENT in list(fig.data[0].customdata)
    # plotly's own JSON stays valid and round-trips the escaped text
    assert "&lt;script&gt;" in json.loads(fig.to_json())["layout"]["yaxis"]["ticktext"][0]


@pytest.mark.parametrize("func", [plot_timeline, plot_checkins, plot_burnup,
                                  plot_target_trend])
def test_unknown_client_or_goal_lists_what_exists(data, func):
    if func is plot_burnup:
        with pytest.raises(ValueError, match=r"unknown goal_id 'G9'.*G1, G2, G3, G4, G5"):
            func(data, goal_id="G9")
        return
    with pytest.raises(ValueError, match=r"unknown client 'Zed'.*<script>alert\(1\)</script>, "
                                         r"Ada, Bo, Cy"):
        func(data, client="Zed")


def test_unknown_values_are_listed_ten_at_most():
    with pytest.raises(ValueError, match=r"Client 009 and 20 more$"):
        plot_timeline(many(30), client="nobody")


def test_goal_of_another_client_is_refused(data):
    with pytest.raises(ValueError, match="belongs to client 'Ada'"):
        plot_target_trend(data, client="Bo", goal_id="G1")


EMPTY_CALLS = [
    (plot_timeline, {}), (plot_caseload, {}), (plot_completion, {}), (plot_checkins, {}),
]


@pytest.mark.parametrize(("func", "options"), EMPTY_CALLS)
def test_empty_data_says_no_goals(tmp_path, func, options):
    (tmp_path / "goals.csv").write_text(",".join(GOAL_COLUMNS) + "\n")
    empty = careerkit.load(tmp_path)
    fig = func(empty, **options)
    assert len(fig.data) == 0
    assert fig.layout.annotations[0].text.startswith("No goals to show")
    with pytest.raises(ValueError, match="no goal_ids"):
        plot_burnup(empty, goal_id="G1")


@pytest.mark.parametrize(("func", "options"), [*EMPTY_CALLS,
                                               (plot_target_trend, {"goal_id": "G6"}),
                                               (plot_timeline, {"goal_id": "G6"})])
def test_nothing_started_says_no_goals(data, func, options):
    fig = func(data, **options, as_of="2024-12-01")
    assert len(fig.data) == 0
    assert fig.layout.annotations[0].text.startswith("No goals to show")


CHARTS = [plot_timeline, plot_burnup, plot_target_trend, plot_caseload, plot_completion,
          plot_checkins]


@pytest.mark.parametrize("func", CHARTS)
def test_every_parameter_is_documented_once_in_signature_order(func):
    doc = func.__doc__
    section = doc.split("Parameters\n----------\n")[1].split("\nReturns\n-------\n")[0]
    names = [line.split(" : ")[0] for line in section.splitlines() if not line.startswith(" ")]
    assert names == list(inspect.signature(func).parameters)
    shared = [name for name in names if name in ("data", "as_of", "title", "height")]
    assert all(PARAMETER_DOCS[name] in doc for name in shared)


def test_document_refuses_an_undocumented_parameter():
    def chart(data, *, colour=None):
        """A chart.

        Returns
        -------
        None
        """

    with pytest.raises(TypeError, match=r"chart: no documentation for \['colour'\]"):
        document()(chart)
    documented = document(colour="colour : str, optional\n    Its colour.")(chart)
    assert "Parameters\n----------\ndata : CareerData" in documented.__doc__
    assert documented.__doc__.index("colour : str") < documented.__doc__.index("Returns")


def test_capped_note_only_when_rows_are_left_out():
    wording = "{shown} of {total:,} clients"
    assert capped_note(40, 1200, wording) == "40 of 1,200 clients"
    assert capped_note(40, 40, wording) is None
    assert capped_note(40, 3, wording) is None


def test_text_widths_in_arial_units_never_narrower_than_drawn():
    # Arial's widths in thousandths of the size: A 667, b 556, e 556, space 278, & 667
    widths = text_widths(["Ab", "é", "a &amp; b", "", None, "·…"], size=10)
    assert widths.tolist() == pytest.approx([12.23, 5.56, 23.35, 0, 0, 12.78])
    assert text_widths([]).tolist() == []
    # the widest label, 5% to spare, 16 px of gap: ceil(1.05 * 12.23) + 16
    assert label_margin(["Ab", "é"], size=10) == 29
    assert label_margin([]) == 16


def test_measured_label_axis_fixes_its_font_and_leaves_the_margin_alone():
    plain = label_axis([0, 1], ["a", "b"])
    assert "automargin" not in plain and "tickfont" not in plain
    axis = label_axis([0, 1], ["a", "b"], measured=True)
    assert axis["automargin"] is False and axis["ticklabeloverflow"] == "allow"
    assert axis["tickfont"]["family"].startswith("Arial")
    assert axis["tickvals"] == [0, 1] and axis["autorange"] == "reversed"


@pytest.mark.parametrize("func", [plot_caseload, plot_timeline])
def test_row_charts_reckon_their_left_margin_from_their_labels(data, func):
    fig = func(data, as_of=AS_OF)
    labels = list(fig.layout.yaxis.ticktext)
    assert fig.layout.yaxis.automargin is False
    assert fig.layout.margin.l == label_margin(labels) > max(text_widths(labels))
