"""WhatIf's forecasts: the P50/P85 finish dates and the chance of finishing by the chosen
target (careerkit.forecast_finish). Hand-computed on a folder whose forecast is certain,
and checked against the analytics on sample_data."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest
from widget_helpers import classes, file_bytes, write_pace_folder

import careerkit
from careerkit.formatting import percent_text
from careerkit.widgets import WhatIf


@pytest.fixture
def pace_folder(tmp_path):
    """Ana's G1 (no tasks) went 10 % a week for two weeks; Bo's G2 has no check-in yet.

    As of 2025-03-01 (the latest event), by hand: G1 draws from its own increments
    (+10, +10), so every trial needs 8 more weeks: P50 = P85 = 2025-04-26, its target
    (chance 1; by 2025-04-25 it would be 0). G2 borrows the caseload's increments (G1's):
    10 weeks from 0 %, P50 = P85 = 2025-05-10, after its target 2025-03-31 (chance 0).
    """
    return write_pace_folder(tmp_path / "pace")


def percent_in(text: str, label: str) -> float:
    """The percent after ``label`` in a widget's HTML."""
    return float(re.search(re.escape(label) + r": <b>([\d.]+)%</b>", text).group(1))


# --- WhatIf ------------------------------------------------------------------------------------

def test_whatif_shows_p50_p85_and_the_chance_by_the_chosen_target(pace_folder):
    before = file_bytes(pace_folder)
    what_if = WhatIf(careerkit.load(pace_folder), "G1")
    assert "ck-whatif-chance" in classes(what_if.chance)
    text = what_if.chance.value
    assert "From its own weekly progress so far" in text
    assert ("P50 <b>2025-04-26</b> (half the simulated futures finish by then), "
            "P85 <b>2025-04-26</b> (85 % of them)") in text
    assert percent_in(text, "chance of finishing by 2025-04-26") == 100
    what_if.target.value = dt.date(2025, 4, 25)
    assert percent_in(what_if.chance.value, "chance of finishing by 2025-04-25") == 0
    what_if.target.value = dt.date(2025, 6, 30)
    assert percent_in(what_if.chance.value, "chance of finishing by 2025-06-30") == 100
    assert file_bytes(pace_folder) == before  # the chosen target is tried in memory only

    borrowed = WhatIf(careerkit.load(pace_folder), "G2")
    text = borrowed.chance.value
    assert "From the weekly progress of the whole caseload" in text
    assert ("P50 <b>2025-05-10</b> (half the simulated futures finish by then), "
            "P85 <b>2025-05-10</b> (85 % of them)") in text
    assert percent_in(text, "chance of finishing by 2025-03-31") == 0
    borrowed.target.value = dt.date(2025, 5, 10)
    assert percent_in(borrowed.chance.value, "chance of finishing by 2025-05-10") == 100
    borrowed.target.value = dt.date(2025, 5, 9)
    assert percent_in(borrowed.chance.value, "chance of finishing by 2025-05-09") == 0


def test_whatif_chance_is_forecast_finish_and_grows_with_the_target(sample_data):
    finish = careerkit.forecast_finish(sample_data, goals=["C00006-G1"]).loc["C00006-G1"]
    what_if = WhatIf(sample_data, "C00006-G1")
    text = what_if.chance.value
    assert f"P50 <b>{finish['p50_date']:%Y-%m-%d}</b>" in text
    assert f"P85 <b>{finish['p85_date']:%Y-%m-%d}</b>" in text
    target = careerkit.goal_status(sample_data).at["C00006-G1", "current_target"]
    assert percent_in(text, f"chance of finishing by {target:%Y-%m-%d}") == pytest.approx(
        100 * finish["prob_by_target"], abs=0.05)
    chances = []
    for day in (target - pd.Timedelta(days=14), target, finish["p85_date"],
                finish["p95_date"]):
        what_if.target.value = day.date()
        chances.append(percent_in(what_if.chance.value,
                                  f"chance of finishing by {day:%Y-%m-%d}"))
    assert chances == sorted(chances) and chances[0] < chances[1]
    assert chances[2] >= 85 and chances[3] >= 95  # P85 and P95 dates, by their definition
    # Each chosen target's chance is forecast_finish's with that revision recorded.
    for day, shown in zip((target - pd.Timedelta(days=14), finish["p85_date"]),
                          (chances[0], chances[2]), strict=True):
        revised = sample_data.record_checkin("C00006-G1", "2026-06-30",
                                             revised_target_date=day)
        chance = careerkit.forecast_finish(revised, goals=["C00006-G1"]).at[
            "C00006-G1", "prob_by_target"]
        assert shown == float(percent_text(100 * chance).rstrip("%"))


def test_whatif_shows_no_chance_when_there_is_nothing_to_plan(sample_data):
    assert WhatIf(sample_data, "C00001-G1").chance.value == ""  # completed
    assert WhatIf(sample_data, "C00001-G3").chance.value == ""  # dropped
