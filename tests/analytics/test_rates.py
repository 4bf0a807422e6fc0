"""completion_rates (careerkit.analytics.rates) against values computed by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import checkin, goal, make_data, task

import careerkit

T = "2025-03-01"


def test_completion_rates_by_hand():
    data = make_data(
        [
            goal("A1", client="Ana", target="2025-02-01", completed="2025-01-20"),  # on time
            goal("A2", client="Ana", target="2025-02-01", completed="2025-02-10"),  # late
            goal("A3", client="Ana", target="2025-12-31"),
            goal("A4", client="Ana", target="2025-12-31", completed="2025-02-20"),  # early
            goal("B1", client="Bo", target="2025-02-01"),  # due, open
            goal("B2", client="Bo", status="dropped", target="2025-02-01"),
            goal("C1", client="Cy", status="dropped"),  # only dropped: no row
            goal("Z1", client="Zoë", start="2025-04-01", target="2025-12-31"),  # future
        ],
        tasks=[task("t1", "A3", weight=3, completed="2025-02-01"), task("t2", "A3", weight=1),
               task("t3", "B1")],
        progress=[checkin("2025-02-01", "B1", percent=10)],
    )
    rates = careerkit.completion_rates(data, as_of=T)
    assert rates.index.tolist() == ["Ana", "Bo"]
    assert rates.index.name == "client"
    ana, bo = rates.loc["Ana"], rates.loc["Bo"]
    assert (ana["goals"], ana["completed"], ana["due"], ana["on_time"]) == (4, 3, 2, 2)
    assert ana["completion_rate"] == 0.75
    assert ana["on_time_rate"] == 2 / 3  # denominator: due (A1, A2) or completed (A4)
    assert (ana["tasks"], ana["tasks_done"], ana["task_completion_rate"]) == (2, 1, 0.75)
    assert ana["mean_percent_complete"] == (100 + 100 + 75 + 100) / 4
    assert (bo["goals"], bo["completed"], bo["due"], bo["on_time_rate"]) == (1, 0, 1, 0.0)
    assert bo["task_completion_rate"] == 0
    assert bo["mean_percent_complete"] == 0  # task-based: 0 of 1, the 10 % is ignored
    # forecast drifts: A1 -12, A2 +9, A3 (75 % in 59 d -> +20 d = 03-21) -285, A4 -314
    assert ana["median_forecast_drift_days"] == (-285 + -12) / 2
    assert np.isnan(bo["median_forecast_drift_days"])

    overall = careerkit.completion_rates(data, by=None, as_of=T)
    assert len(overall) == 1 and overall["goals"].iloc[0] == 5


def test_completion_rates_missing_key_sorts_last_and_empty_by_none():
    data = careerkit.CareerData.from_frames(pd.DataFrame({
        "goal_id": ["1", "2", "3"], "client": ["a", "b", "c"], "title": ["x", "y", "z"],
        "category": ["skills", None, "network"], "start_date": ["2025-01-01"] * 3,
        "target_date": ["2025-02-01"] * 3}))
    rates = careerkit.completion_rates(data, by="category")
    assert rates.index[:2].tolist() == ["network", "skills"] and pd.isna(rates.index[2])
    empty = careerkit.completion_rates(data, by=None, as_of="2024-01-01")
    assert empty["goals"].tolist() == [0] and np.isnan(empty["completion_rate"].iloc[0])
    by_two = careerkit.completion_rates(data, by=["client", "category"])
    assert by_two.index.names == ["client", "category"]
    with pytest.raises(ValueError, match="not a column of goals"):
        careerkit.completion_rates(data, by="team")


def test_code_point_order_of_groups():
    data = make_data([goal("b", client="alice"), goal("a", client="Zoë"),
                      goal("B", client="Émile")])
    assert careerkit.completion_rates(data).index.tolist() == ["Zoë", "alice", "Émile"]


def test_empty_data_gives_empty_rates_with_columns():
    data = careerkit.CareerData.from_frames(pd.DataFrame(
        columns=["goal_id", "client", "title", "start_date", "target_date"]))
    rates = careerkit.completion_rates(data)
    assert rates.empty and "completion_rate" in rates.columns
    assert len(careerkit.completion_rates(data, by=None)) == 1


def test_rates_do_not_mutate_their_input():
    data = make_data([goal("G1", completed="2025-02-01"), goal("G2", status="dropped")],
                     tasks=[task("T1", completed="2025-01-20")],
                     progress=[checkin("2025-02-01", "G2", percent=10)])
    before = [frame.copy() for frame in data.frames()]
    careerkit.completion_rates(data, by="client", as_of=T)
    for frame, copy in zip(data.frames(), before, strict=True):
        pd.testing.assert_frame_equal(frame, copy)
