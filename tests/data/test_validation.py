"""Bad input: every problem reported at once, with file, line, column, value, expected."""

from __future__ import annotations

import codecs
import warnings

import pandas as pd
import pytest
from helpers import GOALS_HEADER, write_folder

import careerkit
from careerkit.data.schema import Rule


def problems_of(folder, **kwargs) -> pd.DataFrame:
    with pytest.raises(careerkit.CareerDataError) as error:
        careerkit.load(folder, **kwargs)
    assert isinstance(error.value, ValueError)
    return error.value.problems


def row(problems, **match):
    mask = pd.Series(True, index=problems.index)
    for key, value in match.items():
        mask &= problems[key] == value
    assert mask.sum() == 1, f"expected one problem matching {match}, got\n{problems}"
    return problems.loc[mask].iloc[0]


GOOD_GOALS = f"""{GOALS_HEADER}
G1,Ana,Speak,,2025-01-06,2025-03-31,,
G2,Bo,Write,,2025-01-06,2025-03-31,,
"""

# One of every problem that cross-file rules can report (line numbers as in the tests).
BAD_GOALS = f"""{GOALS_HEADER}
G1,Ana,Speak,,2025-01-06,2025-03-31,,
G1,Bo,Write,,2025-02-30,2025-03-31,,
G2,Cy,Run,,next week,2025-03-31,,
G4,Di,Lead,,2025-05-01,2025-04-01,,
G5,Ed,Sing,,2025-01-01,2025-04-01,,completed
G6,Fa,Cook,,2025-01-01,2025-04-01,2025-02-01,dropped
G7,Gu,Swim,,2025-01-01,2025-04-01,,sleeping
G8,,,,2025-01-01,2025-04-01,2024-12-01,
G1,Hu,Draw,,2025-01-01,2025-04-01,,
"""
BAD_TASKS = """task_id,goal_id,title,due_date,weight
T1,G1,a,2025-02-01,1
T2,G9,b,2025-02-01,0
T1,G1,c,2025-02-01,-2
T3,G2,d,2025-02-01,heavy
"""
BAD_PROGRESS = """date,goal_id,task_id,percent_complete,revised_target_date
2025-02-01,G1,,120,
2025-02-01,GX,,10,
2025-02-01,G2,T1,10,
2025-02-01,G2,T8,10,
2025-02-01,G2,,lots,2025-13-01
"""


def test_every_problem_in_the_folder_is_reported_at_once(tmp_path):
    problems = problems_of(write_folder(tmp_path, BAD_GOALS, BAD_TASKS, BAD_PROGRESS))
    assert problems.columns.tolist() == ["file", "line", "column", "value", "expected", "rule",
                                         "cell", "header", "column_letter"]
    assert problems["cell"].isna().all()  # CSV files: lines, not cells

    dup = problems[(problems["file"] == "goals.csv") & (problems["column"] == "goal_id")]
    assert dup["line"].tolist() == [2, 3, 10]
    assert dup["expected"].str.contains("lines 2, 3, 10").all()
    assert row(problems, file="goals.csv", line=3, column="start_date")["value"] == "2025-02-30"
    assert "real calendar date" in row(problems, line=3, column="start_date")["expected"]
    assert row(problems, file="goals.csv", line=4)["value"] == "next week"
    assert "2025-03-31" in row(problems, file="goals.csv", line=4)["expected"]
    assert "2025-05-01" in row(problems, line=5, column="target_date")["expected"]
    assert "completed_date" in row(problems, line=6, column="status")["expected"]
    assert "dropped" in row(problems, line=7, column="completed_date")["expected"]
    assert "on_hold" in row(problems, line=8, column="status")["expected"]
    assert row(problems, file="goals.csv", line=9, column="client")["value"] is None
    assert "required" in row(problems, file="goals.csv", line=9, column="title")["expected"]
    assert "start_date" in row(problems, file="goals.csv", line=9,
                               column="completed_date")["expected"]

    assert row(problems, file="tasks.csv", column="task_id", line=2)["value"] == "T1"
    assert row(problems, file="tasks.csv", column="task_id", line=4)["value"] == "T1"
    assert "goals.csv" in row(problems, file="tasks.csv", column="goal_id")["expected"]
    assert row(problems, file="tasks.csv", line=3, column="weight")["value"] == "0"
    assert row(problems, file="tasks.csv", line=4, column="weight")["value"] == "-2"
    assert "number" in row(problems, file="tasks.csv", line=5, column="weight")["expected"]

    assert row(problems, file="progress.csv", line=2)["value"] == "120"
    assert row(problems, file="progress.csv", line=3)["value"] == "GX"
    elsewhere = row(problems, file="progress.csv", line=4, column="task_id")
    assert "belongs to goal G1" in elsewhere["expected"]
    assert "tasks.csv" in row(problems, file="progress.csv", line=5)["expected"]
    assert row(problems, file="progress.csv", line=6, column="percent_complete")["value"] == (
        "lots")
    assert row(problems, file="progress.csv", line=6,
               column="revised_target_date")["value"] == "2025-13-01"


