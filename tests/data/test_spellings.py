"""Values and headers as people type them: statuses, header spellings, decimal commas,
client names (issue 10, items 2 and 3)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from helpers import write_folder

import careerkit
from careerkit.data.schema import Rule
from careerkit.data.spellings import match_client, normalize_statuses, similar_clients

#: An Excel export with European settings: semicolons, cp1252, CRLF, dd/mm/yyyy, decimal
#: commas, the coach's own headers and a column of their own.
EU_GOALS = """Goal ID;Client;Title;Start Date;Deadline;Done on;Status;My notes
G1;José García;Learn SQL;06/01/2026;31/03/2026;;On hold;ask Ana
G2;Jose Garcia;Speak;06/01/2026;30/04/2026;;in progress;
G3;Zoë Abernathy;Network;06/01/2026;30/04/2026;15/02/2026;Done;
G4;Priya Raman;Apply;06/01/2026;30/04/2026;;on-hold;
"""
EU_PROGRESS = """Date;Goal ID;% complete;Comments
01/02/2026;G1;22,5;first
02/02/2026;G2;40%;
"""


def load_quietly(folder, **options):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", careerkit.CareerDataWarning)
        data = careerkit.load(folder, **options)
    return data, [w.message for w in caught]


@pytest.fixture
def eu_folder(tmp_path):
    return write_folder(tmp_path / "eu", EU_GOALS, None, EU_PROGRESS, encoding="cp1252",
                        newline="\r\n")


def test_an_excel_eu_folder_loads_with_its_own_headers_and_words(eu_folder):
    data, _ = load_quietly(eu_folder)
    expected = pd.Series(["on_hold", "active", "completed", "on_hold"], name="status",
                         dtype="str")
    pd.testing.assert_series_equal(data.goals["status"], expected)
    assert data.goals["target_date"].tolist() == pd.to_datetime(
        ["2026-03-31", "2026-04-30", "2026-04-30", "2026-04-30"]).tolist()
    assert data.goals["completed_date"].iloc[2] == pd.Timestamp("2026-02-15")
    assert data.progress["percent_complete"].tolist() == [22.5, 40.0]
    assert data.progress["note"].iloc[0] == "first" and pd.isna(data.progress["note"].iloc[1])
    assert "My notes" in data.goals.columns  # a column of the coach's own is kept


def test_status_words_in_any_case_and_with_synonyms():
    typed = pd.Series(["On hold", "on-hold", "ON_HOLD", " Paused ", "done", "Finished",
                       "cancelled", "Canceled", "abandoned", "In Progress", "active", None,
                       "sleeping"], dtype="str")
    expected = pd.Series(["on_hold"] * 4 + ["completed"] * 2 + ["dropped"] * 3
                         + ["active", "active", np.nan, "sleeping"], dtype="str")
    pd.testing.assert_series_equal(normalize_statuses(typed), expected)


def test_settings_words_extend_the_status_words():
    typed = pd.Series(["Parked", "done"], dtype="str")
    result = normalize_statuses(typed, {"parked": "on_hold", "done": "dropped"})
    assert result.tolist() == ["on_hold", "dropped"]


def test_an_unknown_status_is_still_a_problem(tmp_path):
    folder = write_folder(tmp_path, EU_GOALS.replace("in progress", "sleeping"),
                          encoding="cp1252")
    with pytest.raises(careerkit.CareerDataError) as caught:
        careerkit.load(folder)
    problems = caught.value.problems
    assert problems["rule"].tolist() == [Rule.UNKNOWN_STATUS]
    assert problems.loc[0, "header"] == "Status" and problems.loc[0, "column_letter"] == "G"


def test_problems_name_the_users_header_and_column_letter(tmp_path):
    folder = write_folder(tmp_path, EU_GOALS, None, EU_PROGRESS.replace("40%", "lots"),
                          encoding="cp1252")
    with pytest.raises(careerkit.CareerDataError) as caught:
        careerkit.load(folder)
    assert 'progress.csv line 3, column C ("% complete"): \'lots\'' in str(caught.value)
    row = caught.value.problems.iloc[0]
    assert (row["column"], row["header"], row["column_letter"]) == (
        "percent_complete", "% complete", "C")


@pytest.mark.parametrize("header,column", [
    ("Progress", "percent_complete"), ("% done", "percent_complete"),
    ("Percent", "percent_complete"), ("New Deadline", "revised_target_date")])
def test_common_progress_headers_are_recognised(tmp_path, header, column):
    folder = write_folder(tmp_path, "goal_id,client,title,start_date,target_date\n"
                          "G1,Ana,Speak,2026-01-05,2026-03-31\n", None,
                          f"date,goal_id,{header}\n2026-02-01,G1,2026-03-30\n"
                          if column == "revised_target_date" else
                          f"date,goal_id,{header}\n2026-02-01,G1,45\n")
    data, _ = load_quietly(folder)
    assert data.progress[column].notna().all()
    assert header not in data.progress.columns


def test_a_spelling_does_not_take_a_column_that_is_there_by_name(tmp_path):
    folder = write_folder(tmp_path, "goal_id,client,title,start_date,target_date,deadline\n"
                          "G1,Ana,Speak,2026-01-05,2026-03-31,soon\n")
    data, _ = load_quietly(folder)
    assert data.goals.loc[0, "target_date"] == pd.Timestamp("2026-03-31")
    assert data.goals.loc[0, "deadline"] == "soon"


def test_a_header_close_to_a_missing_column_gives_a_warning_naming_both(tmp_path):
    folder = write_folder(tmp_path, "goal_id,client,title,start_date,target_date\n"
                          "G1,Ana,Speak,2026-01-05,2026-03-31\n", None,
                          "date,goal_id,% complet\n2026-02-01,G1,45\n")
    data, notes = load_quietly(folder)
    header = [n for n in notes if n.rule == Rule.UNKNOWN_HEADER]
    assert len(header) == 1
    assert '"% complet"' in str(header[0]) and "did you mean percent_complete?" in str(header[0])
    assert header[0].settings == {"% complet": "percent_complete"}
    assert data.progress["percent_complete"].isna().all()


def test_a_header_close_to_a_missing_required_column_is_named_in_the_error(tmp_path):
    folder = write_folder(tmp_path, "goal_idd,client,title,start_date,target_date\n"
                          "G1,Ana,Speak,2026-01-05,2026-03-31\n")
    with pytest.raises(careerkit.CareerDataError) as caught:
        careerkit.load(folder)
    row = caught.value.problems.iloc[0]
    assert row["rule"] == Rule.MISSING_COLUMN and row["value"] == "goal_idd"
    assert '"goal_idd" = "goal_id"' in row["expected"]


def test_a_decimal_comma_in_a_quoted_field_of_a_comma_file(tmp_path):
    folder = write_folder(tmp_path, "goal_id,client,title,start_date,target_date\n"
                          "G1,Ana,Speak,2026-01-05,2026-03-31\n", None,
                          'date,goal_id,percent_complete\n2026-02-01,G1,"22,5"\n'
                          '2026-02-02,G1,"33,25%"\n')
    data, _ = load_quietly(folder)
    assert data.progress["percent_complete"].tolist() == [22.5, 33.25]


def test_a_thousands_like_comma_stays_a_problem(tmp_path):
    folder = write_folder(tmp_path, "goal_id,client,title,start_date,target_date\n"
                          "G1,Ana,Speak,2026-01-05,2026-03-31\n", None,
                          'date,goal_id,percent_complete\n2026-02-01,G1,"1,500"\n')
    with pytest.raises(careerkit.CareerDataError) as caught:
        careerkit.load(folder)
    assert caught.value.problems["rule"].tolist() == [Rule.NOT_A_NUMBER]


def test_client_spellings_that_differ_in_case_accents_or_spacing_warn(eu_folder):
    _, notes = load_quietly(eu_folder)
    similar = [str(n) for n in notes if n.rule == Rule.SIMILAR_CLIENTS]
    assert similar == ['goals.csv: "José García" (line 2) and "Jose Garcia" (line 3) look '
                       'like one client']


def test_similar_clients_groups_only_true_lookalikes():
    names = pd.Series(["Priya Raman", "priya  raman", "Ana", "Ána", "Bo", None])
    assert similar_clients(names, np.arange(2, 8)) == [
        '"Priya Raman" (line 2) and "priya  raman" (line 3) look like one client',
        '"Ana" (line 4) and "Ána" (line 5) look like one client']
    assert similar_clients(pd.Series(["Ana", "Bo"]), np.array([2, 3])) == []


def test_match_client_ignores_case_and_accents_when_unambiguous():
    names = ["Zoë Abernathy", "José García", "Jose Garcia", "Ana"]
    assert match_client(names, "zoe abernathy") == "Zoë Abernathy"
    assert match_client(names, "Jose Garcia") == "Jose Garcia"  # exact wins
    with pytest.raises(ValueError, match="could be 'Jose Garcia' or 'José García'"):
        match_client(names, "jose garcia")
    with pytest.raises(ValueError, match="unknown client 'Nobody'"):
        match_client(names, "Nobody")
