"""A notebook on a folder that needs its settings (issue 10): the parameter cell takes the
folder, and everything in the notebook (load, Planner, CheckIn, WhatIf on the working copy)
reads the folder's careerkit.toml. One notebook, on a tiny Excel-EU folder, to stay fast;
tests/test_notebooks.py runs every notebook on settings-free folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_notebooks import check_clean_run, execute, kernel_spec  # noqa: F401 (a fixture)

import careerkit

# Excel with German settings: semicolons, CRLF, cp1252, dd/mm/yyyy dates that are all
# ambiguous (every day is 12 or less), a decimal comma, German headers and a German status.
GOALS = ("Ziel-ID;Kundin;Titel;Beginn;Frist;Stand\r\n"
         "G1;Ana Müller;Vortrag halten;06/01/2026;10/03/2026;aktiv\r\n"
         "G2;Bo Chen;Zertifikat;02/02/2026;11/05/2026;aktiv\r\n"
         "G3;Ana Müller;Netzwerk;05/01/2026;12/02/2026;aktiv\r\n")
PROGRESS = ("Datum;Ziel-ID;Fortschritt;Notiz\r\n"
            "03/02/2026;G1;22,5;Entwurf\r\n"
            "09/02/2026;G1;40;\r\n"
            "10/02/2026;G2;10;\r\n"
            "04/02/2026;G3;50;\r\n")
SETTINGS = """dayfirst = true

[columns]
"Ziel-ID" = "goal_id"
"Kundin" = "client"
"Titel" = "title"
"Beginn" = "start_date"
"Frist" = "target_date"
"Stand" = "status"
"Datum" = "date"
"Fortschritt" = "percent_complete"
"Notiz" = "note"

[status]
aktiv = "active"
"""


@pytest.fixture
def german_folder(tmp_path) -> Path:
    folder = tmp_path / "Mandanten"
    folder.mkdir()
    (folder / "goals.csv").write_bytes(GOALS.encode("cp1252"))
    (folder / "progress.csv").write_bytes(PROGRESS.encode("cp1252"))
    return folder


def contents(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_the_folder_needs_its_settings(german_folder):
    with pytest.raises(careerkit.CareerDataError):
        careerkit.load(german_folder)
    (german_folder / "careerkit.toml").write_text(SETTINGS, encoding="utf-8")
    data = careerkit.load(german_folder)
    assert data.goals["start_date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2026-01-06", "2026-02-02", "2026-01-05"]
    assert data.progress["percent_complete"].tolist() == [22.5, 40.0, 10.0, 50.0]


@pytest.mark.usefixtures("kernel_spec")
def test_my_career_plan_runs_on_a_folder_with_settings(german_folder, tmp_path):
    (german_folder / "careerkit.toml").write_text(SETTINGS, encoding="utf-8")
    before = contents(german_folder)
    workdir = tmp_path / "run"
    workdir.mkdir()
    nb, probe, _ = execute("03_my_career_plan", german_folder, workdir,
                           "an Excel-EU folder with careerkit.toml")
    check_clean_run(nb)
    assert contents(german_folder) == before, "the notebook wrote into DATA_DIR"
    work = Path(probe["work_dir"])
    assert (work / "careerkit.toml").read_text(encoding="utf-8") == SETTINGS
    # Ana Müller has the most goals; the latest entry (10/02/2026, read day first) is the
    # day the notebook looks from, and the CheckIn form (which reads the settings too)
    # opens on her goal at that day.
    assert probe["client"] == "Ana Müller" and probe["goal"] in {"G1", "G3"}
    assert probe["checkin_goal"] == probe["goal"]
    assert probe["checkin_date"] == "2026-02-10"
