"""forecast_accuracy: the back-test, against tables computed by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import caseloads, checkin, goal, make_data
from hypothesis import HealthCheck, given, settings

import careerkit
from careerkit.analytics.accuracy import forecast_grid

pytestmark = pytest.mark.filterwarnings("ignore::careerkit.CareerDataWarning")

DATES = ["2025-02-01", "2025-03-01"]


@pytest.fixture
def backtest():
    """G1 gains 10 % every week (every pool is 10 % a week); the others borrow it.

    The latest event is G4's completion on 2025-03-29 (the default as_of); the earliest
    start is 2025-01-06, so the grid is 2025-02-01 and 2025-03-01.
    """
    weekly = ["2025-01-11", "2025-01-18", "2025-01-25", "2025-02-01", "2025-02-08",
              "2025-02-15", "2025-02-22", "2025-03-01"]
    return make_data(
        [goal("G1", "Ana", start="2025-01-06", target="2025-03-18", completed="2025-03-20",
              status="completed"),
         goal("G2", "Ana", start="2025-01-06", target="2025-03-01", status="dropped"),
         goal("G3", "Bo", start="2025-01-20", target="2025-03-25", completed="2025-03-24",
              status="completed"),
         goal("G4", "Cy", start="2025-01-27", target="2025-03-15", completed="2025-03-29",
              status="completed"),
         goal("G5", "Di", start="2025-02-10", target="2025-04-30"),
         goal("G6", "Ana", start="2025-01-06", target="2025-02-15", completed="2025-01-25",
              status="completed")],
        progress=[checkin(day, "G1", percent=10 * (k + 1)) for k, day in enumerate(weekly)],
    )


def table(rows, columns):
    frame = pd.DataFrame(rows, columns=columns,
                         index=pd.DatetimeIndex(pd.to_datetime(DATES), name="as_of").as_unit("us"))
    counts = [c for c in columns if c not in ("mae_days", "within_14_days", "held_share",
                                              "brier_score")]
    return frame.astype(dict.fromkeys(counts, "int64"))


ERRORS = ["scored", "completed_later", "na_forecasts", "forecasts", "mae_days",
          "within_14_days", "held_share"]


def test_linear_forecast_by_hand(backtest):
    # 2025-02-01: G1 at 40 % after 26 days: ceil(26 x 60 / 40) = 39 days -> 03-12, 8 days
    # before its completion on 03-20. G3, G4: no progress, no forecast. G2 dropped, G5 not
    # started, G6 already completed: not scored.
    # 2025-03-01: G1 at 80 % after 54 days: ceil(13.5) = 14 -> 03-15, 5 days early; G5 in.
    expected = table([[3, 3, 2, 1, 8.0, 1.0, 0.0], [4, 3, 2, 1, 5.0, 1.0, 0.0]], ERRORS)
    pd.testing.assert_frame_equal(careerkit.forecast_accuracy(backtest, trials=20).linear,
                                  expected)


def test_p50_and_p85_by_hand(backtest):
    # Every pool is 10 % a week. 02-01: G1 at 40 % -> 03-15 (-5 days); G3 and G4 at 0 % ->
    # 04-12: G3 done 03-24 (+19), G4 03-29 (+14: within 14 days, inclusive).
    # 03-01: G1 at 80 % -> 03-15 (-5); G3, G4 -> 05-10 (+47, +42).
    expected = table([[3, 3, 0, 3, 38 / 3, 2 / 3, 2 / 3], [4, 3, 0, 3, 94 / 3, 1 / 3, 2 / 3]],
                     ERRORS)
    accuracy = careerkit.forecast_accuracy(backtest, trials=20)
    pd.testing.assert_frame_equal(accuracy.p50, expected)
    pd.testing.assert_frame_equal(accuracy.p85, expected)


def test_brier_score_by_hand(backtest):
    # Outcome known: current target on or before 03-29 (G1 03-18, G3 03-25, G4 03-15; not
    # G5 04-30). G1: chance 1 (03-15 <= 03-18), missed it (03-20): 1. G3: chance 0, made
    # it: 1. G4: chance 0, missed it: 0. Brier = 2/3 at both dates.
    expected = table([[3, 3, 0, 3, 2 / 3], [4, 3, 0, 3, 2 / 3]],
                     ["scored", "outcome_known", "na_probs", "probs", "brier_score"])
    pd.testing.assert_frame_equal(careerkit.forecast_accuracy(backtest, trials=20).brier,
                                  expected)


def test_missing_forecasts_are_counted_not_scored():
    data = make_data([goal("G1", start="2025-01-06", target="2025-02-05",
                           completed="2025-02-10", status="completed")])
    accuracy = careerkit.forecast_accuracy(data, trials=10)  # grid: 2025-02-01
    assert accuracy.p85.iloc[0].tolist()[:4] == [1, 1, 1, 0]
    assert accuracy.p85.iloc[0, 4:].isna().all()
    assert accuracy.brier.iloc[0].tolist()[:4] == [1, 1, 1, 0]
    assert np.isnan(accuracy.brier.iloc[0, 4])


def test_grid_is_period_starts_after_the_earliest_start(backtest):
    assert forecast_grid(backtest).strftime("%Y-%m-%d").tolist() == DATES
    assert forecast_grid(backtest, "W-MON")[[0, -1]].strftime("%Y-%m-%d").tolist() == [
        "2025-01-13", "2025-03-24"]
    on_a_month_start = make_data([goal("G1", start="2025-02-01"), goal("G2", start="2025-03-05")])
    assert forecast_grid(on_a_month_start).strftime("%Y-%m-%d").tolist() == ["2025-03-01"]


def test_empty_data_gives_empty_tables(sample_data):
    empty = sample_data.replace(goals=sample_data.goals.iloc[:0],
                                tasks=sample_data.tasks.iloc[:0],
                                progress=sample_data.progress.iloc[:0])
    accuracy = careerkit.forecast_accuracy(empty)
    assert accuracy._fields == ("linear", "p50", "p85", "brier")
    for name in ("linear", "p50", "p85"):
        part = getattr(accuracy, name)
        assert part.columns.tolist() == ERRORS and len(part) == 0
        assert part.dtypes.astype(str).tolist() == ["int64"] * 4 + ["float64"] * 3
    assert accuracy.brier.dtypes.astype(str).tolist() == ["int64"] * 4 + ["float64"]
    assert accuracy.brier.index.name == "as_of"


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=caseloads())
def test_counts_add_up_and_shares_are_shares(data):
    accuracy = careerkit.forecast_accuracy(data, "10YS", trials=5)
    for part in (accuracy.linear, accuracy.p50, accuracy.p85):
        assert (part["forecasts"] + part["na_forecasts"] == part["completed_later"]).all()
        assert (part["completed_later"] <= part["scored"]).all()
        for share in ("within_14_days", "held_share"):
            assert part[share].dropna().between(0, 1).all()
        assert (part["mae_days"].isna() == (part["forecasts"] == 0)).all()
    brier = accuracy.brier
    assert (brier["probs"] + brier["na_probs"] == brier["outcome_known"]).all()
    assert (brier["outcome_known"] <= brier["scored"]).all()
    assert brier["brier_score"].dropna().between(0, 1).all()
    assert accuracy.p85.index.equals(forecast_grid(data, "10YS").as_unit("us").rename("as_of"))
