"""plot_forecast: the intervals, ticks and crosses are forecast_finish and goal_status."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from chart_data import AS_OF, HOSTILE_CLIENT, iso_days, many, trace

import careerkit
from careerkit.plotting import plot_forecast

pytestmark = pytest.mark.filterwarnings("ignore::careerkit.CareerDataWarning")


def test_rows_are_forecast_finish_against_the_current_target(data):
    fig = plot_forecast(data, client="Ada", as_of=AS_OF, trials=200)
    finish = careerkit.forecast_finish(data, as_of=AS_OF, trials=200).loc[["G1", "G2"]]
    status = careerkit.goal_status(data, as_of=AS_OF).loc[["G1", "G2"]]
    interval, p85, target = (trace(fig, name) for name in ("P50–P95", "P85", "current target"))
    assert list(interval.x[0::3]) == iso_days(finish["p50_date"])
    assert list(interval.x[1::3]) == iso_days(finish["p95_date"])
    assert list(interval.x[2::3]) == [None, None]
    assert list(p85.x) == iso_days(finish["p85_date"])
    assert list(target.x) == iso_days(status["current_target"])
    assert list(target.customdata) == ["G1", "G2"]
    assert list(fig.layout.yaxis.tickvals) == [0, 1] and list(target.y) == [0, 1]
    assert fig.layout.meta["chart"] == "forecast" and fig.layout.meta["trials"] == 200
    assert "chance by target" in target.hovertext[0]


def test_a_list_of_goals_is_drawn_whatever_their_state(data):
    fig = plot_forecast(data, goal_id=["G3", "G7"], as_of=AS_OF, trials=50)
    assert list(trace(fig, "current target").customdata) == ["G3", "G7"]
    assert trace(fig, "P85").x[0] == "2025-03-10"  # G3 was completed on 2025-03-10
    with pytest.raises(ValueError, match="unknown goal_id"):
        plot_forecast(data, goal_id=["G3", "nope"])


def test_needs_a_client_or_goals_and_knows_them(data):
    with pytest.raises(ValueError, match="client= or goal_id="):
        plot_forecast(data)
    with pytest.raises(ValueError, match="unknown client"):
        plot_forecast(data, client="Nobody")


def test_a_client_without_open_goals_gets_the_empty_figure(data):
    fig = plot_forecast(data, client="Bo", as_of=AS_OF, trials=20)  # G3 is completed
    assert fig.layout.annotations[0].text.startswith("No goals to show")


def test_text_from_the_data_is_escaped(data):
    fig = plot_forecast(data, client=HOSTILE_CLIENT, as_of=AS_OF, trials=20)
    assert list(fig.layout.yaxis.ticktext) == ["a &amp; b"]
    assert "&lt;script&gt;" in fig.layout.title.text


def test_many_goals_are_capped_with_a_note():
    fig = plot_forecast(many(1, 45), client="Client 000", as_of=AS_OF, trials=20)
    assert len(fig.layout.yaxis.tickvals) == 40
    assert "40 of 45 goals" in fig.layout.title.text


def test_a_range_still_open_after_three_years_runs_to_the_horizon():
    start = "2023-04-09"  # 100 weeks before 2025-03-01, all flat but the last
    data = careerkit.CareerData.from_frames(
        pd.DataFrame({"goal_id": ["H1", "G1"], "client": "Ana", "title": ["Past", "Now"],
                      "start_date": [start, "2025-02-28"],
                      "target_date": ["2025-03-01", "2026-01-01"]}),
        progress=pd.DataFrame({"date": [start, "2024-05-01", "2025-03-01"], "goal_id": "H1",
                               "percent_complete": [0.0, 0.0, 100.0]}))
    finish = careerkit.forecast_finish(data, as_of="2025-03-01", trials=200).loc["G1"]
    assert pd.notna(finish["p50_date"]) and pd.isna(finish["p95_date"])
    fig = plot_forecast(data, goal_id="G1", as_of="2025-03-01", trials=200)
    end = pd.Timestamp("2025-03-01") + pd.Timedelta(days=7 * 156)
    assert trace(fig, "P50–P95").x[1] == end.strftime("%Y-%m-%d")
    assert "after 3 years" in trace(fig, "current target").hovertext[0]
    assert np.asarray(trace(fig, "P85").x).size == 0  # no P85 date either
