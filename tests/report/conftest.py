"""Fixtures of the report tests: the hand-checked coaching folder, and a hostile one."""

from __future__ import annotations

import pytest
from coaching_caseload import HOSTILE, coaching_frames, save_folder


@pytest.fixture
def coaching(tmp_path):
    return save_folder(tmp_path / "coaching", *coaching_frames())


@pytest.fixture
def hostile(tmp_path):
    goals, tasks, progress = coaching_frames(ana=HOSTILE)
    goals.loc[goals["goal_id"] == "G1", "title"] = "</script><script>alert(2)</script>"
    goals.loc[goals["goal_id"] == "G5", "category"] = "{{ 7*7 }}"
    progress.loc[progress["date"] == "2026-03-20", "note"] = (
        "<img src=x onerror=alert(3)> {{ 7*7 }} {% raw %} \"double\" 'single' & amp"
        " \u2028line")
    return save_folder(tmp_path / "hostile", goals, tasks, progress)
