"""checkin_cadence: check-in counts, gaps, streaks and engagement (issue 11, readings 29-35).

Hand case as of T = 2025-03-31, a Monday: T's week is 03-31..04-06, the week before
03-24..03-30; T - 30 = 03-01 (not counted in 30 days), T - 90 = 2024-12-31.

- Ana. G1 (start 01-01): 03-03, 03-10 (a goal- and a task-level row: one day), 03-17,
  03-28 (and 04-02, after T): gaps 7, 7, 11; weeks of 03-03..03-24 in a row and none yet in
  T's week: streak 4; 3 days since. G2 (start 02-01): 01-31 (before its start: counts),
  02-03, 02-13, 03-01, 03-10: gaps 3, 10, 16, 9, median (9 + 10) / 2; 21 days: lapsing.
  G3 starts 03-20 without a check-in: 11 days since its start.
  Client: 01-31, 02-03, 02-13, 03-01, 03-03, 03-10 (G1 and G2: one day), 03-17, 03-28:
  gaps 3, 10, 16, 2, 7, 7, 11 (median 7); weeks from 02-24 to 03-24: streak 5.
- Bo. G4 (dropped): 02-14 only; 45 days: lapsed. G5 (completed): 03-03, 03-17 (weeks two
  apart before T's: streak 0), exactly 14 days: engaged. G9 starts after T (04-10): its
  check-in of 03-30 does not count. Client: 02-14, 03-03, 03-17: gaps 17, 14, median 15.5.
- Cy. G6: 03-16 (a Sunday), 15 days: lapsing; G7: 03-01, exactly 30: lapsing; G12 starts
  03-28 without a check-in: 3 days. Client: last check-in 03-16, 15 days (not G12's 3).
- Dee. G8 (start 01-01): 2024-12-31 (exactly T - 90: not in 90 days), 02-28: 31 days, lapsed.
- Fay. G13: 03-23 (Sunday), 03-24 (Monday), 03-31 (T): three weeks Monday to Sunday.
- Émile. G10 (start 03-01) and G11 (start 03-25), no check-ins: the client counts from the
  earliest start, 30 days.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import DATES, caseloads, checkin, goal, make_data, task
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import careerkit
from careerkit.analytics.cadence import checkin_cadence, lapsing_clients

T = "2025-03-31"
# input generation is slow on a busy machine: no health check on its speed
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
COLUMNS = ["checkins_30d", "checkins_90d", "median_gap_days", "longest_gap_days",
           "streak_weeks", "last_checkin", "days_since_checkin", "engagement"]
DTYPES = {"checkins_30d": "int64", "checkins_90d": "int64", "median_gap_days": "float64",
          "longest_gap_days": "Int64", "streak_weeks": "int64", "last_checkin": "datetime64[us]",
          "days_since_checkin": "Int64", "engagement": "str"}


def days_of(goal_id, *dates, task_id=None):
    return [checkin(d, goal_id, task_id) for d in dates]


@pytest.fixture(scope="module")
def caseload() -> careerkit.CareerData:
    return make_data(
        [goal("G1", "Ana", "2025-01-01", "2025-12-31"),
         goal("G2", "Ana", "2025-02-01", "2025-12-31"),
         goal("G3", "Ana", "2025-03-20", "2025-12-31"),
         goal("G4", "Bo", "2025-01-01", "2025-12-31", status="dropped"),
         goal("G5", "Bo", "2025-01-01", "2025-12-31", completed="2025-03-17"),
         goal("G9", "Bo", "2025-04-10", "2025-12-31"),
         goal("G6", "Cy", "2025-01-01", "2025-12-31"),
         goal("G7", "Cy", "2025-01-01", "2025-12-31"),
         goal("G12", "Cy", "2025-03-28", "2025-12-31"),
         goal("G8", "Dee", "2025-01-01", "2025-12-31"),
         goal("G13", "Fay", "2025-03-01", "2025-12-31"),
         goal("G10", "Émile", "2025-03-01", "2025-12-31"),
         goal("G11", "Émile", "2025-03-25", "2025-12-31")],
        [task("T1", "G1", "2025-06-01")],
        [*days_of("G1", "2025-04-02", "2025-03-28", "2025-03-17", "2025-03-10"),
         *days_of("G1", "2025-03-10", "2025-03-03", task_id="T1"),
         *days_of("G2", "2025-03-10", "2025-01-31", "2025-03-01", "2025-02-13", "2025-02-03"),
         *days_of("G4", "2025-02-14"), *days_of("G5", "2025-03-17", "2025-03-03"),
         *days_of("G9", "2025-03-30"), *days_of("G6", "2025-03-16"),
         *days_of("G7", "2025-03-01"), *days_of("G8", "2025-02-28", "2024-12-31"),
         *days_of("G13", "2025-03-31", "2025-03-23", "2025-03-24")],
    )


def frame(rows: list[tuple], index: str) -> pd.DataFrame:
    columns = [index, *COLUMNS] if index == "client" else [index, "client", *COLUMNS]
    result = pd.DataFrame(rows, columns=columns).astype(DTYPES | {index: "str", "client": "str"})
    return result.set_index(index)


NA = None


def test_by_goal_by_hand(caseload):
    expected = frame([
        ("G1", "Ana", 4, 4, 7.0, 11, 4, "2025-03-28", 3, "engaged"),
        ("G10", "Émile", 0, 0, np.nan, NA, 0, NA, 30, "lapsing"),
        ("G11", "Émile", 0, 0, np.nan, NA, 0, NA, 6, "engaged"),
        ("G12", "Cy", 0, 0, np.nan, NA, 0, NA, 3, "engaged"),
        ("G13", "Fay", 3, 3, 4.0, 7, 3, "2025-03-31", 0, "engaged"),
        ("G2", "Ana", 1, 5, 9.5, 16, 0, "2025-03-10", 21, "lapsing"),
        ("G3", "Ana", 0, 0, np.nan, NA, 0, NA, 11, "engaged"),
        ("G4", "Bo", 0, 1, np.nan, NA, 0, "2025-02-14", 45, "lapsed"),
        ("G5", "Bo", 2, 2, 14.0, 14, 0, "2025-03-17", 14, "engaged"),
        ("G6", "Cy", 1, 1, np.nan, NA, 0, "2025-03-16", 15, "lapsing"),
        ("G7", "Cy", 0, 1, np.nan, NA, 0, "2025-03-01", 30, "lapsing"),
        ("G8", "Dee", 0, 1, 59.0, 59, 0, "2025-02-28", 31, "lapsed"),
    ], "goal_id")
    pd.testing.assert_frame_equal(checkin_cadence(caseload, as_of=T).by_goal, expected)


def test_by_client_by_hand(caseload):
    expected = frame([
        ("Ana", 4, 8, 7.0, 16, 5, "2025-03-28", 3, "engaged"),
        ("Bo", 2, 3, 15.5, 17, 0, "2025-03-17", 14, "engaged"),
        ("Cy", 1, 2, 15.0, 15, 0, "2025-03-16", 15, "lapsing"),
        ("Dee", 0, 1, 59.0, 59, 0, "2025-02-28", 31, "lapsed"),
        ("Fay", 3, 3, 4.0, 7, 3, "2025-03-31", 0, "engaged"),
        ("Émile", 0, 0, np.nan, NA, 0, NA, 30, "lapsing"),
    ], "client")
    pd.testing.assert_frame_equal(checkin_cadence(caseload, as_of=T).by_client, expected)


def test_thresholds_are_settable_and_strict(caseload):
    by_goal = checkin_cadence(caseload, as_of=T, lapsing_days=3, lapsed_days=15).by_goal
    assert by_goal.loc[["G1", "G12", "G3", "G6", "G7"], "engagement"].tolist() == [
        "engaged", "engaged", "lapsing", "lapsing", "lapsed"]


def test_streak_breaks_only_after_a_whole_week_without(caseload):
    def streak(as_of):
        return checkin_cadence(caseload, as_of=as_of).by_goal.loc["G1", "streak_weeks"]

    # G1's last check-in by then is 03-28: in T's week on Sunday 03-30, in the week before
    # on 04-01 (none yet in the week of 03-31).
    assert streak("2025-03-30") == 4 and streak("2025-04-01") == 4
    # 04-02 adds the week of 03-31: 5 weeks, still on Sunday 04-13 (the week before has
    # it); on 04-14 a whole week (04-07..04-13) went by without one.
    assert streak("2025-04-07") == 5 and streak("2025-04-13") == 5
    assert streak("2025-04-14") == 0


def test_matches_goal_status(caseload):
    by_goal = checkin_cadence(caseload, as_of=T).by_goal
    status = careerkit.goal_status(caseload, as_of=T)
    pd.testing.assert_series_equal(by_goal["last_checkin"], status["last_checkin"])
    pd.testing.assert_series_equal(by_goal["days_since_checkin"], status["days_since_checkin"])


def test_empty_results_keep_columns_and_dtypes(caseload):
    for data, as_of in ((make_data([]), None), (caseload, "2024-12-01")):
        by_client, by_goal = checkin_cadence(data, as_of=as_of)
        pd.testing.assert_frame_equal(by_client, frame([], "client"))
        pd.testing.assert_frame_equal(by_goal, frame([], "goal_id"))


def test_sample_data(sample_data):
    by_client, by_goal = careerkit.checkin_cadence(sample_data)
    assert by_client.index.is_unique and set(by_goal["client"]) == set(by_client.index)
    assert by_client.loc["Priya Venkataraman", "engagement"] == "engaged"


# --- invariants -----------------------------------------------------------------------------

@SETTINGS
@given(caseloads(), st.none() | DATES)
def test_invariants(data, as_of):
    by_client, by_goal = checkin_cadence(data, as_of=as_of)
    status = careerkit.goal_status(data, as_of=as_of)
    assert by_goal.index.equals(status.index)
    assert by_goal["last_checkin"].equals(status["last_checkin"])
    assert by_goal["days_since_checkin"].equals(status["days_since_checkin"])
    for table in (by_client, by_goal):
        assert (table["checkins_30d"] <= table["checkins_90d"]).all()
        gaps = table["median_gap_days"].notna()
        assert (table.loc[gaps, "median_gap_days"] <= table.loc[gaps, "longest_gap_days"]).all()
        assert gaps.equals(table["longest_gap_days"].notna())
        days = table["days_since_checkin"]
        expected = np.select([days <= 14, days <= 30], ["engaged", "lapsing"], "lapsed")
        assert (table["engagement"].to_numpy() == expected).all()
    assert list(by_client.index) == sorted(by_client.index, key=str.encode)
    assert list(by_goal.index) == sorted(by_goal.index, key=str.encode)

    goals = by_goal.groupby("client")
    most = goals["checkins_90d"].max().reindex(by_client.index)
    total = goals["checkins_90d"].sum().reindex(by_client.index)
    assert (most <= by_client["checkins_90d"]).all()
    assert (by_client["checkins_90d"] <= total).all()
    pd.testing.assert_series_equal(goals["last_checkin"].max().reindex(by_client.index),
                                   by_client["last_checkin"])
    # A client's days since: the fewest over the goals with a check-in; with none at all,
    # the most (from the earliest start).
    checked = by_goal.loc[by_goal["last_checkin"].notna()].groupby("client")
    fewest = checked["days_since_checkin"].min().reindex(by_client.index)
    expected = fewest.fillna(goals["days_since_checkin"].max().reindex(by_client.index))
    pd.testing.assert_series_equal(expected.astype("Int64"), by_client["days_since_checkin"])


@SETTINGS
@given(caseloads(), st.none() | DATES, st.integers(0, 2**16))
def test_row_order_does_not_matter(data, as_of, seed):
    rng = np.random.default_rng(seed)
    other = careerkit.CareerData(
        data.goals.iloc[rng.permutation(len(data.goals))].reset_index(drop=True),
        data.tasks, data.progress.iloc[rng.permutation(len(data.progress))])
    for got, expected in zip(checkin_cadence(other, as_of=as_of),
                             checkin_cadence(data, as_of=as_of), strict=True):
        pd.testing.assert_frame_equal(got, expected)


def test_lapsing_clients_by_hand(caseload):
    # Lapsing or lapsed on T: Cy (15 days), Dee (31) and Émile (30), each with open goals;
    # the longest silence first. Bo (14) is engaged.
    lapsing = lapsing_clients(caseload, T)
    assert list(lapsing.clients.index) == ["Dee", "Émile", "Cy"]
    assert lapsing.clients["days_since_checkin"].tolist() == [31, 30, 15]
    assert lapsing.clients["open_goals"].tolist() == [1, 2, 3]  # Cy: G6, G7, G12
    assert lapsing.with_open_goal == 5  # everyone but Bo
    by_client = checkin_cadence(caseload, as_of=T).by_client
    pd.testing.assert_frame_equal(lapsing.clients.drop(columns="open_goals"),
                                  by_client.loc[["Dee", "Émile", "Cy"]])
    # With 10 days, Bo (14) is lapsing too, but has no open goal (G4 dropped, G5 completed,
    # G9 not started by T): still not listed. Cy and Émile now lapsed.
    lapsing = lapsing_clients(caseload, T, lapsing_days=10, lapsed_days=20)
    assert list(lapsing.clients.index) == ["Dee", "Émile", "Cy"]
    assert lapsing.clients["engagement"].tolist() == ["lapsed", "lapsed", "lapsing"]
    # the same with goal_status given
    given_status = lapsing_clients(caseload, T, status=careerkit.goal_status(caseload, T))
    pd.testing.assert_frame_equal(given_status.clients, lapsing_clients(caseload, T).clients)


def test_lapsing_clients_ties_in_code_point_order():
    data = make_data([goal("G1", "Zoe", "2025-01-01", "2025-12-31"),
                      goal("G2", "Al", "2025-01-01", "2025-12-31"),
                      goal("G3", "Cy", "2025-01-01", "2025-12-31", status="on_hold")],
                     [], [checkin("2025-03-01", "G1"), checkin("2025-03-01", "G2"),
                          checkin("2025-02-20", "G3")])
    lapsing = lapsing_clients(data, T)
    assert list(lapsing.clients.index) == ["Cy", "Al", "Zoe"]  # on hold counts as open
    empty = lapsing_clients(data, "2025-03-02")
    assert empty.clients.empty and empty.with_open_goal == 3
    assert list(empty.clients.columns) == [*COLUMNS, "open_goals"]
