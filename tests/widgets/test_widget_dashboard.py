"""The Dashboard, driven as a person would: set ``.value``; the assertions are on the frames
it computes, the figures' data arrays and the HTML it shows."""

from __future__ import annotations

import datetime as dt
import json

import comm
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from widget_helpers import HOSTILE, classes, trace

import careerkit
from careerkit.analytics import ATTENTION_ORDER
from careerkit.analytics.attention import attention_order
from careerkit.plotting import STATE_COLORS
from careerkit.widgets import Dashboard, dashboard


def test_dashboard_starts_with_everything(sample_data):
    dash = Dashboard(sample_data)
    assert dash.data is sample_data
    assert list(dash.client.options) == sorted(sample_data.goals["client"].unique())
    assert [v for _, v in dash.state.options] == list(careerkit.STATES)
    assert dash.as_of.value == careerkit.default_as_of(sample_data).date()
    pd.testing.assert_frame_equal(dash.status(), careerkit.goal_status(sample_data))
    bars = [t for t in dash.caseload_figure.data if t.type == "bar" and t.visible]
    shown = careerkit.goal_status(sample_data).query("state != 'dropped'")
    assert sorted(bars[0].y) == sorted(shown["client"].unique())
    assert [b.marker.color for b in bars] == [STATE_COLORS[b.legendgroup] for b in bars]
    assert f"{len(shown) + 2} goals as of 2026-06-30" in dash.table.value  # + 2 dropped
    for widget, name in [(dash, "ck-dashboard"), (dash.client, "ck-dashboard-client"),
                         (dash.category, "ck-dashboard-category"),
                         (dash.state, "ck-dashboard-state"), (dash.as_of, "ck-dashboard-as-of"),
                         (dash.table, "ck-dashboard-table"),
                         (dash.caseload_figure, "ck-dashboard-caseload"),
                         (dash.timeline_figure, "ck-dashboard-timeline")]:
        assert name in classes(widget)


def test_client_filter_updates_the_figures_in_place(sample_data):
    dash = Dashboard(sample_data)
    caseload, timeline = dash.caseload_figure, dash.timeline_figure
    traces = [len(caseload.data), len(timeline.data)]
    picked = ("Malik Tran", "Adebayo Abe")
    dash.client.value = picked
    assert dash.caseload_figure is caseload and dash.timeline_figure is timeline
    assert [len(caseload.data), len(timeline.data)] == traces  # same traces, new arrays
    for bar in (t for t in caseload.data if t.type == "bar"):
        assert sorted(bar.y) == sorted(picked)
        assert sorted(bar.customdata) == sorted(picked)
    expected = careerkit.goal_status(sample_data).query("client in @picked")
    pd.testing.assert_frame_equal(dash.status(), expected)
    drawn = {i for t in timeline.data if t.type == "bar" and t.visible for i in t.customdata}
    assert drawn == set(expected.query("state != 'dropped'").index)
    assert "2 clients" in caseload.layout.title.text
    # back to everyone
    dash.client.value = ()
    assert len(dash.status()) == len(sample_data.goals) - 1  # one goal starts after as_of


def test_caseload_has_a_row_for_each_chosen_client_even_without_goals_in_view(sample_data):
    dash = Dashboard(sample_data)
    dash.client.value = ("Malik Tran", "Adebayo Abe")
    dash.state.value = ("overdue",)  # only Adebayo Abe has an overdue goal
    bars = [t for t in dash.caseload_figure.data if t.type == "bar"]
    assert list(bars[0].y) == ["Adebayo Abe", "Malik Tran"]  # attention first
    overdue = trace(dash.caseload_figure, "overdue")
    assert list(overdue.x) == [1, 0]
    assert list(dash.status().index) == ["C00008-G3"]


def test_state_and_category_filters(sample_data):
    status = careerkit.goal_status(sample_data)
    dash = Dashboard(sample_data)
    dash.state.value = ("completed", "on_hold")
    assert set(dash.status()["state"]) == {"completed", "on_hold"}
    assert len(dash.status()) == status["state"].isin(["completed", "on_hold"]).sum()
    completed = trace(dash.caseload_figure, "completed")
    assert sum(completed.x) == (status["state"] == "completed").sum()
    assert trace(dash.caseload_figure, "at risk").visible  # a slot, with zeros
    assert sum(trace(dash.caseload_figure, "at risk").x) == 0
    assert not trace(dash.timeline_figure, "at risk").visible
    dash.category.value = ("role",)
    expected = status.query("state in ['completed', 'on_hold'] and category == 'role'")
    pd.testing.assert_frame_equal(dash.status(), expected)
    # nothing in view: the charts say so, the table too
    dash.client.value = ("Malik Tran",)
    dash.state.value = ("overdue",)
    assert dash.status().empty
    timeline = dash.timeline_figure
    assert not any(t.visible for t in timeline.data)
    assert timeline.layout.annotations[0].text.startswith("No goals to show")
    assert "No goals in view" in dash.table.value
    # and back: the annotation is gone again
    dash.state.value = ()
    dash.category.value = ()
    assert not timeline.layout.annotations or "No goals" not in timeline.layout.annotations[0].text
    assert any(t.visible for t in timeline.data)


