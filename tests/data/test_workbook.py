"""Excel workbooks in and out: real .xlsx files built with openpyxl in tmp_path."""

from __future__ import annotations

import datetime as dt
import os
import re
import warnings
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from openpyxl.worksheet.table import Table as ExcelTable

import careerkit
from careerkit.data.schema import FILES, STATUSES, Rule
from careerkit.data.workbook import is_workbook, template

GOALS_HEADER = ["goal_id", "client", "title", "category", "start_date", "target_date",
                "completed_date", "status"]
TASKS_HEADER = ["task_id", "goal_id", "title", "due_date", "weight", "completed_date"]
REQUIRED_GOALS = ["goal_id", "client", "title", "start_date", "target_date"]
PROGRESS_HEADER = ["date", "goal_id", "task_id", "percent_complete", "revised_target_date",
                   "note", "reason"]
D = dt.datetime


def day(text):
    return pd.Timestamp(text)


def add_sheet(book, title, rows, formats=None):
    """A sheet of ``rows``; ``formats`` maps a cell ("D3") to its number format."""
    sheet = book.create_sheet(title)
    for row in rows:
        sheet.append(row)
    for cell, number_format in (formats or {}).items():
        sheet[cell].number_format = number_format
    return sheet


def new_book():
    book = openpyxl.Workbook()
    book.remove(book.active)
    return book


def caseload(path: Path, *, extra=True, day_month=True) -> Path:
    """Goals with real and text dates and a numeric id, tasks, percent-formatted check-ins,
    and (``extra``) a coach's own sheet; ``day_month``: two dates typed as dd/mm/yyyy text
    (on the goals and on the progress sheet)."""
    book = new_book()
    add_sheet(book, "Goals", [
        ["Goal ID", "Client", "Title", "Start date", "Target date", "Status", "Coach"],
        [7, "Ana Lima", "Speak at a meetup", D(2025, 1, 31),
         "28/02/2025" if day_month else D(2025, 2, 28), "active", "Kim"],
        ["G2", "Bo Chen", "Get certified", "2025-02-01", D(2025, 6, 30), "On_Hold", None],
    ])
    add_sheet(book, "tasks", [
        TASKS_HEADER,
        ["T1", 7, "Draft the talk", D(2025, 2, 10), 2, D(2025, 2, 9)],
        ["T2", 7, "Give the talk", D(2025, 2, 25), None, None],
    ])
    add_sheet(book, "Progress ", [
        [*PROGRESS_HEADER[:4], "note"],
        [D(2025, 2, 10), 7, None, 0.45, "on its way"],
        ["11/02/2025" if day_month else D(2025, 2, 11), "G2", None, 30, None],
        [D(2025, 2, 12), "G2", None, "50%", None],
    ], {"D2": "0%"})
    if extra:
        notes = add_sheet(book, "Coach notes", [["when", "what"], [D(2025, 1, 5), "kick-off"]])
        notes["A1"].font = openpyxl.styles.Font(bold=True, color="FF0000")
        notes.column_dimensions["B"].width = 50
    book.save(path)
    return path


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def sheet_part(path: Path, title: str) -> str:
    """The zip part of a sheet, found the way Excel does (workbook and its relationships)."""
    book = openpyxl.load_workbook(path, read_only=True)
    position = book.sheetnames.index(title) + 1
    book.close()
    return f"xl/worksheets/sheet{position}.xml"


@pytest.fixture(params=["python-calamine", "openpyxl"])
def reader(request, monkeypatch):
    """Read with python-calamine and the styles' formats, or (as for sheets whose cells
    cannot be placed) with openpyxl's read-only mode: both give the same tables."""
    if request.param == "openpyxl":
        monkeypatch.setattr("careerkit.data.workbook.Book.marks", lambda self, title: None)
    return request.param


def problem_of(excinfo) -> pd.Series:
    problems = excinfo.value.problems
    assert len(problems) == 1, problems
    return problems.iloc[0]


# --- reading -------------------------------------------------------------------------------

