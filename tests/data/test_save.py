"""Saving without loss: canonical, atomic, extra columns kept, originals backed up."""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

import pandas as pd
import pytest
from helpers import GOALS_HEADER, caseloads, write_folder
from hypothesis import HealthCheck, given, settings

import careerkit
from careerkit.data.schema import Rule

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


def test_save_defaults_to_the_loaded_folder_and_skips_absent_empty_files(tmp_path):
    folder = write_folder(tmp_path, GOALS)
    data = careerkit.load(folder)
    assert [p.name for p in data.save()] == ["goals.csv"]
    assert not (folder / "tasks.csv").exists()
    assert not list(folder.glob("*.orig*"))  # canonical already: no backup


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
    careerkit.load(folder).save()
    assert (folder / "goals.csv").stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize(
    ("variant", "reason"),
    [
        (lambda t: t.replace(",", ";"), "delimiter"),
        (lambda t: t.replace("Zoë", "Zoë"), "cp1252"),
        (lambda t: t.replace("2025-01-06", "31/01/2025"), "day/month"),
        (lambda t: t.replace("goal_id", "Goal ID", 1), "headers"),
    ],
)
def test_changing_a_files_format_keeps_the_original(tmp_path, variant, reason):
    encoding = "cp1252" if reason == "cp1252" else "utf-8"
    goals = variant(GOALS.replace('"line one\nline two"', "x").replace(
        '"Speak, then ""write"""', "Speak"))
    folder = write_folder(tmp_path, goals, encoding=encoding)
    original = (folder / "goals.csv").read_bytes()
    data = careerkit.load(folder)
    with pytest.warns(careerkit.CareerDataWarning, match=f"{reason}.*goals.orig.csv") as caught:
        data.save()
    assert [w.message.rule for w in caught] == [Rule.FORMAT_CHANGED]
    assert (folder / "goals.orig.csv").read_bytes() == original
    assert careerkit.load(folder).equals(data)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data.save()  # now canonical: no second backup
    assert not (folder / "goals.orig-2.csv").exists()


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_other_line_ends_are_rewritten_as_lf_without_a_backup(tmp_path, newline):
    plain = GOALS.replace('"line one\nline two"', "x")
    lf = write_folder(tmp_path / "lf", plain, TASKS, PROGRESS)
    careerkit.load(lf).save()
    folder = write_folder(tmp_path / "other", plain, TASKS, PROGRESS, newline=newline)
    data = careerkit.load(folder)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data.save()
    for name in ("goals.csv", "tasks.csv", "progress.csv"):
        assert (folder / name).read_bytes() == (lf / name).read_bytes()
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
    with pytest.warns(careerkit.CareerDataWarning, match="progress.orig.csv"):
        data.save(overwrite=True)
    assert data.changed_on_disk() == []


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
