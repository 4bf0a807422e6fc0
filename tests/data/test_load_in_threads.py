"""Loading reads the files and checks the tables in threads (as many as the machine has
cores): the answer is the same, problems and warnings in the same order, on any count."""

from __future__ import annotations

import os
import textwrap
import warnings

import numpy as np
import pytest
from helpers import GOALS_HEADER, write_folder

import careerkit
from careerkit.data.schema import Rule

CORES = [1, 2, 8]


def _broken_folder(tmp_path):
    return write_folder(
        tmp_path / "broken",
        textwrap.dedent(f"""\
            {GOALS_HEADER}
            G1,Ana,Job,role,2025-01-01,2025-13-01,,active
            G1,Ben,Course,skill,2025-01-01,2025-04-01,,active
            """),
        textwrap.dedent("""\
            task_id,goal_id,title,due_date,weight,completed_date
            T1,G1,Call,2025-02-01,x,
            T2,G9,Write,2025-02-01,1,
            """),
        textwrap.dedent("""\
            date,goal_id,task_id,percent_complete,revised_target_date,note,reason
            2025-02-01,G1,T3,50,,,
            2025-02-02,G7,,150,,,
            """),
    )


@pytest.mark.parametrize("cores", CORES)
def test_problems_of_every_file_in_one_order_whatever_the_cores(tmp_path, monkeypatch, cores):
    folder = _broken_folder(tmp_path)
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    with pytest.raises(careerkit.CareerDataError) as caught:
        careerkit.load(folder)
    problems = caught.value.problems
    found = list(zip(problems["file"], problems["line"], problems["column"], problems["rule"],
                     strict=True))
    assert found == [
        ("goals.csv", 2, "target_date", Rule.NOT_A_REAL_DATE),
        ("tasks.csv", 2, "weight", Rule.NOT_A_NUMBER),
        ("goals.csv", 2, "goal_id", Rule.DUPLICATE_ID),
        ("goals.csv", 3, "goal_id", Rule.DUPLICATE_ID),
        ("tasks.csv", 3, "goal_id", Rule.UNKNOWN_GOAL),
        ("progress.csv", 3, "goal_id", Rule.UNKNOWN_GOAL),
        ("progress.csv", 3, "percent_complete", Rule.OUT_OF_RANGE),
        ("progress.csv", 2, "task_id", Rule.UNKNOWN_TASK),
    ]
    assert problems["expected"].iloc[2] == "a unique goal_id; it is on lines 2, 3"


@pytest.mark.parametrize("cores", CORES)
def test_warnings_and_joins_whatever_the_cores(tmp_path, monkeypatch, cores):
    folder = write_folder(
        tmp_path / "odd",
        textwrap.dedent(f"""\
            {GOALS_HEADER}
            G2,Ana Lima,Job,role,2025-01-01,2025-04-01,2025-03-01,completed
            G1,ana  lima,Course,skill,2025-01-01,2025-04-01,,active
            """),
        textwrap.dedent("""\
            task_id,goal_id,title,due_date,weight,completed_date
            T9,G1,Call,2025-02-01,1,
            T4,G2,Write,2025-02-01,1,
            """),
        textwrap.dedent("""\
            date,goal_id,task_id,percent_complete,revised_target_date,note,reason
            2025-02-01,G1,T9,50,,,
            2025-02-02,G2,,,,,
            2025-02-03,G1,,,,,
            """),
    )
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = careerkit.load(folder)
    assert [str(w.message) for w in caught] == [
        "tasks.csv: open tasks on a completed goal (line 3)",
        'goals.csv: "Ana Lima" (line 2) and "ana  lima" (line 3) look like one client',
    ]
    assert data.task_goal_rows().tolist() == [1, 0]
    assert data.checkin_goal_rows().tolist() == [1, 0, 1]
    assert data.checkin_task_rows().tolist() == [0, -1, -1]
    assert np.asarray(data.goal_order()).tolist() == [1, 0]
    assert np.asarray(data.task_order()).tolist() == [1, 0]
