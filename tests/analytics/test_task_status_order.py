"""task_status on tasks kept in another order than task_id's (as people keep them: appended
as planned): hand-computed values, and the same frame as on the same tasks in task_id order
(issue 9: any speed-up for such rows must not change a cell)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import checkin, goal, make_data, task

import careerkit

T = "2025-03-01"
D = pd.Timestamp


def scattered(rows: np.ndarray) -> bool:
    """Whether rows in task_id order jump back at least one step in four."""
    return np.count_nonzero(rows[1:] < rows[:-1]) >= len(rows) // 4


def test_task_status_of_scattered_rows_by_hand():
    data = make_data(  # tasks listed as planned, not by task_id
        [goal("G1", start="2025-01-01", target="2025-06-30"),
         goal("G2", start="2025-04-01", target="2025-06-30")],
        tasks=[
            task("f-later", due="2025-04-01", completed="2025-03-05"),
            task("d-moved", due="2025-02-15"),
            task("g-future-goal", goal_id="G2", due="2025-05-01"),
            task("b-late", due="2025-01-20", completed="2025-02-01"),
            task("e-today", due=T),
            task("a-early", due="2025-02-10", completed="2025-02-01"),
            task("c-open", due="2025-02-15"),
        ],
        progress=[
            checkin("2025-02-16", task_id="d-moved", revised="2025-03-10"),
            checkin("2025-02-16", task_id="d-moved", revised="2025-03-20"),
            checkin("2025-02-20", task_id="c-open"),  # no revision: c-open keeps its due
            checkin("2025-03-02", task_id="d-moved", revised="2025-09-01"),  # after T
            checkin("2025-02-01", goal_id="G2", task_id="g-future-goal", revised="2025-05-09"),
        ],
    )
    assert scattered(data.task_order())
    s = careerkit.task_status(data, as_of=T)
    assert s.index.tolist() == ["a-early", "b-late", "c-open", "d-moved", "e-today", "f-later"]
    assert s["goal_id"].tolist() == ["G1"] * 6
    assert s["title"].tolist() == [f"Task {i}" for i in s.index]
    assert s["due_date"].tolist() == [D("2025-02-10"), D("2025-01-20"), D("2025-02-15"),
                                      D("2025-02-15"), D(T), D("2025-04-01")]
    assert s["drift_days"].tolist() == [-9, 12, 14, 33, 0, 0]
    assert s["current_due"].tolist() == [D("2025-02-10"), D("2025-01-20"), D("2025-02-15"),
                                         D("2025-03-20"), D(T), D("2025-04-01")]
    assert s["done"].tolist() == [True, True, False, False, False, False]
    assert s["on_time"].tolist() == [True, False, False, False, pd.NA, pd.NA]


@pytest.mark.parametrize("seed", [0, 1])
def test_task_status_same_whatever_the_row_order(demo_caseloads, seed):
    data = demo_caseloads[60]
    assert not scattered(data.task_order())  # the demo writes tasks in task_id order
    rng = np.random.default_rng(seed)
    shuffled = data.replace(  # check-ins kept as they are: the latest of a day is the last
        tasks=data.tasks.iloc[rng.permutation(len(data.tasks))].reset_index(drop=True))
    assert scattered(shuffled.task_order())
    latest = careerkit.default_as_of(data)
    for as_of in (latest, latest - pd.Timedelta(days=90)):
        expected = careerkit.task_status(data, as_of=as_of)
        pd.testing.assert_frame_equal(careerkit.task_status(shuffled, as_of=as_of), expected,
                                      check_exact=True)
    now = careerkit.task_status(data, as_of=latest)  # what the comparison covered
    assert now["done"].any() and not now["done"].all()
    assert (now["current_due"] != now["due_date"]).any()
