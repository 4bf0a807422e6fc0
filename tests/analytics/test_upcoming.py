"""upcoming_tasks: open tasks due within N days of as_of (inclusive) and overdue ones.

Hand case, as_of 2025-03-10, days 14 (window up to 2025-03-24 inclusive):

- Ana, G1 (active): T1 due 03-01 open: overdue, -9. T2 due 03-10: due on T, 0. T3 and S3
  due 03-24: 14, in (inclusive), S3 before T3 (code-point ties). T4 due 03-25: 15, out.
  T5 done 03-08: out. T6 due 03-20, done 03-12 (after T): open on T, 10. T7 due 04-30,
  revised on 03-01 to 03-15: current 03-15, 5. T8 due 03-12, revised on 03-11 (after T)
  to 05-01: still 03-12 on T, 2.
- Ana, G2 (dropped): its open task due 03-11 is out.
- Bo, G3 (completed 03-01): its open task due 03-12 is out.
- Bo, G4 (on hold): its task due 03-02 is in: overdue, -8.
- Bo, G5 starts 03-15 (after T): its task due 03-12 is out.
"""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import DATES, caseloads, checkin, goal, make_data, task
from hypothesis import given, settings
from hypothesis import strategies as st

from careerkit.analytics.status import task_status
from careerkit.analytics.upcoming import UPCOMING_COLUMNS, upcoming_tasks

AS_OF = "2025-03-10"


@pytest.fixture
def data():
    goals = [goal("G1", "Ana", start="2025-01-01", target="2025-06-30"),
             goal("G2", "Ana", status="dropped"),
             goal("G3", "Bo", completed="2025-03-01", status="completed"),
             goal("G4", "Bo", status="on_hold"),
             goal("G5", "Bo", start="2025-03-15", target="2025-09-01")]
    tasks = [task("T1", "G1", due="2025-03-01"), task("T2", "G1", due="2025-03-10"),
             task("T3", "G1", due="2025-03-24"), task("S3", "G1", due="2025-03-24"),
             task("T4", "G1", due="2025-03-25"),
             task("T5", "G1", due="2025-03-05", completed="2025-03-08"),
             task("T6", "G1", due="2025-03-20", completed="2025-03-12"),
             task("T7", "G1", due="2025-04-30"), task("T8", "G1", due="2025-03-12"),
             task("D1", "G2", due="2025-03-11"), task("C1", "G3", due="2025-03-12"),
             task("H1", "G4", due="2025-03-02"), task("F1", "G5", due="2025-03-12")]
    progress = [checkin("2025-03-01", "G1", "T7", revised="2025-03-15"),
                checkin("2025-03-11", "G1", "T8", revised="2025-05-01")]
    return make_data(goals, tasks, progress)


@pytest.mark.filterwarnings("ignore::careerkit.CareerDataWarning")
def test_hand_case(data):
    soon = upcoming_tasks(data, AS_OF)
    assert soon.index.tolist() == ["T1", "H1", "T2", "T8", "T7", "T6", "S3", "T3"]
    assert soon["days_until_due"].tolist() == [-9, -8, 0, 2, 5, 10, 14, 14]
    assert soon["overdue"].tolist() == [True, True] + [False] * 6
    assert soon["client"].tolist() == ["Ana", "Bo"] + ["Ana"] * 6
    assert soon.loc["T7", "current_due"] == pd.Timestamp("2025-03-15")
    assert soon.loc["T7", "due_date"] == pd.Timestamp("2025-04-30")
    assert soon.loc["H1", ["title", "goal_title", "goal_id"]].tolist() == [
        "Task H1", "Goal G4", "G4"]
    assert soon.columns.tolist() == UPCOMING_COLUMNS


@pytest.mark.filterwarnings("ignore::careerkit.CareerDataWarning")
def test_window_length(data):
    assert upcoming_tasks(data, AS_OF, days=0).index.tolist() == ["T1", "H1", "T2"]
    assert "T4" in upcoming_tasks(data, AS_OF, days=15).index
    with pytest.raises(ValueError, match="days must be 0 or more"):
        upcoming_tasks(data, AS_OF, days=-1)


@pytest.mark.filterwarnings("ignore::careerkit.CareerDataWarning")
def test_revision_after_as_of_applies_later(data):
    later = upcoming_tasks(data, "2025-03-11")
    assert "T8" not in later.index  # moved to 05-01 on 03-11
    assert later.loc["T1", "days_until_due"] == -10


def test_empty_data_has_the_columns():
    empty = upcoming_tasks(make_data([], [], []))
    assert empty.empty and empty.columns.tolist() == UPCOMING_COLUMNS
    assert str(empty["current_due"].dtype) == "datetime64[us]"
    assert str(empty["days_until_due"].dtype) == "Int64"
    assert empty["overdue"].dtype == bool


@settings(max_examples=10, deadline=None)
@given(caseloads(), DATES, st.integers(0, 30))
def test_rows_are_open_tasks_in_the_window_sorted_by_due(data, as_of, days):
    soon = upcoming_tasks(data, as_of, days)
    tasks = task_status(data, as_of)
    assert set(soon.index) <= set(tasks.index)
    assert not tasks.loc[soon.index, "done"].any()
    assert (soon["days_until_due"] <= days).all()
    assert soon["current_due"].is_monotonic_increasing
    assert soon["overdue"].tolist() == (soon["days_until_due"] < 0).tolist()
    wider = upcoming_tasks(data, as_of, days + 7)
    assert set(soon.index) <= set(wider.index)
