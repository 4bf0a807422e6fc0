"""goal_status and task_status (careerkit.analytics.status) against values computed by hand,
and the as_of conventions every metric shares."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from helpers import checkin, goal, make_data, task

import careerkit

T = "2025-03-01"
D = pd.Timestamp


@pytest.fixture
def states():
    """One goal per state (plus a future goal and a 'completed' that is not yet), at T."""
    return make_data(
        [
            goal("G1", status="dropped", target="2025-02-01"),
            goal("G2", completed="2025-02-15", target="2025-03-31"),
            goal("G3", status="on_hold", target="2025-02-01"),
            goal("G4", target="2025-02-20"),
            goal("G5", target="2025-12-31"),
            goal("G6", start="2025-02-20", target="2025-12-31"),
            goal("G7", target="2025-03-31"),
            goal("G8", target="2025-06-30"),
            goal("G9", start="2025-03-02", target="2025-12-31"),
            goal("G10", target="2025-04-30", completed="2025-03-10", status="completed"),
        ],
        progress=[
            checkin("2025-02-25", "G4", percent=50),
            checkin("2025-02-01", "G5", percent=10),
            checkin("2025-02-26", "G7", percent=20),
            checkin("2025-02-28", "G8", percent=50),
            checkin("2025-03-05", "G8", percent=90),  # after T: does not exist yet
        ],
    )


def test_each_state_first_rule_wins(states):
    status = careerkit.goal_status(states, as_of=T)
    assert status.index.tolist() == ["G1", "G10", "G2", "G3", "G4", "G5", "G6", "G7", "G8"]
    assert status["state"].to_dict() == {
        "G1": "dropped", "G2": "completed", "G3": "on_hold", "G4": "overdue",
        "G5": "stalled", "G6": "not_started", "G7": "at_risk", "G8": "on_track",
        "G10": "stalled",
    }


def test_goal_status_values_by_hand(states):
    s = careerkit.goal_status(states, as_of=T)
    assert s.loc["G1", "overdue_days"] == 28  # computed for dropped goals too
    assert s.loc["G3", "overdue_days"] == 28
    assert s.loc["G2", "percent_complete"] == 100
    assert s.loc["G2", "forecast_date"] == D("2025-02-15")
    assert s.loc["G2", "forecast_drift_days"] == -44
    assert s.loc["G4", "overdue_days"] == 9
    assert s.loc["G4", "days_since_checkin"] == 4
    assert s.loc["G5", "days_since_checkin"] == 28
    assert s.loc["G6", "days_since_checkin"] == 9  # from start_date: no check-in yet
    assert pd.isna(s.loc["G6", "forecast_date"]) and pd.isna(s.loc["G6", "forecast_drift_days"])
    assert pd.isna(s.loc["G6", "last_checkin"])
    # G7: 20 % in 59 days -> ceil(59 * 80 / 20) = 236 more days
    assert s.loc["G7", "forecast_date"] == D("2025-10-23")
    assert s.loc["G7", "forecast_drift_days"] == 206
    # G8: the 90 % check-in is after T; 50 % in 59 days -> 59 more days
    assert s.loc["G8", "percent_complete"] == 50
    assert s.loc["G8", "forecast_date"] == D("2025-04-29")
    assert s.loc["G8", "forecast_drift_days"] == -62
    assert s.loc["G8", "last_checkin"] == D("2025-02-28")
    assert not s.loc["G10", "completed_at_T"]
    assert s.loc["G10", "status"] == "completed"
    assert (s["revision_drift_days"] == 0).all()


def test_goal_status_dtypes_and_columns(states):
    s = careerkit.goal_status(states, as_of=T)
    for column in ["client", "title", "status", "completed_at_T", "percent_complete",
                   "current_target", "forecast_date", "revision_drift_days",
                   "forecast_drift_days", "overdue_days", "last_checkin",
                   "days_since_checkin", "state"]:
        assert column in s.columns
    assert s.index.name == "goal_id"
    assert s["completed_at_T"].dtype == bool
    for column in ["revision_drift_days", "forecast_drift_days", "overdue_days",
                   "days_since_checkin"]:
        assert str(s[column].dtype) == "Int64"
    for column in ["current_target", "forecast_date", "last_checkin"]:
        assert str(s[column].dtype) == "datetime64[us]"


def test_as_of_boundaries_are_inclusive_and_strict_where_specified():
    data = make_data([goal("G1", start="2025-01-01", target="2025-03-01")],
                     progress=[checkin("2025-02-08", percent=50)])
    at_target = careerkit.goal_status(data, as_of="2025-03-01").loc["G1"]
    assert at_target["overdue_days"] == 0  # T == current_target is not overdue
    assert at_target["days_since_checkin"] == 21
    assert at_target["state"] != "stalled"  # 21 days is not more than stall_days=21
    assert careerkit.goal_status(data, as_of="2025-03-01", stall_days=20).loc[
        "G1", "state"] == "stalled"
    # forecast exactly at current_target is not at risk: 50 % after 30 days on 01-31
    data = make_data([goal("G1", start="2025-01-01", target="2025-03-02")],
                     progress=[checkin("2025-01-31", percent=50)])
    row = careerkit.goal_status(data, as_of="2025-01-31").loc["G1"]
    assert row["forecast_date"] == D("2025-03-02")
    assert row["state"] == "on_track"


def test_forecast_is_exact_integer_arithmetic():
    # p = 50 after 124 days: exactly 124 more days; float arithmetic would give 125.
    data = make_data([goal("G1", start="2025-01-01", target="2025-12-31")],
                     progress=[checkin("2025-05-05", percent=50)])
    row = careerkit.goal_status(data, as_of="2025-05-05").loc["G1"]
    assert row["forecast_date"] == D("2025-05-05") + pd.Timedelta(days=124)
    # decimals: 12.5 % after 10 days -> ceil(10 * 87.5 / 12.5) = 70
    data = make_data([goal("G1", start="2025-01-01", target="2025-12-31")],
                     progress=[checkin("2025-01-11", percent=12.5)])
    row = careerkit.goal_status(data, as_of="2025-01-11").loc["G1"]
    assert row["forecast_date"] == D("2025-01-11") + pd.Timedelta(days=70)
    # 100 % reported but not completed: forecast is T; same-day start counts one day
    with pytest.warns(careerkit.CareerDataWarning, match="100 % check-in"):
        data = make_data([goal("G1", start="2025-01-01", target="2025-12-31")],
                         progress=[checkin("2025-01-01", percent=30),
                                   checkin("2025-01-01", percent=100)])
    row = careerkit.goal_status(data, as_of="2025-01-01").loc["G1"]
    assert row["percent_complete"] == 100 and row["forecast_date"] == D("2025-01-01")


def test_ties_on_a_date_take_the_last_row_in_file_order():
    data = make_data(
        [goal("G1", start="2025-01-01", target="2025-03-31")],
        progress=[
            checkin("2025-02-01", percent=30, revised="2025-05-01"),
            checkin("2025-02-01", percent=40, revised="2025-04-15"),
            checkin("2025-01-15", percent=90, revised="2025-09-01"),  # earlier date
            checkin("2025-02-01", note="no numbers: skipped for percent and target"),
        ],
    )
    row = careerkit.goal_status(data, as_of="2025-02-10").loc["G1"]
    assert row["percent_complete"] == 40
    assert row["current_target"] == D("2025-04-15")  # the latest, not the largest
    assert row["revision_drift_days"] == 15
    assert row["last_checkin"] == D("2025-02-01")


def test_percent_from_tasks_by_weight_and_task_checkins():
    data = make_data(
        [goal("G1", start="2025-01-01", target="2025-06-30")],
        tasks=[
            task("T1", due="2025-02-01", weight=2, completed="2025-02-01"),
            task("T2", due="2025-03-15"),  # blank weight counts 1
            task("T3", due="2025-04-01", weight=1, completed="2025-03-20"),  # after T
        ],
        progress=[
            checkin("2025-02-10", percent=90),  # ignored: the goal has tasks
            checkin("2025-02-20", task_id="T2", percent=5, revised="2025-07-31"),
        ],
    )
    row = careerkit.goal_status(data, as_of=T).loc["G1"]
    assert row["percent_complete"] == 50  # 2 of 4
    assert row["forecast_date"] == D("2025-04-29")  # ceil(59 * 2 / 2) = 59 days
    assert row["current_target"] == D("2025-06-30")  # a task revision never moves the goal
    assert row["last_checkin"] == D("2025-02-20")  # task-level check-ins count


def test_task_status_by_hand():
    data = make_data(
        [goal("G1", start="2025-01-01", target="2025-06-30"),
         goal("G2", start="2025-04-01", target="2025-06-30")],
        tasks=[
            task("a-early", due="2025-02-10", completed="2025-02-01"),
            task("b-late", due="2025-01-20", completed="2025-02-01"),
            task("c-open", due="2025-02-15"),
            task("d-moved", due="2025-02-15"),
            task("e-today", due=T),
            task("f-later", due="2025-04-01", completed="2025-03-05"),
            task("g-future-goal", goal_id="G2", due="2025-05-01"),
        ],
        progress=[
            checkin("2025-02-16", task_id="d-moved", revised="2025-03-10"),
            checkin("2025-02-16", task_id="d-moved", revised="2025-03-20"),
            checkin("2025-03-02", task_id="d-moved", revised="2025-09-01"),  # after T
        ],
    )
    s = careerkit.task_status(data, as_of=T)
    assert s.index.tolist() == ["a-early", "b-late", "c-open", "d-moved", "e-today", "f-later"]
    assert s["drift_days"].tolist() == [-9, 12, 14, 33, 0, 0]
    assert s["current_due"].tolist() == [D("2025-02-10"), D("2025-01-20"), D("2025-02-15"),
                                         D("2025-03-20"), D(T), D("2025-04-01")]
    assert s["done"].tolist() == [True, True, False, False, False, False]
    assert s["on_time"].tolist() == [True, False, False, False, pd.NA, pd.NA]
    assert str(s["on_time"].dtype) == "boolean"


def test_default_as_of_is_the_latest_event_never_today():
    data = make_data(
        [goal("G1", start="2025-01-01"), goal("G2", start="2030-01-01", target="2030-02-01",
                                                completed="2030-01-15")],
        progress=[checkin("2025-02-01")],
    )
    assert careerkit.default_as_of(data) == D("2030-01-15")  # even of a later goal
    no_events = make_data([goal("G1", start="2025-01-01"), goal("G2", start="2025-02-01")])
    assert careerkit.default_as_of(no_events) == D("2025-02-01")
    assert careerkit.goal_status(no_events)["days_since_checkin"].tolist() == [31, 0]


def test_as_of_accepts_date_likes_and_rejects_nonsense(states):
    expected = careerkit.goal_status(states, as_of=T)
    for as_of in [dt.date(2025, 3, 1), D("2025-03-01 17:45"), "2025-03-01T08:00:00+02:00"]:
        pd.testing.assert_frame_equal(careerkit.goal_status(states, as_of=as_of), expected)
    with pytest.raises(ValueError, match="as_of must be a date"):
        careerkit.goal_status(states, as_of="next tuesday")


def test_code_point_order_of_goal_ids():
    data = make_data([goal("b", client="alice"), goal("a", client="Zoë"),
                      goal("B", client="Émile")])
    assert careerkit.goal_status(data).index.tolist() == ["B", "a", "b"]


def test_empty_data_gives_empty_status_with_columns():
    data = careerkit.CareerData.from_frames(pd.DataFrame(
        columns=["goal_id", "client", "title", "start_date", "target_date"]))
    status = careerkit.goal_status(data)
    assert status.empty and "state" in status.columns and status.index.name == "goal_id"
    tasks = careerkit.task_status(data)
    assert tasks.empty and tasks.columns.tolist() == [
        "goal_id", "title", "due_date", "current_due", "done", "drift_days", "on_time"]


def test_status_does_not_mutate_its_input(states):
    before = [frame.copy() for frame in states.frames()]
    careerkit.goal_status(states, as_of=T)
    careerkit.task_status(states, as_of=T)
    for frame, copy in zip(states.frames(), before, strict=True):
        pd.testing.assert_frame_equal(frame, copy)
