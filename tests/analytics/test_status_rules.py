"""Rules of goal_status, task_status and completion_rates at their exact boundaries.

Each test is computed by hand and fails when its rule is changed as named in the test (each
was checked by making that change to a copy of the package and seeing the test fail):

- ``completed_at_T`` is ``completed_date <= T`` (not ``<``);
- a goal is on time when ``completed_date <= target_date`` (not ``<``);
- a task is on time when ``completed_date <= due_date`` (not ``<``);
- forecasts are capped at 9999-12-31;
- a check-in's percent counts to six decimal places (rounded before any state decision);
- states are tested in the documented order (docs/metrics.md): dropped, completed, on_hold,
  overdue, stalled, not_started, at_risk, on_track.
"""

from __future__ import annotations

import pandas as pd
from helpers import checkin, goal, make_data, task

import careerkit

D = pd.Timestamp


def dates(*values):
    """Dates as goal_status returns them (datetime64[us]; None is NaT)."""
    return pd.array([D(v) if v is not None else pd.NaT for v in values], dtype="datetime64[us]")


def texts(*values):
    return pd.array(values, dtype="str")


# --- completed_at_T: completed_date <= T --------------------------------------------------

def test_a_goal_completed_on_T_is_completed_at_T():
    data = make_data([goal("G1", start="2025-01-01", target="2025-03-31",
                           completed="2025-03-01", status="completed")])
    columns = ["completed_at_T", "percent_complete", "forecast_date", "state"]
    on_t = careerkit.goal_status(data, as_of="2025-03-01")[columns]
    expected = pd.DataFrame(
        {"completed_at_T": [True], "percent_complete": [100.0],
         "forecast_date": dates("2025-03-01"),
         "state": texts("completed")},
        index=pd.Index(["G1"], name="goal_id", dtype="str"))
    pd.testing.assert_frame_equal(on_t, expected)
    # The day before, it is not completed yet: 0 %, no forecast, silent for 58 days.
    day_before = careerkit.goal_status(data, as_of="2025-02-28")[columns]
    expected = pd.DataFrame(
        {"completed_at_T": [False], "percent_complete": [0.0], "forecast_date": dates(None),
         "state": texts("stalled")},
        index=pd.Index(["G1"], name="goal_id", dtype="str"))
    pd.testing.assert_frame_equal(day_before, expected)
    rates = careerkit.completion_rates(data, by=None, as_of="2025-03-01")
    assert rates[["goals", "completed", "completion_rate"]].iloc[0].tolist() == [1, 1, 1.0]


# --- a goal is on time: completed_date <= target_date ---------------------------------------

def test_a_goal_completed_on_its_target_date_is_on_time():
    data = make_data([
        goal("G1", client="Ana", target="2025-03-01", completed="2025-03-01"),  # on the day
        goal("G2", client="Ana", target="2025-03-01", completed="2025-03-02"),  # a day late
        goal("G3", client="Bo", target="2025-03-01", completed="2025-03-01"),  # on the day
    ])
    rates = careerkit.completion_rates(data, as_of="2025-03-31")
    expected = pd.DataFrame(
        {"goals": [2, 1], "completed": [2, 1], "due": [2, 1], "on_time": [1, 1],
         "on_time_rate": [0.5, 1.0]},
        index=pd.Index(["Ana", "Bo"], name="client", dtype="str"))
    pd.testing.assert_frame_equal(rates[expected.columns.tolist()], expected)


# --- a task is on time: completed_date <= due_date ------------------------------------------

def test_a_task_done_on_its_due_date_is_on_time():
    data = make_data(
        [goal("G1", start="2025-01-01", target="2025-06-30")],
        tasks=[task("T1", due="2025-02-01", completed="2025-02-01"),  # on the day
               task("T2", due="2025-02-01", completed="2025-02-02"),  # a day late
               task("T3", due="2025-03-01"),  # open, due on T: not known yet
               task("T4", due="2025-02-28")],  # open, T is a day past due
    )
    status = careerkit.task_status(data, as_of="2025-03-01")
    expected = pd.DataFrame(
        {"done": [True, True, False, False],
         "drift_days": pd.array([0, 1, 0, 1], dtype="Int64"),
         "on_time": pd.array([True, False, pd.NA, False], dtype="boolean")},
        index=pd.Index(["T1", "T2", "T3", "T4"], name="task_id", dtype="str"))
    pd.testing.assert_frame_equal(status[["done", "drift_days", "on_time"]], expected)


# --- forecasts are capped at 9999-12-31 ---------------------------------------------------

