"""Loading real spreadsheet exports: encodings, delimiters, headers, dates, numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import GOALS_HEADER, write_folder

import careerkit

GOALS = f"""{GOALS_HEADER}
007,Zoë,Speak at a meetup,network,2025-01-06,2025-03-31,,
G2,Ana,Get certified,skills,2025-02-01,2025-06-30,2025-05-20,completed
"""


def test_canonical_folder_loads_with_canonical_dtypes(tmp_path):
    data = careerkit.load(write_folder(tmp_path, GOALS))
    goals = data.goals
    assert goals.columns.tolist() == GOALS_HEADER.split(",")
    assert goals["goal_id"].tolist() == ["007", "G2"]
    assert str(goals["goal_id"].dtype) == "str"
    assert str(goals["start_date"].dtype) == "datetime64[us]"
    assert goals["status"].tolist() == ["active", "completed"]
    assert isinstance(goals.index, pd.RangeIndex)
    # absent optional files give empty frames with every column
    assert data.tasks.empty and "weight" in data.tasks.columns
    assert data.tasks["weight"].dtype == "float64"
    assert data.progress.empty and str(data.progress["date"].dtype) == "datetime64[us]"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_encodings_and_line_endings(tmp_path, encoding, newline):
    text = GOALS.replace("Zoë", "Zoë Müller–Björk" if encoding != "cp1252" else "Zoë Müller")
    data = careerkit.load(write_folder(tmp_path, text, encoding=encoding, newline=newline))
    assert data.goals.loc[0, "client"].startswith("Zoë Müller")
    assert data.goals.loc[1, "status"] == "completed"


def test_cp1252_export_with_curly_quotes(tmp_path):
    goals = GOALS.replace("Speak at a meetup", "Give the “Intro” talk – 10’")
    write_folder(tmp_path, goals, encoding="cp1252")
    assert careerkit.load(tmp_path).goals.loc[0, "title"] == "Give the “Intro” talk – 10’"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiters_are_detected(tmp_path, delimiter):
    text = GOALS.replace(",", delimiter)
    data = careerkit.load(write_folder(tmp_path, text))
    assert data.goals["title"].tolist() == ["Speak at a meetup", "Get certified"]


def test_quoted_fields_with_delimiters_quotes_and_line_breaks(tmp_path):
    goals = f'''{GOALS_HEADER}
G1,Ana,"Lead, then ""own"" the
migration",skills,2025-01-06,2025-03-31,,
'''
    progress = '''date,goal_id,note
2025-01-10,G1,"line one
line two, with comma"
2025-01-11,G1,plain
'''
    data = careerkit.load(write_folder(tmp_path, goals, progress=progress))
    assert data.goals.loc[0, "title"] == 'Lead, then "own" the\nmigration'
    assert data.progress["note"].tolist() == ["line one\nline two, with comma", "plain"]


def test_headers_match_ignoring_case_spaces_and_hyphens(tmp_path):
    goals = """ Goal ID ,CLIENT,Title,Start-Date,target date,Completed_Date
G1,Ana,Speak,2025-01-06,2025-03-31,
"""
    data = careerkit.load(write_folder(tmp_path, goals))
    assert data.goals.columns.tolist()[:6] == [
        "goal_id", "client", "title", "start_date", "target_date", "completed_date"]


def test_user_headers_mapped_with_columns(tmp_path):
    goals = """Ref,Who,Goal,Begin,Deadline,Owner notes
G1,Ana,Speak,2025-01-06,2025-03-31,keep me
"""
    data = careerkit.load(write_folder(tmp_path, goals), columns={
        "Ref": "goal_id", "who": "client", "Goal": "title", "Begin": "start_date",
        "Deadline": "target_date"})
    assert data.goals.loc[0, "target_date"] == pd.Timestamp("2025-03-31")
    assert data.goals.loc[0, "Owner notes"] == "keep me"


def test_blank_lines_and_empty_rows_skipped_cells_trimmed_ids_kept(tmp_path):
    goals = f"""{GOALS_HEADER}

  007 ,  Ana  , Speak ,,2025-01-06,2025-03-31,,
,,,,,,,

0010,Bo,Write,,2025-01-06,2025-03-31,,
"""
    data = careerkit.load(write_folder(tmp_path, goals))
    assert data.goals["goal_id"].tolist() == ["007", "0010"]
    assert data.goals.loc[0, "client"] == "Ana"
    assert pd.isna(data.goals.loc[0, "category"])


def test_blank_lines_count_for_line_numbers(tmp_path):
    goals = f"""{GOALS_HEADER}

