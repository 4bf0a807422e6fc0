"""target_history's tasks by goal: the row packed in the sort key, or looked up after the
sort when it does not fit, give the same history (careerkit.analytics.history)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import checkin, goal, make_data, task

import careerkit
from careerkit.analytics import history


def _shuffled(data: careerkit.CareerData, seed: int) -> careerkit.CareerData:
    rng = np.random.default_rng(seed)
    return careerkit.CareerData.from_frames(
        data.goals.iloc[rng.permutation(len(data.goals))].reset_index(drop=True),
        data.tasks.iloc[rng.permutation(len(data.tasks))].reset_index(drop=True),
        data.progress)


@pytest.mark.parametrize("order", ["sorted", "realistic", "shuffled"])
def test_same_history_whether_the_row_fits_in_the_key(demo_caseloads, monkeypatch, order):
    data = careerkit.demo.generate(12, seed=4, order="realistic") if order == "realistic" \
        else _shuffled(demo_caseloads[12], seed=2) if order == "shuffled" \
        else demo_caseloads[12]
    packed = careerkit.target_history(data)
    monkeypatch.setattr(history, "_KEY_BITS", 0)  # no room for the row: looked up
    pd.testing.assert_frame_equal(careerkit.target_history(data), packed, check_exact=True)
    assert packed["task_id"].notna().sum() > len(data.tasks) // 2


@pytest.mark.parametrize("key_bits", [63, 0])
def test_tasks_of_a_goal_in_id_order_by_hand(monkeypatch, key_bits):
    monkeypatch.setattr(history, "_KEY_BITS", key_bits)
    data = make_data(
        [goal("G2", target="2025-03-31"), goal("G1", target="2025-02-28")],
        tasks=[task("b", "G1", due="2025-02-01"), task("c", "G2", due="2025-02-02"),
               task("a", "G2", due="2025-02-03"), task("B", "G1", due="2025-02-04")],
        progress=[checkin("2025-01-20", "G2", task_id="c", revised="2025-02-09")],
    )
    h = careerkit.target_history(data, as_of="2025-03-01")
    rows = [(g, None if pd.isna(t) else t, x.strftime("%m-%d"))
            for g, t, _, x in h.itertuples(index=False)]
    assert rows == [("G1", None, "02-28"), ("G1", "B", "02-04"), ("G1", "b", "02-01"),
                    ("G2", None, "03-31"), ("G2", "a", "02-03"), ("G2", "c", "02-02"),
                    ("G2", "c", "02-09")]