def test_a_workbook_loads_as_a_data_folder_would(tmp_path, reader):
    data = careerkit.load(caseload(tmp_path / "caseload.xlsx"))
    expected_goals = pd.DataFrame({
        "goal_id": pd.Series(["7", "G2"], dtype="str"),
        "client": pd.Series(["Ana Lima", "Bo Chen"], dtype="str"),
        "title": pd.Series(["Speak at a meetup", "Get certified"], dtype="str"),
        "start_date": pd.to_datetime(["2025-01-31", "2025-02-01"]).astype("datetime64[us]"),
        "target_date": pd.to_datetime(["2025-02-28", "2025-06-30"]).astype("datetime64[us]"),
        "status": pd.Series(["active", "on_hold"], dtype="str"),
        "Coach": pd.Series(["Kim", np.nan], dtype="str"),
        "category": pd.Series([np.nan, np.nan], dtype="str"),
        "completed_date": pd.Series([pd.NaT, pd.NaT], dtype="datetime64[us]"),
    })
    pd.testing.assert_frame_equal(data.goals, expected_goals)
    assert data.tasks["goal_id"].tolist() == ["7", "7"]  # a numeric id cell is "7", not "7.0"
    assert data.tasks["weight"].tolist()[0] == 2.0 and np.isnan(data.tasks["weight"][1])
    pd.testing.assert_series_equal(
        data.progress["percent_complete"], pd.Series([45.0, 30.0, 50.0],
                                                     name="percent_complete"))
    assert data.progress["date"].tolist() == [day("2025-02-10"), day("2025-02-11"),
                                              day("2025-02-12")]
    assert data.folder == tmp_path / "caseload.xlsx"


def test_text_dates_follow_the_folder_rules(tmp_path, reader):
    book = new_book()
    add_sheet(book, "goals", [REQUIRED_GOALS,
                              ["G1", "Ana", "Speak", "03/04/2025", D(2025, 5, 1)]])
    book.save(tmp_path / "undecided.xlsx")
    with pytest.raises(careerkit.CareerDataError) as excinfo:
        careerkit.load(tmp_path / "undecided.xlsx")
    problem = problem_of(excinfo)
    assert problem["rule"] == Rule.DAYFIRST_UNDECIDED and problem["cell"] == "D2"
    assert careerkit.load(tmp_path / "undecided.xlsx", dayfirst=True).goals.loc[
        0, "start_date"] == day("2025-04-03")


def test_zero_padded_ids_and_formats_are_taken_as_shown(tmp_path, reader):
    book = new_book()
    add_sheet(book, "goals", [REQUIRED_GOALS,
                              [7, "Ana", "Speak", D(2025, 1, 6), D(2025, 3, 31)],
                              [12.0, "Bo", "Write", D(2025, 1, 6), D(2025, 3, 31)]],
              {"A2": "000"})
    book.save(tmp_path / "ids.xlsx")
    assert careerkit.load(tmp_path / "ids.xlsx").goals["goal_id"].tolist() == ["007", "12"]


def test_times_truth_values_and_dates_in_a_text_column_read_as_text(tmp_path, reader):
    book = new_book()
    add_sheet(book, "goals", [REQUIRED_GOALS,
                              ["G1", "Ana", "Speak", D(2025, 1, 6), D(2025, 3, 31)]])
    add_sheet(book, "progress", [["date", "goal_id", "percent_complete", "note"],
                                 [D(2025, 2, 1), "G1", 30, dt.time(9, 30)],
                                 [D(2025, 2, 2), "G1", 40, True],
                                 [D(2025, 2, 3), "G1", 50, D(2025, 3, 1)],
                                 [D(2025, 2, 4), "G1", 60, D(2025, 3, 1, 8, 15)]])
    book.save(tmp_path / "caseload.xlsx")
    assert careerkit.load(tmp_path / "caseload.xlsx").progress["note"].tolist() == [
        "09:30:00", "True", "2025-03-01", "2025-03-01 08:15:00"]


def test_a_folder_of_workbooks_reads_the_first_sheet_of_each(tmp_path, reader):
    for spec, rows in ((FILES[0], [REQUIRED_GOALS,
                                   ["G1", "Ana", "Speak", D(2025, 1, 6), D(2025, 3, 31)]]),
                       (FILES[2], [PROGRESS_HEADER[:4], [D(2025, 2, 1), "G1", None, 0.25]])):
        book = new_book()
        add_sheet(book, "Sheet1", rows, {"D2": "0.0%"} if spec.name == "progress" else None)
        book.save(tmp_path / f"{spec.name}.xlsx")
    assert is_workbook(tmp_path)
    data = careerkit.load(tmp_path)
    assert (len(data.goals), len(data.tasks), data.progress["percent_complete"].tolist()) == (
        1, 0, [25.0])