G1,Ana,Speak,,2025-01-06,2025-03-31,,
,,,,,,,
G2,Bo,Write,,someday,2025-03-31,,
"""
    with pytest.raises(careerkit.CareerDataError) as error:
        careerkit.load(write_folder(tmp_path, goals))
    assert error.value.problems.loc[0, "line"] == 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-07", "2025-03-07"),
        ("2025-03-07T18:30:00", "2025-03-07"),
        ("2025-03-07 23:59", "2025-03-07"),
        ("2025-03-07T23:30:00+05:00", "2025-03-07"),
        ("2025-03-07T10:00:00Z", "2025-03-07"),
        ("2025/3/7", "2025-03-07"),
        ("07.03.2025", "2025-03-07"),
    ],
)
def test_iso_and_dotted_dates(tmp_path, text, expected):
    goals = f"{GOALS_HEADER}\nG1,Ana,Speak,,{text},2025-12-31,,\n"
    data = careerkit.load(write_folder(tmp_path, goals))
    assert data.goals.loc[0, "start_date"] == pd.Timestamp(expected)


def test_day_first_proved_by_any_date_in_the_folder(tmp_path):
    goals = f"{GOALS_HEADER}\nG1,Ana,Speak,,03/04/2025,05/06/2025,,\n"
    progress = "date,goal_id\n31/05/2025,G1\n"
    data = careerkit.load(write_folder(tmp_path, goals, progress=progress))
    assert data.goals.loc[0, "start_date"] == pd.Timestamp("2025-04-03")
    assert data.progress.loc[0, "date"] == pd.Timestamp("2025-05-31")


def test_month_first_proved_by_any_date_in_the_folder(tmp_path):
    goals = f"{GOALS_HEADER}\nG1,Ana,Speak,,03/04/2025,12/31/2025,,\n"
    data = careerkit.load(write_folder(tmp_path, goals))
    assert data.goals.loc[0, "start_date"] == pd.Timestamp("2025-03-04")


def test_undecidable_day_month_order_asks_for_dayfirst(tmp_path):
    goals = f"{GOALS_HEADER}\nG1,Ana,Speak,,03/04/2025,05/06/2025,,\n"
    folder = write_folder(tmp_path, goals)
    with pytest.raises(careerkit.CareerDataError, match="dayfirst=True") as error:
        careerkit.load(folder)
    assert "goals.csv start_date" in str(error.value)
    assert "goals.csv target_date" in str(error.value)
    assert careerkit.load(folder, dayfirst=True).goals.loc[0, "target_date"] == pd.Timestamp(
        "2025-06-05")
    assert careerkit.load(folder, dayfirst=False).goals.loc[0, "target_date"] == pd.Timestamp(
        "2025-05-06")


def test_same_day_and_month_needs_no_decision(tmp_path):
    goals = f"{GOALS_HEADER}\nG1,Ana,Speak,,01/01/2025,2025-06-30,,\n"
    assert careerkit.load(write_folder(tmp_path, goals)).goals.loc[0, "start_date"] == (
        pd.Timestamp("2025-01-01"))


def test_both_orders_in_one_folder_is_an_error(tmp_path):
    goals = f"{GOALS_HEADER}\nG1,Ana,Speak,,31/01/2025,01/31/2026,,\n"
    with pytest.raises(careerkit.CareerDataError, match="month/day"):
        careerkit.load(write_folder(tmp_path, goals))


def test_two_digit_years_and_dashes(tmp_path):
    goals = f"{GOALS_HEADER}\nG1,Ana,Speak,,31-01-25,28-02-2025,,\n"
    assert careerkit.load(write_folder(tmp_path, goals)).goals.loc[0, "start_date"] == (
        pd.Timestamp("2025-01-31"))


def test_percents_and_decimal_commas(tmp_path):
    goals = f"{GOALS_HEADER}\nG1,Ana,Speak,,2025-01-01,2025-12-31,,\n".replace(",", ";")
    progress = "date;goal_id;percent_complete\n2025-02-01;G1;45%\n2025-02-02;G1; 60 % \n" \
               "2025-02-03;G1;45,5\n2025-02-04;G1;\n"
    data = careerkit.load(write_folder(tmp_path, goals, progress=progress))
    np.testing.assert_array_equal(data.progress["percent_complete"], [45, 60, 45.5, np.nan])


def test_extra_columns_are_kept_as_text(tmp_path):
    goals = f"{GOALS_HEADER},Coach,Budget\nG1,Ana,Speak,,2025-01-01,2025-12-31,,,Kim,0500\n"
    data = careerkit.load(write_folder(tmp_path, goals))
    assert data.goals.loc[0, "Coach"] == "Kim"
    assert data.goals.loc[0, "Budget"] == "0500"


def test_from_frames_accepts_typed_frames():
    goals = pd.DataFrame({
        "Goal ID": [7, 8], "Client": ["Ana", "Bo"], "Title": ["a", "b"],
        "Start date": pd.to_datetime(["2025-01-01 10:30", "2025-01-02 00:00"]),
        "Target date": ["31/01/2025", "2025-02-01"],
    })
    tasks = pd.DataFrame({"task_id": ["T1"], "goal_id": ["7"], "title": ["t"],
                          "due_date": ["2025-01-10"], "weight": [2]})
    data = careerkit.CareerData.from_frames(goals, tasks)
    assert data.goals["goal_id"].tolist() == ["7", "8"]
    assert data.goals.loc[0, "start_date"] == pd.Timestamp("2025-01-01")
    assert data.goals.loc[0, "target_date"] == pd.Timestamp("2025-01-31")
    assert data.tasks["weight"].dtype == "float64"
    assert goals.columns[0] == "Goal ID"  # the caller's frame is untouched


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(careerkit.CareerDataError, match=r"goals\.csv"):
        careerkit.load(tmp_path / "nowhere")


def test_header_only_goals_file_loads_empty(tmp_path):
    data = careerkit.load(write_folder(tmp_path, GOALS_HEADER + "\n"))
    assert data.goals.empty
    assert careerkit.goal_status(data).empty
