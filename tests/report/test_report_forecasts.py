"""The report's forecasts and engagement: P85 finish and chance by target in the needs
attention table (careerkit.forecast_finish), the lapsing and lapsed clients
(careerkit.checkin_cadence) and time to goal by category (careerkit.time_to_goal), checked
by hand on small caseloads."""

from __future__ import annotations

import re

import pandas as pd
from report_pages import tables

import careerkit
from careerkit import report


def pace_data() -> careerkit.CareerData:
    """Ana's G1 went 10 % a week for two weeks; Bo's G2 has no check-in in 54 days.

    As of 2025-03-01: G2 is stalled (the only goal needing attention). It borrows the
    caseload's increments (G1's: +10, +10), so every trial needs 10 weeks: P85 2025-05-10,
    after its target 2025-03-31: a chance of 0.
    """
    goals = pd.DataFrame({"goal_id": ["G1", "G2"], "client": ["Ana", "Bo"],
                          "title": ["Speak", "Write"], "start_date": ["2025-02-16", "2025-01-06"],
                          "target_date": ["2025-04-26", "2025-03-31"]})
    progress = pd.DataFrame({"date": ["2025-02-22", "2025-03-01"], "goal_id": ["G1", "G1"],
                             "percent_complete": [10, 20]})
    return careerkit.CareerData.from_frames(goals, progress=progress)


def test_attention_shows_the_p85_finish_and_the_chance_by_target():
    rows = tables(report.build(pace_data()))["attention"]
    assert [(r[0], r[2], r[8], r[9]) for r in rows] == [("Bo", "stalled", "2025-05-10", "0%")]


def test_attention_figures_are_forecast_finish_with_the_pools_of_all_the_data(coaching):
    html = report.build(coaching)
    assert "<th>P85 finish</th><th class=\"num\">chance by target</th>" in html
    finish = careerkit.forecast_finish(coaching, as_of="2026-03-31")
    rows = tables(html)["attention"]
    ids = [r[1].rsplit(" ", 1)[1] for r in rows]
    assert ids == ["G3", "G5", "G1"]
    for row, goal in zip(rows, ids, strict=True):
        assert row[8] == f"{finish.at[goal, 'p85_date']:%Y-%m-%d}"
        assert row[9] == f"{100 * finish.at[goal, 'prob_by_target']:.0f}%"
    # A client's own report: the same figures (the pools are still the whole caseload's).
    alone = tables(report.build(coaching, clients=["Cy Ng"]))["attention"]
    assert [r[8:10] for r in alone] == [rows[1][8:10]]


def test_engagement_lists_lapsing_and_lapsed_clients_longest_silence_first(coaching):
    html = report.build(coaching, as_of="2026-04-28")
    # Last check-ins: Ana 03-25 (34 days: lapsed), Cy 03-29 (30: lapsing, not lapsed),
    # Bartholomew 03-31 (28: lapsing). Check-in days in (01-28, 04-28]: Ana 02-01, 03-17,
    # 03-20, 03-25; Cy 03-29; Bartholomew 02-15, 03-28, 03-31. Longest gaps: Ana 44 days
    # (02-01 to 03-17), Cy 68 (01-20 to 03-29), Bartholomew 41 (02-15 to 03-28).
    assert tables(html)["engagement"] == [
        ["Ana Lima", "lapsed", "34", "2026-03-25", "4", "44", "1"],
        ["Cy Ng", "lapsing", "30", "2026-03-29", "1", "68", "2"],
        ["Bartholomew Quince", "lapsing", "28", "2026-03-31", "3", "41", "2"],
    ]
    assert "2 lapsing and 1 lapsed of 3 clients with an open goal" in html
    assert '<a href="#engagement">Engagement (3)</a>' in html
    # As of the latest event everyone checked in within 14 days.
    html = report.build(coaching)
    assert "engagement" not in tables(html)
    assert "Every client with an open goal checked in within the last 14 days." in html


def test_engagement_leaves_out_clients_without_an_open_goal(coaching):
    finished = coaching.complete_goal("G1", "2026-03-31")  # Ana's last open goal
    html = report.build(finished, as_of="2026-04-28")
    assert [r[0] for r in tables(html)["engagement"]] == ["Cy Ng", "Bartholomew Quince"]


def test_caseload_gains_time_to_goal_by_category(coaching):
    html = report.build(coaching)
    # Durations as of 03-31: G2 (compensation) completed after 79 days; censored: G1 (role)
    # 85, G3 (skills) 120, G6 (skills) 58, G4 (network) 11, G5 (wellbeing) 80 days.
    assert tables(html)["time-to-goal"] == [
        # one goal, reached on day 79: S falls to 0, so every horizon is known (100 %);
        # the median's interval needs an S strictly between 0 and 1
        ["compensation", "1", "1", "79 days", "—", "100%", "100%", "100%"],
        # followed for fewer than 90 days: no horizon is known yet
        ["network", "1", "0", "not reached", "—", "—", "—", "—"],
        ["role", "1", "0", "not reached", "—", "—", "—", "—"],
        # followed for 120 days at most: within 90 days 0 %, longer horizons unknown
        ["skills", "2", "0", "not reached", "—", "0%", "—", "—"],
        ["wellbeing", "1", "0", "not reached", "—", "—", "—", "—"],
    ]
    section = re.search(r'<section id="caseload">.*?</section>', html, re.S)[0]
    assert 'data-kind="time_to_goal"' in section and "Time to goal by category" in section
    # A client's own report has no caseload section, so no time to goal either.
    assert 'data-kind="time_to_goal"' not in report.build(coaching, clients=["Cy Ng"])
