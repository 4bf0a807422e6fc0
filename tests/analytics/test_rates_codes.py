"""completion_rates' groups numbered as integers (careerkit.analytics.rates.group_numbers)
give the rates of a plain pandas groupby of the keys, in any row order."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import goal, make_data

import careerkit
from careerkit.analytics.rates import completion_counts, group_numbers, rates_of_counts

T = "2025-03-01"


def test_group_numbers_by_hand():
    keys = pd.DataFrame({"client": pd.array(["bo", None, "Ana", "bo", "Émile", None],
                                            dtype="str"),
                         "category": pd.array(["x", "y", None, None, "x", "y"], dtype="str")})
    # client: Ana 0, bo 1, Émile 2, missing 3; category: x 0, y 1, missing 2 (3 places)
    assert group_numbers(keys[["client"]]).tolist() == [1, 3, 0, 1, 2, 3]
    # (client, category) places sorted: (0, 2) (1, 0) (1, 2) (2, 0) (3, 1)
    assert group_numbers(keys).tolist() == [1, 4, 0, 2, 3, 4]
    assert group_numbers(keys[[]]).tolist() == [0] * 6


def test_missing_keys_group_last_by_two_columns():
    data = careerkit.CareerData.from_frames(pd.DataFrame([
        {**goal("g1", client="bo"), "category": "skills"},
        {**goal("g2", client="Ana", completed="2025-02-01"), "category": None},
        {**goal("g3", client="bo"), "category": None},
        {**goal("g4", client="Ana"), "category": "role"},
        {**goal("g5", client="bo", completed="2025-01-15"), "category": "skills"},
        {**goal("g6", client="Ana"), "category": None},
    ]))
    rates = careerkit.completion_rates(data, by=["client", "category"], as_of=T)
    assert rates.index.names == ["client", "category"]
    labels = [(client, None if pd.isna(category) else category)
              for client, category in rates.index]
    assert labels == [("Ana", "role"), ("Ana", None), ("bo", "skills"), ("bo", None)]
    assert rates["goals"].tolist() == [1, 2, 2, 1]
    assert rates["completed"].tolist() == [0, 1, 1, 0]
    assert rates["completion_rate"].tolist() == [0.0, 0.5, 0.5, 0.0]
    by_category = careerkit.completion_rates(data, by="category", as_of=T)
    assert by_category.index[:2].tolist() == ["role", "skills"]
    assert pd.isna(by_category.index[2]) and by_category["goals"].tolist() == [1, 2, 3]


def _pandas_rates(counted: pd.DataFrame, keys: list) -> pd.DataFrame:
    """The rates from a plain pandas groupby of the keys' values (the reference)."""
    aggregations = {name: "sum" for name in ("goals", "completed", "due", "on_time",
                                             "on_time_base", "tasks", "tasks_done",
                                             "task_weight", "task_weight_done")}
    aggregations |= {"percent_complete": "mean", "forecast_drift_days": "median"}
    sums = counted.groupby(keys, dropna=False, sort=False).agg(aggregations)
    sums = sums.sort_index(na_position="last")
    return pd.DataFrame({
        "goals": sums["goals"], "completed": sums["completed"],
        "completion_rate": sums["completed"] / sums["goals"].where(sums["goals"] > 0),
        "due": sums["due"], "on_time": sums["on_time"],
        "on_time_rate": sums["on_time"] / sums["on_time_base"].where(sums["on_time_base"] > 0),
        "tasks": sums["tasks"], "tasks_done": sums["tasks_done"],
        "task_completion_rate": sums["task_weight_done"] / sums["task_weight"].where(
            sums["tasks"] > 0),
        "mean_percent_complete": sums["percent_complete"],
        "median_forecast_drift_days": sums["forecast_drift_days"],
    }, index=sums.index)


def _shuffled(data: careerkit.CareerData, seed: int) -> careerkit.CareerData:
    rows = np.random.default_rng(seed).permutation(len(data.goals))
    goals = data.goals.iloc[rows].reset_index(drop=True)
    goals.loc[goals.index % 7 == 3, "category"] = None  # some missing keys
    return careerkit.CareerData.from_frames(goals, data.tasks, data.progress)


@pytest.mark.parametrize("keys", [["client"], ["category"], ["client", "category"],
                                  ["category", "start_date"]])
@pytest.mark.parametrize("order", ["sorted", "realistic", "shuffled"])
def test_same_rates_as_a_pandas_groupby_in_any_row_order(demo_caseloads, keys, order):
    data = careerkit.demo.generate(12, seed=4, order="realistic") if order == "realistic" \
        else _shuffled(demo_caseloads[12], seed=1) if order == "shuffled" \
        else demo_caseloads[12]
    t = careerkit.analytics.kernel.days([careerkit.default_as_of(data)])[0]
    expected = _pandas_rates(completion_counts(data, keys, t), keys)
    rates = careerkit.completion_rates(data, by=keys)
    pd.testing.assert_frame_equal(rates, expected, check_exact=True, check_index_type=True)
    counted = completion_counts(data, keys, t)
    pd.testing.assert_frame_equal(rates_of_counts(counted, keys), expected, check_exact=True)
    if order == "shuffled" and "category" in keys:
        assert rates.index.get_level_values("category").isna().any()


def test_no_goals_by_keys_match_pandas():
    data = make_data([goal("g1", client="Ana", start="2026-01-01", target="2026-02-01")])
    t = careerkit.analytics.kernel.days([pd.Timestamp(T)])[0]
    for keys in (["client"], ["client", "category"]):
        expected = _pandas_rates(completion_counts(data, keys, t), keys)
        pd.testing.assert_frame_equal(careerkit.completion_rates(data, by=keys, as_of=T),
                                      expected, check_exact=True, check_index_type=True)


def test_float_sums_as_pandas_adds_them_grouped_rows_and_interleaved_ones():
    # pandas adds up groups whose rows lie together in one pass and interleaved groups
    # with compensated sums: these three percents give different last bits either way
    percents = [63.69616873214543, 26.97867137638703, 4.0973523936194685]

    def counted(client):
        n = len(client)
        frame = pd.DataFrame({name: np.ones(n, dtype=np.int64) for name in (
            "goals", "completed", "due", "on_time", "on_time_base", "tasks", "tasks_done")})
        frame["task_weight"] = 100.0
        frame["task_weight_done"] = percents * (n // 3)
        frame["percent_complete"] = frame["task_weight_done"]
        frame["forecast_drift_days"] = [1.0, np.nan, 2.5] * (n // 3)
        frame["client"] = pd.array(client, dtype="str")
        return frame

    grouped = counted(["zed"] * 3 + ["amy"] * 3)
    interleaved = counted(["zed", "amy"] * 3)
    interleaved["task_weight_done"] = interleaved["percent_complete"] = np.repeat(percents, 2)
    interleaved["forecast_drift_days"] = np.repeat([1.0, np.nan, 2.5], 2)
    results = []
    for frame in (grouped, interleaved):
        expected = _pandas_rates(frame, ["client"])
        pd.testing.assert_frame_equal(rates_of_counts(frame, ["client"]), expected,
                                      check_exact=True)
        assert expected.index.tolist() == ["amy", "zed"]
        results.append(expected["mean_percent_complete"].iloc[0])
    assert results[0] != results[1]  # both ways of adding up are exercised
