"""careerkit.plotting: figure structure checked against the metrics, not pixels."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

import careerkit
from careerkit import plotting
from careerkit.analytics.attention import attention_order
from careerkit.plotting import (
    STATE_COLORS,
    plot_burnup,
    plot_caseload,
    plot_checkins,
    plot_completion,
    plot_target_trend,
    plot_timeline,
)

AS_OF = "2025-03-31"
HOSTILE_CLIENT = "<script>alert(1)</script>"
TAG_TITLE = "<b>x</b> & y"
QUOTED_TITLE = 'Bo\'s "quoted" plan'
GOAL_COLUMNS = ["goal_id", "client", "title", "category", "start_date", "target_date",
                "completed_date", "status"]


def _frames():
    goals = pd.DataFrame(
        [
            ["G1", "Ada", "New role", "role", "2025-01-06", "2025-06-30", None, "active"],
            ["G2", "Ada", TAG_TITLE, "skills", "2025-02-01", "2025-05-01", None, "active"],
            ["G3", "Bo", "Speak", "network", "2025-01-01", "2025-03-01", "2025-03-10",
             "completed"],
            ["G4", HOSTILE_CLIENT, "a & b", None, "2025-01-01", "2025-02-01", None, "active"],
            ["G5", "Cy", "Dropped one", "skills", "2025-01-01", "2025-06-01", None, "dropped"],
            ["G6", "Cy", "Later", "role", "2025-06-01", "2025-09-01", None, "active"],
            ["G7", "Cy", QUOTED_TITLE, "role", "2025-01-15", "2025-12-31", None, "active"],
        ],
        columns=GOAL_COLUMNS,
    )
    tasks = pd.DataFrame(
        [
            ["T1", "G1", "Update CV", "2025-02-01", 1.0, "2025-02-10"],
            ["T2", "G1", "Apply", "2025-04-01", 3.0, None],
            ["T3", "G3", "Rehearse", "2025-02-15", None, "2025-02-20"],
        ],
        columns=["task_id", "goal_id", "title", "due_date", "weight", "completed_date"],
    )
    progress = pd.DataFrame(
        [
            ["2025-03-01", "G2", None, 20.0, None],
            ["2025-03-15", "G2", None, 40.0, "2025-07-01"],
            ["2025-03-15", "G2", None, None, "2025-07-15"],
            ["2025-03-15", "G1", "T2", None, "2025-05-01"],
            ["2025-01-20", "G7", None, 10.0, None],
            ["2025-04-20", "G2", None, 60.0, None],  # after as_of: does not exist yet
        ],
        columns=["date", "goal_id", "task_id", "percent_complete", "revised_target_date"],
    )
    return goals, tasks, progress


@pytest.fixture(scope="module")
def data():
    return careerkit.CareerData.from_frames(*_frames())


@pytest.fixture(scope="module")
def status(data):
    return careerkit.goal_status(data, as_of=AS_OF)


def _many(n_clients: int, goals_each: int = 1) -> careerkit.CareerData:
    """A caseload of n_clients; every third goal is overdue on AS_OF."""
    n = n_clients * goals_each
    i = np.arange(n)
    goals = pd.DataFrame({
        "goal_id": [f"G{k:04d}" for k in i],
        "client": [f"Client {k // goals_each:03d}" for k in i],
        "title": [f"Goal {k}" for k in i],
        "start_date": "2025-01-01",
        "target_date": np.where(i % 3 == 0, "2025-02-01", "2025-12-01"),
    })
    progress = pd.DataFrame({"date": "2025-03-20", "goal_id": goals["goal_id"][i % 2 == 0],
                             "percent_complete": 10.0})
    return careerkit.CareerData.from_frames(goals, progress=progress)


def _trace(fig, name):
    found = [trace for trace in fig.data if trace.name == name]
    assert len(found) == 1, [trace.name for trace in fig.data]
    return found[0]


def _strings(obj):
    """Every string plotly may render in a figure dict (customdata is never shown)."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for key, value in obj.items():
            if key != "customdata":
                yield from _strings(value)
    elif isinstance(obj, list | tuple | np.ndarray):
        for value in obj:
            yield from _strings(value)


def _days(values):
    return pd.to_datetime(pd.Series(list(values))).dt.strftime("%Y-%m-%d").tolist()


