"""CheckIn's preview forecast reuses the caseload's pooled increments (once per day and
loaded data) and simulates only the goal's client: the same P85 finish and chance by
target as forecast_finish on all the data with the check-in, on every basis."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from helpers import GOALS_HEADER, write_folder

import careerkit
from careerkit.formatting import percent_text
from careerkit.widgets import CheckIn
from careerkit.widgets import checkin as checkin_module

DAY = "2025-03-01"


@pytest.fixture
def folder(tmp_path):
    """G1 (Ana) has two weeks with data: its own increments; G3 (Ana) borrows Ana's; G2
    (Bo) and G4 (Cy) have no history: they borrow the caseload's (G1's and Di's G5, in
    tenths of a percent)."""
    return write_folder(tmp_path / "pools", f"{GOALS_HEADER}\n"
                        "G1,Ana,Speak,,2025-02-16,2025-04-26,,active\n"
                        "G2,Bo,Write,,2025-01-06,2025-03-31,,active\n"
                        "G3,Ana,Read,,2025-02-20,2025-05-30,,active\n"
                        "G4,Cy,Run,,2025-02-01,2025-06-30,,active\n"
                        "G5,Di,Sing,,2025-01-20,2025-06-30,,active\n",
                        tasks="task_id,goal_id,title,due_date,weight,completed_date\n",
                        progress="date,goal_id,task_id,percent_complete\n"
                                 "2025-02-22,G1,,10\n2025-03-01,G1,,20\n"
                                 "2025-02-01,G5,,2.5\n2025-02-15,G5,,7.5\n"
                                 "2025-03-01,G5,,30\n")


def preview_cells(preview: str, label: str) -> list[str]:
    row = re.search(f"<tr><td[^>]*>{re.escape(label)}</td>(.*?)</tr>", preview).group(1)
    return re.findall(r"<td[^>]*>(.*?)</td>", row)


@pytest.mark.parametrize(("client", "goal_id", "percent", "basis"), [
    ("Ana", "G1", "35", "goal"), ("Ana", "G3", "12.25", "client"),
    ("Bo", "G2", "5", "caseload"), ("Cy", "G4", "0.125", "caseload")])
def test_preview_forecast_is_that_of_all_the_data(folder, client, goal_id, percent, basis):
    form = CheckIn(folder, today=DAY)
    form.client.value = client
    form.goal.value = goal_id
    form.percent.value = percent
    data = careerkit.load(folder)
    for cell, whole in zip(preview_cells(form.preview.value, "chance by target"),
                           [data, data.record_checkin(goal_id, DAY, percent_complete=percent)],
                           strict=True):
        finish = careerkit.forecast_finish(whole, as_of=DAY).loc[goal_id]
        assert finish["basis"] == basis
        assert cell == percent_text(100 * finish["prob_by_target"])
    finish = careerkit.forecast_finish(
        data.record_checkin(goal_id, DAY, percent_complete=percent), as_of=DAY).loc[goal_id]
    p85 = finish["p85_date"]
    assert preview_cells(form.preview.value, "P85 finish")[1] == (
        "none yet" if pd.isna(p85) else p85.date().isoformat())


def test_caseload_pool_once_per_day_and_data(folder, monkeypatch):
    calls = []
    original = checkin_module.pool_pieces
    monkeypatch.setattr(checkin_module, "pool_pieces",
                        lambda data, day: calls.append(day) or original(data, day))
    form = CheckIn(folder, today=DAY)
    form.client.value = "Bo"
    form.goal.value = "G2"
    form.percent.value = "5"
    form.percent.value = "6"
    form.client.value = "Cy"
    form.percent.value = "7"
    assert len(calls) == 1
    form.date.value = "2025-02-28"  # another day: its own pool
    assert len(calls) == 2
    form.data_changed()  # new data: pools again
    assert len(calls) == 3
