"""schedule_performance depends on task weights only through their ratios: weights 1 and 3
and weights 1e16 and 3e16 give the same frame. The plan sorts each task's goal, due day and
weight as one whole number when the three fit in 63 bits (small weights), else by goal and
due day alone (weights this large): both ways give the same steps."""

from __future__ import annotations

import pandas as pd
from helpers import goal, make_data, task

from careerkit.analytics.schedule import schedule_performance


def plans(scale: float):
    return make_data(
        [goal("G1", start="2025-01-01", target="2025-12-31"),
         goal("G2", start="2025-01-01", target="2025-06-30")],
        [task("T1", "G1", "2025-03-01", weight=1 * scale, completed="2025-02-20"),
         task("T2", "G1", "2025-12-01", weight=3 * scale),
         task("T3", "G2", "2025-02-01", weight=2 * scale, completed="2025-01-20"),
         task("T4", "G2", "2025-02-01", weight=1 * scale),
         task("T5", "G2", "2024-12-01", weight=1 * scale, completed="2025-03-01"),
         task("T6", "G2", "2025-05-01", weight=4 * scale)])


def test_only_the_ratios_of_weights_count():
    small, large = (schedule_performance(plans(scale), as_of="2025-04-01")
                    for scale in (1.0, 1e16))
    pd.testing.assert_frame_equal(small, large, check_exact=True)
    # G1: T1 (1 of 4) done, due 03-01 of a plan to 12-01: PV 25 %, EV 25 %
    assert small.loc["G1", ["planned_percent", "earned_percent"]].tolist() == [25.0, 25.0]
    # G2: T5 (counted due on start: 1 of 8) and T3 (2) done; due by 04-01: T5, T3, T4
    assert small.loc["G2", ["planned_percent", "earned_percent"]].tolist() == [50.0, 37.5]