def test_each_problem_carries_its_rule(tmp_path):
    problems = problems_of(write_folder(tmp_path, BAD_GOALS, BAD_TASKS, BAD_PROGRESS))
    expected = pd.DataFrame(
        [
            ("goals.csv", 2, "goal_id", Rule.DUPLICATE_ID),
            ("goals.csv", 3, "goal_id", Rule.DUPLICATE_ID),
            ("goals.csv", 3, "start_date", Rule.NOT_A_REAL_DATE),  # 2025-02-30
            ("goals.csv", 4, "start_date", Rule.NOT_A_DATE),  # next week
            ("goals.csv", 5, "target_date", Rule.BEFORE_START),
            ("goals.csv", 6, "status", Rule.COMPLETED_WITHOUT_DATE),
            ("goals.csv", 7, "completed_date", Rule.STATUS_CONFLICT),  # dropped
            ("goals.csv", 8, "status", Rule.UNKNOWN_STATUS),  # paused
            ("goals.csv", 9, "client", Rule.REQUIRED_VALUE),
            ("goals.csv", 9, "completed_date", Rule.BEFORE_START),
            ("goals.csv", 9, "title", Rule.REQUIRED_VALUE),
            ("goals.csv", 10, "goal_id", Rule.DUPLICATE_ID),
            ("progress.csv", 2, "percent_complete", Rule.OUT_OF_RANGE),  # 120
            ("progress.csv", 3, "goal_id", Rule.UNKNOWN_GOAL),  # GX
            ("progress.csv", 4, "task_id", Rule.TASK_OF_OTHER_GOAL),  # T1 is G1's
            ("progress.csv", 5, "task_id", Rule.UNKNOWN_TASK),  # T8
            ("progress.csv", 6, "percent_complete", Rule.NOT_A_NUMBER),  # lots
            ("progress.csv", 6, "revised_target_date", Rule.NOT_A_REAL_DATE),  # 2025-13-01
            ("tasks.csv", 2, "task_id", Rule.DUPLICATE_ID),
            ("tasks.csv", 3, "goal_id", Rule.UNKNOWN_GOAL),  # G9
            ("tasks.csv", 3, "weight", Rule.NOT_POSITIVE),  # 0
            ("tasks.csv", 4, "task_id", Rule.DUPLICATE_ID),
            ("tasks.csv", 4, "weight", Rule.NOT_POSITIVE),  # -2
            ("tasks.csv", 5, "weight", Rule.NOT_A_NUMBER),  # heavy
        ],
        columns=["file", "line", "column", "rule"],
    ).astype({"file": "str", "line": "Int64", "column": "str", "rule": "str"})
    found = problems[["file", "line", "column", "rule"]].sort_values(
        ["file", "line", "column"], ignore_index=True)
    pd.testing.assert_frame_equal(found, expected)


