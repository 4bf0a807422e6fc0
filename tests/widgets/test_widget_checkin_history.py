"""CheckIn keeps a goal's history: pause, resume and drop it with a dated note, list its
check-ins, correct or remove a wrong one (after a backup of progress.csv), and preview the
chance of finishing by the target before and after a check-in.

The folder is a small Excel export with European settings (semicolons, cp1252, dd/mm/yyyy,
CRLF); the assertions are on the bytes written.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from widget_helpers import TODAY, checkin_form, file_bytes, shown, touch

import careerkit
from careerkit.formatting import percent_text
from careerkit.widgets import CheckIn

GOALS = ("Goal ID;Client;Title;Start Date;Target Date;Completed Date;Status\r\n"
         "G1;Jürgen Müller;Neue Stelle finden;05/01/2026;28/02/2026;;active\r\n"
         "G2;Jürgen Müller;Zertifikat;15/01/2026;30/06/2026;;on_hold\r\n")
PROGRESS = ("Date;Goal ID;Task ID;Percent Complete;Revised Target Date;Note;Reason\r\n"
            "01/02/2026;G1;;22,5;;Gespräch;\r\n"
            "08/02/2026;G1;;30;;;\r\n")


@pytest.fixture
def folder(tmp_path) -> Path:
    folder = tmp_path / "eu"
    folder.mkdir()
    (folder / "goals.csv").write_bytes(GOALS.encode("cp1252"))
    (folder / "tasks.csv").write_bytes(b"Task ID;Goal ID;Title;Due Date;Weight;Completed Date\r\n")
    (folder / "progress.csv").write_bytes(PROGRESS.encode("cp1252"))
    return folder


def _form(folder, goal="G1"):
    form = CheckIn(folder, today="2026-02-10")
    form.goal.value = goal
    return form


def test_on_hold_goals_are_listed_and_can_be_resumed_paused_and_dropped(folder):
    before = file_bytes(folder)
    form = _form(folder, "G2")
    assert form.goal.options == (("Neue Stelle finden", "G1"), ("Zertifikat (on hold)", "G2"))
    assert shown(form.resume_button) and not shown(form.pause_button)
    form.resume_button.click()
    assert "“Zertifikat” is active again from 2026-02-10" in form.message.value
    after = file_bytes(folder)
    assert after["goals.csv"] == before["goals.csv"].replace(b";on_hold\r\n", b";active\r\n")
    assert after["progress.csv"] == before["progress.csv"] + \
        b"10/02/2026;G2;;;;resumed 2026-02-10;\r\n"
    assert after["tasks.csv"] == before["tasks.csv"]
    # pause G1 with a reason typed in the note, on another day
    form.goal.value = "G1"
    assert shown(form.pause_button) and shown(form.drop_button) and not shown(form.resume_button)
    form.date.value = "2026-02-11"
    form.note.value = "Visum beantragt"
    form.pause_button.click()
    assert "paused 2026-02-11: Visum beantragt" in form.message.value
    assert file_bytes(folder)["progress.csv"] == after["progress.csv"] + \
        b"11/02/2026;G1;;;;paused 2026-02-11: Visum beantragt;\r\n"
    assert dict(form.goal.options)["Neue Stelle finden (on hold)"] == "G1"
    assert form.note.value == ""
    form.drop_button.click()
    assert [v for _, v in form.goal.options] == ["G2"]  # a dropped goal is no longer listed
    goals = careerkit.load(folder).goals.set_index("goal_id")["status"]
    assert goals.to_dict() == {"G1": "dropped", "G2": "active"}
    assert careerkit.load(folder).progress["note"].iloc[-1] == "dropped 2026-02-11"


def test_a_status_change_dated_before_the_start_is_refused(folder):
    before = file_bytes(folder)
    form = _form(folder)
    form.date.value = "2026-01-01"
    form.drop_button.click()
    assert "Not dropped" in form.message.value and "start_date 2026-01-05" in form.message.value
    assert file_bytes(folder) == before


def test_a_wrong_checkin_is_corrected_in_place_after_a_backup(folder):
    before = file_bytes(folder)
    form = _form(folder)
    assert [label for label, _ in form.checkins.options] == ["2026-02-01 · 22.5% · Gespräch",
                                                             "2026-02-08 · 30%"]
    assert form.correct_button.disabled  # nothing picked yet
    form.checkins.value = 0
    assert (form.fix_date.value, form.fix_percent.value, form.fix_note.value) == (
        "2026-02-01", "22.5", "Gespräch")
    form.fix_percent.value = "25"
    form.fix_note.value = "Gespräch mit Frau Müller"
    form.correct_button.click()
    assert "Corrected the check-in “2026-02-01 · 22.5% · Gespräch”" in form.message.value
    assert "kept as progress.orig.csv" in form.message.value
    after = file_bytes(folder)
    assert after["progress.csv"] == before["progress.csv"].replace(
        "01/02/2026;G1;;22,5;;Gespräch;".encode("cp1252"),
        "01/02/2026;G1;;25;;Gespräch mit Frau Müller;".encode("cp1252"))
    assert (folder / "progress.orig.csv").read_bytes() == before["progress.csv"]
    assert after["goals.csv"] == before["goals.csv"]
    assert form.checkins.value == 0 and form.fix_percent.value == "25"  # still picked


def test_a_bad_correction_is_shown_beside_it_and_writes_nothing(folder):
    before = file_bytes(folder)
    form = _form(folder)
    form.checkins.value = 1
    form.fix_date.value = "2025-12-31"
    form.correct_button.click()
    assert "on or after start_date 2026-01-05" in form.fix_errors.value
    assert "Not corrected" in form.message.value
    assert file_bytes(folder) == before and not (folder / "progress.orig.csv").exists()


def test_a_wrong_checkin_is_removed_after_a_backup(folder):
    before = file_bytes(folder)
    form = _form(folder)
    form.checkins.value = 1
    form.remove_button.click()
    assert "Removed the check-in “2026-02-08 · 30%”" in form.message.value
    assert file_bytes(folder)["progress.csv"] == before["progress.csv"].replace(
        b"08/02/2026;G1;;30;;;\r\n", b"")
    assert (folder / "progress.orig.csv").read_bytes() == before["progress.csv"]
    assert [label for label, _ in form.checkins.options] == ["2026-02-01 · 22.5% · Gespräch"]
    assert form.checkins.value is None and form.remove_button.disabled


def test_a_removal_refuses_files_changed_on_disk(folder):
    form = _form(folder)
    form.checkins.value = 0
    touch(folder, "progress.csv")
    before = file_bytes(folder)
    form.remove_button.click()
    assert "progress.csv changed" in form.message.value and shown(form.reload_button)
    assert file_bytes(folder) == before and not (folder / "progress.orig.csv").exists()


def test_checkin_preview_shows_the_chance_by_target_before_and_after(sample_folder):
    form = checkin_form(sample_folder)
    form.percent.value = "95"
    data = careerkit.load(sample_folder)
    with_it = data.record_checkin("C00006-G1", TODAY, percent_complete=95)

    def chance(of):
        finish = careerkit.forecast_finish(of, as_of=TODAY, goals=["C00006-G1"])
        return percent_text(100 * finish.loc["C00006-G1", "prob_by_target"])

    before, after = chance(data), chance(with_it)
    assert before != after
    cells = re.findall(r"<tr><td[^>]*>chance by target</td><td[^>]*>(.*?)</td>"
                       r"<td[^>]*>(.*?)</td></tr>", form.preview.value)
    assert cells == [(before, after)]
