"""plot_target_trend: every target_history row is a point."""

from __future__ import annotations

import pytest
from chart_data import AS_OF, trace

import careerkit
from careerkit.plotting import plot_target_trend


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
    diagonal = trace(fig, "target = report date")
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
