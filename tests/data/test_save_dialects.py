"""Saves keep each file as the coach keeps it, byte for byte: real files as Excel (European
and US settings), Google Sheets and LibreOffice export them; one check-in appended adds
exactly one line, untouched files are not written, a changed file keeps its dialect."""

from __future__ import annotations

import codecs
import datetime as dt
import os
import warnings
from pathlib import Path

import pytest

import careerkit
from careerkit.data.schema import Rule
from careerkit.widgets import CheckIn

# --- the folders ----------------------------------------------------------------------------

# Excel with European settings: semicolons, cp1252, dd/mm/yyyy, decimal commas, CRLF.
EU = {
    "goals.csv": (
        "Goal ID;Client;Title;Category;Start Date;Target Date;Completed Date;Status\r\n"
        "G1;Jürgen Müller;Neue Stelle finden;role;06/01/2026;31/05/2026;;active\r\n"
        "G2;Renée Faure;Zertifikat;skills;15/01/2026;30/06/2026;;active\r\n"
    ).encode("cp1252"),
    "tasks.csv": (
        "Task ID;Goal ID;Title;Due Date;Weight;Completed Date\r\n"
        "T1;G1;Lebenslauf überarbeiten;20/01/2026;0,5;18/01/2026\r\n"
        "T2;G1;Bewerbungen;28/02/2026;2;\r\n"
    ).encode("cp1252"),
    "progress.csv": (
        "Date;Goal ID;Task ID;Percent Complete;Revised Target Date;Note;Reason\r\n"
        "01/02/2026;G1;;22,5;;Gespräch mit Frau Müller;\r\n"
        "03/02/2026;G2;;10;15/07/2026;später;capacity\r\n"
    ).encode("cp1252"),
}

# Excel with US settings, "CSV UTF-8": commas, UTF-8 with BOM, m/d/yyyy, percents, CRLF.
US = {
    "goals.csv": codecs.BOM_UTF8 + (
        "Goal ID,Client,Title,Start Date,Target Date,Status\r\n"
        'G1,Zoë Abernathy,"Lead a team, finally",1/5/2026,5/31/2026,active\r\n'
        "G2,Malik Tran,Learn SQL,1/12/2026,6/30/2026,active\r\n"
    ).encode(),
    "progress.csv": codecs.BOM_UTF8 + (
        b"Date,Goal ID,Task ID,Percent Complete,Revised Target Date,Note,Reason\r\n"
        b"2/2/2026,G1,,20%,,First 1:1 held,\r\n"
        b"2/16/2026,G2,,35%,7/31/2026,,scope\r\n"
    ),
}

# Google Sheets' download: UTF-8 without BOM, LF, ISO dates, no line end after the last row.
SHEETS = {
    "goals.csv": (
        "goal_id,client,title,start_date,target_date,completed_date,status\n"
        "G1,José García,Find a mentor,2026-01-05,2026-04-30,,active\n"
        "G2,Priya Raman,Speak at a meetup,2026-01-10,2026-06-30,,active"
    ).encode(),
    "progress.csv": (
        b"date,goal_id,task_id,percent_complete,revised_target_date,note,reason\n"
        b"2026-02-01,G1,,30,,\"Met Ana, Tom\",\n"
        b"2026-02-08,G2,,10,,,"
    ),
}

# LibreOffice with "Quote all text cells": UTF-8, LF, every text cell quoted, dates and
# numbers not, dd.mm.yyyy.
LIBRE = {
    "goals.csv": (
        b'"goal_id","client","title","start_date","target_date","completed_date","status"\n'
        b'"007","Ana Lima","Run a workshop",05.01.2026,30.04.2026,,"active"\n'
    ),
    "progress.csv": (
        b'"date","goal_id","task_id","percent_complete","revised_target_date","note","reason"\n'
        b'01.02.2026,"007",,25,,"Outline ""v1"" done",\n'
    ),
}