def _drawn(fig) -> dict:
    """What a figure draws: its visible traces and layout, as JSON (template and meta aside:
    the widget keeps meta out of the browser)."""
    shown = [t for t in fig.data if t.visible is not False]
    out = json.loads(go.Figure(data=shown, layout=fig.layout).to_json())
    for drawn in out["data"]:
        drawn.pop("visible", None)
        drawn.pop("uid", None)
    out["layout"].pop("template", None)
    out["layout"].pop("meta", None)
    return out


def test_updates_in_place_draw_exactly_the_figure_built_afresh(sample_data):
    dash = Dashboard(sample_data)
    dash.client.value = ("Zoë Abernathy", "Ngozi Pereira")
    dash.state.value = ("overdue",)  # nothing: every slot hidden, an annotation
    dash.as_of.value = dt.date(2026, 3, 1)
    dash.state.value = ("at_risk", "on_track", "completed")
    dash.client.value = ("Priya Venkataraman",)
    view = dash.computed(dash.stamp())
    caseload, timeline = dash.figures(view, dash.mask(view.frame), dash.stamp())
    assert _drawn(dash.caseload_figure) == _drawn(caseload.figure())
    afresh = timeline.figure()
    assert _drawn(dash.timeline_figure) == _drawn(afresh)
    assert dash.timeline_figure.layout.template.layout.paper_bgcolor == "white"
    # meta stays in Python (a change of it alone made plotly.js draw a chart again)
    assert dash.timeline_figure.layout.meta is None
    assert dash._timeline.meta == timeline.layout["meta"] == {
        "chart": "timeline", "rows": len(afresh.layout.yaxis.tickvals),
        "goals_shown": len(afresh.layout.yaxis.tickvals),
        "goals_total": len(afresh.layout.yaxis.tickvals)}


def test_updates_skip_plotlys_validation_of_each_property(sample_data, monkeypatch):
    # The figures come from the library's own charts, built valid: validating every
    # property again cost the kernel as much as building them.
    from plotly.basedatatypes import BasePlotlyType

    dash = Dashboard(sample_data)

    def refuse(self, prop, value):
        raise AssertionError(f"validated {prop}")

    monkeypatch.setattr(BasePlotlyType, "_set_prop", refuse)
    dash.client.value = ("Malik Tran", "Zoë Abernathy")
    dash.state.value = ("completed",)
    monkeypatch.undo()
    assert sorted(dash.caseload_figure.data[0].y) == ["Malik Tran", "Zoë Abernathy"]
    assert dash.caseload_figure.layout.yaxis.categoryarray == tuple(
        dash.caseload_figure.data[0].y)


def _chart_messages(monkeypatch, figure) -> list[str]:
    """The plotly commands (``_py2js_update``, ...) the figure will send to the browser."""
    sent: list[str] = []

    def record(msg, buffers=None):
        sent.extend(k for k, v in msg.get("state", {}).items()
                    if k.startswith("_py2js_") and v is not None)

    monkeypatch.setattr(figure, "_send", record)
    return sent


def test_each_change_is_one_message_a_chart_and_none_when_the_chart_is_unchanged(
        sample_data, monkeypatch):
    # The browser draws a chart again for each message: one per change, not one per trace.
    dash = Dashboard(sample_data)
    caseload = _chart_messages(monkeypatch, dash.caseload_figure)
    timeline = _chart_messages(monkeypatch, dash.timeline_figure)
    dash.client.value = ("Malik Tran",)
    assert (caseload, timeline) == (["_py2js_update"], ["_py2js_update"])
    dash.state.value = ("completed",)
    dash.as_of.value = dt.date(2026, 3, 1)
    assert caseload == timeline == ["_py2js_update"] * 3
    dash.client_search.value = "zo"  # the list narrows: the charts stay as they are
    dash.details.value = True
    dash.client.value = ("Malik Tran",)  # the same choice again
    assert caseload == timeline == ["_py2js_update"] * 3
    dash.client.value = ("Zoë Abernathy", "Malik Tran")
    dash.state.value = ()
    assert len(caseload) == len(timeline) == 5


def test_each_chart_reaches_the_browser_with_its_figure(sample_data, monkeypatch):
    # The widget's first message (its comm's opening) holds the traces and the title: the
    # browser never sees an empty chart to draw first.
    opened = []
    create_comm = comm.create_comm

    def record(**kwargs):
        state = kwargs["data"]["state"]
        if "_widget_data" in state:
            opened.append(state)
        return create_comm(**kwargs)

    monkeypatch.setattr(comm, "create_comm", record)
    dash = Dashboard(sample_data)
    assert len(opened) == 2
    for state, figure in zip(opened, (dash.caseload_figure, dash.timeline_figure), strict=True):
        assert [t["name"] for t in state["_widget_data"]] == [t.name for t in figure.data]
        assert state["_widget_layout"]["title"]["text"] == figure.layout.title.text
    # no width: plotly.js fits each chart to the output area's width, following the window
    assert all("width" not in state["_widget_layout"] for state in opened)
    assert dash.timeline_figure._config["responsive"] is True
    assert any(len(t.get("y", [])) for t in opened[0]["_widget_data"] if t["visible"])