def test_rows_above_the_header_and_blank_rows_keep_sheet_numbers(tmp_path, reader):
    book = new_book()
    add_sheet(book, "goals", [["My caseload 2025"], [], REQUIRED_GOALS,
                              ["G1", "Ana", "Speak", D(2025, 1, 6), D(2025, 3, 31)], [],
                              ["G2", "Bo", "Write", D(2025, 2, 6), D(2025, 1, 31)]])
    book.save(tmp_path / "titled.xlsx")
    with pytest.raises(careerkit.CareerDataError) as excinfo:
        careerkit.load(tmp_path / "titled.xlsx")
    problem = problem_of(excinfo)
    assert (problem["file"], problem["line"], problem["cell"], problem["rule"]) == (
        "goals sheet", 6, "E6", Rule.BEFORE_START)


def test_errors_name_the_sheet_and_the_cell(tmp_path, reader):
    book = new_book()
    add_sheet(book, "Goals", [["title", "goal_id", "client", "start_date", "target_date"],
                              ["Speak", "G1", "Ana", D(2025, 1, 6), D(2025, 3, 31)]])
    add_sheet(book, "Progress", [["note", "goal_id", "date", "percent_complete"]]
              + [["ok", "G1", D(2025, 2, 1), 0.1]] * 12 + [["high", "G1", D(2025, 2, 2), 1.2]],
              {f"D{row}": "0%" for row in range(2, 15)})
    book.save(tmp_path / "bad.xlsx")
    with pytest.raises(careerkit.CareerDataError) as excinfo:
        careerkit.load(tmp_path / "bad.xlsx")
    problem = problem_of(excinfo)
    assert (problem["file"], problem["line"], problem["column"], problem["cell"],
            problem["value"], problem["rule"]) == (
        "Progress sheet", 14, "percent_complete", "D14", "120%", Rule.OUT_OF_RANGE)
    assert "Progress sheet, cell D14 (percent_complete): '120%': expected a percent" in str(
        excinfo.value)


def test_cells_without_their_place_are_read_by_openpyxl(tmp_path):
    # Some programs write <c> without r="D2" (every cell, one after the other): a percent
    # format found in the XML could not be put on its cell, so openpyxl reads the sheet.
    book = new_book()
    add_sheet(book, "goals", [REQUIRED_GOALS, ["G1", "Ana", "Speak", D(2025, 1, 6),
                                               D(2025, 3, 31)]])
    add_sheet(book, "progress", [["date", "goal_id", "percent_complete"],
                                 [D(2025, 2, 1), "G1", 0.45], [D(2025, 2, 2), "G1", 50]],
              {"C2": "0%"})
    path = tmp_path / "caseload.xlsx"
    book.save(path)
    files = parts(path)
    progress = sheet_part(path, "progress")
    files[progress] = re.sub(rb'(<c\b[^>]*?) r="[A-Z]+\d+"', rb"\1", files[progress])
    assert b'<c r="' not in files[progress]
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    assert careerkit.load(path).progress["percent_complete"].tolist() == [45.0, 50.0]


def test_cells_whose_style_comes_before_their_place_keep_their_format(tmp_path):
    # <c s="1" r="C2"> (attributes in another order than Excel's): not found by the fast
    # search, so every cell is looked at.
    book = new_book()
    add_sheet(book, "goals", [REQUIRED_GOALS, ["G1", "Ana", "Speak", D(2025, 1, 6),
                                               D(2025, 3, 31)]])
    add_sheet(book, "progress", [["date", "goal_id", "percent_complete"],
                                 [D(2025, 2, 1), "G1", 0.45], [D(2025, 2, 2), "G1", 0.5]],
              {"C2": "0%", "C3": "0%"})
    path = tmp_path / "caseload.xlsx"
    book.save(path)
    files = parts(path)
    progress = sheet_part(path, "progress")
    files[progress] = re.sub(rb'<c r="(C2)" s="(\d+)"', rb'<c s="\2" r="\1"', files[progress])
    assert files[progress].count(b'<c s="') == 1
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    assert careerkit.load(path).progress["percent_complete"].tolist() == [45.0, 50.0]


# --- saving --------------------------------------------------------------------------------

