"""Date columns written 2025-03-31 are read as dates at once (no text of them held); any
other date column, or one with a date the fast path cannot read, loads as before, as text
first. The loaded data and the problems' values are the same either way."""

from __future__ import annotations

import pandas as pd
import pytest

import careerkit
from careerkit.data import files, validation
from careerkit.data.exceptions import CareerDataError
from careerkit.data.schema import GOALS, PROGRESS, Rule

GOALS_HEAD = "goal_id,client,title,start_date,target_date,completed_date\n"


def write(folder, goals, progress=None):
    folder.mkdir(exist_ok=True)
    (folder / "goals.csv").write_text(GOALS_HEAD + goals, encoding="utf-8")
    if progress is not None:
        (folder / "progress.csv").write_text(
            "date,goal_id,percent_complete\n" + progress, encoding="utf-8")
    return folder


def test_iso_date_columns_are_read_as_dates(tmp_path):
    folder = write(tmp_path, "G1,Ada,Speak,2025-01-06,2025-06-30,\nG2,Bo,Run,2025-02-01,"
                             "2025-03-01,2025-02-20\n", "2025-01-07,G1,10\n")
    raw = files.read_table(folder / "goals.csv", dates=validation.date_columns(GOALS))
    assert raw.reader == "arrow" and raw.dates == {3, 4, 5}
    assert raw.frame["c5"].tolist()[1] == pd.Timestamp("2025-02-20")
    assert pd.isna(raw.frame["c5"].iloc[0]) and raw.frame["c5"].dtype == "datetime64[us]"
    progress = files.read_table(folder / "progress.csv", dates=validation.date_columns(PROGRESS))
    assert progress.dates == {0}
    # the user's own header for a date column keeps it text until it is renamed
    mapped = files.read_table(folder / "goals.csv",
                              dates=validation.date_columns(GOALS, {"Start date": "title"}))
    assert mapped.dates == {4, 5}


@pytest.mark.parametrize("odd", ["2025-3-05", "15/03/2025", "0025-03-05", "2025-02-30"])
def test_other_dates_load_as_before(tmp_path, odd):
    """A date the fast path cannot take, far below the first lines (the file is read again,
    as text), or a year below 100 (read as 20xx; that column is made text): the column is
    parsed as before."""
    rows = "".join(f"G{i},Ada,Speak,2025-01-06,2025-06-30,\n" for i in range(5000))
    folder = write(tmp_path, rows + f"G9999,Bo,Run,2025-01-06,{odd},\n")
    raw = files.read_table(folder / "goals.csv", dates=validation.date_columns(GOALS))
    assert 4 not in raw.dates and raw.frame["c4"].iloc[-1] == odd
    assert raw.reader == "arrow" and raw.dates == ({3, 5} if odd == "0025-03-05" else set())
    if odd == "2025-02-30":
        with pytest.raises(CareerDataError) as error:
            careerkit.load(folder)
        assert error.value.problems["value"].tolist() == [odd]
        return
    expected = {"2025-3-05": "2025-03-05", "15/03/2025": "2025-03-15",
                "0025-03-05": "2025-03-05"}[odd]
    assert careerkit.load(folder).goals["target_date"].iloc[-1] == pd.Timestamp(expected)


def test_problems_show_dates_as_written(tmp_path):
    folder = write(tmp_path, "G1,Ada,Speak,2025-01-06,2024-12-31,\n")
    with pytest.raises(CareerDataError) as error:
        careerkit.load(folder)
    problems = error.value.problems
    assert problems[["line", "column", "value", "rule"]].values.tolist() == [
        [2, "target_date", "2024-12-31", Rule.BEFORE_START]]


def test_loaded_data_is_the_same_as_from_text(tmp_path):
    """The same folder, its dates read at once or parsed from text, loads equal."""
    folder = write(tmp_path, "G1,Ada,Speak,2025-01-06,2025-06-30,\n"
                             "G2,Bo,Run,2025-02-01,2025-03-01,2025-02-20\n",
                   "2025-01-07,G1,10\n2025-01-08,G2,\n")
    typed = careerkit.load(folder)
    frames = {name: pd.read_csv(folder / f"{name}.csv", dtype=str)
              for name in ("goals", "progress")}
    from_text = careerkit.CareerData.from_frames(frames["goals"], progress=frames["progress"])
    assert typed.equals(from_text)
