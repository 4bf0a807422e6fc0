"""revisions: the re-plan ledger and its per-goal summary (issue 11, readings 43-48).

Hand case, as of 2025-03-31 (progress rows numbered in file order):

- G1 (no tasks, target 2025-03-01). Row 1 on 02-20 revises to 03-20 (reason " capacity ");
  row 2, back-filled on 02-10, to 03-05 (reason blank): by date it is the first revision
  (03-01 -> 03-05, +4) and row 1 the second (03-05 -> 03-20, +15, 13 days before the
  then-current target: not late). On 03-13, row 3 restates 03-20 (+0, never eased late)
  and row 4 pushes it to 04-10 exactly 7 days before 03-20: eased late (+21).
- G2 (target 06-30): row 5 pulls it in to 06-22 (-8). Its tasks G2-b (due 02-01) and
  G2-B (due 03-01; "G2-B" < "G2-b" in code points): row 6 pushes G2-b to 02-15 exactly 7
  days before 02-01 (eased late), row 7 pulls it in the day before (-5, not eased late);
  row 8 pushes G2-B to 03-10 8 days before 03-01 (not eased late), row 9 to 03-20 two days
  after 03-10 (eased late).
- Left out: row 10 (G2, dated after T), row 11 (G3, which starts after T), row 12 (a
  check-in without a revision). a0 has no revision.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import DATES, caseloads, checkin, goal, make_data, task
from hypothesis import given, settings
from hypothesis import strategies as st

import careerkit
from careerkit.analytics.revisions import revisions

T = "2025-03-31"
SETTINGS = settings(max_examples=40, deadline=None)


@pytest.fixture(scope="module")
def replans() -> careerkit.CareerData:
    with pytest.warns(careerkit.CareerDataWarning, match="revised target dated before"):
        return make_data(
            [goal("G1", "Ana", "2025-01-01", "2025-03-01"),
             goal("G2", "Ana", "2025-01-01", "2025-06-30"),
             goal("G3", "Bo", "2025-05-01", "2025-08-01"),
             goal("a0", "Bo", "2025-01-10", "2025-04-01")],
            [task("G2-b", "G2", "2025-02-01"), task("G2-B", "G2", "2025-03-01")],
            [checkin("2025-02-20", "G1", revised="2025-03-20", reason=" capacity "),
             checkin("2025-02-10", "G1", revised="2025-03-05", reason="   "),
             checkin("2025-03-13", "G1", revised="2025-03-20"),
             checkin("2025-03-13", "G1", revised="2025-04-10", reason="Scope change"),
             checkin("2025-03-01", "G2", revised="2025-06-22"),
             checkin("2025-01-25", "G2", "G2-b", revised="2025-02-15"),
             checkin("2025-02-14", "G2", "G2-b", revised="2025-02-10"),
             checkin("2025-02-21", "G2", "G2-B", revised="2025-03-10"),
             checkin("2025-03-12", "G2", "G2-B", revised="2025-03-20"),
             checkin("2025-04-05", "G2", revised="2025-09-30"),
             checkin("2025-03-15", "G3", revised="2025-09-01"),
             checkin("2025-03-01", "G1", percent=50)],
        )


def ledger_frame(rows: list[tuple]) -> pd.DataFrame:
    columns = ["goal_id", "task_id", "date", "previous_target", "new_target", "shift_days",
               "reason", "revision", "eased_late"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({"goal_id": "str", "task_id": "str", "date": "datetime64[us]",
                         "previous_target": "datetime64[us]", "new_target": "datetime64[us]",
                         "shift_days": "Int64", "reason": "str", "revision": "int64",
                         "eased_late": "bool"})


def by_goal_frame(rows: list[tuple]) -> pd.DataFrame:
    columns = ["goal_id", "original_target", "current_target", "revisions",
               "total_shift_days", "late_easings", "task_revisions", "task_late_easings"]
    frame = pd.DataFrame(rows, columns=columns).astype({
        "goal_id": "str", "original_target": "datetime64[us]",
        "current_target": "datetime64[us]", "revisions": "int64", "total_shift_days": "Int64",
        "late_easings": "int64", "task_revisions": "int64", "task_late_easings": "int64"})
    return frame.set_index("goal_id")


def test_ledger_by_hand(replans):
    ledger, _ = revisions(replans, as_of=T)
    expected = ledger_frame([
        ("G1", None, "2025-02-10", "2025-03-01", "2025-03-05", 4, None, 1, False),
        ("G1", None, "2025-02-20", "2025-03-05", "2025-03-20", 15, "capacity", 2, False),
        ("G1", None, "2025-03-13", "2025-03-20", "2025-03-20", 0, None, 3, False),
        ("G1", None, "2025-03-13", "2025-03-20", "2025-04-10", 21, "Scope change", 4, True),
        ("G2", None, "2025-03-01", "2025-06-30", "2025-06-22", -8, None, 1, False),
        ("G2", "G2-B", "2025-02-21", "2025-03-01", "2025-03-10", 9, None, 1, False),
        ("G2", "G2-B", "2025-03-12", "2025-03-10", "2025-03-20", 10, None, 2, True),
        ("G2", "G2-b", "2025-01-25", "2025-02-01", "2025-02-15", 14, None, 1, True),
        ("G2", "G2-b", "2025-02-14", "2025-02-15", "2025-02-10", -5, None, 2, False),
    ])
    pd.testing.assert_frame_equal(ledger, expected)


def test_by_goal_by_hand(replans):
    _, by_goal = revisions(replans, as_of=T)
    expected = by_goal_frame([
        ("G1", "2025-03-01", "2025-04-10", 4, 40, 1, 0, 0),
        ("G2", "2025-06-30", "2025-06-22", 1, -8, 0, 4, 2),
        ("a0", "2025-04-01", "2025-04-01", 0, 0, 0, 0, 0),
    ])
    pd.testing.assert_frame_equal(by_goal, expected)
    status = careerkit.goal_status(replans, as_of=T)
    pd.testing.assert_series_equal(by_goal["current_target"], status["current_target"])


def test_as_of_leaves_out_later_revisions(replans):
    ledger, by_goal = revisions(replans, as_of="2025-03-12")
    assert ledger["date"].max() == pd.Timestamp("2025-03-12")  # row 9 is on T: kept
    assert len(ledger) == 7
    assert by_goal.loc["G1", "current_target"] == pd.Timestamp("2025-03-20")
    assert by_goal.loc["G1", ["revisions", "late_easings"]].tolist() == [2, 0]
    ledger, by_goal = revisions(replans, as_of="2025-04-05")  # row 10 now counts
    assert ledger.loc[ledger["goal_id"] == "G2", "revision"].tolist() == [1, 2, 1, 2, 1, 2]
    assert by_goal.loc["G2", "total_shift_days"] == 92


def test_reason_column_absent_gives_na(replans):
    data = careerkit.CareerData(replans.goals, replans.tasks,
                                replans.progress.drop(columns="reason"))
    ledger, _ = revisions(data, as_of=T)
    assert ledger["reason"].dtype == "str" and ledger["reason"].isna().all()
    assert len(ledger) == 9


@pytest.mark.parametrize("as_of", [None, "2024-12-31"])
def test_empty_results_keep_columns_and_dtypes(replans, as_of):
    data = make_data([]) if as_of is None else replans
    ledger, by_goal = revisions(data, as_of=as_of)
    pd.testing.assert_frame_equal(ledger, ledger_frame([]))
    pd.testing.assert_frame_equal(by_goal, by_goal_frame([]))


def test_sample_data_matches_goal_status(sample_data):
    ledger, by_goal = careerkit.revisions(sample_data)
    status = careerkit.goal_status(sample_data)
    pd.testing.assert_series_equal(by_goal["total_shift_days"], status["revision_drift_days"],
                                   check_names=False)
    assert (ledger["revision"] >= 1).all() and ledger["reason"].notna().any()


# --- invariants -----------------------------------------------------------------------------

def shuffled_progress(data: careerkit.CareerData, seed: int) -> careerkit.CareerData:
    """Check-ins in a random order, except that rows with the same goal, task and date keep
    their file order (the ledger's last tie-break)."""
    progress = data.progress
    perm = np.random.default_rng(seed).permutation(len(progress))
    keys = progress.groupby(["goal_id", "task_id", "date"], dropna=False).ngroup()
    slots = pd.DataFrame({"key": keys.to_numpy()[perm], "row": perm})
    # each tie group's slots, in shuffled order, get the group's rows in file order
    rows = slots.sort_values(["key", "row"], kind="stable")["row"].to_numpy()
    where = slots.sort_values("key", kind="stable").index.to_numpy()
    order = np.empty(len(perm), dtype=np.int64)
    order[where] = rows
    return careerkit.CareerData(data.goals, data.tasks,
                                progress.iloc[order].reset_index(drop=True))


@SETTINGS
@given(caseloads(), st.none() | DATES)
def test_totals_agree_with_goal_status_and_the_ledger(data, as_of):
    ledger, by_goal = revisions(data, as_of=as_of)
    status = careerkit.goal_status(data, as_of=as_of)
    assert by_goal.index.equals(status.index)
    assert by_goal["total_shift_days"].equals(status["revision_drift_days"].rename(
        "total_shift_days"))
    assert by_goal["current_target"].equals(status["current_target"])
    own = ledger.loc[ledger["task_id"].isna()]
    assert own.groupby("goal_id")["shift_days"].sum().reindex(by_goal.index, fill_value=0) \
        .astype("Int64").equals(by_goal["total_shift_days"])
    counts = ledger.groupby([ledger["goal_id"], ledger["task_id"].isna()]).size()
    assert counts.sum() == by_goal["revisions"].sum() + by_goal["task_revisions"].sum()
    assert (by_goal["late_easings"] <= by_goal["revisions"]).all()
    assert not ledger.loc[ledger["eased_late"], "shift_days"].le(0).any()
    first = ledger["revision"] == 1
    assert (ledger.loc[~first, "previous_target"].to_numpy()
            == ledger["new_target"].shift().loc[~first].to_numpy()).all()


@SETTINGS
@given(caseloads(), st.none() | DATES, st.integers(0, 2**16))
def test_row_order_of_progress_does_not_matter_beyond_ties(data, as_of, seed):
    other = shuffled_progress(data, seed)
    for got, expected in zip(revisions(other, as_of=as_of), revisions(data, as_of=as_of),
                             strict=True):
        pd.testing.assert_frame_equal(got, expected)