def test_saving_rewrites_only_the_changed_sheet(tmp_path):
    path = caseload(tmp_path / "caseload.xlsx", day_month=False)
    before = parts(path)
    data = careerkit.load(path)
    changed = data.record_checkin("7", "2025-02-20", percent_complete=60, note="R&D <ok>")
    assert changed.save() == [path]
    after = parts(path)
    progress = sheet_part(path, "Progress ")
    assert {name for name in before if before[name] != after.get(name)} == {progress}
    assert after.keys() == before.keys()
    again = careerkit.load(path)
    assert again.equals(changed)
    assert again.progress["percent_complete"].tolist() == [45.0, 30.0, 50.0, 60.0]
    # the coach's sheet, its formats and the untouched sheets are as they were
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Goals", "tasks", "Progress ", "Coach notes"]
    notes = book["Coach notes"]
    assert [[c.value for c in row] for row in notes.iter_rows()] == [
        ["when", "what"], [D(2025, 1, 5), "kick-off"]]
    assert notes["A1"].font.bold and notes.column_dimensions["B"].width == 50
    # percent cells stay percentages, dates real dates
    sheet = book["Progress "]
    assert (sheet["D5"].value, sheet["D5"].number_format) == (0.6, "0%")
    assert sheet["A5"].is_date and sheet["A5"].value == D(2025, 2, 20)
    assert sheet["E5"].value == "R&D <ok>"


def test_sheets_with_day_month_text_dates_are_rewritten_together(tmp_path):
    # 28/02/2025 on the goals sheet is what makes 11/02/2025 on the progress sheet day-first:
    # rewriting one as a date cell would leave the other undecided.
    path = caseload(tmp_path / "caseload.xlsx")
    before = parts(path)
    changed = careerkit.load(path).record_checkin("G2", "2025-03-01", percent_complete=60)
    changed.save()
    after = parts(path)
    rewritten = {name for name in before if before[name] != after[name]}
    assert rewritten == {sheet_part(path, "Goals"), sheet_part(path, "Progress "),
                         "xl/styles.xml"}  # a date format for the goals' target_date
    assert careerkit.load(path).equals(changed)
    sheet = openpyxl.load_workbook(path)["Goals"]
    assert sheet["E2"].is_date and sheet["E2"].value == D(2025, 2, 28)


def test_saving_unchanged_data_writes_nothing(tmp_path):
    path = caseload(tmp_path / "caseload.xlsx")
    stamp = path.stat().st_mtime_ns
    assert careerkit.load(path).save() == []
    assert path.stat().st_mtime_ns == stamp and not (tmp_path / "caseload.orig.xlsx").exists()


def test_an_edit_in_place_is_saved_too(tmp_path):
    path = caseload(tmp_path / "caseload.xlsx")
    data = careerkit.load(path)
    data.goals.loc[1, "title"] = "Get certified in SQL"
    data.save()
    assert careerkit.load(path).goals["title"].tolist() == ["Speak at a meetup",
                                                             "Get certified in SQL"]


def test_the_workbook_as_loaded_is_backed_up_once(tmp_path):
    path = caseload(tmp_path / "caseload.xlsx")
    original = path.read_bytes()
    data = careerkit.load(path).record_checkin("G2", "2025-03-01", percent_complete=60)
    data.save()
    backup = tmp_path / "caseload.orig.xlsx"
    assert backup.read_bytes() == original
    data.record_checkin("G2", "2025-03-02", percent_complete=70).save()
    assert backup.read_bytes() == original  # the second save keeps the first backup


def test_a_workbook_edited_on_disk_is_not_overwritten(tmp_path):
    path = caseload(tmp_path / "caseload.xlsx")
    data = careerkit.load(path)
    book = openpyxl.load_workbook(path)
    book["Coach notes"]["A3"] = "edited in Excel"
    book.save(path)
    os.utime(path, ns=(0, 0))
    with pytest.raises(careerkit.ChangedOnDiskError, match=r"caseload\.xlsx changed"):
        data.record_checkin("G2", "2025-03-01", percent_complete=60).save()
    assert data.changed_on_disk() == ["caseload.xlsx"]