def write(folder: Path, files: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
        os.utime(folder / name, ns=(10**18, 10**18))  # an old time: a rewrite would show
    return folder


def stamps(folder: Path) -> dict:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


CASES = {
    # dialect: (files, check-in as typed in a form, the line it adds)
    "excel-eu": (EU, dict(goal_id="G1", date="15/03/2026", percent_complete=45.5,
                          note="Zweites Gespräch"),
                 "15/03/2026;G1;;45,5;;Zweites Gespräch;\r\n".encode("cp1252")),
    "excel-us": (US, dict(goal_id="G2", date="2026-03-09", percent_complete=50,
                          revised_target_date="2026-08-01", reason="capacity",
                          note='Said "yes", then no'),
                 b'3/9/2026,G2,,50%,8/1/2026,"Said ""yes"", then no",capacity\r\n'),
    "google-sheets": (SHEETS, dict(goal_id="G1", date="2026-03-01", percent_complete=40),
                      b"\n2026-03-01,G1,,40,,,"),
    "libreoffice": (LIBRE, dict(goal_id="007", date="2026-03-02", percent_complete=60.25,
                                note="Dry run; went well"),
                    b'02.03.2026,"007",,60.25,,"Dry run; went well",\n'),
}


@pytest.mark.parametrize("case", CASES)
def test_a_checkin_appends_exactly_one_line(tmp_path, case):
    files, checkin, line = CASES[case]
    folder = write(tmp_path, files)
    before = stamps(folder)
    data = careerkit.load(folder)
    new = careerkit.data.edits.record_checkin(data, checkin.pop("goal_id"), checkin.pop("date"),
                                              **checkin)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        written = new.save()
    assert [p.name for p in written] == ["progress.csv"]
    after = stamps(folder)
    # the line's bytes follow the last row (a file without a line end after it, as
    # Google Sheets writes, gets none after the new row either)
    assert after["progress.csv"][0] == files["progress.csv"] + line
    for name in set(files) - {"progress.csv"}:
        assert after[name] == before[name]  # not rewritten: same bytes, same time
    assert sorted(after) == sorted(files)  # no backup, no temporary file left
    again = careerkit.load(folder)
    assert again.equals(new)
    assert new.changed_on_disk() == []
    assert new.save() == []  # saved: nothing left to write


def test_two_saves_in_a_row_each_append_one_line(tmp_path):
    folder = write(tmp_path, EU)
    data = careerkit.load(folder).record_checkin("G2", "2026-03-10", percent_complete=20)
    data.save()
    data = data.record_checkin("G2", "17/03/2026", percent_complete=30.5)
    assert [p.name for p in data.save()] == ["progress.csv"]
    assert (folder / "progress.csv").read_bytes() == EU["progress.csv"] + (
        b"10/03/2026;G2;;20;;;\r\n17/03/2026;G2;;30,5;;;\r\n")


def test_checkin_widget_save_on_an_excel_eu_folder_adds_one_line(tmp_path):
    folder = write(tmp_path, EU)
    before = stamps(folder)
    form = CheckIn(folder, today=dt.date(2026, 7, 6))
    form.client.value = "Jürgen Müller"
    form.goal.value = "G1"
    form.percent.value = "60"
    form.note.value = "Angebot erhalten"
    form.save_button.click()
    assert "Saved the check-in of 2026-07-06" in form.message.value, form.message.value
    after = stamps(folder)
    assert after["progress.csv"][0] == EU["progress.csv"] + (
        "06/07/2026;G1;;60;;Angebot erhalten;\r\n".encode("cp1252"))
    assert after["goals.csv"] == before["goals.csv"]
    assert after["tasks.csv"] == before["tasks.csv"]


def test_a_changed_table_is_rewritten_in_its_own_dialect(tmp_path):
    folder = write(tmp_path, EU)
    data = careerkit.load(folder).complete_goal("G2", "20/06/2026")
    assert [p.name for p in data.save()] == ["goals.csv"]
    assert (folder / "goals.csv").read_bytes() == EU["goals.csv"].replace(
        b"30/06/2026;;active", b"30/06/2026;20/06/2026;completed")
    assert (folder / "progress.csv").stat().st_mtime_ns == 10**18


def test_a_changed_libreoffice_table_keeps_its_quotes(tmp_path):
    folder = write(tmp_path, LIBRE)
    data = careerkit.load(folder)
    data = data.replace_table("progress", data.progress.iloc[:0])
    data.save()
    assert (folder / "progress.csv").read_bytes() == (
        b'"date","goal_id","task_id","percent_complete","revised_target_date","note",'
        b'"reason"\n')


def test_an_emoji_in_a_cp1252_file_saves_it_as_utf8_with_bom_after_a_backup(tmp_path):
    folder = write(tmp_path, EU)
    data = careerkit.load(folder).record_checkin("G1", "15/03/2026", note="Zusage 🎉")
    with pytest.warns(careerkit.CareerDataWarning) as caught:
        written = data.save()
    assert [p.name for p in written] == ["progress.csv"]
    (warning,) = caught
    assert warning.message.rule == Rule.FORMAT_CHANGED
    text = str(warning.message)
    for part in ("progress.csv", "'Zusage 🎉'", "cp1252", "UTF-8 with BOM",
                 "progress.orig.csv"):
        assert part in text, text
    assert (folder / "progress.orig.csv").read_bytes() == EU["progress.csv"]
    assert (folder / "progress.csv").read_bytes() == codecs.BOM_UTF8 + (
        EU["progress.csv"].decode("cp1252") + "15/03/2026;G1;;;;Zusage 🎉;\r\n").encode()
    assert (folder / "goals.csv").read_bytes() == EU["goals.csv"]
    assert careerkit.load(folder).equals(data)
    # from now on the file is UTF-8: the next check-in appends without a warning
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data.record_checkin("G1", "16/03/2026", note="🎉 again").save()
    assert (folder / "progress.csv").read_bytes().endswith(
        "16/03/2026;G1;;;;🎉 again;\r\n".encode())
    assert not (folder / "progress.orig-2.csv").exists()


def test_edits_made_on_disk_are_still_refused(tmp_path):
    folder = write(tmp_path, EU)
    data = careerkit.load(folder).record_checkin("G1", "15/03/2026")
    edited = EU["progress.csv"] + b"20/03/2026;G2;;15;;;\r\n"
    (folder / "progress.csv").write_bytes(edited)
    with pytest.raises(careerkit.ChangedOnDiskError, match=r"progress\.csv"):
        data.save()
    assert (folder / "progress.csv").read_bytes() == edited
    data.save(overwrite=True)  # replaced by the data's table, in the file's dialect
    assert (folder / "progress.csv").read_bytes() == EU["progress.csv"] + (
        b"15/03/2026;G1;;;;;\r\n")


def test_a_new_progress_file_takes_the_folders_dialect(tmp_path):
    folder = write(tmp_path, {k: v for k, v in EU.items() if k != "progress.csv"})
    data = careerkit.load(folder).record_checkin("G1", "15/03/2026", percent_complete=12.5)
    assert [p.name for p in data.save()] == ["progress.csv"]
    assert (folder / "progress.csv").read_bytes() == (
        b"date;goal_id;task_id;percent_complete;revised_target_date;note;reason\r\n"
        b"15/03/2026;G1;;12,5;;;\r\n")
