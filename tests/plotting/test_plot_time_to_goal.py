"""plot_time_to_goal: the step curves, bands and medians are time_to_goal's numbers."""

from __future__ import annotations

import numpy as np
import pytest
from chart_data import AS_OF, many, trace

import careerkit
from careerkit.plotting import plot_time_to_goal


def test_one_curve_for_all_goals(data):
    # started by 03-31: G1 (84 days, open), G2 (58), G3 (event at 68), G4 (89), G5 (dropped
    # without check-ins: 0), G7 (75); G6 starts later.
    fig = plot_time_to_goal(data, as_of=AS_OF)
    table, summary = careerkit.time_to_goal(data, as_of=AS_OF)
    curve = trace(fig, "all goals")
    assert list(curve.x) == [0, 0, 58, 68, 75, 84, 89]
    assert list(curve.y) == [100.0, 100.0, 100.0, 75.0, 75.0, 75.0, 75.0]
    assert curve.line.shape == "hv"
    bands = [t for t in fig.data if t.name == "all goals: 95% band"]
    assert [b.fill for b in bands] == ["none", "tonexty"]
    assert np.allclose(bands[0].y[1:], 100 * table["ci_upper"])
    assert np.allclose(bands[1].y[1:], 100 * table["ci_lower"])
    censored = trace(fig, "all goals: censored")
    assert list(censored.x) == [0, 58, 75, 84, 89]
    assert summary["median_days"].isna().all()
    assert "all goals: median" not in [t.name for t in fig.data]  # S never reaches 50 %


def test_one_curve_per_group_with_medians(sample_data):
    fig = plot_time_to_goal(sample_data, by="category")
    table, summary = careerkit.time_to_goal(sample_data, by="category")
    curves = [t for t in fig.data if t.showlegend is not False]
    assert [t.name for t in curves] == summary["category"].tolist()
    for curve, (_, row) in zip(curves, summary.iterrows(), strict=True):
        rows = table.loc[table["category"] == row["category"]]
        assert np.allclose(curve.y[1:], 100 * rows["survival"])
        assert list(curve.x[1:]) == rows["days"].tolist()
        median = trace(fig, f"{row['category']}: median")
        assert list(median.x) == [0, row["median_days"], row["median_days"]]
        assert list(median.y) == [50, 50, 0]
    assert fig.layout.meta["groups_shown"] == len(summary)


def test_groups_are_capped_and_blank_keys_named(data):
    fig = plot_time_to_goal(many(12), by="client", as_of=AS_OF)
    assert fig.layout.meta["groups_shown"] == 8
    assert fig.layout.meta["groups_total"] == 12
    assert "8 of 12 groups" in fig.layout.title.text
    fig = plot_time_to_goal(data, by="category", as_of=AS_OF)
    assert "(none)" in [t.name for t in fig.data]


def test_empty_and_unknown(data):
    fig = plot_time_to_goal(data, as_of="2024-12-31")
    assert fig.layout.annotations[0].text.startswith("No goals to show")
    with pytest.raises(ValueError, match="not a column"):
        plot_time_to_goal(data, by="nope")
    assert careerkit.plot_time_to_goal is plot_time_to_goal
