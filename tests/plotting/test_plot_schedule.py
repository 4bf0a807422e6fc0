"""plot_schedule: the plan, earned, ES and AT traces are schedule_performance's numbers."""

from __future__ import annotations

import pytest
from chart_data import AS_OF, trace

import careerkit
from careerkit.plotting import plot_schedule


def test_schedule_traces_with_tasks(data):
    # G1 starts 2025-01-06; tasks weight 1 due 02-01 (done 02-10) and weight 3 due 04-01.
    # As of 03-31 (AT 84): PV 25, EV 25, ES = 26 days (EV equals the point of 02-01).
    fig = plot_schedule(data, goal_id="G1", as_of=AS_OF)
    assert [t.name for t in fig.data] == ["plan", "earned", "schedule variance", "ES", "AT"]
    plan = trace(fig, "plan")
    assert list(plan.x) == ["2025-01-06", "2025-02-01", "2025-04-01"]
    assert list(plan.y) == [0.0, 25.0, 100.0]
    earned = trace(fig, "earned")
    assert list(earned.x) == ["2025-01-06", "2025-02-10", AS_OF]  # start, T1 done, as_of
    assert list(earned.y) == [0.0, 25.0, 25.0]
    assert (trace(fig, "ES").x[0], trace(fig, "ES").y[0]) == ("2025-02-01", 25.0)
    assert (trace(fig, "AT").x[0], trace(fig, "AT").y[0]) == (AS_OF, 25.0)
    assert list(trace(fig, "schedule variance").x) == ["2025-02-01", AS_OF]
    assert fig.layout.meta["expectation"] == "on_pace"
    assert "on pace, SPI 0.31" in fig.layout.title.text


def test_schedule_fractional_es_and_completed_goal(data):
    # G2: no tasks, 02-01 to 05-01 (PD 89), 40 % on 03-15: ES = 35.6 days = 03-08 14:24
    fig = plot_schedule(data, goal_id="G2", as_of=AS_OF)
    assert list(trace(fig, "plan").x) == ["2025-02-01", "2025-05-01"]
    assert trace(fig, "ES").x[0] == "2025-03-08 14:24"
    row = careerkit.schedule_performance(data, as_of=AS_OF).loc["G2"]
    assert trace(fig, "AT").y[0] == row["earned_percent"] == 40.0
    assert fig.layout.meta["expectation"] == row["expectation"] == "far_behind"
    # G3 completed on 03-10: its clock stopped there
    fig = plot_schedule(data, goal_id="G3", as_of=AS_OF)
    assert trace(fig, "AT").x[0] == "2025-03-10"
    assert trace(fig, "earned").x[-1] == "2025-03-10"
    assert trace(fig, "earned").y[-1] == 100.0


def test_schedule_needs_a_known_started_goal(data):
    with pytest.raises(ValueError, match="G1, G2, G3"):
        plot_schedule(data, goal_id="nope")
    with pytest.raises(ValueError, match="starts on 2025-06-01"):
        plot_schedule(data, goal_id="G6", as_of=AS_OF)


def test_schedule_title_and_height(data):
    fig = plot_schedule(data, goal_id="G1", as_of=AS_OF, title="<b>Mine</b>", height=300)
    assert fig.layout.title.text == "<b>Mine</b>"
    assert fig.layout.height == 300
    assert careerkit.plot_schedule is plot_schedule
