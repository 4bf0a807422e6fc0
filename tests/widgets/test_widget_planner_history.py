"""The Planner never loses a goal's history: a new target of a goal under way is a revision
(the first plan kept), re-planning the baseline is a separate choice, a renamed goal takes
its check-ins along, and every "shown beside" points at a message that is there.

The folder is a small Excel export with European settings (semicolons, cp1252, dd/mm/yyyy,
CRLF); the assertions are on the bytes written.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from widget_helpers import (
    EU_GOALS_HEADER,
    EU_PROGRESS_HEADER,
    EU_TASKS_HEADER,
    FILES,
    file_bytes,
    shown,
    write_eu_folder,
)

import careerkit
from careerkit.widgets import Planner

GOALS = EU_GOALS_HEADER + ("G1;Jürgen Müller;Neue Stelle finden;05/01/2026;28/02/2026;;active\r\n"
                           "G2;Renée Faure;Zertifikat;15/03/2026;30/06/2026;;active\r\n")
PROGRESS = EU_PROGRESS_HEADER + "01/02/2026;G1;;22,5;;Gespräch;\r\n"


@pytest.fixture
def folder(tmp_path) -> Path:
    return write_eu_folder(tmp_path / "eu", GOALS, EU_TASKS_HEADER, PROGRESS)


def _planner(folder, goal=None) -> Planner:
    """A Planner of the folder on 10/02/2026 (G1 under way, G2 not started), ``goal`` picked."""
    planner = Planner(folder, today="2026-02-10")
    if goal is not None:
        planner.goal.value = goal
    return planner


def _added(folder, before) -> bytes:
    """The bytes appended to progress.csv; the other files must be as they were."""
    after = file_bytes(folder)
    assert {n: after[n] for n in FILES[:2]} == {n: before[n] for n in FILES[:2]}
    assert after["progress.csv"].startswith(before["progress.csv"])
    return after["progress.csv"][len(before["progress.csv"]):]


def test_a_new_target_of_a_started_goal_is_a_revision_and_the_first_plan_stays(folder):
    before = file_bytes(folder)
    planner = _planner(folder, "G1")
    assert planner.target_date.value == "2026-02-28"
    assert shown(planner.target_note) and "First plan (baseline): 2026-02-28" in \
        planner.target_note.value
    assert shown(planner.rebaseline) and "drift is then measured from the new date" in \
        planner.rebaseline.description
    planner.target_date.value = "30/04/2026"
    planner.save_button.click()
    assert "Target revised to 2026-04-30" in planner.message.value, planner.message.value
    assert "the first plan, 2026-02-28, is kept" in planner.message.value
    assert _added(folder, before) == b"10/02/2026;G1;;;30/04/2026;;other\r\n"
    data = careerkit.load(folder)
    status = careerkit.goal_status(data, as_of="2026-02-10").loc["G1"]
    assert str(status["target_date"].date()) == "2026-02-28"
    assert status["revision_drift_days"] == 61  # 28/02 -> 30/04, measured from the first plan
    # the form now shows the current target; a reason picked goes with the next revision
    assert planner.target_date.value == "2026-04-30"
    assert "current target 2026-04-30 (revised)" in planner.target_note.value
    middle = file_bytes(folder)
    planner.target_date.value = "2026-05-31"
    planner.reason.value = "scope"
    planner.save_button.click()
    assert _added(folder, middle) == b"10/02/2026;G1;;;31/05/2026;;scope\r\n"
    # the current target typed again: nothing to record, nothing written
    same = file_bytes(folder)
    planner.save_button.click()
    assert "Saved goal G1" in planner.message.value and "revised" not in planner.message.value
    assert file_bytes(folder) == same


def test_the_goal_fields_stay_shown_whatever_goal_is_picked(folder):
    """Hiding the started-goal controls (reason, baseline choice) hides nothing else: the
    fields once shared one Layout with the reason, and a new goal showed no field at all."""
    planner = _planner(folder)
    fields = [planner.goal_id, planner.client, planner.title, planner.category,
              planner.start_date, planner.target_date]
    for goal in ("", "G1", ""):
        planner.goal.value = goal
        assert all(shown(field) for field in fields), goal
        assert shown(planner.reason) == (goal == "G1")


def test_replanning_the_baseline_is_a_separate_choice(folder):
    before = file_bytes(folder)
    planner = _planner(folder, "G1")
    planner.target_date.value = "2026-04-30"
    planner.rebaseline.value = True
    planner.save_button.click()
    after = file_bytes(folder)
    assert after["progress.csv"] == before["progress.csv"]  # no revision
    assert after["goals.csv"] == before["goals.csv"].replace(b";28/02/2026;", b";30/04/2026;")
    assert not planner.rebaseline.value  # the choice is not kept for the next edit


def test_a_goal_not_started_is_still_being_planned(folder):
    before = file_bytes(folder)
    planner = _planner(folder, "G2")  # starts 15/03/2026
    assert not shown(planner.rebaseline) and not shown(planner.reason)
    assert planner.target_note.value == ""
    planner.target_date.value = "2026-07-31"
    planner.save_button.click()
    after = file_bytes(folder)
    assert after["progress.csv"] == before["progress.csv"]
    assert after["goals.csv"] == before["goals.csv"].replace(b";30/06/2026;", b";31/07/2026;")


def test_a_revised_target_that_cannot_be_read_is_shown_beside_the_target(folder):
    before = file_bytes(folder)
    planner = _planner(folder, "G1")
    planner.target_date.value = "31/02/2026"
    assert "real calendar date" in planner.errors["target_date"].value
    planner.target_date.value = ""
    planner.save_button.click()
    assert "required" in planner.errors["target_date"].value
    assert "1 problem to fix, shown beside Target date" in planner.message.value
    assert file_bytes(folder) == before


def test_renaming_a_goal_shows_its_problem_beside_the_id_and_takes_its_checkins(folder):
    before = file_bytes(folder)
    planner = _planner(folder, "G1")
    planner.goal_id.value = "G2"
    planner.save_button.click()
    assert "1 problem to fix, shown beside Goal id." in planner.message.value
    assert "'G2': expected a goal id that is not taken" in \
        planner.errors["goal_id"].value.replace("&#x27;", "'")
    planner.goal_id.value = " "
    planner.save_button.click()
    assert "required" in planner.errors["goal_id"].value
    assert "shown beside Goal id" in planner.message.value
    assert file_bytes(folder) == before
    planner.goal_id.value = "G7"
    planner.save_button.click()
    assert "Saved goal G7" in planner.message.value, planner.message.value
    after = file_bytes(folder)
    assert after["goals.csv"] == before["goals.csv"].replace(b"\nG1;", b"\nG7;")  # in place
    assert after["progress.csv"] == before["progress.csv"].replace(b";G1;", b";G7;")
    assert planner.goal.value == "G7"
