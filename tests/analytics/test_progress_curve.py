"""percent_over_time (careerkit.analytics.progress_curve) against curves computed by hand."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import DATES, caseloads, checkin, goal, make_data, task
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import careerkit
from careerkit.analytics import percent_over_time

T = "2025-03-31"


@pytest.fixture(scope="module")
def data():
    with pytest.warns(careerkit.CareerDataWarning, match="open tasks on a completed goal"):
        return make_data(
            [
                goal("G1", start="2025-01-01", target="2025-04-01"),
                goal("G2", start="2025-01-01", target="2025-06-30"),
                goal("G3", start="2025-01-01", target="2025-06-30", completed="2025-02-20",
                     status="completed"),
                goal("G4", start="2025-05-01", target="2025-09-30"),
            ],
            tasks=[
                task("T1", "G1", due="2025-02-01", weight=1, completed="2025-02-10"),
                task("T2", "G1", due="2025-03-01", weight=2, completed="2025-03-05"),
                task("T4", "G3", due="2024-12-20", completed="2025-02-01"),
                task("T5", "G3", due="2025-02-15", completed="2025-03-10"),
                task("T6", "G3", due="2025-05-01", weight=2),
            ],
            progress=[
                checkin("2025-02-01", "G2", percent=20),
                checkin("2025-03-01", "G2", percent=50, revised="2025-07-31"),
                checkin("2025-03-01", "G2", percent=45),  # the last of the day counts
                checkin("2025-03-10", "G2", note="no percent: no step"),
                checkin("2025-04-15", "G2", percent=80),  # after T: does not exist yet
            ],
        )


def actual(rows):
    frame = pd.DataFrame(rows, columns=["date", "percent_complete", "event", "tasks_done"])
    return frame.astype({"date": "datetime64[us]", "percent_complete": "float64",
                         "event": "str", "tasks_done": "Int64"})


def plan(rows):
    frame = pd.DataFrame(rows, columns=["date", "percent_complete", "event"])
    return frame.astype({"date": "datetime64[us]", "percent_complete": "float64",
                         "event": "str"})


def test_tasks_weighted_1_and_2(data):
    curve = percent_over_time(data, "G1", as_of=T)
    pd.testing.assert_frame_equal(curve.actual, actual([
        ["2025-01-01", 0.0, "start", 0],
        ["2025-02-10", 100 / 3, "task_done", 1],  # weight 1 of 3
        ["2025-03-05", 100.0, "task_done", 2],
        [T, 100.0, "as_of", 2],
    ]))
    pd.testing.assert_frame_equal(curve.plan, plan([
        ["2025-01-01", 0.0, "start"],
        ["2025-02-01", 100 / 3, "task_due"],
        ["2025-03-01", 100.0, "task_due"],
    ]))
    # a day earlier, T2 is not done yet
    early = percent_over_time(data, "G1", as_of="2025-03-04").actual
    assert early["percent_complete"].tolist() == [0.0, 100 / 3, 100 / 3]
    assert early["tasks_done"].tolist() == [0, 1, 1]


def test_goal_level_checkins(data):
    curve = percent_over_time(data, "G2", as_of=T)
    expected = actual([
        ["2025-01-01", 0.0, "start", None],
        ["2025-02-01", 20.0, "checkin", None],
        ["2025-03-01", 45.0, "checkin", None],
        [T, 45.0, "as_of", None],
    ])
    pd.testing.assert_frame_equal(curve.actual, expected)
    # straight to the current target (revised to 2025-07-31 on 2025-03-01)
    pd.testing.assert_frame_equal(curve.plan, plan([
        ["2025-01-01", 0.0, "start"],
        ["2025-07-31", 100.0, "target"],
    ]))


def test_goal_completed_early(data):
    curve = percent_over_time(data, "G3", as_of=T)
    # T4 (weight 1 of 4) on 2025-02-01; completed on 2025-02-20: 100 from then, and T5's
    # completion after it is no step.
    pd.testing.assert_frame_equal(curve.actual, actual([
        ["2025-01-01", 0.0, "start", 0],
        ["2025-02-01", 25.0, "task_done", 1],
        ["2025-02-20", 100.0, "completed", 1],
        [T, 100.0, "as_of", 2],
    ]))
    # T4 is due before the start: it counts on the start
    pd.testing.assert_frame_equal(curve.plan, plan([
        ["2025-01-01", 25.0, "task_due"],
        ["2025-02-15", 50.0, "task_due"],
        ["2025-05-01", 100.0, "task_due"],
    ]))


def test_ends_at_goal_status_percent(data):
    status = careerkit.goal_status(data, as_of=T)
    for goal_id in ("G1", "G2", "G3"):
        last = percent_over_time(data, goal_id, as_of=T).actual.iloc[-1]
        assert last["percent_complete"] == status.loc[goal_id, "percent_complete"]


def test_unknown_or_not_started_goal(data):
    with pytest.raises(ValueError, match="unknown goal_id 'G9'"):
        percent_over_time(data, "G9")
    with pytest.raises(ValueError, match="starts on 2025-05-01, after as_of 2025-03-31"):
        percent_over_time(data, "G4", as_of=T)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(caseloads(), st.none() | DATES)
def test_every_curve_ends_at_goal_status_and_never_goes_back_in_time(data, as_of):
    status = careerkit.goal_status(data, as_of=as_of)
    stamp = careerkit.default_as_of(data) if as_of is None else pd.Timestamp(as_of)
    for goal_id in status.index:
        curve = percent_over_time(data, goal_id, as_of=as_of)
        rows = curve.actual
        assert rows["date"].is_monotonic_increasing
        assert rows["percent_complete"].between(0, 100).all()
        assert curve.plan["percent_complete"].between(0, 100).all()
        assert rows["percent_complete"].iloc[-1] == status.loc[goal_id, "percent_complete"]
        start = status.loc[goal_id, "start_date"]
        assert rows["date"].iloc[0] == start == curve.plan["date"].iloc[0]
        assert rows["date"].iloc[-1] == stamp
        assert rows["event"].iloc[0] == "start" and rows["event"].iloc[-1] == "as_of"
