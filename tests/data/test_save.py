"""Saving without loss: atomic, only changed files, each in its own format, extra columns kept.

Byte-level tests of each spreadsheet dialect are in test_save_dialects.py."""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

import pandas as pd
import pytest
from helpers import GOALS_HEADER, caseloads, write_folder
from hypothesis import HealthCheck, given, settings

import careerkit

GOALS = f'''{GOALS_HEADER},Coach notes
007,Zoë,"Speak, then ""write""",network,2025-01-06,2025-03-31,,,"line one
line two"
G2,Ana,Get certified,skills,2025-02-01,2025-06-30,2025-05-20,completed,
'''
TASKS = """task_id,goal_id,title,due_date,weight,completed_date,Effort
T1,007,Draft talk,2025-02-01,2,2025-02-03,high
T2,007,Give talk,2025-03-01,0.5,,
"""
PROGRESS = """date,goal_id,task_id,percent_complete,revised_target_date,note,reason
2025-02-10,007,,45.5,2025-04-15,"slipped, a bit",capacity
2025-02-11,007,T2,,2025-03-15,,
"""


def test_save_writes_canonical_csv_and_round_trips(tmp_path):
    data = careerkit.load(write_folder(tmp_path / "in", GOALS, TASKS, PROGRESS))
    written = data.save(tmp_path / "out")
    assert [p.name for p in written] == ["goals.csv", "tasks.csv", "progress.csv"]
    text = (tmp_path / "out" / "goals.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == GOALS_HEADER + ",Coach notes"
    assert '007,Zoë,"Speak, then ""write""",network,2025-01-06,2025-03-31,,active,"line one' in text
    tasks_text = (tmp_path / "out" / "tasks.csv").read_text(encoding="utf-8")
    assert "T1,007,Draft talk,2025-02-01,2,2025-02-03,high" in tasks_text
    assert "T2,007,Give talk,2025-03-01,0.5,," in tasks_text
    again = careerkit.load(tmp_path / "out")
    assert again.equals(data)
    assert again.goals.loc[0, "Coach notes"] == "line one\nline two"


def test_save_defaults_to_the_loaded_folder_and_writes_only_changed_files(tmp_path):
    folder = write_folder(tmp_path, GOALS)
    before = (folder / "goals.csv").read_bytes()
    data = careerkit.load(folder)
    assert data.save() == []  # nothing changed: nothing written
    assert (folder / "goals.csv").read_bytes() == before
    data.goals.loc[1, "title"] = "Get certified twice"
    assert [p.name for p in data.save()] == ["goals.csv"]
    assert not (folder / "tasks.csv").exists()
    assert not list(folder.glob("*.orig*"))
    assert (folder / "goals.csv").read_bytes() == before.replace(
        b"Get certified", b"Get certified twice").replace(b",,,", b",,active,")


def test_failed_save_leaves_the_old_file_intact(tmp_path, monkeypatch):
    folder = write_folder(tmp_path, GOALS)
    before = (folder / "goals.csv").read_bytes()
    data = careerkit.load(folder)
    data.goals.loc[0, "title"] = "changed"

    def disk_full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("careerkit.data.files.os.fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        data.save()
    assert (folder / "goals.csv").read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["goals.csv"]  # no temp file left


def test_file_mode_is_kept(tmp_path):
    folder = write_folder(tmp_path, GOALS)
    (folder / "goals.csv").chmod(0o640)
    data = careerkit.load(folder)
    data.goals.loc[0, "title"] = "changed"
    assert [p.name for p in data.save()] == ["goals.csv"]
    assert (folder / "goals.csv").stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize(
    ("variant", "encoding", "newline"),
    [
        (lambda t: t.replace(",", ";"), "utf-8", "\n"),
        (lambda t: t, "cp1252", "\r\n"),
        (lambda t: t.replace("2025-01-06", "31/01/2025").replace("2025-03-31", "30/04/2025")
         .replace("2025-02-01", "01/02/2025").replace("2025-06-30", "30/06/2025")
         .replace("2025-05-20", "20/05/2025"), "utf-8", "\n"),
        (lambda t: t.replace("goal_id", "Goal ID", 1), "utf-8", "\r"),
    ],
    ids=["semicolon", "cp1252-crlf", "day-month", "headers-cr"],
)
def test_a_changed_file_is_rewritten_in_its_own_format(tmp_path, variant, encoding, newline):
    plain = GOALS.replace('"line one\nline two"', "x").replace('"Speak, then ""write"""', "Speak")
    goals = variant(plain)
    folder = write_folder(tmp_path, goals, encoding=encoding, newline=newline)
    data = careerkit.load(folder)
    data.goals.loc[1, "title"] = "Get certified again"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert [p.name for p in data.save()] == ["goals.csv"]
    # a rewritten row holds careerkit's values: the blank status is written as active
    expected = variant(plain.replace("Get certified", "Get certified again")
                       .replace("2025-03-31,,,x", "2025-03-31,,active,x"))
    assert (folder / "goals.csv").read_bytes() == write_folder(
        tmp_path / "expected", expected, encoding=encoding, newline=newline
    ).joinpath("goals.csv").read_bytes()
    assert not list(folder.glob("*.orig*"))
    assert careerkit.load(folder).equals(data)


def test_changed_on_disk(tmp_path):
    folder = write_folder(tmp_path, GOALS)
    data = careerkit.load(folder)
    assert data.changed_on_disk() == []
    (folder / "progress.csv").write_text("date,goal_id\n2025-02-01,007\n")
    assert data.changed_on_disk() == ["progress.csv"]
    with pytest.raises(careerkit.ChangedOnDiskError, match=r"progress\.csv changed"):
        data.save()
    assert (folder / "progress.csv").read_text() == "date,goal_id\n2025-02-01,007\n"
    data.goals.loc[0, "title"] = "edited"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        written = data.save(overwrite=True)
    assert [p.name for p in written] == ["goals.csv", "progress.csv"]
    assert data.changed_on_disk() == []
    # the file made meanwhile is replaced by the table as loaded (no check-ins)
    assert (folder / "progress.csv").read_text() == (
        "date,goal_id,task_id,percent_complete,revised_target_date,note,reason\n")


# --- property: load(save(data)) equals data -------------------------------------------

@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(caseloads())
def test_load_of_save_equals_data(data):
    with tempfile.TemporaryDirectory() as folder, warnings.catch_warnings():
        warnings.simplefilter("ignore", careerkit.CareerDataWarning)
        data.save(folder)
        again = careerkit.load(Path(folder))
    for before, after in zip(data.frames(), again.frames(), strict=True):
        pd.testing.assert_frame_equal(after, before)
    assert again.equals(data)
