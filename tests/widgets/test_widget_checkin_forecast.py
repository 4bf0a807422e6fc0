"""CheckIn's forecast in its preview: the P85 finish and the chance by target without and
with the check-in, hand-computed on a folder whose forecast is certain, and the forecast
without the check-in computed once per goal and day."""

from __future__ import annotations

import re

import pytest
from widget_helpers import write_pace_folder

import careerkit
from careerkit.widgets import CheckIn
from careerkit.widgets import checkin as checkin_module


@pytest.fixture
def pace_folder(tmp_path):
    """Ana's G1 (no tasks) went 10 % a week for two weeks; Bo's G2 has no check-in yet.

    As of 2025-03-01 (the latest event), by hand: G1 draws from its own increments
    (+10, +10), so every trial needs 8 more weeks: P50 = P85 = 2025-04-26, its target
    (chance 1; by 2025-04-25 it would be 0). G2 borrows the caseload's increments (G1's):
    10 weeks from 0 %, P50 = P85 = 2025-05-10, after its target 2025-03-31 (chance 0).
    """
    return write_pace_folder(tmp_path / "pace")


def preview_row(preview: str, label: str) -> list[str]:
    """The two cells (without, with the check-in) of a row of CheckIn's preview."""
    row = re.search(f"<tr><td[^>]*>{re.escape(label)}</td>(.*?)</tr>", preview).group(1)
    return re.findall(r"<td[^>]*>(.*?)</td>", row)


def test_checkin_preview_shows_the_chance_before_and_after(pace_folder):
    form = CheckIn(pace_folder, today="2025-03-01")
    form.client.value = "Ana"
    form.goal.value = "G1"
    assert preview_row(form.preview.value, "chance by target") == ["100%", "100%"]
    form.revised_target.value = "2025-04-25"  # a day before every trial finishes
    assert preview_row(form.preview.value, "P85 finish") == ["2025-04-26", "2025-04-26"]
    assert preview_row(form.preview.value, "chance by target") == ["100%", "0%"]
    form.revised_target.value = ""
    form.percent.value = "100"  # at 100 %: done on the check-in day, by its target
    assert preview_row(form.preview.value, "P85 finish") == ["2025-04-26", "2025-03-01"]


def test_checkin_computes_the_chance_without_the_checkin_once_per_goal_and_day(
        sample_folder, monkeypatch):
    calls = []
    original = checkin_module.forecast_finish
    monkeypatch.setattr(checkin_module, "forecast_finish",
                        lambda data, **options: calls.append(options["goals"])
                        or original(data, **options))
    form = CheckIn(sample_folder, today="2026-07-06")
    form.client.value = "Priya Venkataraman"
    form.goal.value = "C00006-G1"
    calls.clear()
    form.percent.value = "80"
    form.percent.value = "85"
    assert calls == [["C00006-G1"]] * 2  # the one without the check-in is kept
    data = careerkit.load(sample_folder)
    finish = careerkit.forecast_finish(data, as_of="2026-07-06", goals=["C00006-G1"])
    before, _ = preview_row(form.preview.value, "chance by target")
    assert before == careerkit.formatting.percent_text(100 * finish["prob_by_target"].iloc[0])
    form.date.value = "2026-07-07"  # another day: computed again
    assert len(calls) == 4
