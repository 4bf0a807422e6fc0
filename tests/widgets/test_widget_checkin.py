"""CheckIn, driven as a person would: pick, type, click; the assertions are on the preview
and messages it shows and the files it writes."""

from __future__ import annotations

import pandas as pd
from widget_helpers import TODAY, checkin_form, classes, file_bytes, touch

import careerkit
from careerkit.plotting import STATE_COLORS
from careerkit.widgets import CheckIn


def test_checkin_defaults_to_today_given_and_lists_open_goals(sample_folder):
    form = CheckIn(sample_folder, today=TODAY)
    assert form.date.value == "2026-07-06"
    assert CheckIn(sample_folder, today="2026-01-02").date.value == "2026-01-02"
    form.client.value = "Zoë Abernathy"  # G1, G5, G6 completed, G3 dropped: not listed
    assert [v for _, v in form.goal.options] == ["C00001-G2", "C00001-G4", "C00001-G7",
                                                 "C00001-G8"]
    assert dict(form.goal.options)["Book a proper two-week holiday"] == "C00001-G2"
    assert dict(form.goal.options)["Transfer to the Berlin office (on hold)"] == "C00001-G4"
    form.goal.value = "C00001-G7"
    assert [v for _, v in form.tasks_done.options] == ["C00001-G7-T4"]
    assert "ck-checkin" in classes(form)
    for name, css in [("client", "client"), ("goal", "goal"), ("date", "date"),
                      ("percent", "percent"), ("tasks_done", "tasks"),
                      ("revised_target", "revised"), ("reason", "reason"), ("note", "note"),
                      ("preview", "preview"), ("save_button", "save"),
                      ("complete_button", "complete"), ("message", "message")]:
        assert f"ck-checkin-{css}" in classes(getattr(form, name))


def test_checkin_typed_fields_reach_python_when_left_not_per_keystroke(sample_folder):
    # Per-keystroke syncs raced the preview in the app: "55" was saved as 5.
    form = CheckIn(sample_folder, today=TODAY)
    typed = [form.date, form.percent, form.revised_target, form.note, form.fix_date,
             form.fix_percent, form.fix_note]
    assert [field.continuous_update for field in typed] == [False] * len(typed)


def test_checkin_preview_shows_the_new_state_and_forecast(sample_folder):
    form = checkin_form(sample_folder)
    form.percent.value = "90%"
    form.revised_target.value = "2026-10-31"
    data = careerkit.load(sample_folder)
    row = pd.DataFrame({"date": ["2026-07-06"], "goal_id": ["C00006-G1"],
                        "percent_complete": [90.0], "revised_target_date": ["2026-10-31"]})
    expected = careerkit.CareerData.from_frames(
        data.goals, data.tasks, pd.concat([data.progress.astype(object), row]))
    after = careerkit.goal_status(expected, as_of="2026-07-06").loc["C00006-G1"]
    before = careerkit.goal_status(data, as_of="2026-07-06").loc["C00006-G1"]
    preview = form.preview.value
    assert after["forecast_date"].strftime("%Y-%m-%d") in preview
    assert before["forecast_date"].strftime("%Y-%m-%d") in preview
    assert after["state"].replace("_", " ") in preview and "90%" in preview
    assert "2026-10-31" in preview
    assert STATE_COLORS[after["state"]] in preview
    assert form.message.value == ""


def test_checkin_save_appends_exactly_one_row_and_marks_tasks_done(sample_folder):
    before = careerkit.load(sample_folder)
    form = checkin_form(sample_folder, "Amara Okonkwo", "C00004-G4")
    form.tasks_done.value = ("C00004-G4-T3",)
    form.revised_target.value = "2027-02-01"
    form.reason.value = "capacity"
    form.note.value = 'New job, "busy" month'
    form.save_button.click()
    assert "Saved the check-in of 2026-07-06" in form.message.value, form.message.value
    after = careerkit.load(sample_folder)
    assert len(after.progress) == len(before.progress) + 1
    pd.testing.assert_frame_equal(after.progress.iloc[:-1], before.progress)
    last = after.progress.iloc[-1]
    assert last["date"] == pd.Timestamp("2026-07-06") and last["goal_id"] == "C00004-G4"
    assert pd.isna(last["task_id"]) and pd.isna(last["percent_complete"])
    assert last["revised_target_date"] == pd.Timestamp("2027-02-01")
    assert last["reason"] == "capacity" and last["note"] == 'New job, "busy" month'
    tasks = after.tasks.set_index("task_id")
    assert tasks.loc["C00004-G4-T3", "completed_date"] == pd.Timestamp("2026-07-06")
    assert pd.isna(tasks.loc["C00004-G4-T4", "completed_date"])
    assert after.equals(form.data)
    # the form is ready for the next one: the done task is no longer offered
    assert [v for _, v in form.tasks_done.options] == ["C00004-G4-T4"]
    assert form.note.value == "" and form.complete_button.layout.display == "none"