# --- colours and names ---------------------------------------------------------------------

def test_state_colors_cover_every_state_with_distinct_colours():
    assert set(STATE_COLORS) == set(careerkit.STATES)
    assert len(set(STATE_COLORS.values())) == len(careerkit.STATES)
    assert all(c.startswith("#") and len(c) == 7 for c in STATE_COLORS.values())
    assert all(hasattr(plotting, name) for name in plotting.__all__)


# --- timeline ------------------------------------------------------------------------------

def test_timeline_bars_are_baselines_coloured_by_state(data, status):
    fig = plot_timeline(data, as_of=AS_OF)
    shown = status.loc[status["state"] != "dropped"]
    bars = [trace for trace in fig.data if trace.type == "bar"]
    ids = [i for bar in bars for i in bar.customdata]
    assert sorted(ids) == sorted(shown.index)  # started, not dropped: no G5, no G6
    for bar in bars:
        rows = shown.loc[list(bar.customdata)]
        assert set(rows["state"]) == {bar.legendgroup}
        assert bar.marker.color == STATE_COLORS[bar.legendgroup]
        assert list(bar.base) == _days(rows["start_date"])
        days = (rows["target_date"] - rows["start_date"]).dt.days.to_numpy()
        assert np.array_equal(np.asarray(bar.x), days * 86_400_000)
    # the as_of line
    (line,) = [s for s in fig.layout.shapes if s.name == "as_of"]
    assert line.x0 == line.x1 == AS_OF and line.yref == "paper"
    # rows: overdue first, labels "client · title"
    first = next(bar for bar in bars if 0 in list(bar.y))
    assert first.legendgroup == "overdue"
    assert fig.layout.yaxis.ticktext[0] == "&lt;script&gt;alert(1)&lt;/script&gt; · a &amp; b"
    assert fig.layout.yaxis.autorange == "reversed"
    assert len(fig.layout.yaxis.ticktext) == len(shown)


def test_timeline_marks_current_target_forecast_and_completion(data, status):
    fig = plot_timeline(data, as_of=AS_OF)
    shown = status.loc[status["state"] != "dropped"]
    diamonds = _trace(fig, "current target")
    assert dict(zip(diamonds.customdata, diamonds.x, strict=True)) == dict(
        zip(shown.index, _days(shown["current_target"]), strict=True))
    stars = _trace(fig, "done")
    assert list(stars.customdata) == ["G3"] and list(stars.x) == ["2025-03-10"]
    forecast = _trace(fig, "forecast")
    ahead = shown.loc[~shown["completed_at_T"] & shown["forecast_date"].notna()]
    assert sorted(forecast.customdata[0::3]) == sorted(ahead.index)
    assert set(forecast.x[0::3]) == {AS_OF}
    ends = dict(zip(forecast.customdata[0::3], forecast.x[1::3], strict=True))
    hovers = dict(zip(forecast.customdata[0::3], forecast.hovertext[0::3], strict=True))
    far = 0
    for goal, day in zip(ahead.index, _days(ahead["forecast_date"]), strict=True):
        assert f"forecast: {day}" in hovers[goal]
        if ends[goal] != day:  # far beyond the chart: cut at its right edge
            assert ends[goal] < day
            far += 1
    assert far == 1  # G7: 10 % in 75 days
    assert ends["G1"] == _days([ahead.loc["G1", "forecast_date"]])[0]
    moved = _trace(fig, "target moved")
    assert list(moved.x[0::3]) == ["2025-05-01"] and list(moved.x[1::3]) == ["2025-07-15"]


def test_timeline_show_tasks_puts_tasks_under_their_goal(data):
    fig = plot_timeline(data, goal_id="G1", show_tasks=True, as_of=AS_OF)
    tasks = careerkit.task_status(data, as_of=AS_OF)
    tasks = tasks.loc[tasks["goal_id"] == "G1"]
    assert list(fig.layout.yaxis.ticktext) == ["Ada · New role", "↳ Update CV", "↳ Apply"]
    due = _trace(fig, "task due (baseline)")
    assert list(due.customdata) == ["T1", "T2"] and list(due.y) == [1, 2]
    assert list(due.x) == _days(tasks["due_date"])
    diamonds = _trace(fig, "current target")
    current = dict(zip(diamonds.customdata, diamonds.x, strict=True))
    assert current["T2"] == "2025-05-01"
    assert list(_trace(fig, "done").customdata) == ["T1"]


