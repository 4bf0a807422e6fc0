"""plot_calibration: the lines are forecast_accuracy's, against the 85 % line."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from chart_data import trace

import careerkit
from careerkit.plotting import plot_calibration


@pytest.fixture(scope="module")
def accuracy(data):
    return careerkit.forecast_accuracy(data, trials=100)


def test_lines_are_forecast_accuracy(data, accuracy):
    fig = plot_calibration(data, trials=100)
    held, p50, linear = (trace(fig, name) for name in
                         ("P85 dates that held", "P50 error", "linear error"))
    grid = accuracy.p85.index.strftime("%Y-%m-%d").tolist()
    assert list(held.x) == grid and list(p50.x) == grid
    np.testing.assert_allclose(np.asarray(held.y, dtype=float),
                               100 * accuracy.p85["held_share"], equal_nan=True)
    np.testing.assert_allclose(np.asarray(p50.y, dtype=float), accuracy.p50["mae_days"],
                               equal_nan=True)
    np.testing.assert_allclose(np.asarray(linear.y, dtype=float), accuracy.linear["mae_days"],
                               equal_nan=True)
    assert list(held.customdata) == accuracy.p85["forecasts"].tolist()
    assert (held.yaxis, p50.yaxis) == ("y", "y2")


def test_the_85_percent_line(data):
    fig = plot_calibration(data, trials=100)
    line = [s for s in fig.layout.shapes if s.name == "calibrated"]
    assert len(line) == 1 and line[0].y0 == line[0].y1 == 85
    assert fig.layout.meta["chart"] == "calibration" and fig.layout.meta["every"] == "MS"
    assert fig.layout.yaxis.ticksuffix == "%"


def test_nothing_to_measure_gives_the_empty_figure():
    data = careerkit.CareerData.from_frames(pd.DataFrame({
        "goal_id": ["G1"], "client": ["Ana"], "title": ["Open"], "start_date": ["2025-01-06"],
        "target_date": ["2025-06-30"]}), progress=pd.DataFrame({
            "date": ["2025-03-01"], "goal_id": ["G1"], "percent_complete": [30.0]}))
    fig = plot_calibration(data, trials=20)
    assert fig.layout.annotations[0].text.startswith("No goals to show")
    assert "no goal was completed" in fig.layout.annotations[0].text
