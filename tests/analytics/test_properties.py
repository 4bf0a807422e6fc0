"""Invariants of the metrics, on many small random caseloads (hypothesis)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from helpers import DATES, caseloads, checkin, goal, make_data, task
from hypothesis import given, settings
from hypothesis import strategies as st

import careerkit

SETTINGS = settings(max_examples=60, deadline=None)


def shuffled(data: careerkit.CareerData, seed: int) -> careerkit.CareerData:
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
    other = shuffled(data, seed)
    pd.testing.assert_frame_equal(careerkit.goal_status(other, as_of=as_of),
                                  careerkit.goal_status(data, as_of=as_of))
    pd.testing.assert_frame_equal(careerkit.task_status(other, as_of=as_of),
                                  careerkit.task_status(data, as_of=as_of))
    pd.testing.assert_frame_equal(careerkit.completion_rates(other, as_of=as_of),
                                  careerkit.completion_rates(data, as_of=as_of))
    # Its order is total: check-ins of one day keep their file order in ``other``.
    pd.testing.assert_frame_equal(careerkit.target_history(other, as_of=as_of),
                                  careerkit.target_history(data, as_of=as_of))


# --- target_history in the documented order ------------------------------------------------

DAY_ZERO = dt.date(2025, 1, 1)
NEAR = st.integers(-2, 3).map(lambda k: (DAY_ZERO + dt.timedelta(days=k)).isoformat())


@st.composite
def revision_caseloads(draw):
    """Few goals and tasks whose ids differ by case and accent, starting within days of one
    another, with many target revisions on the same days (ties for every sort key)."""
    goal_ids = draw(st.lists(st.sampled_from(["a", "B", "b", "É", "e", "10", "9"]),
                             min_size=1, max_size=4, unique=True))
    goals = [goal(goal_id, start=draw(NEAR), target="2025-03-31") for goal_id in goal_ids]
    task_ids = iter(draw(st.permutations(["t1", "T1", "t10", "t2", "é", "Z", "z", "0"])))
    tasks = [task(next(task_ids), goal_id=goal_id, due="2025-02-15")
             for goal_id in goal_ids for _ in range(draw(st.integers(0, 2)))]
    progress = []
    for _ in range(draw(st.integers(0, 10))):
        goal_id = draw(st.sampled_from(goal_ids))
        own = [t["task_id"] for t in tasks if t["goal_id"] == goal_id]
        progress.append(checkin(
            draw(NEAR), goal_id,
            task_id=draw(st.none() | st.sampled_from(own)) if own else None,
            revised=draw(st.none() | st.sampled_from(["2025-04-30", "2025-05-31",
                                                      "2025-06-30"]))))
    return make_data(goals, tasks, progress)


def documented_history(data: careerkit.CareerData, as_of) -> pd.DataFrame:
    """target_history as docs/metrics.md defines it, row by row: per started goal its
    baseline (start_date, target_date) and its tasks' baselines (start_date, due_date), and
    each check-in on or before T with a revised target; sorted by goal_id, task_id (the goal
    first), date, baseline before revisions, then file order. Python's string order is
    code-point order."""
    stamp = careerkit.default_as_of(data) if as_of is None else pd.Timestamp(as_of)
    starts = {} if stamp is None else {
        g.goal_id: g.start_date for g in data.goals.itertuples() if g.start_date <= stamp}
    rows = []  # (sort key, row)
    for g in data.goals.itertuples():
        if g.goal_id in starts:
            rows.append(((g.goal_id, (), g.start_date, 0, 0),
                         (g.goal_id, None, g.start_date, g.target_date)))
    for t in data.tasks.itertuples():
        if t.goal_id in starts:
            rows.append(((t.goal_id, (t.task_id,), starts[t.goal_id], 0, 0),
                         (t.goal_id, t.task_id, starts[t.goal_id], t.due_date)))
    for position, c in enumerate(data.progress.itertuples()):
        if c.goal_id in starts and pd.notna(c.revised_target_date) and c.date <= stamp:
            task_key = () if pd.isna(c.task_id) else (c.task_id,)
            rows.append(((c.goal_id, task_key, c.date, 1, position),
                         (c.goal_id, None if pd.isna(c.task_id) else c.task_id, c.date,
                          c.revised_target_date)))
    rows.sort(key=lambda pair: pair[0])
    frame = pd.DataFrame([row for _, row in rows],
                         columns=["goal_id", "task_id", "date", "target"])
    return frame.astype({"goal_id": "str", "task_id": "str", "date": "datetime64[us]",
                         "target": "datetime64[us]"})


@SETTINGS
@given(revision_caseloads(), st.none() | NEAR)
def test_target_history_follows_the_documented_order(data, as_of):
    history = careerkit.target_history(data, as_of=as_of)
    pd.testing.assert_frame_equal(history, documented_history(data, as_of))
    # Baselines: revised targets (April to June) never equal a first-planned date (goals
    # 2025-03-31, tasks 2025-02-15), so these rows are exactly the baselines.
    baseline = history["target"].isin([pd.Timestamp("2025-03-31"), pd.Timestamp("2025-02-15")])
    stamp = careerkit.default_as_of(data) if as_of is None else pd.Timestamp(as_of)
    starts = data.goals.loc[data.goals["start_date"] <= stamp].set_index("goal_id")["start_date"]
    assert baseline.sum() == len(starts) + data.tasks["goal_id"].isin(starts.index).sum()
    assert (history.loc[baseline, "task_id"].isna()
            == (history.loc[baseline, "target"] == pd.Timestamp("2025-03-31"))).all()
    assert history.loc[baseline, "date"].tolist() == starts[
        history.loc[baseline, "goal_id"]].tolist()


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