def test_timeline_with_goal_id_draws_a_dropped_goal(data):
    fig = plot_timeline(data, goal_id="G5", as_of=AS_OF)
    assert [t.legendgroup for t in fig.data if t.type == "bar"] == ["dropped"]


def test_timeline_caps_rows_and_says_so():
    big = _many(70)
    fig = plot_timeline(big, as_of=AS_OF)
    assert "showing 60 of 70 goals: those needing attention first" in fig.layout.title.text
    assert len(fig.layout.yaxis.ticktext) == 60
    overdue = next(t for t in fig.data if t.legendgroup == "overdue")
    assert len(overdue.y) == 24  # every overdue goal is among the 60
    assert list(overdue.y) == list(range(24))
    # a small caseload says nothing
    assert "showing" not in plot_timeline(_many(5), as_of=AS_OF).layout.title.text


# --- burn-up -------------------------------------------------------------------------------

@pytest.mark.parametrize("goal_id", ["G1", "G2", "G3", "G4", "G7"])
def test_burnup_ends_at_goal_status_percent(data, status, goal_id):
    fig = plot_burnup(data, goal_id=goal_id, as_of=AS_OF)
    actual = _trace(fig, "actual")
    row = status.loc[goal_id]
    assert actual.y[-1] == row["percent_complete"]
    assert actual.x[-1] == AS_OF
    assert (actual.x[0], actual.y[0]) == (_days([row["start_date"]])[0], 0.0)
    assert all(0 <= y <= 100 for y in actual.y)
    assert list(fig.layout.yaxis.range) == [0, 102]
    (line,) = [s for s in fig.layout.shapes if s.name == "as_of"]
    assert line.x0 == AS_OF


def test_burnup_lines_with_and_without_tasks(data):
    fig = plot_burnup(data, goal_id="G1", as_of=AS_OF)
    actual, plan = _trace(fig, "actual"), _trace(fig, "plan (tasks by due date)")
    assert list(actual.x) == ["2025-01-06", "2025-02-10", AS_OF]
    assert list(actual.y) == [0.0, 25.0, 25.0]
    assert list(plan.x) == ["2025-01-06", "2025-02-01", "2025-04-01"]
    assert list(plan.y) == [0.0, 25.0, 100.0]
    fig = plot_burnup(data, goal_id="G2", as_of=AS_OF)
    actual = _trace(fig, "actual")
    plan = _trace(fig, "plan (straight to the current target)")
    assert list(actual.y) == [0.0, 20.0, 40.0, 40.0]  # the check-in after as_of is ignored
    assert list(plan.x) == ["2025-02-01", "2025-07-15"] and list(plan.y) == [0.0, 100.0]
    fig = plot_burnup(data, goal_id="G3", as_of=AS_OF)
    actual = _trace(fig, "actual")
    assert list(actual.x[-2:]) == ["2025-03-10", AS_OF] and list(actual.y[-2:]) == [100, 100]


def test_burnup_needs_a_known_started_goal(data):
    with pytest.raises(ValueError, match="G1, G2, G3"):
        plot_burnup(data, goal_id="nope")
    with pytest.raises(ValueError, match="starts on 2025-06-01"):
        plot_burnup(data, goal_id="G6", as_of=AS_OF)


# --- target trend --------------------------------------------------------------------------

def _trend_points(fig):
    return [t for t in fig.data if t.mode == "lines+markers"]


def test_trend_draws_every_target_history_row(data):
    history = careerkit.target_history(data, as_of=AS_OF)
    fig = plot_target_trend(data, client="Ada", as_of=AS_OF)
    goals = history.loc[history["goal_id"].isin(["G1", "G2"]) & history["task_id"].isna()]
    lines = _trend_points(fig)
    assert [t.customdata[0] for t in lines] == ["G1", "G2"]
    assert sum(len(t.x) for t in lines) == len(goals)
    g2 = lines[1]
    # the baseline, then two revisions on one day: two points
    assert list(g2.x) == ["2025-02-01", "2025-03-15", "2025-03-15"]
    assert list(g2.y) == ["2025-05-01", "2025-07-01", "2025-07-15"]
    # flat to as_of at the last target
    (tail,) = [t for t in fig.data if t.mode == "lines" and t.legendgroup == g2.legendgroup]
    assert list(tail.x) == ["2025-03-15", AS_OF] and list(tail.y) == ["2025-07-15"] * 2
    diagonal = _trace(fig, "target = report date")
    assert list(diagonal.x) == list(diagonal.y)
    assert diagonal.x[0] <= "2025-01-06" and diagonal.x[-1] >= "2025-07-15"


