"""careerkit.demo: deterministic, validated synthetic caseloads and the committed sample."""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import careerkit
from careerkit import CareerDataWarning, demo

SAMPLE_FOLDER = Path(__file__).resolve().parent.parent / "sample_data"
START = pd.Timestamp("2025-07-01")
LAST_DAY = pd.Timestamp("2026-06-30")  # start + 365 days - 1


def quietly(clients, seed, **kwargs):
    """generate() with careerkit's warnings (odd but possible data) turned into errors."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", CareerDataWarning)
        return demo.generate(clients, seed, **kwargs)


@pytest.fixture(scope="module")
def sample():
    return quietly(demo.SAMPLE_CLIENTS, demo.SAMPLE_SEED)


@pytest.fixture(scope="module")
def caseload():
    return quietly(200, 3)


# --- determinism and size ------------------------------------------------------------------

def test_same_seed_gives_equal_frames():
    first, second = demo.generate(12, seed=4), demo.generate(12, seed=4)
    assert first.equals(second)
    for a, b in zip(first.frames(), second.frames(), strict=True):
        pd.testing.assert_frame_equal(a, b)


def test_other_seed_gives_other_data():
    first, other = demo.generate(12, seed=4), demo.generate(12, seed=5)
    assert not first.equals(other)
    assert not first.progress["date"].equals(other.progress["date"])


def test_global_random_state_is_neither_used_nor_changed():
    # the legacy global state is what generate() must not touch
    np.random.seed(1)  # noqa: NPY002
    state = np.random.get_state()  # noqa: NPY002
    first = demo.generate(8, seed=2)
    after = np.random.get_state()  # noqa: NPY002
    assert np.array_equal(state[1], after[1]) and state[2] == after[2]
    np.random.seed(99)  # noqa: NPY002
    assert demo.generate(8, seed=2).equals(first)


def test_sizes_scale(caseload):
    goals, tasks, progress = caseload.frames()
    assert goals["client"].nunique() == 200
    assert 800 <= len(goals) <= 1200
    assert 3.0 <= len(tasks) / len(goals) <= 5.0
    assert 8.0 <= len(progress) / len(goals) <= 13.0
    clients_with_tasks = goals.loc[goals["goal_id"].isin(tasks["goal_id"]), "client"].nunique()
    assert 0.1 <= 1 - clients_with_tasks / 200 <= 0.3


def test_sample_sizes(sample):
    assert len(sample.goals) == 41
    assert len(sample.tasks) == 145
    assert len(sample.progress) == 582


# --- the data contract ---------------------------------------------------------------------

def test_columns_and_ids(caseload):
    goals, tasks, progress = caseload.frames()
    assert goals.columns.tolist() == [
        "goal_id", "client", "title", "category", "start_date", "target_date",
        "completed_date", "status", "coach",
    ]
    assert goals["goal_id"].str.fullmatch(r"C\d{5}-G\d").all()
    assert goals["goal_id"].is_unique and tasks["task_id"].is_unique
    assert (tasks["task_id"].str.rsplit("-", n=1).str[0] == tasks["goal_id"]).all()
    assert goals["category"].isin(demo.CATEGORIES).all()
    assert set(goals["status"]) == set(careerkit.STATUSES)
    assert (tasks["weight"] > 0).all()
    share = goals["status"].value_counts(normalize=True)
    assert 0.02 <= share["dropped"] <= 0.1 and 0.02 <= share["on_hold"] <= 0.1
    checked = progress.dropna(subset=["task_id"])
    owner = checked["task_id"].map(tasks.set_index("task_id")["goal_id"])
    assert (owner == checked["goal_id"]).all()


def test_names_are_distinct_and_diverse(caseload):
    names = caseload.goals.drop_duplicates("client")["client"]
    assert names.is_unique
    assert names.str.contains(r"[^\x00-\x7f]").any()
    assert names.iloc[0] == "Zoë Abernathy"


def test_dates_lie_within_the_period(caseload):
    goals, tasks, progress = caseload.frames()
    events = pd.concat([progress["date"], goals["completed_date"], tasks["completed_date"],
                        goals["start_date"]]).dropna()
    future = goals["start_date"] > LAST_DAY
    assert future.sum() == 1
    assert goals.loc[future, "start_date"].iloc[0] == LAST_DAY + pd.Timedelta(days=1)
    assert events.min() >= START
    assert events[events <= LAST_DAY].size == events.size - 1
    assert (goals["target_date"] - goals["start_date"]).dt.days.between(60, 275).all()
    done = goals["completed_date"].notna()
    assert (goals.loc[done, "completed_date"] >= goals.loc[done, "start_date"]).all()


def test_outcomes_are_consistent(caseload):
    goals, tasks, progress = caseload.frames()
    status = tasks["goal_id"].map(goals.set_index("goal_id")["status"])
    assert tasks.loc[status == "completed", "completed_date"].notna().all()
    assert tasks.loc[status == "dropped", "completed_date"].isna().all()
    completed = goals.set_index("goal_id")["completed_date"]
    last_task = tasks.groupby("goal_id")["completed_date"].max()
    finished = completed.dropna().index.intersection(last_task.index)
    assert (completed[finished] >= last_task[finished]).all()
    # no check-in after a goal was completed, dropped or put on hold
    last_checkin = progress.groupby("goal_id")["date"].max()
    assert (last_checkin[completed.dropna().index] <= completed.dropna()).all()


def test_check_ins_are_regular(caseload):
    progress = caseload.progress.sort_values(["goal_id", "date"], kind="stable")
    gaps = progress.groupby("goal_id")["date"].diff().dt.days.dropna()
    assert gaps.min() >= 0 and gaps.max() <= 32
    assert 7 <= gaps.median() <= 21


def test_revisions_move_targets_later(caseload):
    progress = caseload.progress
    revised = progress["revised_target_date"].notna()
    assert (progress.loc[revised, "revised_target_date"] >= progress.loc[revised, "date"]).all()
    goal_level = revised & progress["task_id"].isna()
    assert progress.loc[goal_level, "reason"].isin(demo.REASONS).all()
    assert progress.loc[~goal_level, "reason"].isna().all()
    assert (revised & progress["task_id"].notna()).any()
    history = careerkit.target_history(caseload)
    goals_only = history[history["task_id"].isna()]
    rising = goals_only.groupby("goal_id")["target"].apply(lambda s: s.is_monotonic_increasing
                                                            and s.is_unique)
    assert rising.all()


def test_percent_reports(caseload):
    goals, tasks, progress = caseload.frames()
    plain = ~progress["goal_id"].isin(tasks["goal_id"])
    reported = progress.loc[plain].dropna(subset=["percent_complete"])
    assert plain.any() and reported["percent_complete"].between(0, 100).all()
    assert (reported["percent_complete"] % 1 != 0).any()
    rising = reported.groupby("goal_id")["percent_complete"].apply(
        lambda s: s.is_monotonic_increasing)
    assert rising.all()
    assert progress.loc[~plain, "percent_complete"].isna().mean() > 0.8
    full = progress["percent_complete"].eq(100) & progress["task_id"].isna()
    done = progress.loc[full, "goal_id"].map(goals.set_index("goal_id")["status"])
    assert (done == "completed").all()


def test_notes_exercise_csv_quoting(caseload):
    notes = caseload.progress["note"].dropna()
    assert notes.str.contains(",").any()
    assert notes.str.contains('"').any()
    assert notes.str.contains("\n").any()


# --- archetypes ----------------------------------------------------------------------------

def check_archetypes(data):
    as_of = careerkit.default_as_of(data)
    assert as_of == LAST_DAY
    status = careerkit.goal_status(data)
    history = careerkit.target_history(data)
    goals = data.goals.set_index("goal_id")

    early = status.loc["C00001-G1"]
    assert early["state"] == "completed"
    assert (early["target_date"] - early["completed_date"]).days >= 30

    replans = history[(history["goal_id"] == "C00002-G1") & history["task_id"].isna()]
    assert len(replans) == 4  # the baseline and three revisions
    assert replans["target"].is_monotonic_increasing and replans["target"].is_unique
    progress = data.progress
    revisions = progress[(progress["goal_id"] == "C00002-G1") & progress["task_id"].isna()
                         & progress["revised_target_date"].notna()]
    assert revisions["reason"].isin(demo.REASONS).all() and len(revisions) == 3

    stalled = status.loc["C00003-G1"]
    assert stalled["state"] == "stalled" and stalled["status"] == "active"
    assert 35 <= stalled["days_since_checkin"] <= 42 and stalled["overdue_days"] == 0

    assert status.loc["C00004-G1", "state"] == "dropped"
    assert status.loc["C00005-G1", "state"] == "on_hold"

    plain = goals.index[goals.index.str.startswith("C00006-")]
    assert not data.tasks["goal_id"].isin(plain).any()
    reports = progress.loc[progress["goal_id"].isin(plain), "percent_complete"]
    assert reports.notna().mean() > 0.8
    assert status.loc["C00006-G1", "last_checkin"] == LAST_DAY

    future = goals.index[goals.index.str.startswith("C00007-")][-1]
    assert goals.loc[future, "start_date"] > as_of
    assert future not in status.index
    assert not progress["goal_id"].eq(future).any()


def test_archetypes_in_the_sample(sample):
    check_archetypes(sample)
    states = set(careerkit.goal_status(sample)["state"])
    assert {"dropped", "on_hold", "stalled", "completed"} <= states


@pytest.mark.parametrize("seed", [0, 7, 2024])
def test_archetypes_whatever_the_seed(seed):
    check_archetypes(quietly(10, seed))


def test_archetypes_in_large_caseloads(caseload):
    check_archetypes(caseload)


# --- the committed sample and writing ------------------------------------------------------

def test_sample_data_on_disk_is_the_generated_sample(sample):
    on_disk = careerkit.load(SAMPLE_FOLDER)
    assert on_disk.equals(sample)
    assert demo.SAMPLE_CLIENTS == 10


def test_write(tmp_path):
    data = demo.write(tmp_path / "caseload", 3, seed=2)
    assert data.equals(demo.generate(3, 2))
    assert careerkit.load(tmp_path / "caseload").equals(data)


def test_small_and_invalid_sizes():
    assert len(demo.generate(0).goals) == 0
    one = demo.generate(1, seed=9)
    assert one.goals["client"].unique().tolist() == ["Zoë Abernathy"]
    assert demo.generate(3, seed=1).goals["client"].nunique() == 3
    with pytest.raises(ValueError, match="clients"):
        demo.generate(-1)
    with pytest.raises(ValueError, match="days"):
        demo.generate(5, days=100)


def test_other_periods():
    data = quietly(10, 1, start="2024-01-15", days=240)
    assert data.goals["start_date"].min() >= pd.Timestamp("2024-01-15")
    assert careerkit.default_as_of(data) == pd.Timestamp("2024-01-15") + pd.Timedelta(days=239)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(clients=st.integers(0, 12), seed=st.integers(0, 2**32 - 1),
       days=st.integers(demo.MIN_DAYS, 730))
def test_any_small_caseload_validates_and_round_trips(clients, seed, days):
    data = quietly(clients, seed, days=days)
    assert data.goals["client"].nunique() == clients
    with tempfile.TemporaryDirectory() as folder:
        data.save(folder)
        assert careerkit.load(folder).equals(data)


# --- order="realistic" ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def kept():
    """The caseload of the ``caseload`` fixture, as people keep it in a spreadsheet."""
    return quietly(200, 3, order="realistic")


def test_sorted_is_the_default():
    assert demo.generate(12, seed=4, order="sorted").equals(demo.generate(12, seed=4))
    with pytest.raises(ValueError, match="order"):
        demo.generate(3, order="random")


def test_realistic_ids_are_unique_and_unsorted(kept):
    goals, tasks, _ = kept.frames()
    assert goals["goal_id"].str.fullmatch(r"G\d{7}").all()
    assert tasks["task_id"].str.fullmatch(r"T\d{7}").all()
    assert goals["goal_id"].is_unique and tasks["task_id"].is_unique
    assert not goals["goal_id"].is_monotonic_increasing
    assert not tasks["task_id"].is_monotonic_increasing
    assert not goals["goal_id"].str.contains("C0").any()


def test_realistic_rows_are_in_the_order_they_were_made(kept):
    goals, tasks, progress = kept.frames()
    assert goals["start_date"].is_monotonic_increasing
    assert not goals["client"].is_monotonic_increasing  # clients interleave
    assert progress["date"].is_monotonic_increasing
    # tasks interleave across goals, each goal's tasks in their planned order
    assert (tasks["goal_id"] != tasks["goal_id"].shift()).sum() > tasks["goal_id"].nunique()
    assert tasks.groupby("goal_id", sort=False)["due_date"].apply(
        lambda s: s.is_monotonic_increasing).all()
    # a goal's first task is planned when the goal starts
    first = tasks.drop_duplicates("goal_id")["goal_id"]
    assert first.map(goals.set_index("goal_id")["start_date"]).is_monotonic_increasing


def test_realistic_is_deterministic_and_round_trips(kept, tmp_path):
    assert quietly(200, 3, order="realistic").equals(kept)
    assert not demo.generate(20, 4, order="realistic").equals(
        demo.generate(20, 5, order="realistic"))
    demo.write(tmp_path / "kept", 200, 3, order="realistic")
    with warnings.catch_warnings():
        warnings.simplefilter("error", CareerDataWarning)
        assert careerkit.load(tmp_path / "kept").equals(kept)


def rename_to_sorted(kept, caseload):
    """Maps of the realistic caseload's goal and task ids to the sorted one's."""
    def keyed(goals):
        return goals.set_index(["client", "title"])["goal_id"]

    goal_map = pd.Series(keyed(caseload.goals).reindex(keyed(kept.goals).index).to_numpy(),
                         index=keyed(kept.goals).to_numpy())
    assert goal_map.notna().all() and goal_map.is_unique

    def task_keys(data, goals_as):
        tasks = data.tasks
        return pd.MultiIndex.from_arrays([goals_as(tasks["goal_id"]), tasks["title"],
                                          tasks["due_date"]])

    sorted_tasks = pd.Series(caseload.tasks["task_id"].to_numpy(),
                             index=task_keys(caseload, lambda s: s))
    task_map = pd.Series(
        sorted_tasks.reindex(task_keys(kept, lambda s: s.map(goal_map))).to_numpy(),
        index=kept.tasks["task_id"].to_numpy())
    assert task_map.notna().all() and task_map.is_unique
    return goal_map, task_map


def test_realistic_has_the_same_content(kept, caseload):
    goal_map, task_map = rename_to_sorted(kept, caseload)
    assert len(kept.goals) == len(caseload.goals)
    assert len(kept.tasks) == len(caseload.tasks)
    assert len(kept.progress) == len(caseload.progress)
    assert careerkit.default_as_of(kept) == careerkit.default_as_of(caseload)

    def same(realistic, tidy, by):
        realistic = realistic.sort_values(by, kind="stable").reset_index(drop=True)
        tidy = tidy.sort_values(by, kind="stable").reset_index(drop=True)
        pd.testing.assert_frame_equal(realistic, tidy)

    goals = kept.goals.assign(goal_id=kept.goals["goal_id"].map(goal_map))
    same(goals, caseload.goals, ["goal_id"])
    tasks = kept.tasks.assign(task_id=kept.tasks["task_id"].map(task_map),
                              goal_id=kept.tasks["goal_id"].map(goal_map))
    same(tasks, caseload.tasks, ["task_id"])
    progress = kept.progress.assign(goal_id=kept.progress["goal_id"].map(goal_map),
                                    task_id=kept.progress["task_id"].map(task_map))
    # same check-ins, and each goal's check-ins in the same order
    pd.testing.assert_frame_equal(
        progress.sort_values(["goal_id", "date"], kind="stable").reset_index(drop=True),
        caseload.progress.sort_values(["goal_id", "date"], kind="stable")
        .reset_index(drop=True))


def test_realistic_metrics_are_the_same(kept, caseload):
    goal_map, task_map = rename_to_sorted(kept, caseload)

    status = careerkit.goal_status(kept)
    status.index = status.index.map(goal_map)
    status.index.name = "goal_id"
    pd.testing.assert_frame_equal(status.sort_index(), careerkit.goal_status(caseload),
                                  check_index_type=False)
    assert {"stalled", "at_risk", "on_track", "overdue"} <= set(status["state"])

    tasks = careerkit.task_status(kept)
    tasks.index = tasks.index.map(task_map)
    tasks.index.name = "task_id"
    tasks["goal_id"] = tasks["goal_id"].map(goal_map).astype(tasks["goal_id"].dtype)
    pd.testing.assert_frame_equal(tasks.sort_index(), careerkit.task_status(caseload),
                                  check_index_type=False)

    pd.testing.assert_frame_equal(careerkit.completion_rates(kept),
                                  careerkit.completion_rates(caseload))

    history = careerkit.target_history(kept)
    history["goal_id"] = history["goal_id"].map(goal_map).astype(history["goal_id"].dtype)
    history["task_id"] = history["task_id"].map(task_map).astype(history["task_id"].dtype)
    columns = ["goal_id", "task_id", "date", "target"]
    pd.testing.assert_frame_equal(
        history.sort_values(columns, na_position="first").reset_index(drop=True),
        careerkit.target_history(caseload).sort_values(columns, na_position="first")
        .reset_index(drop=True))


def test_realistic_archetypes_by_client_name(kept):
    status = careerkit.goal_status(kept).set_index(["client", "title"])
    assert careerkit.default_as_of(kept) == LAST_DAY
    assert "stalled" in set(status.loc["Łukasz Wiśniewski", "state"])
    assert "dropped" in set(status.loc["Amara Okonkwo", "state"])
    assert "on_hold" in set(status.loc["Mei-Ling Tsai", "state"])
    future = kept.goals[kept.goals["client"] == "Tomás Ó Súilleabháin"]["start_date"].max()
    assert future == LAST_DAY + pd.Timedelta(days=1)


def test_cli_demo_order(tmp_path, capsys):
    from careerkit import cli

    assert cli.main(["demo", str(tmp_path / "kept"), "--clients", "12", "--seed", "4",
                     "--order", "realistic"]) == 0
    assert "wrote" in capsys.readouterr().out
    assert careerkit.load(tmp_path / "kept").equals(demo.generate(12, 4, order="realistic"))
