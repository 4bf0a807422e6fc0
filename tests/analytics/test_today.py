"""as_of="today" and how old the data is (issue 10, item 7)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from helpers import checkin, goal, make_data

import careerkit
from careerkit.analytics import goal_status, resolve_as_of, staleness
from careerkit.analytics.kernel import STALE_AFTER_DAYS, Staleness


@pytest.fixture
def data():
    return make_data([goal("G1", start="2026-06-01", target="2026-09-30")],
                     progress=[checkin("2026-06-30", "G1", percent=40)])


def test_today_is_the_local_date(data):
    assert resolve_as_of(data, "today") == pd.Timestamp(dt.date.today())
    assert resolve_as_of(data, " Today ") == pd.Timestamp(dt.date.today())
    assert resolve_as_of(data, None) == pd.Timestamp("2026-06-30")  # default unchanged


def test_goal_status_accepts_today(data):
    today = goal_status(data, "today")
    assert today.equals(goal_status(data, pd.Timestamp(dt.date.today())))


@pytest.mark.parametrize("as_of,expected", [
    ("2026-06-30", None),
    ("2026-07-14", None),  # 14 days: not yet stale
    ("2026-07-15", Staleness(pd.Timestamp("2026-06-30"), 15)),
    ("2026-07-23", Staleness(pd.Timestamp("2026-06-30"), 23)),
])
def test_staleness_counts_whole_days_after_the_latest_entry(data, as_of, expected):
    assert STALE_AFTER_DAYS == 14
    assert staleness(data, as_of) == expected


def test_staleness_sentence(data):
    assert staleness(data, "2026-07-23").sentence == (
        "latest entry 2026-06-30, 23 days ago: silence since then is not counted")


def test_staleness_of_a_completion_and_of_empty_data():
    done = make_data([goal("G1", start="2026-06-01", target="2026-09-30",
                           completed="2026-07-10", status="completed")])
    assert staleness(done, "2026-07-20") is None
    assert staleness(done, "2026-07-25").days == 15
    empty = make_data([])
    assert staleness(empty, "2026-07-25") is None


def test_status_and_report_say_how_old_the_data_is(tmp_path, capsys):
    from careerkit import cli
    from careerkit.report.compute import report_context

    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "goals.csv").write_text(
        "goal_id,client,title,start_date,target_date\nG1,Ana,Speak,2026-06-01,2026-09-30\n")
    (folder / "progress.csv").write_text("date,goal_id,percent_complete\n2026-06-30,G1,40\n")
    sentence = "latest entry 2026-06-30, 23 days ago: silence since then is not counted"
    assert cli.main(["status", str(folder), "--as-of", "2026-07-23"]) == 0
    assert capsys.readouterr().out.endswith(f"Data: {sentence}.\n")
    assert cli.main(["status", str(folder), "--format", "csv", "--as-of", "2026-07-23"]) == 0
    captured = capsys.readouterr()
    assert captured.err == f"note: {sentence}\n" and "Data:" not in captured.out
    assert cli.main(["status", str(folder)]) == 0
    assert "Data:" not in capsys.readouterr().out
    assert cli.main(["status", str(folder), "--as-of", "today"]) == 0
    assert "days ago: silence since then is not counted" in capsys.readouterr().out
    context = report_context(careerkit.load(folder), as_of="2026-07-23")
    assert context["staleness"] == sentence
    assert report_context(careerkit.load(folder))["staleness"] is None
