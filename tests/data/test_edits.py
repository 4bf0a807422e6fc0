"""careerkit.data.edits: check-ins, completions, goals with their tasks, whole tables.

A small caseload, by hand: G1 (Ana, from 2025-01-01, tasks T1 and T2, one check-in about
T1), G2 (Bo, from 2025-03-01, no tasks).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from helpers import checkin, goal, make_data, task

import careerkit
from careerkit.data import edits
from careerkit.data.schema import Rule


@pytest.fixture
def data():
    return make_data(
        [goal("G1", "Ana", target="2025-06-30"), goal("G2", "Bo", start="2025-03-01",
                                                       target="2025-09-30")],
        [task("T1", "G1", due="2025-02-01"), task("T2", "G1", due="2025-04-01", weight=2)],
        [checkin("2025-02-03", "G1", task_id="T1", note="T1 underway")],
    )


def _frames(data):
    return [frame.copy() for frame in data.frames()]


def _unchanged(data, before):
    for frame, copy in zip(data.frames(), before, strict=True):
        pd.testing.assert_frame_equal(frame, copy)


def _rules(error) -> list:
    return error.value.problems[["file", "line", "column", "rule"]].astype(object).values.tolist()


# --- record_checkin ----------------------------------------------------------------------

def test_record_checkin_appends_one_typed_row(data):
    before = _frames(data)
    new = edits.record_checkin(data, "G2", " 2025-03-10 ", percent_complete="45%",
                               revised_target_date="31.10.2025", note="Slow start",
                               reason="capacity")
    _unchanged(data, before)
    pd.testing.assert_frame_equal(new.progress.iloc[:-1], data.progress)
    expected = pd.DataFrame({
        "date": [pd.Timestamp("2025-03-10")], "goal_id": ["G2"], "task_id": [None],
        "percent_complete": [45.0], "revised_target_date": [pd.Timestamp("2025-10-31")],
        "note": ["Slow start"], "reason": ["capacity"],
    }, index=[1]).astype(data.progress.dtypes.to_dict())
    pd.testing.assert_frame_equal(new.progress.iloc[-1:], expected)
    assert new.goals is data.goals and new.tasks is data.tasks


def test_record_checkin_about_a_task(data):
    new = data.record_checkin("G1", "2025-02-20", task_id="T2", revised_target_date="2025-05-01")
    last = new.progress.iloc[-1]
    assert (last["goal_id"], last["task_id"]) == ("G1", "T2")
    assert last["revised_target_date"] == pd.Timestamp("2025-05-01")
    status = careerkit.task_status(new, as_of="2025-02-20")
    assert status.loc["T2", "current_due"] == pd.Timestamp("2025-05-01")


def test_record_checkin_keeps_the_folder_and_saves(sample_folder):
    data = careerkit.load(sample_folder)
    new = data.record_checkin("C00006-G1", "2026-07-06", percent_complete=80)
    assert new.folder == data.folder and new.changed_on_disk() == []
    new.save()
    again = careerkit.load(sample_folder)
    assert again.equals(new)
    assert len(again.progress) == len(data.progress) + 1


def test_record_checkin_refuses_bad_cells_with_rule_codes(data):
    before = _frames(data)
    with pytest.raises(careerkit.CareerDataError) as error:
        edits.record_checkin(data, "G1", "2025-02-30", percent_complete="lots")
    assert sorted(_rules(error)) == [
        ["progress", 2, "date", Rule.NOT_A_REAL_DATE],
        ["progress", 2, "percent_complete", Rule.NOT_A_NUMBER],
    ]
    with pytest.raises(careerkit.CareerDataError) as error:
        edits.record_checkin(data, "G1", "2025-02-10", percent_complete=120)
    assert _rules(error) == [["progress", 2, "percent_complete", Rule.OUT_OF_RANGE]]
    with pytest.raises(careerkit.CareerDataError) as error:
        edits.record_checkin(data, "G1", " ")
    assert _rules(error) == [["progress", 2, "date", Rule.REQUIRED_VALUE]]
    _unchanged(data, before)


def test_a_checkin_before_its_goal_starts_is_refused(data):
    with pytest.raises(careerkit.CareerDataError) as error:
        edits.record_checkin(data, "G2", "2025-02-28", percent_complete=10)
    assert _rules(error) == [["progress", 2, "date", Rule.BEFORE_START]]
    problem = error.value.problems.iloc[0]
    assert problem["value"] == "2025-02-28" and "2025-03-01" in problem["expected"]
    on_the_day = edits.record_checkin(data, "G2", "2025-03-01", percent_complete=10)
    assert len(on_the_day.progress) == 2


def test_record_checkin_unknown_goal_or_foreign_task(data):
    with pytest.raises(ValueError, match="unknown goal_id 'G9'"):
        edits.record_checkin(data, "G9", "2025-03-10")
    with pytest.raises(ValueError, match="'T1' is not a task of goal 'G2'"):
        edits.record_checkin(data, "G2", "2025-03-10", task_id="T1")


def test_record_checkin_warns_of_odd_checkins_with_their_rule(data):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", careerkit.CareerDataWarning)
        edits.record_checkin(data, "G2", "2025-04-01", revised_target_date="2025-03-15")
    assert [w.message.rule for w in caught] == [Rule.REVISED_BEFORE_CHECKIN]


# --- completing --------------------------------------------------------------------------

def test_complete_goal(data):
    before = _frames(data)
    done = edits.complete_goal(data, "G2", "2025-05-02")
    _unchanged(data, before)
    expected = data.goals.copy()
    expected.loc[1, "completed_date"] = pd.Timestamp("2025-05-02")
    expected.loc[1, "status"] = "completed"
    pd.testing.assert_frame_equal(done.goals, expected)
    assert careerkit.goal_status(done, as_of="2025-05-02").loc["G2", "state"] == "completed"


def test_complete_goal_checks_the_day_and_warns_of_open_tasks(data):
    with pytest.raises(careerkit.CareerDataError) as error:
        edits.complete_goal(data, "G2", "2025-02-01")
    assert _rules(error) == [["goals", 2, "completed_date", Rule.BEFORE_START]]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", careerkit.CareerDataWarning)
        data.complete_goal("G1", "2025-05-02")
    assert [w.message.rule for w in caught] == [Rule.OPEN_TASK_ON_COMPLETED_GOAL]
    with pytest.raises(ValueError, match="unknown goal_id"):
        edits.complete_goal(data, "nope", "2025-05-02")


def test_complete_tasks(data):
    done = data.complete_tasks(["T2"], "2025-03-03")
    expected = data.tasks.copy()
    expected.loc[1, "completed_date"] = pd.Timestamp("2025-03-03")
    pd.testing.assert_frame_equal(done.tasks, expected)
    assert careerkit.goal_status(done, as_of="2025-03-03").loc["G1", "percent_complete"] == \
        pytest.approx(100 * 2 / 3)
    assert edits.complete_tasks(data, "T1", "2025-03-03").tasks["completed_date"].notna().sum() == 1
    assert edits.complete_tasks(data, [], "2025-03-03") is data
    with pytest.raises(ValueError, match="unknown task_id 'T9'"):
        edits.complete_tasks(data, ["T1", "T9"], "2025-03-03")
    with pytest.raises(careerkit.CareerDataError) as error:
        edits.complete_tasks(data, "T1", "soon")
    assert _rules(error) == [["tasks", 2, "completed_date", Rule.NOT_A_DATE]]


# --- goals with their tasks --------------------------------------------------------------

NEW_GOAL = {"goal_id": "G3", "client": "Cy", "title": "Speak at a meetup",
            "category": "network", "start_date": "2025-04-01", "target_date": "2025-07-31"}


def test_put_goal_appends_a_new_goal_and_names_its_tasks(data):
    new = data.put_goal(NEW_GOAL, [{"title": "Pick a topic", "due_date": "2025-04-15"},
                                   {"title": "Submit", "due_date": "2025-05-15", "weight": 2}])
    pd.testing.assert_frame_equal(new.goals.iloc[:2], data.goals)
    expected = pd.DataFrame({
        "goal_id": ["G3"], "client": ["Cy"], "title": ["Speak at a meetup"],
        "start_date": [pd.Timestamp("2025-04-01")], "target_date": [pd.Timestamp("2025-07-31")],
        "completed_date": [pd.NaT], "status": ["active"], "category": ["network"],
    }, index=[2])[data.goals.columns].astype(data.goals.dtypes.to_dict())
    pd.testing.assert_frame_equal(new.goals.iloc[2:], expected)
    assert new.tasks["task_id"].tolist() == ["T1", "T2", "G3-T1", "G3-T2"]
    weights = new.tasks["weight"].to_numpy()[2:]
    assert np.isnan(weights[0]) and weights[1] == 2.0  # a blank weight stays blank
    pd.testing.assert_frame_equal(new.progress, data.progress)


def test_put_goal_replaces_in_place_keeping_file_order(data):
    tasks = [{"task_id": "T1", "title": "Renamed", "due_date": "2025-02-01",
              "completed_date": "2025-02-05"}, {"title": "New step", "due_date": "2025-05-01"}]
    new = data.put_goal({"title": "A better title"}, tasks, replacing="G1")
    assert new.goals["goal_id"].tolist() == ["G1", "G2"]
    assert new.goals.loc[0, "title"] == "A better title"
    assert new.goals.loc[0, "client"] == "Ana"  # kept from the goal it replaces
    assert new.tasks["task_id"].tolist() == ["T1", "G1-T1"]  # T2 removed
    assert new.tasks.loc[0, "completed_date"] == pd.Timestamp("2025-02-05")


def test_put_goal_reports_every_problem_at_once(data):
    before = _frames(data)
    bad = {**NEW_GOAL, "goal_id": "G2", "target_date": "2025-03-01"}
    with pytest.raises(careerkit.CareerDataError) as error:
        edits.put_goal(data, bad, [{"task_id": "T1", "title": "", "due_date": "2025-05-01"}])
    assert sorted(_rules(error), key=str) == sorted([
        ["goals", 2, "target_date", Rule.BEFORE_START],
        ["goals", 2, "goal_id", Rule.DUPLICATE_ID],
        ["tasks", 2, "title", Rule.REQUIRED_VALUE],
        ["tasks", 2, "task_id", Rule.DUPLICATE_ID],
    ], key=str)
    _unchanged(data, before)


def test_put_goal_keeps_tasks_that_checkins_are_about(data):
    with pytest.raises(careerkit.CareerDataError) as error:
        edits.put_goal(data, {}, [], replacing="G1")  # T1 has a check-in
    assert _rules(error) == [["progress", 2, "task_id", Rule.UNKNOWN_TASK]]
    with pytest.raises(ValueError, match="unknown goal_id"):
        edits.checked_goal(data, NEW_GOAL, replacing="G9")


def test_checked_goal_is_the_goal_alone(data):
    checked = edits.checked_goal(data, NEW_GOAL, [{"title": "Pick", "due_date": "2025-04-15"}])
    assert checked.goals["goal_id"].tolist() == ["G3"] and len(checked.tasks) == 1
    assert checked.folder is None


# --- replace_table -----------------------------------------------------------------------

def test_replace_table(data):
    fewer = edits.replace_table(data, "tasks", data.tasks.iloc[:1])
    pd.testing.assert_frame_equal(fewer.tasks, data.tasks.iloc[:1])
    assert fewer.goals is data.goals
    orphan = data.progress.assign(goal_id="G9")
    with pytest.raises(careerkit.CareerDataError) as error:
        data.replace_table("progress", orphan)
    assert _rules(error) == [["progress", 2, "goal_id", Rule.UNKNOWN_GOAL],
                             ["progress", 2, "task_id", Rule.TASK_OF_OTHER_GOAL]]
    with pytest.raises(ValueError, match="must be one of"):
        edits.replace_table(data, "notes", data.progress)


def test_new_task_ids_skip_those_taken_by_any_task():
    # G2's tasks happen to be named like G1's would be
    data = make_data([goal("G1"), goal("G2")], [task("G1-T1", "G2"), task("G1-T3", "G2")])
    steps = [{"title": t, "due_date": "2025-02-01"} for t in "abc"]
    new = edits.put_goal(data, {}, steps, replacing="G1")
    assert new.tasks["task_id"].tolist() == ["G1-T1", "G1-T3", "G1-T2", "G1-T4", "G1-T5"]
    assert new.tasks["goal_id"].tolist() == ["G2", "G2", "G1", "G1", "G1"]


def test_put_goal_renamed_keeps_its_place_and_takes_its_tasks_and_checkins(data):
    before = _frames(data)
    tasks = data.tasks.loc[data.tasks["goal_id"] == "G1"]
    new = edits.put_goal(data, {"goal_id": "G9"}, tasks, replacing="G1")
    assert new.goals["goal_id"].tolist() == ["G9", "G2"]
    assert new.tasks[["task_id", "goal_id"]].values.tolist() == [["T1", "G9"], ["T2", "G9"]]
    assert new.progress[["goal_id", "task_id"]].values.tolist() == [["G9", "T1"]]
    assert new.progress.dtypes.equals(data.progress.dtypes)
    _unchanged(data, before)
    with pytest.raises(careerkit.CareerDataError) as error:
        edits.put_goal(data, {"goal_id": "G2"}, tasks, replacing="G1")
    assert _rules(error) == [["goals", 2, "goal_id", Rule.DUPLICATE_ID]]


# --- a goal's status and its check-ins ---------------------------------------------------

def test_set_goal_status_pauses_resumes_and_drops_with_a_dated_note(data):
    before = _frames(data)
    paused = edits.set_goal_status(data, "G2", "on_hold", "2025-03-10", note=" visa ")
    assert paused.goals["status"].tolist() == ["active", "on_hold"]
    last = paused.progress.iloc[-1]
    assert (last["date"], last["goal_id"], last["note"]) == (
        pd.Timestamp("2025-03-10"), "G2", "paused 2025-03-10: visa")
    assert pd.isna(last["percent_complete"]) and pd.isna(last["revised_target_date"])
    assert len(paused.progress) == len(data.progress) + 1
    resumed = edits.set_goal_status(paused, "G2", "active", "2025-04-01")
    assert resumed.goals["status"].tolist() == ["active", "active"]
    assert resumed.progress["note"].iloc[-1] == "resumed 2025-04-01"
    dropped = edits.set_goal_status(resumed, "G1", "dropped", "2025-04-02")
    assert dropped.goals["status"].tolist() == ["dropped", "active"]
    assert dropped.progress["note"].tolist()[-1] == "dropped 2025-04-02"
    _unchanged(data, before)


def test_set_goal_status_refuses_what_cannot_be(data):
    with pytest.raises(ValueError, match="already active"):
        edits.set_goal_status(data, "G1", "active", "2025-03-10")
    with pytest.raises(ValueError, match="status must be one of"):
        edits.set_goal_status(data, "G1", "completed", "2025-03-10")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", careerkit.CareerDataWarning)  # open tasks
        done = data.complete_goal("G1", "2025-03-01")
    with pytest.raises(ValueError, match="is completed"):
        edits.set_goal_status(done, "G1", "on_hold", "2025-03-10")
    with pytest.raises(careerkit.CareerDataError) as error:
        edits.set_goal_status(data, "G2", "on_hold", "2025-02-01")  # G2 starts 2025-03-01
    assert _rules(error) == [["progress", 2, "date", Rule.BEFORE_START]]


def test_correct_checkin_changes_one_row_in_place(data):
    two = data.record_checkin("G2", "2025-03-05", percent_complete=10, note="first")
    fixed = edits.correct_checkin(two, 1, percent_complete="15%", note=" ", date="2025-03-06")
    assert len(fixed.progress) == 2 and fixed.progress.dtypes.equals(two.progress.dtypes)
    pd.testing.assert_series_equal(fixed.progress.iloc[0], two.progress.iloc[0])
    row = fixed.progress.iloc[1]
    assert (row["date"], row["goal_id"], row["percent_complete"]) == (
        pd.Timestamp("2025-03-06"), "G2", 15.0)
    assert pd.isna(row["note"])  # blank text empties the cell
    with pytest.raises(careerkit.CareerDataError) as error:
        edits.correct_checkin(two, 1, date="2025-02-01", percent_complete="lots")
    assert sorted(_rules(error)) == [["progress", 2, "percent_complete", Rule.NOT_A_NUMBER]]
    with pytest.raises(careerkit.CareerDataError) as error:
        edits.correct_checkin(two, 1, date="2025-02-01")
    assert _rules(error) == [["progress", 2, "date", Rule.BEFORE_START]]
    with pytest.raises(ValueError, match="no check-in at row 2"):
        edits.correct_checkin(two, 2, note="x")
    with pytest.raises(ValueError, match="cannot correct 'goal_id'"):
        edits.correct_checkin(two, 0, goal_id="G2")


def test_a_correction_dated_before_its_goal_starts_is_refused_like_a_new_checkin(data):
    two = data.record_checkin("G2", "2025-03-05", percent_complete=10)
    with pytest.raises(careerkit.CareerDataError) as error:
        edits.correct_checkin(two, 1, date="2025-02-28")
    assert _rules(error) == [["progress", 2, "date", Rule.BEFORE_START]]
    problem = error.value.problems.iloc[0]
    assert problem["value"] == "2025-02-28"  # as typed
    assert problem["expected"] == ("a date on or after start_date 2025-03-01 "
                                   "(the goal starts then)")
    with pytest.raises(careerkit.CareerDataError) as error:
        edits.correct_checkin(two, 1, date=pd.Timestamp("2025-02-27"))
    assert error.value.problems.iloc[0]["value"] == "2025-02-27"  # a value, written out
    on_the_day = edits.correct_checkin(two, 1, date="2025-03-01")
    assert on_the_day.progress["date"].iloc[1] == pd.Timestamp("2025-03-01")


def test_remove_checkin_keeps_the_others_in_order(data):
    three = data.record_checkin("G2", "2025-03-05", note="a").record_checkin(
        "G1", "2025-03-06", note="b")
    fewer = edits.remove_checkin(three, 1)
    assert fewer.progress["note"].tolist() == ["T1 underway", "b"]
    assert fewer.progress.dtypes.equals(three.progress.dtypes)
    assert fewer.folder == three.folder
    with pytest.raises(ValueError, match="no check-in at row -1"):
        edits.remove_checkin(three, -1)


# --- dates typed day/month or month/day: read in the data's own order -------------------

def test_typed_dates_are_read_in_the_datas_day_month_order(data):
    assert data.dayfirst is None
    with pytest.raises(careerkit.CareerDataError) as refused:  # no order known: ambiguous
        data.record_checkin("G1", "11/02/2025")
    assert refused.value.problems["rule"].tolist() == [Rule.DAYFIRST_UNDECIDED]
    frames = data.frames()
    for dayfirst, day in ((True, "2025-02-11"), (False, "2025-11-02")):
        ordered = careerkit.CareerData.from_frames(*frames, dayfirst=dayfirst)
        assert ordered.dayfirst is dayfirst
        new = ordered.record_checkin("G1", "11/02/2025", revised_target_date="2025-12-01")
        assert new.dayfirst is dayfirst  # kept by every edit
        assert new.progress["date"].iloc[-1] == pd.Timestamp(day)
        assert new.progress["revised_target_date"].iloc[-1] == pd.Timestamp("2025-12-01")
        fixed = edits.correct_checkin(ordered, 0, date="03/02/2025")
        assert fixed.progress["date"].iloc[0] == pd.Timestamp(
            "2025-02-03" if dayfirst else "2025-03-02")
        done = ordered.complete_tasks("T2", "01/04/2025")
        assert done.tasks.set_index("task_id").loc["T2", "completed_date"] == pd.Timestamp(
            "2025-04-01" if dayfirst else "2025-01-04")
    with pytest.raises(careerkit.CareerDataError):  # 02/13: no 13th month, day/month
        careerkit.CareerData.from_frames(*frames, dayfirst=True).record_checkin(
            "G1", "02/13/2025")


def test_dayfirst_is_kept_by_replace_copy_and_select(tmp_path):
    folder = tmp_path / "us"
    folder.mkdir()
    (folder / "goals.csv").write_text(
        "goal_id,client,title,start_date,target_date\nG1,Ana,New role,01/06/2025,12/31/2025\n"
        "G2,Bo,Speak,02/01/2025,03/01/2025\n")
    data = careerkit.load(folder)  # 12/31 decides it: month/day
    assert data.dayfirst is False
    assert careerkit.load(folder, dayfirst=False).dayfirst is False
    for part in (data.replace(progress=data.progress), data.copy(), data.select(clients="Bo"),
                 data.select(goals=["G1", "G2"])):
        assert part.dayfirst is False
    with pytest.raises(AttributeError):
        data.dayfirst = True