def test_checkin_at_100_percent_offers_to_complete_the_goal(sample_folder):
    form = checkin_form(sample_folder)
    form.percent.value = "100"
    assert form.complete_button.layout.display == "none"
    form.save_button.click()
    assert form.complete_button.layout.display != "none"
    form.note.value = "typing on does not lose the offer"
    form.complete_button.click()
    assert "Goal C00006-G1 completed on 2026-07-06" in form.message.value
    goal = careerkit.load(sample_folder).goals.set_index("goal_id").loc["C00006-G1"]
    assert goal["status"] == "completed"
    assert goal["completed_date"] == pd.Timestamp("2026-07-06")
    assert "C00006-G1" not in [v for _, v in form.goal.options]
    assert form.complete_button.layout.display == "none"


def test_checkin_marking_the_last_task_done_offers_to_complete(sample_folder):
    form = checkin_form(sample_folder, "Zoë Abernathy", "C00001-G7")
    form.tasks_done.value = ("C00001-G7-T4",)
    assert "100%" in form.preview.value
    form.save_button.click()
    assert form.complete_button.layout.display != "none"


def test_checkin_bad_input_shows_a_message_and_writes_nothing(sample_folder):
    files = file_bytes(sample_folder)
    form = checkin_form(sample_folder)
    form.date.value = "2026-02-30"
    assert "2026-02-30" in form.message.value and "real calendar date" in form.message.value
    form.save_button.click()
    assert "Not saved" in form.message.value
    form.date.value = "2026-07-06"
    form.percent.value = "lots"
    assert "percent: &#x27;lots&#x27;" in form.message.value or "'lots'" in form.message.value
    form.percent.value = "120"
    assert "0 to 100" in form.message.value
    form.save_button.click()
    assert file_bytes(sample_folder) == files


def test_checkin_refuses_when_files_changed_on_disk(sample_folder):
    form = checkin_form(sample_folder)
    form.percent.value = "80"
    touch(sample_folder, "progress.csv")
    files = file_bytes(sample_folder)
    form.save_button.click()
    assert "progress.csv changed" in form.message.value
    assert file_bytes(sample_folder) == files
    form.reload_button.click()
    form.save_button.click()
    assert "Saved" in form.message.value


# --- goals that start after the check-in day (once a KeyError) ------------------------------

def test_checkin_lists_a_goal_not_started_as_planned_and_refuses_a_date_before_its_start(
        future_goals_folder):
    files = file_bytes(future_goals_folder)
    form = CheckIn(future_goals_folder, today="2026-06-30")  # the folder's default as_of
    assert dict(form.goal.options) == {"Land a data role": "G1",
                                       "Speak at a meetup (planned: starts 2026-07-20)": "G2"}
    form.client.value = "Bo Chen"  # whose only open goal, G4, starts on 2026-08-03
    assert form.goal.options == (("Negotiate a raise (planned: starts 2026-08-03)", "G4"),)
    assert form.goal.value == "G4"
    assert "Something went wrong" not in form.message.value
    date_error = form.errors["date"].value
    assert "'2026-06-30': expected a date on or after start_date 2026-08-03" in date_error
    assert "ck-checkin-error-date" in classes(form.errors["date"])
    assert "preview shows once" in form.preview.value
    form.percent.value = "10"
    form.save_button.click()
    assert "Not saved" in form.message.value and "2026-08-03" in form.message.value
    assert file_bytes(future_goals_folder) == files
    # dated on its start: the preview and the save work
    form.date.value = "2026-08-03"
    assert form.errors["date"].value == ""
    assert "without this check-in" in form.preview.value
    assert "the percent is recorded but not used" in form.preview.value  # G4 counts tasks
    form.save_button.click()
    assert "Saved the check-in of 2026-08-03" in form.message.value, form.message.value
    last = careerkit.load(future_goals_folder).progress.iloc[-1]
    assert (last["goal_id"], last["date"]) == ("G4", pd.Timestamp("2026-08-03"))


def test_checkin_on_a_planned_goal_picked_second(future_goals_folder):
    form = CheckIn(future_goals_folder, today="2026-07-01")
    form.goal.value = "G2"
    assert "start_date 2026-07-20" in form.errors["date"].value
    form.goal.value = "G1"
    assert form.errors["date"].value == "" and form.message.value == ""
    assert "without this check-in" in form.preview.value