@pytest.mark.parametrize(
    ("goals", "kwargs", "rule", "column"),
    [
        ("goal_id,client,title,start_date\nG1,Ana,x,2025-01-01\n", {}, Rule.MISSING_COLUMN,
         "target_date"),
        ("goal_id,Goal ID,client,title,start_date,target_date\n"
         "G1,G1,Ana,x,2025-01-01,2025-02-01\n", {}, Rule.DUPLICATE_COLUMN, "goal_id"),
        (GOOD_GOALS + "G3,Cy,Run,,2025-01-06,2025-03-31,,,surprise\n", {}, Rule.TOO_MANY_CELLS,
         ""),
        (f"{GOALS_HEADER}\nG1,Ana,Speak,,03/04/2025,05/06/2025,,\n", {},
         Rule.DAYFIRST_UNDECIDED, "start_date"),
        (f"{GOALS_HEADER}\nG1,Ana,Speak,,31/01/2025,01/31/2026,,\n", {},
         Rule.DAYFIRST_CONFLICT, "start_date"),
        (f"{GOALS_HEADER}\nG1,Ana,Speak,,31/02/2025,2025-03-31,,\n", {},
         Rule.NOT_A_REAL_DATE, "start_date"),
    ],
)
def test_folder_and_column_problems_carry_their_rule(tmp_path, goals, kwargs, rule, column):
    problems = problems_of(write_folder(tmp_path, goals), **kwargs)
    assert problems[["rule", "column"]].values.tolist() == [[rule, column]]


def test_missing_and_unreadable_files_carry_their_rule(tmp_path):
    problems = problems_of(tmp_path / "nowhere")
    assert problems[["file", "rule"]].values.tolist() == [[str(tmp_path / "nowhere"),
                                                           Rule.MISSING_FILE]]
    folder = write_folder(tmp_path / "broken", GOOD_GOALS)
    (folder / "tasks.csv").write_bytes(codecs.BOM_UTF16_LE + b"t\x00a\x00s")  # odd length
    problems = problems_of(folder)
    assert problems[["file", "line", "rule"]].astype(object).values.tolist() == [
        ["tasks.csv", pd.NA, Rule.UNREADABLE_FILE]]
    assert problems.loc[0, "expected"].startswith("a file careerkit can read (")


def test_rule_codes_are_plain_strings_in_a_text_column(tmp_path):
    problems = problems_of(write_folder(tmp_path, GOOD_GOALS.replace("Ana", "")))
    assert str(problems["rule"].dtype) == "str"
    assert problems.loc[0, "rule"] == "required_value" == Rule.REQUIRED_VALUE
    empty = careerkit.CareerDataError(problems.iloc[:0]).problems
    assert empty.columns.tolist()[-4:-2] == ["rule", "cell"] and str(empty["rule"].dtype) == "str"


def test_missing_required_columns_named_with_a_hint(tmp_path):
    goals = "goal_id,client,Begin\nG1,Ana,2025-01-01\n"
    problems = problems_of(write_folder(tmp_path, goals))
    missing = problems.loc[problems["line"].isna(), "column"].tolist()
    assert missing == ["title", "start_date", "target_date"]
    assert "columns={" in problems.loc[0, "expected"]


def test_message_names_file_line_column_value_and_expectation(tmp_path):
    goals = GOOD_GOALS.replace("2025-03-31,,\nG2", "2025-03-31,,\nG2").replace(
        "G2,Bo,Write,,2025-01-06", "G2,Bo,Write,,2025-01-32")
    with pytest.raises(careerkit.CareerDataError) as error:
        careerkit.load(write_folder(tmp_path, goals))
    message = str(error.value)
    assert message.startswith(f"1 problem in {tmp_path}:")
    assert "goals.csv line 3, column start_date: '2025-01-32': expected a real" in message