def test_dropped_goals_are_on_the_timeline_only_when_asked_for(sample_data):
    dash = Dashboard(sample_data)
    assert not trace(dash.timeline_figure, "dropped").visible
    dash.state.value = ("dropped",)
    dropped = trace(dash.timeline_figure, "dropped")
    assert dropped.visible and sorted(dropped.customdata) == ["C00001-G3", "C00004-G1"]


def test_as_of_change_recomputes_once_per_day(sample_data, monkeypatch):
    dash = Dashboard(sample_data)
    before = int(sum(trace(dash.caseload_figure, "completed").x))
    calls = []
    original = dashboard.goal_status
    monkeypatch.setattr(dashboard, "goal_status",
                        lambda data, as_of: calls.append(as_of) or original(data, as_of))
    dash.as_of.value = dt.date(2026, 1, 1)
    expected = careerkit.goal_status(sample_data, as_of="2026-01-01")
    pd.testing.assert_frame_equal(dash.status(), expected)
    after = int(sum(trace(dash.caseload_figure, "completed").x))
    assert after == (expected["state"] == "completed").sum() < before
    assert "as of 2026-01-01" in dash.caseload_figure.layout.title.text
    assert "as of 2026-01-01" in dash.table.value
    dash.client.value = ("Zoë Abernathy",)  # filtering does not compute again
    dash.as_of.value = careerkit.default_as_of(sample_data).date()  # cached
    assert len(calls) == 1
    dash.as_of.value = None  # cleared: the default day
    status = careerkit.goal_status(sample_data)
    assert len(dash.status()) == (status["client"] == "Zoë Abernathy").sum()


def test_table_escapes_hostile_text_and_sorts_by_attention():
    goals = pd.DataFrame({
        "goal_id": ["G1", "G2", "G3"], "client": [HOSTILE, "Bo & Co", "Cy"],
        "title": ["<b>x</b> & y", 'say "hi"', "fine"], "category": ["<i>c</i>", None, "role"],
        "start_date": "2025-01-01", "target_date": ["2025-02-01", "2025-12-01", "2025-12-01"],
        "completed_date": [None, None, "2025-02-01"], "status": [None, None, "completed"],
    })
    progress = pd.DataFrame({"date": ["2025-03-01", "2025-03-01"], "goal_id": ["G1", "G2"],
                             "percent_complete": [10, 50]})
    data = careerkit.CareerData.from_frames(goals, progress=progress)
    dash = Dashboard(data)
    table = dash.table.value
    assert HOSTILE not in table and "<b>x</b>" not in table and "<i>c</i>" not in table
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in table
    assert "&lt;b&gt;x&lt;/b&gt; &amp; y" in table and "Bo &amp; Co" in table
    assert "&quot;hi&quot;" in table
    assert table.index("G1") < table.index("G2") < table.index("G3")  # overdue, on track, done
    assert "2025-02-01" in table and "10%" in table
    # the charts show the text literally too (escaped for plotly), the raw kept for clicks
    labels = list(dash.caseload_figure.data[0].y)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in labels and HOSTILE not in labels
    assert HOSTILE in list(dash.caseload_figure.data[0].customdata)
    dash.client.value = (HOSTILE,)
    assert list(dash.caseload_figure.data[0].y) == ["&lt;script&gt;alert(1)&lt;/script&gt;"]
    dash.client.value = ()
    dash.category.value = (None,)  # goals without a category
    assert list(dash.status().index) == ["G2"]
    assert "(none)" in dash.caseload_figure.layout.title.text


def test_table_is_paged_and_says_which_rows_it_shows():
    data = careerkit.demo.generate(60, seed=3)
    dash = Dashboard(data)
    n = len(dash.status())
    assert n > 2 * dashboard.PAGE_ROWS
    assert f"rows 1–50 of {n:,} goals as of" in dash.table.value
    assert dash.table.value.count("<tr>") == 51  # header + 50
    order = attention_order(dash.status())
    first = dash.status().iloc[order[:50]]
    ranks = pd.Categorical(first["state"], categories=ATTENTION_ORDER).codes
    assert (np.diff(ranks) >= 0).all()
    assert first.index[0] in dash.table.value


def test_dashboard_from_a_folder_is_deterministic_and_leaves_data_alone(sample_folder):
    data = careerkit.load(sample_folder)
    before = [frame.copy() for frame in data.frames()]
    one = Dashboard(data, as_of="2026-03-31")
    two = Dashboard(str(sample_folder), as_of="2026-03-31")
    for dash in (one, two):
        dash.client.value = ("Zoë Abernathy",)
    assert one.table.value == two.table.value
    assert one.caseload_figure.to_json() == two.caseload_figure.to_json()
    assert one.timeline_figure.to_json() == two.timeline_figure.to_json()
    for frame, copy in zip(data.frames(), before, strict=True):
        pd.testing.assert_frame_equal(frame, copy)