def test_trend_show_tasks_has_one_line_per_task_plus_the_goal(data):
    history = careerkit.target_history(data, as_of=AS_OF)
    fig = plot_target_trend(data, goal_id="G1", show_tasks=True, as_of=AS_OF)
    lines = _trend_points(fig)
    assert [t.customdata[0] for t in lines] == ["G1", "T1", "T2"]
    assert sum(len(t.x) for t in lines) == (history["goal_id"] == "G1").sum()
    assert list(lines[2].y) == ["2025-04-01", "2025-05-01"]


def test_trend_needs_goal_or_client(data):
    with pytest.raises(ValueError, match="goal_id= or client="):
        plot_target_trend(data)
    with pytest.raises(ValueError, match="needs goal_id"):
        plot_target_trend(data, client="Ada", show_tasks=True)


# --- caseload ------------------------------------------------------------------------------

def test_caseload_stacks_goal_status_counts(data, status):
    fig = plot_caseload(data, as_of=AS_OF)
    counted = status.loc[status["state"] != "dropped"]
    expected = pd.crosstab(counted["client"], counted["state"])
    clients = [c for c in expected.index]
    bars = [t for t in fig.data if t.type == "bar"]
    assert [b.legendgroup for b in bars] == [s for s in careerkit.STATES if s != "dropped"]
    assert [b.marker.color for b in bars] == [STATE_COLORS[b.legendgroup] for b in bars]
    # one row per client, clients with overdue/stalled/at-risk goals first
    order = list(bars[0].customdata)
    assert sorted(order) == sorted(clients)
    assert order[-1] == "Bo"  # nothing needing attention
    assert len(fig.layout.yaxis.ticktext) == len(clients)
    for bar in bars:
        want = expected.get(bar.legendgroup, pd.Series(0, index=expected.index))
        assert list(bar.x) == want.reindex(order).tolist()
    # completion rate and days since check-in beside the bars
    side = _trace(fig, "completion · days since check-in")
    rates = careerkit.completion_rates(data, by="client", as_of=AS_OF)
    got = dict(zip(order, np.asarray(side.customdata)[:, 0], strict=True))
    assert got == pytest.approx(rates["completion_rate"].to_dict())
    assert "0% done" in side.text[order.index("Ada")]


def test_caseload_rows_are_named_by_client(data):
    fig = plot_caseload(data, as_of=AS_OF)
    names = list(fig.data[0].customdata)
    shown = [n.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for n in names]
    for trace in fig.data:
        assert list(trace.y) == shown  # one row per client: y is its name, as shown
    assert fig.layout.yaxis.type == "category"
    assert list(fig.layout.yaxis.categoryarray) == shown
    assert list(fig.layout.yaxis.tickvals) == shown


def test_dashboard_parts_match_the_chart_functions(data, status):
    """The widgets draw from a goal_status frame they computed once: same figures."""
    stamp = pd.Timestamp(AS_OF)
    default = "Caseload as of 2025-03-31"
    parts = plotting.caseload_parts(status, stamp, default=default, title=None, height=None)
    assert parts.figure().to_json() == plot_caseload(data, as_of=AS_OF).to_json()
    shown = status.loc[status["state"] != "dropped"]
    ordered = shown.iloc[attention_order(shown)]
    parts = plotting.timeline_parts(ordered, stamp, default="Goal timeline as of 2025-03-31",
                                     title=None, height=None)
    assert parts.figure().to_json() == plot_timeline(data, as_of=AS_OF).to_json()
    # given only the first rows and the total, the note counts them all
    parts = plotting.timeline_parts(ordered.iloc[:2], stamp, default="x", title=None,
                                     height=None, total=90)
    assert "showing 2 of 90 goals" in parts.layout["title"]["text"]
    # chosen clients each get a row, even without a counted goal
    parts = plotting.caseload_parts(status.iloc[:0], stamp, default="x", title=None,
                                     height=None, clients=["Ada", "Zed"])
    assert all(list(t["y"]) == ["Ada", "Zed"] for t in parts.data)
    assert all(sum(t["x"]) == 0 for t in parts.data)


