"""checkin_calendar (careerkit.analytics.checkin_calendar): weekly counts computed by hand."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import checkin, goal, make_data

from careerkit.analytics.checkin_calendar import checkin_calendar

T = "2025-03-31"  # a Monday


@pytest.fixture(scope="module")
def data():
    return make_data(
        [
            goal("G1", "Ana", start="2025-01-01", target="2025-03-01"),
            goal("G2", "Ana", start="2025-01-01", target="2025-03-01"),
            goal("G3", "Ana", start="2025-01-01", target="2025-12-31", status="dropped"),
            goal("G4", "Bo", start="2025-01-01", target="2025-12-31"),
            goal("G5", "Bo", start="2025-01-01", target="2025-12-31"),
            goal("G6", "Cy", start="2025-03-25", target="2025-12-31"),
            goal("G7", "Dee", start="2025-04-07", target="2025-12-31"),  # not started by T
        ],
        progress=[
            checkin("2025-03-20", "G1", percent=50),  # the week before those shown
            checkin("2025-03-30", "G3", percent=10),  # a dropped goal, checked in
            checkin("2025-03-25", "G4", percent=40),
            checkin("2025-03-31", "G4", percent=45),
            checkin("2025-04-02", "G1", percent=60),  # after T: does not exist yet
        ],
    )


def weeks(*mondays):
    return pd.DatetimeIndex(pd.to_datetime(list(mondays)), name="week").astype(
        "datetime64[us]")


def test_by_client(data):
    rows, counts = checkin_calendar(data, as_of=T, by="client", weeks=2)
    # Cy never checked in; Ana last on 2025-03-30 (her dropped goal counts); Bo on T
    assert rows.index.tolist() == ["Cy", "Ana", "Bo"]
    assert rows["days_since_checkin"].tolist() == [pd.NA, 1, 0]
    assert rows["last_checkin"].tolist() == [pd.NaT, pd.Timestamp("2025-03-30"),
                                             pd.Timestamp(T)]
    pd.testing.assert_frame_equal(counts, pd.DataFrame(
        [[0, 0], [1, 0], [1, 1]], index=rows.index, columns=weeks("2025-03-24", T)))


def test_by_goal_keeps_a_dropped_goal_checked_in_during_the_weeks(data):
    rows, counts = checkin_calendar(data, as_of=T, by="goal", weeks=2)
    # never checked in first (by "client · title"), then the longest since
    assert rows.index.tolist() == ["G2", "G5", "G6", "G1", "G3", "G4"]
    assert rows["days_since_checkin"].tolist() == [pd.NA, pd.NA, pd.NA, 11, 1, 0]
    assert counts.to_numpy().tolist() == [[0, 0], [0, 0], [0, 0], [0, 0], [1, 0], [1, 1]]
    rows, counts = checkin_calendar(data, as_of=T, by="goal", weeks=1)
    assert "G3" not in rows.index  # not checked in during the week of T
    assert counts.columns.tolist() == [pd.Timestamp(T)]


def test_weeks_end_with_the_week_of_as_of(data):
    _, counts = checkin_calendar(data, as_of="2025-03-26", weeks=3)  # a Wednesday
    assert counts.columns.tolist() == list(weeks("2025-03-10", "2025-03-17", "2025-03-24"))
    assert counts.loc["Ana"].tolist() == [0, 1, 0] and counts.loc["Bo"].tolist() == [0, 0, 1]


def test_bad_options(data):
    with pytest.raises(ValueError, match="'client' or 'goal'"):
        checkin_calendar(data, by="week")
    with pytest.raises(ValueError, match="at least 1"):
        checkin_calendar(data, weeks=0)
