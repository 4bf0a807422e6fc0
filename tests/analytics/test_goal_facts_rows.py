"""GoalFacts counts each goal's tasks and check-ins by the goal's row in the file, then takes
the counts at the rows asked for: the numbers of a goal do not depend on the order the goals
are asked in (file order, goal_id order or any other), nor on the goals asked beside it."""

from __future__ import annotations

import numpy as np
import pandas as pd
from helpers import DATES, caseloads, checkin, goal, make_data, task
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerkit.analytics.kernel import days, started_goals
from careerkit.analytics.status import GoalFacts

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def facts_in(data, rows):
    """GoalFacts of the goals at ``rows`` (in that order), with their place map."""
    place = np.full(len(data.goals) + 1, -1, dtype=np.int64)
    place[rows] = np.arange(len(rows))
    return GoalFacts(data, rows, place)


def test_counts_by_goal_row_taken_at_the_rows_asked_for():
    # goals asked in reverse file order, the first goal not asked for at all; tasks and
    # check-ins of the goals interleaved down their files
    data = make_data(
        [goal("G1", start="2025-01-01"), goal("G2", start="2025-01-01"),
         goal("G3", start="2025-01-01")],
        [task("T1", goal_id="G3", weight=2), task("T2", goal_id="G2", weight=1,
                                                   completed="2025-02-01"),
         task("T3", goal_id="G1"), task("T4", goal_id="G3", weight=3, completed="2025-03-01")],
        [checkin("2025-02-10", goal_id="G2", percent=10),
         checkin("2025-01-20", goal_id="G3", percent=20),
         checkin("2025-03-05", goal_id="G1", percent=30)])
    facts = facts_in(data, np.array([2, 1]))  # G3, then G2
    numbers = facts.at(day("2025-03-31"), 21)
    assert numbers.tasks.tolist() == [2, 1]
    assert numbers.tasks_done.tolist() == [1, 1]
    assert (numbers.task_weight / facts.scale).tolist() == [5.0, 1.0]
    assert (numbers.task_weight_done / facts.scale).tolist() == [3.0, 1.0]
    assert numbers.percent.tolist() == [60.0, 100.0]
    assert numbers.last_checkin.tolist() == [day("2025-01-20"), day("2025-02-10")]
    # schedule_performance reads each task's goal place
    assert facts.task_rows.tolist() == [0, 1, 3]
    assert facts.task_owner.tolist() == [0, 1, 0]


def day(text: str) -> int:
    return int(np.datetime64(text, "D").astype(np.int64))


@SETTINGS
@given(caseloads(), DATES, st.randoms(use_true_random=False))
def test_a_goals_numbers_do_not_depend_on_the_order_goals_are_asked_in(data, as_of, random):
    t = int(days([pd.Timestamp(as_of)])[0])
    rows, _ = started_goals(data, t)
    shuffled = rows.copy()
    random.shuffle(shuffled)
    in_file_order = facts_in(data, rows).at(t, 21)
    asked = facts_in(data, shuffled).at(t, 21)
    back = np.argsort(shuffled, kind="stable")  # shuffled[back] == rows
    for name, expected, got in zip(in_file_order._fields, in_file_order, asked, strict=True):
        np.testing.assert_array_equal(got[back], expected, err_msg=name)
