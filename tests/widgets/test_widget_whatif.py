"""WhatIf, driven as a person would: move its sliders, click Apply; the assertions are on
the figure's data arrays, the text it shows and the files it writes."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from widget_helpers import checkin_form, classes, file_bytes, trace

import careerkit
from careerkit.widgets import WhatIf


def test_whatif_sliders_move_the_forecast_and_the_needed_pace(sample_data):
    status = careerkit.goal_status(sample_data).loc["C00006-G1"]
    what_if = WhatIf(sample_data, "C00006-G1")
    figure = what_if.figure
    pace = trace(figure, "at the chosen pace")
    assert what_if.target.value == status["current_target"].date()
    assert pace.x[-1] == status["forecast_date"].strftime("%Y-%m-%d")  # 1×: goal_status's
    assert trace(figure, "actual").y[-1] == status["percent_complete"]
    text = what_if.needed.value
    what_if.pace.value = 2.0
    assert what_if.figure is figure
    faster = trace(figure, "at the chosen pace").x[-1]
    assert faster < status["forecast_date"].strftime("%Y-%m-%d")
    assert "At 2.00× the pace so far it would finish on" in what_if.needed.value
    what_if.target.value = dt.date(2026, 8, 31)
    assert list(trace(figure, "chosen target").x) == ["2026-08-31", "2026-08-31"]
    needed = what_if.needed.value
    assert needed != text and "by <b>2026-08-31</b> (62 days from 2026-06-30)" in needed
    assert f"{7 * 27.5 / 62:.1f} % a week" in needed  # 27.5 % left in 62 days
    assert "ck-whatif" in classes(what_if) and "ck-whatif-apply" in classes(
        what_if.apply_button)
    assert len(what_if.target.options) == 366


def test_whatif_apply_records_one_revision_through_the_checkin_path(sample_folder, monkeypatch):
    calls = []
    original = careerkit.CareerData.record_checkin
    monkeypatch.setattr(careerkit.CareerData, "record_checkin",
                        lambda data, goal_id, date, **cells: calls.append(goal_id)
                        or original(data, goal_id, date, **cells))
    data = careerkit.load(sample_folder)
    before = [frame.copy() for frame in data.frames()]
    what_if = WhatIf(data, "C00006-G1")
    on_disk = file_bytes(sample_folder)
    what_if.target.value = dt.date(2026, 10, 15)
    what_if.pace.value = 1.5
    assert file_bytes(sample_folder) == on_disk  # moving sliders writes nothing
    tried = len(calls)  # the chance by the chosen target tries it in memory
    what_if.apply_button.click()
    assert calls[tried:] == ["C00006-G1"]
    assert "Recorded: target 2026-10-15" in what_if.message.value, what_if.message.value
    after = careerkit.load(sample_folder)
    assert len(after.progress) == len(data.progress) + 1
    last = after.progress.iloc[-1]
    assert last["revised_target_date"] == pd.Timestamp("2026-10-15")
    assert last["date"] == pd.Timestamp("2026-06-30") and last["reason"] == "other"
    assert last["note"].startswith("what-if: pace ×1.50, target 2026-10-15")
    assert pd.isna(last["task_id"]) and pd.isna(last["percent_complete"])
    assert careerkit.goal_status(after).loc["C00006-G1", "current_target"] == pd.Timestamp(
        "2026-10-15")
    diamond = trace(what_if.figure, "current target")
    assert list(diamond.x) == ["2026-10-15"]
    for frame, copy in zip(data.frames(), before, strict=True):  # the caller's data
        pd.testing.assert_frame_equal(frame, copy)
    # CheckIn records through the same function
    form = checkin_form(sample_folder)
    form.percent.value = "75"
    form.save_button.click()
    assert len(calls) >= 2 and calls[0] == calls[-1] == "C00006-G1"


def test_whatif_apply_with_the_target_unchanged_records_nothing_and_says_so(sample_folder):
    files = file_bytes(sample_folder)
    what_if = WhatIf(sample_folder, "C00006-G1")
    current = careerkit.goal_status(what_if.data).at["C00006-G1", "current_target"]
    assert what_if.target.value == current.date() == dt.date(2026, 9, 12)
    what_if.pace.value = 1.5  # a pace alone is not a revision
    what_if.apply_button.click()
    assert ("Nothing recorded: 2026-09-12 is already the current target of goal C00006-G1"
            in what_if.message.value), what_if.message.value
    what_if.target.value = dt.date(2026, 9, 1)
    what_if.target.value = dt.date(2026, 9, 12)  # moved and moved back
    what_if.apply_button.click()
    assert "Nothing recorded" in what_if.message.value
    assert file_bytes(sample_folder) == files
    assert len(careerkit.load(sample_folder).progress) == len(what_if.data.progress)


def test_whatif_without_a_folder_explains_and_writes_nothing():
    data = careerkit.demo.generate(3, seed=2)
    goal = careerkit.goal_status(data).query("state == 'on_track' or state == 'at_risk'").index[0]
    what_if = WhatIf(data, goal)
    what_if.apply_button.click()
    assert "not loaded from a folder" in what_if.message.value
    assert len(what_if.data.progress) == len(data.progress)


def test_whatif_rejects_unknown_goals(sample_data):
    with pytest.raises(ValueError, match="unknown goal_id"):
        WhatIf(sample_data, "nope")


def test_whatif_shows_a_goal_that_starts_after_as_of_as_planned(sample_folder):
    data = careerkit.load(sample_folder)
    start = data.goals.set_index("goal_id").loc["C00007-G4", "start_date"]
    assert start > careerkit.default_as_of(data)  # it starts after as_of
    files = file_bytes(sample_folder)
    what_if = WhatIf(sample_folder, "C00007-G4")
    planned = f"This goal starts on {start:%Y-%m-%d}, after 2026-06-30"
    assert planned in what_if.needed.value
    assert not any(t.visible for t in what_if.figure.data if t.name != "chosen target")
    assert "Nothing to plan yet" in what_if.figure.layout.annotations[0].text
    what_if.pace.value = 2.0
    what_if.target.value = dt.date(2026, 12, 1)
    assert list(trace(what_if.figure, "chosen target").x) == ["2026-12-01", "2026-12-01"]
    what_if.apply_button.click()
    assert planned in what_if.message.value
    assert file_bytes(sample_folder) == files
    # from its start on, there is a plan
    later = WhatIf(sample_folder, "C00007-G4", as_of=start)
    assert "a week" in later.needed.value