def test_caseload_caps_clients_and_says_so():
    fig = plot_caseload(_many(45, 2), as_of=AS_OF)
    assert "40 of 45 clients, most in need of attention first" in fig.layout.title.text
    assert len(fig.data[0].y) == 40


def test_caseload_category_filter(data):
    fig = plot_caseload(data, as_of=AS_OF, category="role")
    total = sum(np.asarray(t.x).sum() for t in fig.data if t.type == "bar")
    assert total == 2  # G1 and G7; G6 has not started
    with pytest.raises(ValueError, match="network, role, skills"):
        plot_caseload(data, category="nope")


# --- completion ----------------------------------------------------------------------------

@pytest.mark.parametrize("by", ["category", "client"])
def test_completion_equals_completion_rates(data, by):
    fig = plot_completion(data, by=by, as_of=AS_OF)
    rates = careerkit.completion_rates(data, by=by, as_of=AS_OF)
    done, timely = _trace(fig, "completion rate"), _trace(fig, "on-time rate")
    assert np.allclose(done.y, 100 * rates["completion_rate"], equal_nan=True)
    assert np.allclose(timely.y, 100 * rates["on_time_rate"], equal_nan=True)
    assert np.array_equal(np.asarray(done.customdata)[:, 0], rates["goals"])
    assert len(fig.layout.xaxis.ticktext) == len(rates)
    assert fig.layout.yaxis.ticksuffix == "%"


def test_completion_names_a_missing_group_and_rejects_unknown_columns(data):
    fig = plot_completion(data, as_of=AS_OF)
    assert "(none)" in fig.layout.xaxis.ticktext
    with pytest.raises(ValueError, match="not a column"):
        plot_completion(data, by="nope")


# --- check-ins -----------------------------------------------------------------------------

def test_checkins_counts_every_checkin_in_the_window(data):
    fig = plot_checkins(data, as_of=AS_OF)
    heat = fig.data[0]
    dated = pd.to_datetime(data.progress["date"])
    assert np.asarray(heat.z).sum() == (dated <= AS_OF).sum() == 5
    assert len(heat.x) == 26 and heat.x[-1] == "2025-03-31"  # a Monday
    assert heat.x[0] == "2024-10-07"
    assert len(fig.layout.yaxis.ticktext) == 4  # Ada, Bo, Cy and the hostile one
    fig = plot_checkins(data, as_of="2025-03-20", weeks=2)
    heat = fig.data[0]
    assert list(heat.x) == ["2025-03-10", "2025-03-17"]
    row = list(fig.layout.yaxis.ticktext).index("Ada")
    assert list(np.asarray(heat.z)[row]) == [3, 0]
    assert np.asarray(heat.z).sum() == 3
    # the longest gap since the last check-in first: never checked in
    assert fig.layout.yaxis.ticktext[0] in ("Bo", "&lt;script&gt;alert(1)&lt;/script&gt;")


def test_checkins_by_goal_and_caps(data):
    fig = plot_checkins(data, as_of=AS_OF, client="Ada", by="goal")
    assert sorted(fig.layout.yaxis.ticktext) == sorted(["New role", "&lt;b&gt;x&lt;/b&gt; &amp; y"])
    assert np.asarray(fig.data[0].z).sum() == 4
    fig = plot_checkins(_many(55), as_of=AS_OF)
    assert "50 of 55 clients" in fig.layout.title.text
    assert np.asarray(fig.data[0].z).shape == (50, 26)
    with pytest.raises(ValueError, match="'client' or 'goal'"):
        plot_checkins(data, by="week")


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
    frames = _frames()
    data = careerkit.CareerData.from_frames(*frames)
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
    texts = list(_strings(func(data, **options, as_of=AS_OF).to_dict()))
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
        plot_timeline(_many(30), client="nobody")


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
