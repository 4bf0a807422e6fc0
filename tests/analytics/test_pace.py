"""forecast_at_pace and pace_plan: goal_status' forecast at a multiple of the pace so far.

Hand cases on a small caseload (as of 2025-01-11 unless said):

- G1, no tasks, from 2025-01-01: 20 % reported on 2025-01-11. Elapsed 10 days, 80 % left:
  1x needs ceil(10 * 80 / 20) = 40 days (2025-02-20); 2x 20 (2025-01-31); 1.5x
  ceil(10 * 2 * 80 / (3 * 20)) = 27 (2025-02-07); 0.5x 80 (2025-04-01).
- G2, tasks of weight 1, 1, 2 from 2025-01-01, the first done on 2025-01-07. Elapsed 10,
  weight 3 of 4 left: 1x ceil(10 * 3 / 1) = 30 days (2025-02-10); 2x 15 (2025-01-26);
  3x 10 (2025-01-21).
- G3: no progress at all; G4: starts 2025-06-01; G5: completed on 2025-01-08.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from helpers import caseloads, checkin, goal, make_data, task
from hypothesis import given, settings
from hypothesis import strategies as st

import careerkit
from careerkit.analytics import forecast_at_pace, pace_plan
from careerkit.analytics.pace import PACE_PLAN_FIELDS, pace_fraction

AS_OF = "2025-01-11"


@pytest.fixture(scope="module")
def data():
    return make_data(
        [goal("G1", target="2025-03-01"), goal("G2", target="2025-02-15"),
         goal("G3"), goal("G4", start="2025-06-01", target="2025-09-01"),
         goal("G5", completed="2025-01-08", status="completed")],
        [task("T1", "G2", weight=1, completed="2025-01-07"), task("T2", "G2", weight=1),
         task("T3", "G2", weight=2)],
        [checkin("2025-01-11", "G1", percent=20)],
    )


@pytest.mark.parametrize(("goal_id", "factor", "expected"), [
    ("G1", 1, "2025-02-20"),
    ("G1", 2, "2025-01-31"),
    ("G1", 1.5, "2025-02-07"),
    ("G1", Fraction(3, 2), "2025-02-07"),
    ("G1", 0.5, "2025-04-01"),
    ("G1", 1.05, "2025-02-19"),  # 21/20: ceil(10 * 20 * 80 / (21 * 20)) = ceil(38.1) = 39
    ("G2", 1, "2025-02-10"),
    ("G2", 2, "2025-01-26"),
    ("G2", 3, "2025-01-21"),
    ("G5", 1, "2025-01-08"),  # completed: its completed_date at any pace
    ("G5", 3, "2025-01-08"),
])
def test_forecast_at_pace_by_hand(data, goal_id, factor, expected):
    assert forecast_at_pace(data, goal_id, factor, as_of=AS_OF) == pd.Timestamp(expected)


def test_factor_one_is_goal_status_forecast_on_the_hand_case(data):
    status = careerkit.goal_status(data, as_of=AS_OF)
    assert status.loc["G1", "forecast_date"] == pd.Timestamp("2025-02-20")
    assert status.loc["G2", "forecast_date"] == pd.Timestamp("2025-02-10")


@pytest.mark.parametrize("factor", [0.25, 1, 3])
def test_no_progress_or_not_started_gives_nat(data, factor):
    assert pd.isna(forecast_at_pace(data, "G3", factor, as_of=AS_OF))
    assert pd.isna(forecast_at_pace(data, "G4", factor, as_of=AS_OF))


def test_forecasts_are_capped_at_the_last_day():
    tiny = make_data([goal("G1")], progress=[checkin("2025-01-11", percent=0.000001)])
    for factor in (1, 0.25):
        assert forecast_at_pace(tiny, "G1", factor) == pd.Timestamp("9999-12-31")
    # a thousand times faster: ceil(10 * (10**8 - 1) / (1000 * 1)) = 1,000,000 days
    expected = np.datetime64("2025-01-11") + np.timedelta64(1_000_000, "D")
    assert forecast_at_pace(tiny, "G1", 1000, as_of=AS_OF) == pd.Timestamp(expected)


def test_bad_arguments(data):
    with pytest.raises(ValueError, match="unknown goal_id"):
        forecast_at_pace(data, "nope", 1)
    for factor in (0, -1, float("nan"), "fast", None):
        with pytest.raises(ValueError, match="positive number"):
            forecast_at_pace(data, "G1", factor)


def test_pace_fraction_reads_decimals_exactly():
    assert pace_fraction(0.05) == Fraction(1, 20)
    assert pace_fraction(2.95) == Fraction(59, 20)
    assert pace_fraction(np.float64(1.1)) == Fraction(11, 10)
    assert pace_fraction(1 / 3) == Fraction(1, 3)


def _every_goal_at_factor_one(data, as_of=None):
    status = careerkit.goal_status(data, as_of=as_of)
    assert len(status) > 0
    forecasts = pd.Series([forecast_at_pace(data, g, 1, as_of=as_of) for g in status.index],
                          index=status.index, dtype="datetime64[us]", name="forecast_date")
    pd.testing.assert_series_equal(forecasts, status["forecast_date"])


def test_factor_one_equals_goal_status_on_the_sample_data(sample_data):
    _every_goal_at_factor_one(sample_data)
    _every_goal_at_factor_one(sample_data, as_of="2026-01-15")


@pytest.mark.parametrize("clients", [1, 12, 60])
def test_factor_one_equals_goal_status_on_demo_caseloads(demo_caseloads, clients):
    data = demo_caseloads[clients]
    _every_goal_at_factor_one(data)
    if clients < 60:  # (the 60-client caseload once: about 250 goals, one call each)
        _every_goal_at_factor_one(data, as_of=careerkit.default_as_of(data)
                                  - pd.Timedelta(days=90))


@settings(max_examples=30, deadline=None)
@given(caseloads(), st.fractions(min_value=Fraction(1, 4), max_value=4, max_denominator=20),
       st.fractions(min_value=Fraction(1, 4), max_value=4, max_denominator=20))
def test_faster_is_never_later(data, a, b):
    status = careerkit.goal_status(data)
    slow, fast = min(a, b), max(a, b)
    for goal_id in status.index:
        at_one = forecast_at_pace(data, goal_id, 1)
        assert at_one == status.loc[goal_id, "forecast_date"] or (
            pd.isna(at_one) and pd.isna(status.loc[goal_id, "forecast_date"]))
        late, early = (forecast_at_pace(data, goal_id, f) for f in (slow, fast))
        assert pd.isna(late) == pd.isna(early)
        if not pd.isna(late):
            assert early <= late


# --- pace_plan ---------------------------------------------------------------------------

def test_pace_plan_by_hand(data):
    plan = pace_plan(data, "G1", factor=2, target="2025-02-10", as_of=AS_OF)
    expected = pd.Series({
        "as_of": pd.Timestamp(AS_OF), "start_date": pd.Timestamp("2025-01-01"),
        "percent_complete": 20.0, "finished": False,
        "pace_so_far": 14.0,  # 7 * 20 / 10
        "factor": 2.0, "forecast_date": pd.Timestamp("2025-01-31"),
        "target": pd.Timestamp("2025-02-10"), "days_left": 30,
        "forecast_vs_target_days": -10,
        "pace_needed": 7 * 80 / 30,
        "factor_needed": (7 * 80 / 30) / 14.0,  # 4/3: 10 * 80 / (20 * 30)
    }, name="G1", dtype=object)
    pd.testing.assert_series_equal(plan, expected)
    assert list(plan.index) == PACE_PLAN_FIELDS


def test_pace_plan_defaults_to_the_current_target_and_pace(data):
    plan = pace_plan(data, "G2", as_of=AS_OF)
    assert plan["target"] == pd.Timestamp("2025-02-15")
    assert plan["days_left"] == 35 and plan["forecast_vs_target_days"] == -5
    assert plan["factor"] == 1.0 and plan["percent_complete"] == 25.0


def test_pace_plan_of_finished_unprogressed_and_late_targets(data):
    done = pace_plan(data, "G5", as_of=AS_OF)
    assert done["finished"] and np.isnan(done["pace_needed"])
    idle = pace_plan(data, "G3", as_of=AS_OF)
    assert pd.isna(idle["forecast_date"]) and pd.isna(idle["forecast_vs_target_days"])
    assert idle["pace_so_far"] == 0 and np.isnan(idle["factor_needed"])
    assert idle["pace_needed"] == pytest.approx(7 * 100 / 80)  # 2025-04-01 is 80 days on
    past = pace_plan(data, "G1", target=AS_OF, as_of=AS_OF)
    assert past["days_left"] == 0 and np.isnan(past["pace_needed"])
    with pytest.raises(ValueError, match="starts on 2025-06-01"):
        pace_plan(data, "G4", as_of=AS_OF)