def test_a_failed_save_leaves_the_workbook_intact(tmp_path, monkeypatch):
    path = caseload(tmp_path / "caseload.xlsx")
    data = careerkit.load(path).record_checkin("G2", "2025-03-01", percent_complete=60)
    before = path.read_bytes()

    def disk_full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("careerkit.data.files.os.fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        data.save()
    assert path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_columns_keep_their_place_and_new_ones_go_after(tmp_path):
    book = new_book()
    add_sheet(book, "goals", [["Title", "Deadline", "Goal ID", "Client", "Start"],
                              ["Speak", D(2025, 3, 31), "G1", "Ana", D(2025, 1, 6)]])
    book.save(tmp_path / "own.xlsx")
    data = careerkit.load(tmp_path / "own.xlsx",
                          columns={"Deadline": "target_date", "Start": "start_date"})
    data.complete_goal("G1", "2025-03-01").save()
    sheet = openpyxl.load_workbook(tmp_path / "own.xlsx")["goals"]
    # status "completed" is what a blank status means beside a completed_date: not added
    assert [c.value for c in sheet[1]] == ["Title", "Deadline", "Goal ID", "Client", "Start",
                                           "completed_date"]
    assert [c.value for c in sheet[2]] == ["Speak", D(2025, 3, 31), "G1", "Ana", D(2025, 1, 6),
                                           D(2025, 3, 1)]


def test_a_missing_sheet_is_added_and_excel_tables_grow(tmp_path):
    book = new_book()
    goals = add_sheet(book, "goals", [REQUIRED_GOALS,
                                      ["G1", "Ana", "Speak", D(2025, 1, 6), D(2025, 3, 31)]])
    goals.add_table(ExcelTable(displayName="Goals", ref="A1:E2"))
    book.save(tmp_path / "table.xlsx")
    data = careerkit.load(tmp_path / "table.xlsx")
    more = data.put_goal({"goal_id": "G2", "client": "Bo", "title": "Write",
                          "start_date": "2025-02-01", "target_date": "2025-05-31"},
                         [{"task_id": "T1", "title": "Outline", "due_date": "2025-03-01"}])
    more.save()
    book = openpyxl.load_workbook(tmp_path / "table.xlsx")
    assert book.sheetnames == ["goals", "tasks"]
    assert book["goals"].tables["Goals"].ref == "A1:E3"
    assert careerkit.load(tmp_path / "table.xlsx").equals(more)


def test_csv_data_saved_as_a_new_workbook_round_trips(sample_data, tmp_path):
    path = tmp_path / "caseload.xlsx"
    assert sample_data.save(path) == [path]
    assert careerkit.load(path).equals(sample_data)
    assert openpyxl.load_workbook(path, read_only=True).sheetnames == [
        "goals", "tasks", "progress", "Instructions"]


# --- bad input: one sentence each ----------------------------------------------------------

@pytest.mark.parametrize(("name", "words"), [
    ("caseload.xls", "save it as Excel Workbook (.xlsx)"),
    ("caseload.ods", "save it as Excel 2007-365 (.xlsx)"),
])
def test_other_spreadsheet_files_say_how_to_convert_them(tmp_path, name, words):
    (tmp_path / name).write_bytes(b"not read")
    with pytest.raises(careerkit.CareerDataError) as excinfo:
        careerkit.load(tmp_path / name)
    problem = problem_of(excinfo)
    assert problem["rule"] == Rule.UNSUPPORTED_FORMAT and words in problem["expected"]
    assert "Traceback" not in str(excinfo.value)


def test_a_password_protected_workbook(tmp_path):
    # Excel stores an encrypted workbook as an OLE file holding an EncryptionInfo stream.
    path = tmp_path / "secret.xlsx"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)
                     + "EncryptionInfo".encode("utf-16-le") + bytes(100))
    with pytest.raises(careerkit.CareerDataError) as excinfo:
        careerkit.load(path)
    problem = problem_of(excinfo)
    assert problem["rule"] == Rule.WORKBOOK_PROTECTED and "remove the password" in problem[
        "expected"]


def test_an_old_xls_renamed_to_xlsx_and_a_file_that_is_no_workbook(tmp_path):
    (tmp_path / "old.xlsx").write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(600))
    (tmp_path / "text.xlsx").write_text("goal_id,client\n", encoding="utf-8")
    for name, rule in (("old.xlsx", Rule.UNSUPPORTED_FORMAT), ("text.xlsx",
                                                               Rule.UNREADABLE_FILE)):
        with pytest.raises(careerkit.CareerDataError) as excinfo:
            careerkit.load(tmp_path / name)
        assert problem_of(excinfo)["rule"] == rule


def test_a_workbook_without_a_goals_sheet(tmp_path):
    book = new_book()
    add_sheet(book, "Clients", [["name"], ["Ana"]])
    add_sheet(book, "progress", [PROGRESS_HEADER[:2]])
    book.save(tmp_path / "nogoals.xlsx")
    with pytest.raises(careerkit.CareerDataError) as excinfo:
        careerkit.load(tmp_path / "nogoals.xlsx")
    problem = problem_of(excinfo)
    assert problem["rule"] == Rule.MISSING_SHEET
    assert "a sheet named goals (the workbook has 'Clients', 'progress')" in problem["expected"]


