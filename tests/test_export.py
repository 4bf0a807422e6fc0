"""Excel export: read back with openpyxl and pandas; dates, formats, frozen headers, and no
formula cells even for hostile text."""

from __future__ import annotations

import datetime as dt
import hashlib
import warnings

import openpyxl
import pandas as pd
import pytest
from coaching_caseload import coaching_frames

import careerkit
from careerkit.export import FORMULA_STARTS, export

SHEETS = ["goal status", "task status", "completion by client", "completion by category",
          "about"]
HOSTILE_TITLES = ["=1+1", "+SUM(A1:A2)", "-2+3", "@cmd", "\t=tab",
                  '=HYPERLINK("http://x","y")']


@pytest.fixture
def hostile(tmp_path):
    goals, tasks, progress = coaching_frames(ana="=cmd|' /C calc'!A0")
    for goal_id, title in zip(["G1", "G2", "G3", "G4", "G5", "G6"], HOSTILE_TITLES,
                              strict=True):
        goals.loc[goals["goal_id"] == goal_id, "title"] = title
    goals.loc[goals["goal_id"] == "G5", "category"] = "=A1"
    tasks.loc[0, "title"] = "bell\x07 and =formula"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", careerkit.CareerDataWarning)
        careerkit.CareerData.from_frames(goals, tasks, progress).save(tmp_path / "data")
        return careerkit.load(tmp_path / "data")


@pytest.fixture
def workbook(hostile, tmp_path):
    path = export(hostile, tmp_path / "status.xlsx")
    return path, openpyxl.load_workbook(path)


def test_sheets_headers_frozen_and_widths(workbook, hostile):
    _, book = workbook
    assert book.sheetnames == SHEETS
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(cell.font.b for cell in sheet[1])
        for column in range(1, sheet.max_column + 1):
            width = sheet.column_dimensions[openpyxl.utils.get_column_letter(column)].width
            assert 6 <= width <= 62
    header = [c.value for c in book["goal status"][1]]
    assert header == ["goal_id", *careerkit.goal_status(hostile).columns]
    assert book["goal status"].max_row == 1 + len(careerkit.goal_status(hostile))
    assert book["task status"].max_row == 1 + len(careerkit.task_status(hostile))


def test_no_cell_is_a_formula_and_hostile_text_is_kept(workbook):
    _, book = workbook
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                    assert cell.data_type == "s"
                    assert cell.quotePrefix, cell.coordinate  # stays text when edited
                    texts.append(cell.value)
    for title in HOSTILE_TITLES:
        assert title.strip() in texts  # loading trims the tab and the carriage return
    assert "=cmd|' /C calc'!A0" in texts and "=A1" in texts
    tasks = [c.value for c in book["task status"]["C"]]
    assert "bell and =formula" in tasks  # the control character is dropped


def test_dates_and_number_formats(workbook, hostile):
    _, book = workbook
    sheet = book["goal status"]
    header = [c.value for c in sheet[1]]
    status = careerkit.goal_status(hostile)
    for name in ["start_date", "target_date", "current_target", "forecast_date",
                 "last_checkin", "completed_date"]:
        cells = [row[header.index(name)] for row in sheet.iter_rows(min_row=2)]
        filled = [c for c in cells if c.value is not None]
        assert len(filled) == status[name].notna().sum()
        assert filled and all(isinstance(c.value, dt.datetime) for c in filled)
        assert all(c.number_format == "yyyy-mm-dd" for c in filled)
    percent = [row[header.index("percent_complete")] for row in sheet.iter_rows(min_row=2)]
    assert all(c.number_format == "0.0" and 0 <= c.value <= 100 for c in percent)
    assert sorted(c.value for c in percent) == sorted(status["percent_complete"])
    rates = book["completion by client"]
    rate_header = [c.value for c in rates[1]]
    for name in ["completion_rate", "on_time_rate", "task_completion_rate"]:
        cells = [row[rate_header.index(name)] for row in rates.iter_rows(min_row=2)]
        assert all(c.number_format == "0%" for c in cells if c.value is not None)
        assert all(0 <= c.value <= 1 for c in cells if c.value is not None)
    about = {row[0].value: row[1].value for row in book["about"].iter_rows(min_row=2)}
    assert about["as_of"] == dt.datetime(2026, 3, 31)
    assert about["careerkit version"] == careerkit.__version__


def test_pandas_reads_back_the_metrics(workbook, hostile):
    path, _ = workbook
    back = pd.read_excel(path, sheet_name=None, engine="openpyxl")
    status = careerkit.goal_status(hostile)
    goals = back["goal status"].set_index("goal_id")
    assert goals.index.tolist() == status.index.tolist()
    assert goals["title"].tolist() == status["title"].tolist()
    assert goals["state"].tolist() == status["state"].tolist()
    assert pd.api.types.is_datetime64_any_dtype(goals["forecast_date"])
    assert (goals["forecast_date"].dt.date.tolist()
            == [d.date() if not pd.isna(d) else pd.NaT for d in status["forecast_date"]])
    assert goals["overdue_days"].tolist() == status["overdue_days"].tolist()
    tasks = back["task status"].set_index("task_id")
    assert tasks["drift_days"].tolist() == careerkit.task_status(hostile)["drift_days"].tolist()
    rates = careerkit.completion_rates(hostile, by="category")
    by_category = back["completion by category"]
    assert by_category["goals"].tolist() == rates["goals"].tolist()
    assert by_category["completion_rate"].tolist() == pytest.approx(
        rates["completion_rate"].tolist())


def test_as_of_and_the_data_files_are_untouched(hostile, tmp_path):
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
              for p in hostile.folder.iterdir()}
    path = export(hostile, tmp_path / "march.xlsx", as_of="2026-03-17")
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
             for p in hostile.folder.iterdir()}
    assert before == after
    goals = pd.read_excel(path, sheet_name="goal status", engine="openpyxl")
    assert len(goals) == len(careerkit.goal_status(hostile, as_of="2026-03-17"))
    assert "G4" not in goals["goal_id"].tolist()  # it starts on 2026-03-20


def test_tab_and_carriage_return_prefixes_are_text_too(tmp_path):
    from careerkit.export import write_sheet

    book = openpyxl.Workbook(write_only=True)
    frame = pd.DataFrame({"text": ["\t=1+1", "\r=2", "plain", None], "n": [1.5, None, 2, 3]})
    write_sheet(book, "t", frame)
    book.save(tmp_path / "t.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx")["t"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    # XML turns a carriage return into a line feed: still text, never a formula
    assert [c.value for c in cells] == ["\t=1+1", "\n=2", "plain", None]
    assert [c.data_type for c in cells[:3]] == ["s", "s", "s"]
    assert cells[0].quotePrefix and not cells[2].quotePrefix
    assert [row[1].value for row in sheet.iter_rows(min_row=2)] == [1.5, None, 2, 3]