def test_a_forecast_past_the_year_9999_is_capped_at_9999_12_31():
    # 50 % after e days needs e more days: the forecast is start + 2e.
    # G1: start 2025-01-01, e = 1,456,404 (to 6012-07-02): start + 2e = 10000-01-01 -> capped.
    # G2: start 2025-01-02, e = 1,456,403: start + 2e = 9999-12-31 exactly, no cap needed.
    data = make_data([goal("G1", start="2025-01-01", target="2025-12-31"),
                      goal("G2", start="2025-01-02", target="2025-12-31")],
                     progress=[checkin("6012-07-02", "G1", percent=50),
                               checkin("6012-07-02", "G2", percent=50)])
    status = careerkit.goal_status(data, as_of="6012-07-02")
    expected = pd.DataFrame(
        {"forecast_date": dates("9999-12-31", "9999-12-31"),
         # 9999-12-31 - 2025-12-31 = 2,912,443 days
         "forecast_drift_days": pd.array([2_912_443, 2_912_443], dtype="Int64")},
        index=pd.Index(["G1", "G2"], name="goal_id", dtype="str"))
    pd.testing.assert_frame_equal(status[["forecast_date", "forecast_drift_days"]], expected)


def test_a_goal_at_a_millionth_of_a_percent_is_forecast_on_9999_12_31():
    # 0.000001 % after 10 days: 10 * 99.999999 / 0.000001 = 999,999,990 more days, far past
    # the year 9999.
    data = make_data([goal("G1", start="2025-01-01", target="2025-12-31")],
                     progress=[checkin("2025-01-11", percent=0.000001)])
    row = careerkit.goal_status(data, as_of="2025-01-11").loc["G1"]
    assert row["forecast_date"] == D("9999-12-31")
    assert row["forecast_drift_days"] == 2_912_443
    assert row["state"] == "at_risk"


def test_a_checkin_percent_counts_to_six_decimal_places():
    # G1: 0.0000004 % is 0 % at six decimals: no progress, so not_started, no forecast.
    # G2: 33.3333333 % is 33.333333 %; after 10 days (start 2025-01-01, T 2025-01-11) it needs
    # ceil(10 * 66.666667 / 33.333333) = ceil(20.0000012) = 21 more days: 2025-02-01.
    data = make_data([goal("G1", start="2025-01-01", target="2025-12-31"),
                      goal("G2", start="2025-01-01", target="2025-12-31")],
                     progress=[checkin("2025-01-11", "G1", percent=0.0000004),
                               checkin("2025-01-11", "G2", percent=33.3333333)])
    status = careerkit.goal_status(data, as_of="2025-01-11")
    assert status["percent_complete"].tolist() == [0.0, 33.333333]
    assert status["state"].tolist() == ["not_started", "on_track"]
    assert status["forecast_date"].tolist() == [pd.NaT, D("2025-02-01")]
    rates = careerkit.completion_rates(data, as_of="2025-01-11")
    assert rates["mean_percent_complete"].tolist() == [(0.0 + 33.333333) / 2]


# --- states in the documented order -------------------------------------------------------

def test_states_are_tested_in_the_documented_order():
    # As of 2025-03-01; stall_days 21. Each goal meets the conditions of several states and
    # gets the first in the order of docs/metrics.md.
    data = make_data(
        [
            # dropped, past its target (overdue) and silent for 59 days (stalled)
            goal("A", status="dropped", start="2025-01-01", target="2025-02-01"),
            # completed on T, past its target and silent
            goal("B", start="2025-01-01", target="2025-02-01", completed="2025-03-01"),
            # on hold, past its target and silent
            goal("C", status="on_hold", start="2025-01-01", target="2025-02-01"),
            # overdue (28 days) and stalled (55 days since the last check-in)
            goal("D", start="2025-01-01", target="2025-02-01"),
            # stalled (59 days, no check-in) and not started (0 %), target ahead
            goal("E", start="2025-01-01", target="2025-12-31"),
            # stalled (24 days) and at risk (10 % in 59 days: 531 more days, forecast
            # 2026-08-14 is past the target), not overdue
            goal("F", start="2025-01-01", target="2025-06-30"),
            # not started (0 % reported yesterday) with no forecast, target ahead
            goal("G", start="2025-01-01", target="2025-06-30"),
            # at risk: 50 % in 59 days, forecast 2025-04-29 after the target 2025-04-28
            goal("H", start="2025-01-01", target="2025-04-28"),
            # on track: the same pace, forecast on the target day 2025-04-29
            goal("I", start="2025-01-01", target="2025-04-29"),
        ],
        progress=[
            checkin("2025-01-05", "D", percent=10),
            checkin("2025-02-05", "F", percent=10),
            checkin("2025-02-28", "G", percent=0),
            checkin("2025-03-01", "H", percent=50),
            checkin("2025-03-01", "I", percent=50),
        ],
    )
    status = careerkit.goal_status(data, as_of="2025-03-01")
    expected = pd.DataFrame(
        {"overdue_days": pd.array([28, 0, 28, 28, 0, 0, 0, 0, 0], dtype="Int64"),
         "days_since_checkin": pd.array([59, 59, 59, 55, 59, 24, 1, 0, 0], dtype="Int64"),
         "state": texts("dropped", "completed", "on_hold", "overdue", "stalled", "stalled",
                        "not_started", "at_risk", "on_track")},
        index=pd.Index(list("ABCDEFGHI"), name="goal_id", dtype="str"))
    pd.testing.assert_frame_equal(status[["overdue_days", "days_since_checkin", "state"]],
                                  expected)
    assert status.loc["F", "forecast_date"] == D("2026-08-14")
