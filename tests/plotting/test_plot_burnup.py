"""plot_burnup: the actual and plan lines checked against goal_status."""

from __future__ import annotations

import pytest
from chart_data import AS_OF, iso_days, trace

from careerkit.plotting import plot_burnup


@pytest.mark.parametrize("goal_id", ["G1", "G2", "G3", "G4", "G7"])
def test_burnup_ends_at_goal_status_percent(data, status, goal_id):
    fig = plot_burnup(data, goal_id=goal_id, as_of=AS_OF)
    actual = trace(fig, "actual")
    row = status.loc[goal_id]
    assert actual.y[-1] == row["percent_complete"]
    assert actual.x[-1] == AS_OF
    assert (actual.x[0], actual.y[0]) == (iso_days([row["start_date"]])[0], 0.0)
    assert all(0 <= y <= 100 for y in actual.y)
    assert list(fig.layout.yaxis.range) == [0, 102]
    (line,) = [s for s in fig.layout.shapes if s.name == "as_of"]
    assert line.x0 == AS_OF


def test_burnup_lines_with_and_without_tasks(data):
    fig = plot_burnup(data, goal_id="G1", as_of=AS_OF)
    actual, plan = trace(fig, "actual"), trace(fig, "plan (tasks by due date)")
    assert list(actual.x) == ["2025-01-06", "2025-02-10", AS_OF]
    assert list(actual.y) == [0.0, 25.0, 25.0]
    assert list(plan.x) == ["2025-01-06", "2025-02-01", "2025-04-01"]
    assert list(plan.y) == [0.0, 25.0, 100.0]
    assert actual.hovertext[1].endswith("<br>1 of 2 tasks completed")
    fig = plot_burnup(data, goal_id="G2", as_of=AS_OF)
    actual = trace(fig, "actual")
    plan = trace(fig, "plan (straight to the current target)")
    assert list(actual.y) == [0.0, 20.0, 40.0, 40.0]  # the check-in after as_of is ignored
    assert list(plan.x) == ["2025-02-01", "2025-07-15"] and list(plan.y) == [0.0, 100.0]
    fig = plot_burnup(data, goal_id="G3", as_of=AS_OF)
    actual = trace(fig, "actual")
    assert list(actual.x[-2:]) == ["2025-03-10", AS_OF] and list(actual.y[-2:]) == [100, 100]


def test_burnup_needs_a_known_started_goal(data):
    with pytest.raises(ValueError, match="G1, G2, G3"):
        plot_burnup(data, goal_id="nope")
    with pytest.raises(ValueError, match="starts on 2025-06-01"):
        plot_burnup(data, goal_id="G6", as_of=AS_OF)