def test_two_sheets_for_one_table(tmp_path):
    book = new_book()
    add_sheet(book, "Goals", [REQUIRED_GOALS])
    add_sheet(book, "goals ", [REQUIRED_GOALS])
    book.save(tmp_path / "twice.xlsx")
    with pytest.raises(careerkit.CareerDataError) as excinfo:
        careerkit.load(tmp_path / "twice.xlsx")
    assert problem_of(excinfo)["rule"] == Rule.DUPLICATE_SHEET


def test_a_workbook_open_in_excel_loads_with_a_warning_and_is_not_saved(tmp_path):
    path = caseload(tmp_path / "caseload.xlsx")
    (tmp_path / "~$caseload.xlsx").write_bytes(b"owner")
    with pytest.warns(careerkit.CareerDataWarning, match="open in Excel") as caught:
        data = careerkit.load(path)
    assert caught[0].message.rule == Rule.WORKBOOK_LOCKED
    before = path.read_bytes()
    with pytest.raises(careerkit.CareerDataError) as excinfo:
        data.record_checkin("G2", "2025-03-01", percent_complete=60).save()
    problem = problem_of(excinfo)
    assert problem["rule"] == Rule.WORKBOOK_LOCKED and "Close it" in problem["expected"]
    assert path.read_bytes() == before


def test_access_denied_on_replace_is_a_locked_workbook(tmp_path, monkeypatch):
    path = caseload(tmp_path / "caseload.xlsx")
    data = careerkit.load(path).record_checkin("G2", "2025-03-01", percent_complete=60)

    def denied(source, target):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("careerkit.data.files.os.replace", denied)
    with pytest.raises(careerkit.CareerDataError) as excinfo:
        data.save()
    problem = problem_of(excinfo)
    assert problem["rule"] == Rule.WORKBOOK_LOCKED and "open in Excel" in problem["expected"]


# --- the template --------------------------------------------------------------------------

def test_the_template_has_formats_a_status_list_and_instructions(tmp_path):
    path = template(tmp_path / "caseload.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["goals", "tasks", "progress", "Instructions"]
    for spec in FILES:
        sheet = book[spec.name]
        assert [c.value for c in sheet[1]] == spec.names
        assert sheet.freeze_panes == "A2"
    goals = book["goals"]
    assert goals.column_dimensions["E"].number_format == "yyyy-mm-dd"
    assert goals.column_dimensions["A"].number_format == "@"
    assert book["progress"].column_dimensions["D"].number_format == "0%"
    (choice,) = goals.data_validations.dataValidation
    assert choice.type == "list" and choice.formula1 == '"' + ",".join(STATUSES) + '"'
    assert str(choice.sqref) == "H2:H1048576"
    described = {(row[0], row[1]): row[4] for row in book["Instructions"].iter_rows(
        values_only=True) if row[0] in {spec.name for spec in FILES}}
    assert described == {(spec.name, c.name): c.description for spec in FILES
                         for c in spec.columns}
    with pytest.raises(FileExistsError):
        template(path)


def test_a_filled_in_template_loads(tmp_path):
    path = template(tmp_path / "caseload.xlsx")
    book = openpyxl.load_workbook(path)
    book["goals"].append(["007", "Ana", "Speak", "network", D(2026, 1, 5), D(2026, 3, 31), None,
                          "active"])
    book["tasks"].append(["T1", "007", "Draft", D(2026, 2, 1), 2, D(2026, 1, 30)])
    progress = book["progress"]
    progress.append([D(2026, 2, 2), "007", None, 0.45, D(2026, 4, 30), "slower", "capacity"])
    progress["D2"].number_format = "0%"  # as Excel formats a cell typed in a 0% column
    book.save(path)
    expected = careerkit.CareerData.from_frames(
        pd.DataFrame([["007", "Ana", "Speak", "network", "2026-01-05", "2026-03-31", None,
                       "active"]], columns=GOALS_HEADER),
        pd.DataFrame([["T1", "007", "Draft", "2026-02-01", 2, "2026-01-30"]],
                     columns=TASKS_HEADER),
        pd.DataFrame([["2026-02-02", "007", None, 45, "2026-04-30", "slower", "capacity"]],
                     columns=PROGRESS_HEADER))
    assert careerkit.load(path).equals(expected)


def test_a_clean_workbook_loads_without_warnings(tmp_path):
    path = caseload(tmp_path / "caseload.xlsx", extra=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        careerkit.load(path)
