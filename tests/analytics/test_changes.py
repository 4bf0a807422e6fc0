"""changes: what happened in (since, until] (issue 11, readings 36-42).

Hand case, since 2025-03-10, until 2025-03-20 (states by goal_status' rules):

- Ana, G1 (no tasks, start 01-01, target 06-30): 20 % and a revision to 07-15 on 02-01;
  30 % on 03-10 (on since: left out). In the window: two check-ins on 03-12 (blank, then
  50 %), a revision to 07-20 on 03-15 and 60 % with a revision to 07-31 on 03-20 (on until:
  in). At since: 30 % after 68 days, 70 % left: ceil(68 * 70 / 30) = 159 days, 08-16, after
  07-15: at_risk. At until: 60 % after 78 days: 52 days, 05-11: on_track.
- Ana, G2 (start 02-01, target 05-01; tasks G2-b due 03-01 done 03-15, G2-A due 04-01 done
  03-10 (on since), G2-c done 03-21 (after until)). A check-in on G2-b on 03-14 revises it
  to 03-16. At since: no check-in for 37 days: stalled. At until: 2 of 3 tasks after 47
  days: 24 more, 04-13: on_track.
- Zed, G6 (dropped): a check-in on 03-11; dropped at both days, so no state change.
- Émile, G3 starts inside the window (03-15, no check-in): NA -> not_started. G4 (target
  04-01): 80 % on 03-05 (on_track at since), completed 03-18: goal_completed and
  on_track -> completed. G5 starts after until (03-25): its check-in of 03-18 is left out.

Clients in code-point order: Ana, Zed, Émile.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import DATES, caseloads, checkin, goal, make_data, task
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import careerkit
from careerkit.analytics.changes import changes
from careerkit.analytics.revisions import revisions

SINCE, UNTIL = "2025-03-10", "2025-03-20"
# input generation is slow on a busy machine: no health check on its speed
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
COLUMNS = ["client", "date", "goal_id", "task_id", "change", "percent_complete", "old_target",
           "new_target", "old_state", "new_state"]
DTYPES = {"client": "str", "date": "datetime64[us]", "goal_id": "str", "task_id": "str",
          "change": "str", "percent_complete": "float64", "old_target": "datetime64[us]",
          "new_target": "datetime64[us]", "old_state": "str", "new_state": "str"}


@pytest.fixture(scope="module")
def window() -> careerkit.CareerData:
    return make_data(
        [goal("G1", "Ana", "2025-01-01", "2025-06-30"),
         goal("G2", "Ana", "2025-02-01", "2025-05-01"),
         goal("G6", "Zed", "2025-01-01", "2025-12-31", status="dropped"),
         goal("G3", "Émile", "2025-03-15", "2025-04-30"),
         goal("G4", "Émile", "2025-01-01", "2025-04-01", completed="2025-03-18"),
         goal("G5", "Émile", "2025-03-25", "2025-06-30")],
        [task("G2-b", "G2", "2025-03-01", completed="2025-03-15"),
         task("G2-A", "G2", "2025-04-01", completed="2025-03-10"),
         task("G2-c", "G2", "2025-04-15", completed="2025-03-21")],
        [checkin("2025-03-20", "G1", percent=60, revised="2025-07-31"),
         checkin("2025-03-12", "G1"),
         checkin("2025-02-01", "G1", percent=20, revised="2025-07-15"),
         checkin("2025-03-10", "G1", percent=30),
         checkin("2025-03-18", "G5", percent=10),
         checkin("2025-03-15", "G1", revised="2025-07-20"),
         checkin("2025-03-12", "G1", percent=50),
         checkin("2025-03-14", "G2", "G2-b", revised="2025-03-16"),
         checkin("2025-03-11", "G6"),
         checkin("2025-03-05", "G4", percent=80)],
    )


def frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS).astype(DTYPES)


NA = None


def test_changes_by_hand(window):
    expected = frame([
        ("Ana", "2025-03-12", "G1", NA, "checkin", np.nan, NA, NA, NA, NA),
        ("Ana", "2025-03-12", "G1", NA, "checkin", 50.0, NA, NA, NA, NA),
        ("Ana", "2025-03-14", "G2", "G2-b", "checkin", np.nan, NA, NA, NA, NA),
        ("Ana", "2025-03-14", "G2", "G2-b", "target_revised", np.nan, "2025-03-01",
         "2025-03-16", NA, NA),
        ("Ana", "2025-03-15", "G1", NA, "checkin", np.nan, NA, NA, NA, NA),
        ("Ana", "2025-03-15", "G1", NA, "target_revised", np.nan, "2025-07-15", "2025-07-20",
         NA, NA),
        ("Ana", "2025-03-15", "G2", "G2-b", "task_completed", np.nan, NA, NA, NA, NA),
        ("Ana", "2025-03-20", "G1", NA, "checkin", 60.0, NA, NA, NA, NA),
        ("Ana", "2025-03-20", "G1", NA, "target_revised", np.nan, "2025-07-20", "2025-07-31",
         NA, NA),
        ("Ana", "2025-03-20", "G1", NA, "state_changed", np.nan, NA, NA, "at_risk",
         "on_track"),
        ("Ana", "2025-03-20", "G2", NA, "state_changed", np.nan, NA, NA, "stalled",
         "on_track"),
        ("Zed", "2025-03-11", "G6", NA, "checkin", np.nan, NA, NA, NA, NA),
        ("Émile", "2025-03-18", "G4", NA, "goal_completed", np.nan, NA, NA, NA, NA),
        ("Émile", "2025-03-20", "G3", NA, "state_changed", np.nan, NA, NA, NA, "not_started"),
        ("Émile", "2025-03-20", "G4", NA, "state_changed", np.nan, NA, NA, "on_track",
         "completed"),
    ])
    pd.testing.assert_frame_equal(changes(window, SINCE, UNTIL), expected)


def test_states_are_goal_status_states_at_both_days(window):
    then = careerkit.goal_status(window, SINCE)["state"]
    now = careerkit.goal_status(window, UNTIL)["state"]
    assert then.to_dict() == {"G1": "at_risk", "G2": "stalled", "G4": "on_track",
                              "G6": "dropped"}
    assert now.to_dict() == {"G1": "on_track", "G2": "on_track", "G3": "not_started",
                             "G4": "completed", "G6": "dropped"}


def test_until_defaults_to_the_default_as_of(window):
    # the latest event is G2-c's completion on 03-21
    got = changes(window, SINCE)
    assert got.loc[got["change"] == "state_changed", "date"].unique().tolist() == [
        pd.Timestamp("2025-03-21")]
    assert ((got["change"] == "task_completed") & (got["task_id"] == "G2-c")).sum() == 1
    # and G5, which starts on 03-25, is still left out
    assert "G5" not in set(got["goal_id"])


def test_revision_chain_uses_the_ledger(window):
    got = changes(window, "2025-01-31", UNTIL)
    revised = got.loc[got["change"] == "target_revised"]
    ledger, _ = revisions(window, as_of=UNTIL)
    assert revised[["old_target", "new_target"]].sort_values("old_target").to_numpy().tolist() \
        == ledger[["previous_target", "new_target"]].sort_values(
            "previous_target").to_numpy().tolist()
    assert revised.loc[revised["goal_id"] == "G1", "old_target"].tolist() == [
        pd.Timestamp(d) for d in ("2025-06-30", "2025-07-15", "2025-07-20")]


@pytest.mark.parametrize("since, until", [(UNTIL, UNTIL), ("2025-03-21", UNTIL),
                                          ("2025-05-01", None)])
def test_empty_window_gives_empty_frame(window, since, until):
    pd.testing.assert_frame_equal(changes(window, since, until), frame([]))


def test_empty_data_and_quiet_window(window):
    pd.testing.assert_frame_equal(changes(make_data([]), "2025-01-01"), frame([]))
    quiet = make_data([goal("G1", "Ana", "2025-01-01", "2025-12-31", status="on_hold")])
    pd.testing.assert_frame_equal(changes(quiet, "2025-02-01", "2025-03-01"), frame([]))


def test_since_is_required_and_must_be_a_date(window):
    with pytest.raises(ValueError, match="since"):
        changes(window, None)
    with pytest.raises(ValueError, match="a date like"):
        changes(window, "soon")


def test_sample_data_brief(sample_data):
    brief = careerkit.changes(sample_data, "2026-06-16", "2026-06-30")
    assert list(brief.columns) == COLUMNS
    assert brief["change"].isin(["checkin", "target_revised", "task_completed",
                                 "goal_completed", "state_changed"]).all()
    logged = sample_data.progress["date"].between("2026-06-17", "2026-06-30")
    assert (brief["change"] == "checkin").sum() == logged.sum()


# --- invariants -----------------------------------------------------------------------------

def shuffled_progress(data: careerkit.CareerData, seed: int) -> careerkit.CareerData:
    """Check-ins in a random order, except that rows with the same goal, task and date keep
    their file order (the last tie-break)."""
    progress = data.progress
    perm = np.random.default_rng(seed).permutation(len(progress))
    keys = progress.groupby(["goal_id", "task_id", "date"], dropna=False).ngroup()
    slots = pd.DataFrame({"key": keys.to_numpy()[perm], "row": perm})
    rows = slots.sort_values(["key", "row"], kind="stable")["row"].to_numpy()
    where = slots.sort_values("key", kind="stable").index.to_numpy()
    order = np.empty(len(perm), dtype=np.int64)
    order[where] = rows
    return careerkit.CareerData(data.goals, data.tasks,
                                progress.iloc[order].reset_index(drop=True))


@SETTINGS
@given(caseloads(), DATES, st.none() | DATES)
def test_rows_follow_the_definitions(data, since, until):
    got = changes(data, since, until)
    assert list(got.columns) == COLUMNS and got.dtypes.astype(str).to_dict() == DTYPES
    end = careerkit.default_as_of(data) if until is None else pd.Timestamp(until)
    if end is None or pd.Timestamp(since) >= end:
        assert got.empty
        return
    start = pd.Timestamp(since)
    assert got["date"].gt(start).all() and got["date"].le(end).all()
    now = careerkit.goal_status(data, end)
    then = careerkit.goal_status(data, start)["state"].reindex(now.index)
    moved = got.loc[got["change"] == "state_changed"].set_index("goal_id")
    differs = now.index[(then != now["state"]).fillna(True).to_numpy(dtype=bool)]
    assert sorted(moved.index) == sorted(differs)
    assert moved["new_state"].to_dict() == now.loc[moved.index, "state"].to_dict()
    assert moved["old_state"].isna().to_numpy().tolist() == then[moved.index].isna().tolist()

    started = data.progress["goal_id"].isin(now.index)
    logged = started & data.progress["date"].gt(start) & data.progress["date"].le(end)
    assert (got["change"] == "checkin").sum() == logged.sum()
    ledger, _ = revisions(data, as_of=end)
    assert (got["change"] == "target_revised").sum() == (ledger["date"] > start).sum()
    completed = now["completed_date"].gt(start) & now["completed_date"].le(end)
    assert (got["change"] == "goal_completed").sum() == completed.sum()
    # sorted by client, date, goal_id, change (code-point order for the text)
    rank = got["change"].map({c: i for i, c in enumerate(
        ["checkin", "target_revised", "task_completed", "goal_completed", "state_changed"])})
    keys = list(zip(got["client"].map(lambda s: s.encode()), got["date"],
                    got["goal_id"].map(lambda s: s.encode()), rank, strict=True))
    assert keys == sorted(keys)


@SETTINGS
@given(caseloads(), DATES, st.none() | DATES, st.integers(0, 2**16))
def test_row_order_of_progress_does_not_matter_beyond_ties(data, since, until, seed):
    pd.testing.assert_frame_equal(changes(shuffled_progress(data, seed), since, until),
                                  changes(data, since, until))
