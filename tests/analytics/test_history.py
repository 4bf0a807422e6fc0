"""target_history (careerkit.analytics.history) against rows listed by hand."""

from __future__ import annotations

import pandas as pd
from helpers import checkin, goal, make_data, task

import careerkit

T = "2025-03-01"


def test_target_history_order_and_as_of():
    data = make_data(
        [goal("G2", start="2025-01-01", target="2025-03-31"),
         goal("G1", start="2025-01-05", target="2025-02-28"),
         goal("G3", start="2025-04-01", target="2025-05-01")],
        tasks=[task("T9", "G1", due="2025-02-01"), task("T1", "G1", due="2025-02-10")],
        progress=[
            checkin("2025-02-01", "G1", revised="2025-03-31"),
            checkin("2025-01-05", "G1", revised="2025-03-15"),  # on the start date
            checkin("2025-02-01", "G1", revised="2025-03-20"),  # same day: file order
            checkin("2025-01-20", "G1", task_id="T9", revised="2025-02-05"),
            checkin("2025-03-05", "G1", revised="2025-06-30"),  # after T
            checkin("2025-01-10", "G2", percent=10),  # no revision: no row
        ],
    )
    h = careerkit.target_history(data, as_of=T)
    assert h.columns.tolist() == ["goal_id", "task_id", "date", "target"]
    assert isinstance(h.index, pd.RangeIndex)
    rows = [(g, None if pd.isna(t) else t, d.strftime("%m-%d"), x.strftime("%m-%d"))
            for g, t, d, x in h.itertuples(index=False)]
    assert rows == [
        ("G1", None, "01-05", "02-28"),
        ("G1", None, "01-05", "03-15"),
        ("G1", None, "02-01", "03-31"),
        ("G1", None, "02-01", "03-20"),
        ("G1", "T1", "01-05", "02-10"),
        ("G1", "T9", "01-05", "02-01"),
        ("G1", "T9", "01-20", "02-05"),
        ("G2", None, "01-01", "03-31"),
    ]


def test_empty_data_gives_an_empty_history_with_columns():
    data = careerkit.CareerData.from_frames(pd.DataFrame(
        columns=["goal_id", "client", "title", "start_date", "target_date"]))
    history = careerkit.target_history(data)
    assert history.empty and history.columns.tolist() == ["goal_id", "task_id", "date", "target"]


def test_history_does_not_mutate_its_input():
    data = make_data([goal("G1")], tasks=[task("T1")],
                     progress=[checkin("2025-02-01", revised="2025-05-01")])
    before = [frame.copy() for frame in data.frames()]
    careerkit.target_history(data, as_of=T)
    for frame, copy in zip(data.frames(), before, strict=True):
        pd.testing.assert_frame_equal(frame, copy)


def test_a_revision_before_its_goal_start_sorts_by_date_in_data_not_validated():
    """Data edited without validation (replace) may date a revision before its goal's
    start: it then comes before the baseline, by date, as the documented order says."""
    data = make_data([goal("G1", start="2025-01-05", target="2025-02-28")],
                     tasks=[task("T1", "G1", due="2025-02-10")],
                     progress=[checkin("2025-01-10", "G1", task_id="T1", revised="2025-02-20")])
    early = data.progress.assign(date=pd.Timestamp("2025-01-02"))
    h = careerkit.target_history(data.replace(progress=early), as_of=T)
    rows = [(t if isinstance(t, str) else None, d.strftime("%m-%d"), x.strftime("%m-%d"))
            for _, t, d, x in h.itertuples(index=False)]
    assert rows == [(None, "01-05", "02-28"), ("T1", "01-02", "02-20"), ("T1", "01-05", "02-10")]


def test_a_revision_naming_a_task_of_another_goal_sorts_by_task_id_in_data_not_validated():
    """Data edited without validation may give a check-in a goal and a task of another goal:
    under its goal, that task's entries go by task_id among the goal's own tasks."""
    data = make_data([goal("G1", start="2025-01-05", target="2025-02-28"),
                      goal("G2", start="2025-01-06", target="2025-03-31")],
                     tasks=[task("T5", "G1", due="2025-02-10"), task("T1", "G2", due="2025-03-01")],
                     progress=[checkin("2025-01-10", "G2", task_id="T1", revised="2025-03-20")])
    crossed = data.progress.assign(goal_id="G1")  # the check-in names G1 and G2's task T1
    h = careerkit.target_history(data.replace(progress=crossed), as_of=T)
    rows = [(g, t if isinstance(t, str) else None, d.strftime("%m-%d"), x.strftime("%m-%d"))
            for g, t, d, x in h.itertuples(index=False)]
    assert rows == [("G1", None, "01-05", "02-28"), ("G1", "T1", "01-10", "03-20"),
                    ("G1", "T5", "01-05", "02-10"),
                    ("G2", None, "01-06", "03-31"), ("G2", "T1", "01-06", "03-01")]
