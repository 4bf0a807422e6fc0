"""plot_timeline: bars, targets, forecasts and tasks checked against goal_status."""

from __future__ import annotations

import numpy as np
from chart_data import AS_OF, iso_days, many, trace

import careerkit
from careerkit.plotting import STATE_COLORS, plot_timeline


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
        assert list(bar.base) == iso_days(rows["start_date"])
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
    diamonds = trace(fig, "current target")
    assert dict(zip(diamonds.customdata, diamonds.x, strict=True)) == dict(
        zip(shown.index, iso_days(shown["current_target"]), strict=True))
    stars = trace(fig, "completion day")
    assert list(stars.customdata) == ["G3"] and list(stars.x) == ["2025-03-10"]
    forecast = trace(fig, "forecast")
    ahead = shown.loc[~shown["completed_at_T"] & shown["forecast_date"].notna()]
    assert sorted(forecast.customdata[0::3]) == sorted(ahead.index)
    assert set(forecast.x[0::3]) == {AS_OF}
    ends = dict(zip(forecast.customdata[0::3], forecast.x[1::3], strict=True))
    hovers = dict(zip(forecast.customdata[0::3], forecast.hovertext[0::3], strict=True))
    far = 0
    for goal, day in zip(ahead.index, iso_days(ahead["forecast_date"]), strict=True):
        assert f"forecast: {day}" in hovers[goal]
        if ends[goal] != day:  # far beyond the chart: cut at its right edge
            assert ends[goal] < day
            far += 1
    assert far == 1  # G7: 10 % in 75 days
    assert ends["G1"] == iso_days([ahead.loc["G1", "forecast_date"]])[0]
    bars = {i: h for t in fig.data if t.type == "bar"
            for i, h in zip(t.customdata, t.hovertext, strict=True)}
    assert "first-planned target: " in bars["G1"] and "baseline" not in bars["G1"]
    overdue = shown.loc[shown["overdue_days"] > 0]
    for goal, late in overdue["overdue_days"].items():
        assert f"{late} d past current target" in bars[goal]
    moved = trace(fig, "target moved")
    assert list(moved.x[0::3]) == ["2025-05-01"] and list(moved.x[1::3]) == ["2025-07-15"]


def test_timeline_show_tasks_puts_tasks_under_their_goal(data):
    fig = plot_timeline(data, goal_id="G1", show_tasks=True, as_of=AS_OF)
    tasks = careerkit.task_status(data, as_of=AS_OF)
    tasks = tasks.loc[tasks["goal_id"] == "G1"]
    assert list(fig.layout.yaxis.ticktext) == ["Ada · New role", "↳ Update CV", "↳ Apply"]
    due = trace(fig, "task due (first planned)")
    assert list(due.customdata) == ["T1", "T2"] and list(due.y) == [1, 2]
    assert list(due.x) == iso_days(tasks["due_date"])
    diamonds = trace(fig, "current target")
    current = dict(zip(diamonds.customdata, diamonds.x, strict=True))
    assert current["T2"] == "2025-05-01"
    stars = trace(fig, "completion day")
    assert list(stars.customdata) == ["T1"]
    assert "<br>completed 2025-02-10" in stars.hovertext[-1]
    # T2: first planned 2025-04-01, moved to 2025-05-01: open on AS_OF, 10 d late on 05-11
    assert dict(zip(due.customdata, due.hovertext, strict=True))["T2"].endswith(
        "current due: 2025-05-01<br>open")
    later = trace(plot_timeline(data, goal_id="G1", show_tasks=True, as_of="2025-05-11"),
                  "task due (first planned)")
    assert later.hovertext[1].endswith("<br>open, 10 d past current due date")


def test_timeline_with_goal_id_draws_a_dropped_goal(data):
    fig = plot_timeline(data, goal_id="G5", as_of=AS_OF)
    assert [t.legendgroup for t in fig.data if t.type == "bar"] == ["dropped"]


def test_timeline_caps_rows_and_says_so():
    big = many(70)
    fig = plot_timeline(big, as_of=AS_OF)
    assert "showing 60 of 70 goals: those needing attention first" in fig.layout.title.text
    assert len(fig.layout.yaxis.ticktext) == 60
    overdue = next(t for t in fig.data if t.legendgroup == "overdue")
    assert len(overdue.y) == 24  # every overdue goal is among the 60
    assert list(overdue.y) == list(range(24))
    # a small caseload says nothing
    assert "showing" not in plot_timeline(many(5), as_of=AS_OF).layout.title.text