def test_long_problem_lists_are_capped_in_the_message(tmp_path):
    rows = "".join(f"G{i},Ana,Speak,,2025-01-06,bad,,\n" for i in range(40))
    with pytest.raises(careerkit.CareerDataError) as error:
        careerkit.load(write_folder(tmp_path, f"{GOALS_HEADER}\n{rows}"))
    assert len(error.value.problems) == 40
    assert "... and 15 more" in str(error.value)
    assert str(error.value).count("\n  - ") == 25


def test_rows_longer_than_the_header(tmp_path):
    goals = GOOD_GOALS + "G3,Cy,Run,,2025-01-06,2025-03-31,,,surprise\n"
    problems = problems_of(write_folder(tmp_path, goals))
    assert row(problems, line=4)["expected"].startswith("as many cells as the header")


def test_two_columns_for_one_name(tmp_path):
    goals = ("goal_id,Goal ID,client,title,start_date,target_date\n"
             "G1,G1,Ana,x,2025-01-01,2025-02-01\n")
    problems = problems_of(write_folder(tmp_path, goals))
    assert row(problems, line=1, column="goal_id")["value"] == "Goal ID"


def test_odd_but_possible_data_loads_with_warnings(tmp_path):
    goals = f"""{GOALS_HEADER}
G1,Ana,Speak,,2025-01-06,2025-03-31,2025-03-01,completed
G2,Bo,Write,,2025-01-06,2025-03-31,,dropped
G3,Cy,Run,,2025-01-06,2025-03-31,,
"""
    tasks = """task_id,goal_id,title,due_date,completed_date
T1,G1,a,2025-02-01,
T2,G2,b,2025-02-01,2025-02-02
"""
    progress = """date,goal_id,percent_complete,revised_target_date
2025-02-10,G3,100,
2025-02-10,G3,,2025-02-01
"""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = careerkit.load(write_folder(tmp_path, goals, tasks, progress))
    messages = {w.message.rule: str(w.message) for w in caught
                if w.category is careerkit.CareerDataWarning}
    assert len(data.goals) == 3
    assert list(messages) == [Rule.REVISED_BEFORE_CHECKIN, Rule.OPEN_TASK_ON_COMPLETED_GOAL,
                              Rule.DONE_TASK_ON_DROPPED_GOAL, Rule.FULL_CHECKIN_NOT_COMPLETED]
    assert "open tasks on a completed goal (line 2)" in messages[
        Rule.OPEN_TASK_ON_COMPLETED_GOAL]
    assert "done tasks on a dropped goal (line 3)" in messages[Rule.DONE_TASK_ON_DROPPED_GOAL]
    assert "100 % check-in" in messages[Rule.FULL_CHECKIN_NOT_COMPLETED]
    assert "revised target dated before its check-in (line 3)" in messages[
        Rule.REVISED_BEFORE_CHECKIN]


def test_problems_from_frames_name_the_frame_and_row():
    goals = pd.DataFrame({"goal_id": ["G1", "G2"], "client": ["Ana", "Bo"],
                          "title": ["a", "b"], "start_date": ["2025-01-01", "soon"],
                          "target_date": ["2025-02-01", "2025-02-01"]})
    with pytest.raises(careerkit.CareerDataError) as error:
        careerkit.CareerData.from_frames(goals)
    assert row(error.value.problems, file="goals", line=3)["value"] == "soon"


def test_validate_command_exit_codes(tmp_path, capsys):
    from careerkit.cli import main

    good = write_folder(tmp_path / "good", GOOD_GOALS)
    assert main(["validate", str(good)]) == 0
    assert "2 goals of 2 clients" in capsys.readouterr().out
    bad = write_folder(tmp_path / "bad", GOOD_GOALS.replace("2025-03-31", "31/31/2025", 1))
    assert main(["validate", str(bad)]) == 1
    captured = capsys.readouterr()
    assert "goals.csv line 2, column target_date: '31/31/2025'" in captured.out + captured.err
    assert "Traceback" not in captured.out + captured.err
