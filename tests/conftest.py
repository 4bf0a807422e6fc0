"""Fixtures shared by every test folder: the sample folder, demo caseloads, and a folder
whose goals start after its last check-in (the case the widgets once crashed on)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import careerkit

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DATA = ROOT / "sample_data"


@pytest.fixture(scope="session")
def sample_data() -> careerkit.CareerData:
    """``sample_data/`` loaded (do not edit it in place: take ``.copy()``)."""
    return careerkit.load(SAMPLE_DATA)


@pytest.fixture
def sample_folder(tmp_path) -> Path:
    """A writable copy of ``sample_data/``."""
    return Path(shutil.copytree(SAMPLE_DATA, tmp_path / "sample_data"))


@pytest.fixture(scope="session")
def demo_caseloads() -> dict[int, careerkit.CareerData]:
    """Demo caseloads of 1, 12 and 60 clients (seeds 3, 4, 5)."""
    return {n: careerkit.demo.generate(n, seed=seed) for n, seed in ((1, 3), (12, 4), (60, 5))}


FUTURE_GOALS = """\
goal_id,client,title,category,start_date,target_date,completed_date,status
G1,Ana Lima,Land a data role,role,2026-01-05,2026-06-30,,active
G2,Ana Lima,Speak at a meetup,network,2026-07-20,2026-10-30,,active
G3,Bo Chen,Finish the course,skills,2026-03-02,2026-05-29,2026-05-20,completed
G4,Bo Chen,Negotiate a raise,compensation,2026-08-03,2026-12-18,,active
"""
FUTURE_TASKS = """\
task_id,goal_id,title,due_date,weight,completed_date
T1,G1,Update CV,2026-02-15,1,2026-02-10
T2,G1,Apply to ten roles,2026-05-15,2,
T3,G4,Collect salary data,2026-09-15,1,
"""
FUTURE_PROGRESS = """\
date,goal_id,task_id,percent_complete,revised_target_date,note,reason
2026-02-10,G1,T1,,,CV done,
2026-04-01,G1,,40,2026-07-31,Slower than hoped,capacity
2026-05-20,G3,,100,,Passed,
2026-06-30,G1,,55,,Two interviews,
"""


@pytest.fixture
def future_goals_folder(tmp_path) -> Path:
    """A folder whose newest goals (G2 from 2026-07-20, G4 from 2026-08-03) start after
    its last check-in (2026-06-30, the default as_of)."""
    folder = tmp_path / "future_goals"
    folder.mkdir()
    for name, text in (("goals", FUTURE_GOALS), ("tasks", FUTURE_TASKS),
                       ("progress", FUTURE_PROGRESS)):
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder
