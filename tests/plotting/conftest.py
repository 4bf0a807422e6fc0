"""Fixtures of the chart tests: the small caseload of chart_data and its goal_status."""

from __future__ import annotations

import pytest
from chart_data import AS_OF, frames

import careerkit


@pytest.fixture(scope="module")
def data():
    return careerkit.CareerData.from_frames(*frames())


@pytest.fixture(scope="module")
def status(data):
    return careerkit.goal_status(data, as_of=AS_OF)
