"""Invariants of the metrics, on many small random caseloads (hypothesis)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from helpers import DATES, caseloads
from hypothesis import given, settings
from hypothesis import strategies as st

import careerkit

SETTINGS = settings(max_examples=60, deadline=None)


def _shuffled(data: careerkit.CareerData, seed: int) -> careerkit.CareerData:
    """Goals and tasks in any order; check-ins reordered except within a date (file order
    decides ties there)."""
    rng = np.random.default_rng(seed)
    goals = data.goals.iloc[rng.permutation(len(data.goals))].reset_index(drop=True)
    tasks = data.tasks.iloc[rng.permutation(len(data.tasks))].reset_index(drop=True)
    progress = data.progress.sort_values("date", ascending=False, kind="stable")
    return careerkit.CareerData(goals, tasks, progress.reset_index(drop=True))


@SETTINGS
@given(caseloads(), st.none() | DATES)
def test_rates_and_percents_are_within_bounds(data, as_of):
    rates = careerkit.completion_rates(data, as_of=as_of)
    for column in ["completion_rate", "on_time_rate", "task_completion_rate"]:
        values = rates[column].dropna()
        assert ((values >= 0) & (values <= 1)).all()
    status = careerkit.goal_status(data, as_of=as_of)
    assert status["percent_complete"].between(0, 100).all()
    assert status["state"].isin(careerkit.STATES).all()
    assert (status["overdue_days"] >= 0).all() and (status["days_since_checkin"] >= 0).all()
    overall = careerkit.completion_rates(data, by=None, as_of=as_of)
    assert overall["goals"].iloc[0] == rates["goals"].sum()
    assert overall["completed"].iloc[0] == rates["completed"].sum()


@SETTINGS
@given(caseloads(), st.none() | DATES, st.integers(0, 2**16))
def test_results_do_not_depend_on_row_order(data, as_of, seed):
    other = _shuffled(data, seed)
    pd.testing.assert_frame_equal(careerkit.goal_status(other, as_of=as_of),
                                  careerkit.goal_status(data, as_of=as_of))
    pd.testing.assert_frame_equal(careerkit.task_status(other, as_of=as_of),
                                  careerkit.task_status(data, as_of=as_of))
    pd.testing.assert_frame_equal(careerkit.completion_rates(other, as_of=as_of),
                                  careerkit.completion_rates(data, as_of=as_of))
    history = careerkit.target_history(data, as_of=as_of)
    shuffled = careerkit.target_history(other, as_of=as_of)
    assert len(history) == len(shuffled)
    baseline = history["date"].notna()  # baselines are unique per goal and task
    assert set(map(tuple, history.loc[baseline].astype(str).to_numpy())) == set(
        map(tuple, shuffled.loc[baseline].astype(str).to_numpy()))


@SETTINGS
@given(caseloads(), DATES, DATES)
def test_completed_counts_never_fall_as_time_passes(data, first, second):
    early, late = sorted([first, second])
    counts = [careerkit.goal_status(data, as_of=day)["completed_at_T"].sum()
              for day in (early, late)]
    assert counts[0] <= counts[1]
    rates = [careerkit.completion_rates(data, by=None, as_of=day)["completed"].iloc[0]
             for day in (early, late)]
    assert rates[0] <= rates[1]


@SETTINGS
@given(caseloads(), st.none() | DATES)
def test_row_counts_follow_the_definitions(data, as_of):
    stamp = careerkit.default_as_of(data) if as_of is None else pd.Timestamp(as_of)
    if stamp is None:
        assert careerkit.goal_status(data).empty
        return
    started = data.goals.loc[data.goals["start_date"] <= stamp, "goal_id"]
    status = careerkit.goal_status(data, as_of=as_of)
    assert sorted(status.index) == sorted(started)
    tasks = data.tasks.loc[data.tasks["goal_id"].isin(started)]
    assert len(careerkit.task_status(data, as_of=as_of)) == len(tasks)
    revisions = data.progress.loc[data.progress["goal_id"].isin(started)
                                  & data.progress["revised_target_date"].notna()
                                  & (data.progress["date"] <= stamp)]
    history = careerkit.target_history(data, as_of=as_of)
    assert len(history) == len(started) + len(tasks) + len(revisions)
    # the forecast never lies before as_of for unfinished goals with progress
    open_goals = status.loc[~status["completed_at_T"] & status["forecast_date"].notna()]
    assert (open_goals["forecast_date"] >= stamp).all()
