"""checkin_timeline (every check-in newest first, with its revision) and previous_session
(the default "since" of a session brief).

Hand case, as_of 2025-03-10. Ana: G1 (start 01-01, target 06-30), G2 (start 02-01, task
G2-T due 04-01), G4 (starts 03-15, after T: its early check-in is left out). Bo: G3 (start
01-10). Cy: G5 (start 02-20), no check-in. progress.csv, file order:

0. 02-01 G1 20 % "first"
1. 03-01 G1 revised to 07-15 ("slower", reason " capacity "): 06-30 -> 07-15, +15
2. 03-01 G2-T revised to 04-10 (blank reason): 04-01 -> 04-10, +9
3. 02-15 G3 "bo"
4. 03-05 G1 revised to 07-20 ("<script>", reason "scope"): 07-15 -> 07-20, +5
5. 03-12 G1 (after T: left out)
6. 03-01 G4 (its goal starts after T: left out)
7. 03-05 G1 "same day, later line"

Newest first, the later line first within a day, clients in code-point order:
Ana 7, 4, 2, 1, 0; Bo 3.
"""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import DATES, caseloads, checkin, goal, make_data, task
from hypothesis import given, settings

from careerkit.analytics.timeline import TIMELINE_COLUMNS, checkin_timeline, previous_session

AS_OF = "2025-03-10"


@pytest.fixture
def data():
    goals = [goal("G1", "Ana", start="2025-01-01", target="2025-06-30"),
             goal("G2", "Ana", start="2025-02-01", target="2025-05-01"),
             goal("G3", "Bo", start="2025-01-10", target="2025-05-01"),
             goal("G4", "Ana", start="2025-03-15", target="2025-09-01"),
             goal("G5", "Cy", start="2025-02-20", target="2025-09-01")]
    tasks = [task("G2-T", "G2", due="2025-04-01")]
    progress = [checkin("2025-02-01", "G1", percent=20, note="first"),
                checkin("2025-03-01", "G1", revised="2025-07-15", note="slower",
                        reason=" capacity "),
                checkin("2025-03-01", "G2", "G2-T", revised="2025-04-10", reason=""),
                checkin("2025-02-15", "G3", note="bo"),
                checkin("2025-03-05", "G1", revised="2025-07-20", note="<script>",
                        reason="scope"),
                checkin("2025-03-12", "G1", note="after T"),
                checkin("2025-03-01", "G4", note="early"),
                checkin("2025-03-05", "G1", note="same day, later line")]
    return make_data(goals, tasks, progress)


def test_timeline_hand_case(data):
    timeline = checkin_timeline(data, AS_OF)
    assert timeline.columns.tolist() == TIMELINE_COLUMNS
    assert timeline["note"].fillna("").tolist() == [
        "same day, later line", "<script>", "", "slower", "first", "bo"]
    assert timeline["client"].tolist() == ["Ana"] * 5 + ["Bo"]
    assert timeline["task_id"].fillna("").tolist() == ["", "", "G2-T", "", "", ""]
    assert timeline["shift_days"].tolist() == [pd.NA, 5, 9, 15, pd.NA, pd.NA]
    assert timeline["previous_target"].dt.strftime("%m-%d").fillna("").tolist() == [
        "", "07-15", "04-01", "06-30", "", ""]
    assert timeline["new_target"].dt.strftime("%m-%d").fillna("").tolist() == [
        "", "07-20", "04-10", "07-15", "", ""]
    assert timeline["reason"].fillna("-").tolist() == ["-", "scope", "-", "capacity", "-", "-"]
    assert timeline["percent_complete"].fillna(-1).tolist() == [-1, -1, -1, -1, 20, -1]


def test_timeline_without_reason_column_and_empty(data):
    progress = data.progress.drop(columns="reason")
    timeline = checkin_timeline(data.replace(progress=progress), AS_OF)
    assert timeline["reason"].isna().all() and len(timeline) == 6
    empty = checkin_timeline(make_data([], [], []))
    assert empty.empty and empty.columns.tolist() == TIMELINE_COLUMNS
    assert str(empty["shift_days"].dtype) == "Int64"


def test_previous_session_hand_case(data):
    since = previous_session(data, AS_OF)
    assert since.index.tolist() == ["Ana", "Bo", "Cy"]
    assert since.dt.strftime("%Y-%m-%d").tolist() == ["2025-03-05", "2025-02-15",
                                                      "2025-02-19"]
    # strictly before as_of: the check-ins on 03-05 are the new session
    assert previous_session(data, "2025-03-05")["Ana"] == pd.Timestamp("2025-03-01")
    # no check-in before as_of: the day before the first start
    assert previous_session(data, "2025-02-15")["Bo"] == pd.Timestamp("2025-01-09")
    assert previous_session(make_data([], [], [])).empty


@settings(max_examples=10, deadline=None)
@given(caseloads(), DATES)
def test_timeline_properties(data, as_of):
    timeline = checkin_timeline(data, as_of)
    stamp = pd.Timestamp(as_of)
    assert (timeline["date"] <= stamp).all()
    for _, rows in timeline.groupby("client", sort=False):
        assert rows["date"].is_monotonic_decreasing
    since = previous_session(data, as_of)
    assert (since < stamp).all()
    assert set(timeline["client"]) <= set(since.index)
