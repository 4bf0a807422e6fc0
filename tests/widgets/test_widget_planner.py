"""The Planner, driven as a person would: type into its fields, click its buttons; the
assertions are on the messages it shows and the files it writes."""

from __future__ import annotations

import pandas as pd
from widget_helpers import classes, file_bytes, touch

import careerkit
from careerkit.widgets import Planner


def _new_goal(planner, **fields):
    values = {"goal_id": "N1", "client": "Ada Lovelace", "title": "Learn <the> piano",
              "category": "skills", "start_date": "2026-07-01", "target_date": "2026-12-31"}
    values.update(fields)
    planner.goal.value = ""
    for name, value in values.items():
        getattr(planner, name).value = value


def test_planner_shows_a_bad_date_beside_its_field_and_does_not_save(sample_folder):
    files = file_bytes(sample_folder)
    planner = Planner(sample_folder)
    _new_goal(planner, start_date="2026-13-45")
    error = planner.errors["start_date"].value
    assert "'2026-13-45': expected a real calendar date" in error and "order" not in error
    assert "ck-planner-error" in classes(planner.errors["start_date"])
    assert all(planner.errors[f].value == "" for f in ("goal_id", "client", "title"))
    assert planner.save_button.disabled
    planner.save_button.click()
    assert "Not saved" in planner.message.value
    assert file_bytes(sample_folder) == files
    planner.start_date.value = "1/7/2026"  # can't tell 1 July from 7 January
    assert "YYYY-MM-DD" in planner.errors["start_date"].value
    planner.start_date.value = "01.07.2026"  # dotted: day first
    assert planner.errors["start_date"].value == ""
    assert not planner.save_button.disabled


def test_planner_target_before_start_and_taken_id(sample_folder):
    planner = Planner(sample_folder)
    _new_goal(planner, target_date="2026-06-01")
    assert "on or after start_date 2026-07-01" in planner.errors["target_date"].value
    planner.target_date.value = "2026-12-31"
    assert planner.errors["target_date"].value == ""
    planner.goal_id.value = "C00001-G1"
    assert "not taken" in planner.errors["goal_id"].value
    assert planner.save_button.disabled


def test_planner_saves_a_new_goal_with_two_tasks(sample_folder):
    before = careerkit.load(sample_folder)
    planner = Planner(sample_folder)
    _new_goal(planner)
    planner.add_task_button.click()
    planner.add_task_button.click()
    first, second = planner.tasks
    first.title.value, first.due_date.value = "Find a teacher", "2026-08-01"
    second.title.value, second.due_date.value, second.weight.value = "First recital", \
        "15/12/2026", 2.0
    assert planner.errors["tasks"].value == ""
    planner.save_button.click()
    assert "Saved goal N1 with 2 tasks" in planner.message.value
    after = careerkit.load(sample_folder)
    goal = after.goals.set_index("goal_id").loc["N1"]
    assert goal["client"] == "Ada Lovelace" and goal["title"] == "Learn <the> piano"
    assert goal["target_date"] == pd.Timestamp("2026-12-31") and goal["status"] == "active"
    assert pd.isna(goal["coach"])
    tasks = after.tasks.loc[after.tasks["goal_id"] == "N1"]
    assert tasks["task_id"].tolist() == ["N1-T1", "N1-T2"]
    assert tasks["due_date"].tolist() == [pd.Timestamp("2026-08-01"), pd.Timestamp("2026-12-15")]
    assert tasks["weight"].tolist() == [1.0, 2.0]
    # everything else, the coach column included, is as it was; the widget holds what it saved
    pd.testing.assert_frame_equal(after.goals.iloc[:-1], before.goals)
    pd.testing.assert_frame_equal(after.tasks.iloc[:-2], before.tasks)
    assert after.equals(planner.data)
    assert planner.goal.value == "N1" and planner.goal_id.value == "N1"


def test_planner_edits_an_existing_goal_and_keeps_extra_columns(sample_folder):
    before = careerkit.load(sample_folder)
    planner = Planner(sample_folder)
    planner.goal.value = "C00001-G4"
    assert planner.title.value == "Transfer to the Berlin office"
    assert planner.start_date.value == "2025-10-27" and planner.goal_id.value == "C00001-G4"
    tasks = before.tasks.loc[before.tasks["goal_id"] == "C00001-G4"]
    assert [row.title.value for row in planner.tasks] == tasks["title"].tolist()
    planner.title.value = "Transfer to the Lisbon office"
    checked_in = set(before.progress["task_id"].dropna())
    (spare,) = [row for row in planner.tasks if row.task_id not in checked_in][-1:]
    spare.remove_button.click()
    assert len(planner.tasks) == len(tasks) - 1
    planner.save_button.click()
    assert "Saved goal C00001-G4" in planner.message.value, planner.message.value
    after = careerkit.load(sample_folder)
    goals = after.goals.set_index("goal_id")
    assert goals.loc["C00001-G4", "title"] == "Transfer to the Lisbon office"
    assert goals.loc["C00001-G4", "coach"] == "Marcus Hale"
    assert after.goals["goal_id"].tolist() == before.goals["goal_id"].tolist()  # file order
    kept = after.tasks.loc[after.tasks["goal_id"] == "C00001-G4"]
    pd.testing.assert_frame_equal(
        kept.reset_index(drop=True),
        tasks.loc[tasks["task_id"] != spare.task_id].reset_index(drop=True))
    pd.testing.assert_frame_equal(after.progress, before.progress)


def test_planner_refuses_to_remove_a_task_with_checkins(sample_folder):
    data = careerkit.load(sample_folder)
    about = data.progress.dropna(subset=["task_id"]).iloc[0]
    planner = Planner(sample_folder)
    planner.goal.value = about["goal_id"]
    for row in planner.tasks:
        if row.task_id == about["task_id"]:
            row.remove_button.click()
    assert planner.save_button.disabled
    planner.save_button.click()
    assert about["task_id"] in planner.message.value and "Not saved" in planner.message.value


def test_planner_required_fields_show_after_a_save_attempt(sample_folder):
    planner = Planner(sample_folder)
    assert planner.errors["goal_id"].value == ""  # an empty form is not shouted at
    planner.save_button.click()
    for name in ("goal_id", "client", "title", "start_date", "target_date"):
        assert "required" in planner.errors[name].value
    assert planner.errors["category"].value == ""


def test_planner_refuses_when_files_changed_on_disk_and_reloads(sample_folder):
    planner = Planner(sample_folder)
    _new_goal(planner)
    touch(sample_folder, "tasks.csv")
    files = file_bytes(sample_folder)
    planner.save_button.click()
    assert "tasks.csv changed" in planner.message.value
    assert file_bytes(sample_folder) == files
    assert planner.reload_button.layout.display != "none"
    assert "ck-planner-reload" in classes(planner.reload_button)
    planner.reload_button.click()
    assert planner.reload_button.layout.display == "none"
    assert planner.goal_id.value == "N1"  # the edits are kept
    planner.save_button.click()
    assert "Saved goal N1" in planner.message.value
    assert "N1" in set(careerkit.load(sample_folder).goals["goal_id"])


def test_planner_cssclasses(sample_folder):
    planner = Planner(sample_folder)
    for name in ("goal_id", "client", "title", "category", "start_date", "target_date"):
        assert f"ck-planner-{name.replace('_', '-')}" in classes(getattr(planner, name))
    assert "ck-planner" in classes(planner)
    assert "ck-planner-save" in classes(planner.save_button)
    assert "ck-planner-message" in classes(planner.message)
