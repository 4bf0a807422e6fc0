"""CheckIn in a folder of day/month or month/day dates: a date typed as the folder writes it
(11/02/2026) is read in the folder's order, saved in the file's own style, and ISO still
works (issue 10)."""

from __future__ import annotations

import pandas as pd
import pytest
from widget_helpers import EU_GOALS_HEADER, EU_PROGRESS_HEADER, checkin_form, write_eu_folder

import careerkit
from careerkit.widgets import CheckIn

EU_PROGRESS = EU_PROGRESS_HEADER + "01/02/2026;G1;;22,5;;Gespräch;\r\n"
EU_PROGRESS_BYTES = EU_PROGRESS.encode("cp1252")


def _eu_folder(folder, *, settings: bool):
    """An Excel-EU export (semicolons, cp1252, CRLF, dd/mm/yyyy). With ``settings`` every
    date is ambiguous and careerkit.toml says day/month; without, 31/05 decides it."""
    target = "10/05/2026" if settings else "31/05/2026"
    goals = EU_GOALS_HEADER + f"G1;Jürgen Müller;Neue Stelle;06/01/2026;{target};;active\r\n"
    return write_eu_folder(folder, goals, progress=EU_PROGRESS, dayfirst=settings)


def _us_folder(folder):
    """An Excel-US export: commas, mm/dd/yyyy (01/31 decides it), LF."""
    folder.mkdir()
    (folder / "goals.csv").write_text(
        "Goal ID,Client,Title,Start Date,Target Date,Completed Date,Status\n"
        "G1,Ada Lovelace,New role,01/06/2026,12/31/2026,,active\n")
    (folder / "progress.csv").write_text(
        "Date,Goal ID,Task ID,Percent Complete,Revised Target Date,Note,Reason\n"
        "01/31/2026,G1,,20,,,\n")
    return folder


def _checkin(folder, day, percent="30"):
    form = CheckIn(folder, today="2026-12-01")
    form.client.value = form.data.goals["client"].iloc[0]
    form.goal.value = "G1"
    form.date.value, form.percent.value = day, percent
    return form


@pytest.mark.parametrize("settings", [True, False], ids=["careerkit.toml", "dates decide"])
def test_a_day_month_date_typed_in_an_eu_folder_is_saved_as_that_day(tmp_path, settings):
    folder = _eu_folder(tmp_path / "eu", settings=settings)
    assert careerkit.load(folder).dayfirst is True
    form = _checkin(folder, "11/02/2026")
    assert form.errors["date"].value == ""
    form.save_button.click()
    assert "Saved the check-in of 2026-02-11" in form.message.value, form.message.value
    assert (folder / "progress.csv").read_bytes() == EU_PROGRESS_BYTES + b"11/02/2026;G1;;30;;;\r\n"
    assert careerkit.load(folder).progress["date"].iloc[-1] == pd.Timestamp("2026-02-11")


def test_a_month_day_date_typed_in_a_us_folder_is_saved_as_that_day(tmp_path):
    folder = _us_folder(tmp_path / "us")
    before = (folder / "progress.csv").read_bytes()
    form = _checkin(folder, "11/02/2026")
    form.save_button.click()
    assert "Saved the check-in of 2026-11-02" in form.message.value, form.message.value
    assert (folder / "progress.csv").read_bytes() == before + b"11/02/2026,G1,,30,,,\n"
    assert careerkit.load(folder).progress["date"].iloc[-1] == pd.Timestamp("2026-11-02")


def test_iso_dates_still_work_in_a_day_month_folder(tmp_path):
    folder = _eu_folder(tmp_path / "eu", settings=True)
    form = _checkin(folder, "2026-02-12")
    form.revised_target.value = "01/07/2026"  # 1 July, typed as the folder writes it
    form.reason.value = "capacity"
    form.save_button.click()
    assert "Saved the check-in of 2026-02-12" in form.message.value, form.message.value
    assert (folder / "progress.csv").read_bytes() == (
        EU_PROGRESS_BYTES + b"12/02/2026;G1;;30;01/07/2026;;capacity\r\n")
    last = careerkit.load(folder).progress.iloc[-1]
    assert last["revised_target_date"] == pd.Timestamp("2026-07-01")


def test_a_correction_typed_day_month_is_read_in_the_folders_order(tmp_path):
    folder = _eu_folder(tmp_path / "eu", settings=True)
    form = _checkin(folder, "")
    form.checkins.value = 0
    form.fix_date.value = "03/02/2026"  # 3 February, not 2 March
    form.correct_button.click()
    assert "Corrected the check-in" in form.message.value, form.message.value
    assert (folder / "progress.csv").read_bytes() == EU_PROGRESS_BYTES.replace(
        b"01/02/2026", b"03/02/2026")
    assert careerkit.load(folder).progress["date"].iloc[0] == pd.Timestamp("2026-02-03")


def test_an_ambiguous_date_in_a_folder_of_iso_dates_is_still_refused(sample_folder):
    form = checkin_form(sample_folder)
    form.date.value = "11/02/2026"
    assert careerkit.load(sample_folder).dayfirst is None
    error = form.errors["date"].value
    assert "YYYY-MM-DD" in error and "day/month or month/day" in error, error
    before = (sample_folder / "progress.csv").read_bytes()
    form.save_button.click()
    assert (sample_folder / "progress.csv").read_bytes() == before
