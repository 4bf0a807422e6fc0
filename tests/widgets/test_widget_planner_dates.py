"""The Planner in a folder of day/month dates: dates typed as the folder writes them are read
in its order and saved in the file's own style; ISO still works (issue 10)."""

from __future__ import annotations

import pandas as pd
from widget_helpers import EU_GOALS_HEADER, EU_TASKS_HEADER, write_eu_folder

import careerkit
from careerkit.widgets import Planner

GOALS = EU_GOALS_HEADER + "G1;Jürgen Müller;Neue Stelle;06/01/2026;10/05/2026;;active\r\n"
TASKS = EU_TASKS_HEADER + "G1-T1;G1;Lebenslauf;02/03/2026;1;\r\n"


def test_a_new_goal_typed_day_month_in_an_eu_folder_is_saved_as_those_days(tmp_path):
    folder = write_eu_folder(tmp_path / "eu", GOALS, TASKS, dayfirst=True)  # all ambiguous
    planner = Planner(folder)
    planner.goal.value = ""
    for name, value in {"goal_id": "N1", "client": "Renée Faure", "title": "Zertifikat",
                        "start_date": "11/02/2026", "target_date": "2026-12-01"}.items():
        getattr(planner, name).value = value
    planner.add_task_button.click()
    (task,) = planner.tasks
    task.title.value, task.due_date.value = "Anmeldung", "03/04/2026"
    assert all(error.value == "" for error in planner.errors.values())
    planner.save_button.click()
    assert "Saved goal N1" in planner.message.value, planner.message.value
    assert (folder / "goals.csv").read_bytes() == GOALS.encode("cp1252") + (
        "N1;Renée Faure;Zertifikat;11/02/2026;01/12/2026;;active\r\n").encode("cp1252")
    assert (folder / "tasks.csv").read_bytes() == (
        TASKS.encode("cp1252") + b"N1-T1;N1;Anmeldung;03/04/2026;1;\r\n")
    after = careerkit.load(folder)
    goal = after.goals.set_index("goal_id").loc["N1"]
    assert goal["start_date"] == pd.Timestamp("2026-02-11")
    assert goal["target_date"] == pd.Timestamp("2026-12-01")
    assert after.tasks["due_date"].iloc[-1] == pd.Timestamp("2026-04-03")
