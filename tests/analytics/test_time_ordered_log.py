"""A progress log kept in time order (days never decrease down the file) is read by GoalFacts
through its rows (the check-ins dated <= T are the first ones); any other order through
(day, row) keys. Both readings give the same numbers: goal_status, changes and
schedule_performance do not depend on the file order beyond same-day ties (file order).
And changes orders events that tie on client, day, goal and kind by task_id, then file order.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from helpers import DATES, caseloads, checkin, goal, make_data, task
from hypothesis import HealthCheck, given, settings

import careerkit
from careerkit.analytics.changes import changes
from careerkit.analytics.schedule import schedule_performance
from careerkit.analytics.status import GoalFacts, goal_status

SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def in_time_order(data: careerkit.CareerData) -> careerkit.CareerData:
    """The same data with its check-ins sorted by date (same-day rows keep file order)."""
    progress = data.progress.sort_values("date", kind="stable").reset_index(drop=True)
    return careerkit.CareerData(data.goals, data.tasks, progress)


def test_a_time_ordered_log_is_recognised_and_read_by_rows():
    data = make_data([goal("G1", start="2025-01-01", target="2025-06-30")], [],
                     [checkin("2025-02-01", percent=40), checkin("2025-01-15", percent=20),
                      checkin("2025-02-01", percent=30)])
    ordered = in_time_order(data)
    rows, place = np.array([0]), np.array([0, -1])
    jan20, feb10 = day("2025-01-20"), day("2025-02-10")
    for each, in_order in ((data, False), (ordered, True)):
        for until in (None, feb10):
            facts = GoalFacts(each, rows, place, until=until)
            assert facts.in_day_order is in_order
            # earlier day, later day (reads only the check-ins in between), earlier again;
            # the latest on 02-01 is the last row of that day in file order: 30 %
            for t, percent, latest in ((jan20, 20.0, "2025-01-15"), (feb10, 30.0, "2025-02-01"),
                                       (jan20, 20.0, "2025-01-15")):
                numbers = facts.at(t, 21)
                assert numbers.percent.tolist() == [percent]
                assert numbers.last_checkin.tolist() == [day(latest)]
    assert goal_status(ordered, "2025-01-20")["percent_complete"].tolist() == [20.0]


def day(text: str) -> int:
    return int(np.datetime64(text, "D").astype(np.int64))


@SETTINGS
@given(caseloads(), DATES)
def test_file_order_beyond_same_day_ties_does_not_matter(data, day):
    ordered = in_time_order(data)
    as_of = pd.Timestamp(day)
    pd.testing.assert_frame_equal(goal_status(ordered, as_of), goal_status(data, as_of))
    pd.testing.assert_frame_equal(schedule_performance(ordered, as_of),
                                  schedule_performance(data, as_of))
    since = as_of - dt.timedelta(days=90)
    pd.testing.assert_frame_equal(changes(ordered, since, as_of), changes(data, since, as_of))
    # two days asked of the same facts: the second reads only the check-ins in between
    pd.testing.assert_frame_equal(changes(ordered, since), changes(data, since))


def test_events_tying_on_client_day_goal_and_kind_follow_task_id_then_file_order():
    data = make_data(
        [goal("G1", start="2025-01-01", target="2025-06-30")],
        [task("T2", completed="2025-03-05"), task("T1", completed="2025-03-05"),
         task("T3", completed="2025-03-05")],
        [checkin("2025-03-05", task_id="T2", percent=1),
         checkin("2025-03-05", task_id="T1", percent=2),
         checkin("2025-03-05", percent=3),
         checkin("2025-03-05", task_id="T1", percent=4),
         checkin("2025-03-05", percent=5)])
    got = changes(data, "2025-03-01", "2025-03-05")
    rows = got.loc[got["change"].isin(["checkin", "task_completed"]),
                   ["change", "task_id", "percent_complete"]]
    assert rows.astype(object).where(rows.notna(), None).values.tolist() == [
        ["checkin", None, 3.0], ["checkin", None, 5.0], ["checkin", "T1", 2.0],
        ["checkin", "T1", 4.0], ["checkin", "T2", 1.0],
        ["task_completed", "T1", None], ["task_completed", "T2", None],
        ["task_completed", "T3", None]]
