"""schedule_performance (issue 11, readings 1-13) against frames computed by hand."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from helpers import caseloads, checkin, goal, make_data, task
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import careerkit
from careerkit.analytics.schedule import EXPECTATIONS, schedule_curves

T = "2025-01-21"  # day 20 of goals started 2025-01-01
D = pd.Timestamp
NAT = pd.NaT


@pytest.fixture
def plans():
    """One goal per case of readings 4-13, looked at from T (all start 2025-01-01 unless
    said). Expected values are worked out in the comments."""
    with warnings.catch_warnings():  # G11: open tasks on a completed goal, on purpose
        warnings.simplefilter("ignore", careerkit.CareerDataWarning)
        return plan_data()


def plan_data():
    return make_data(
        [
            goal("G01"), goal("G02"), goal("G03"), goal("G04"), goal("G05"), goal("G06"),
            goal("G07", target="2025-04-11"),
            goal("G08", target="2025-01-01"),
            goal("G09", start=T, target="2025-02-20"),
            goal("G10", target="2025-01-11", completed="2025-01-06"),
            goal("G11", completed="2025-01-16"),
            goal("G12", target="2025-01-31", completed="2025-02-01"),
            goal("G13"), goal("G14"),
            goal("G15", target="2025-01-31", status="dropped"),
            goal("G16", start="2025-02-01", target="2025-03-01"),
        ],
        [
            # G01: a task due before start (counts on day 0), two tasks due on one day.
            # Plan points (0, 12.5), (10, 50), (30, 100); PD 30.
            task("G01-T1", "G01", due="2024-12-20", weight=1, completed="2025-01-02"),
            task("G01-T2", "G01", due="2025-01-11", weight=1, completed="2025-01-10"),
            task("G01-T3", "G01", due="2025-01-11", weight=2, completed="2025-01-20"),
            task("G01-T4", "G01", due="2025-01-31", weight=4),
            # G02: same plan, EV 25 between the points: ES = 10 × 12.5 / 37.5 = 10/3.
            task("G02-T1", "G02", due="2024-12-20", weight=1, completed="2025-01-02"),
            task("G02-T2", "G02", due="2025-01-11", weight=1, completed="2025-01-10"),
            task("G02-T3", "G02", due="2025-01-11", weight=2, completed="2025-01-22"),
            task("G02-T4", "G02", due="2025-01-31", weight=4),
            # G03: every task done but the goal not marked completed: EV 100, ES = PD.
            task("G03-T1", "G03", due="2025-01-11", completed="2025-01-05"),
            task("G03-T2", "G03", due="2025-01-31", completed="2025-01-20"),
            # G04: nothing done: EV 0, ES 0.
            task("G04-T1", "G04", due="2025-01-11"),
            # G05: EV equal to PV at start (50): ES 0.
            task("G05-T1", "G05", due="2024-12-01", completed="2025-01-05"),
            task("G05-T2", "G05", due="2025-02-10"),
            # G06: every task due before start: PD 0, PV 100 from the start.
            task("G06-T1", "G06", due="2024-12-01"),
            # G11: completed on day 15 with a task still open: EV 100, PV(15) = 25.
            task("G11-T1", "G11", due="2025-01-11", weight=1, completed="2025-01-10"),
            task("G11-T2", "G11", due="2025-01-31", weight=3),
            # G13: weights 0.1 / 0.2 / 0.7 (0.1 + 0.2 is not 0.3 in floats): gap exactly -10.
            task("G13-T1", "G13", due="2025-01-06", weight=0.1),
            task("G13-T2", "G13", due="2025-01-11", weight=0.2, completed="2025-01-11"),
            task("G13-T3", "G13", due="2025-02-10", weight=0.7),
            # G14: one of four equal tasks late: gap exactly -25.
            task("G14-T1", "G14", due="2025-01-06", completed="2025-01-06"),
            task("G14-T2", "G14", due="2025-01-11", completed="2025-01-11"),
            task("G14-T3", "G14", due="2025-01-16", completed="2025-01-16"),
            task("G14-T4", "G14", due="2025-01-21"),
            task("G16-T1", "G16", due="2025-02-10"),
        ],
        [
            checkin("2025-01-15", "G01", percent=90),  # ignored: G01 has tasks
            checkin("2025-01-15", "G07", percent=30, revised="2025-06-30"),  # PV keeps PD
            checkin("2025-01-10", "G08", percent=40),
            checkin("2025-01-11", "G12", percent=10),
        ],
    )


def expected_frame(rows: dict[str, tuple]) -> pd.DataFrame:
    columns = ["planned_percent", "earned_percent", "schedule_gap_points", "es_days",
               "at_days", "sv_days", "spi", "ieac_date", "expectation"]
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=columns)
    frame.index = pd.Index(list(rows), dtype="str", name="goal_id")
    return frame.astype({
        "planned_percent": "float64", "earned_percent": "float64",
        "schedule_gap_points": "float64", "es_days": "float64", "at_days": "Int64",
        "sv_days": "float64", "spi": "float64", "ieac_date": "datetime64[us]",
        "expectation": "str",
    })


def test_every_reading_by_hand(plans):
    third = 10 / 3
    expected = expected_frame({
        # PV, EV, gap, ES, AT, SV, SPI, IEAC = start + ceil(PD × AT / ES), expectation
        "G01": (50.0, 50.0, 0.0, 10.0, 20, -10.0, 0.5, D("2025-03-02"), "on_pace"),
        "G02": (50.0, 25.0, -25.0, third, 20, third - 20, third / 20, D("2025-06-30"),
                "behind"),  # ceil(30 × 20 / (10/3)) = 180 exactly: not pushed to 181
        "G03": (50.0, 100.0, 50.0, 30.0, 20, 10.0, 1.5, D("2025-01-21"), "ahead"),
        "G04": (100.0, 0.0, -100.0, 0.0, 20, -20.0, 0.0, NAT, "far_behind"),
        "G05": (50.0, 50.0, 0.0, 0.0, 20, -20.0, 0.0, NAT, "on_pace"),
        "G06": (100.0, 0.0, -100.0, 0.0, 20, -20.0, 0.0, NAT, "far_behind"),
        # no tasks: a line over PD = 100 days; the revised target does not move it
        "G07": (20.0, 30.0, 10.0, 30.0, 20, 10.0, 1.5, D("2025-03-09"), "ahead"),
        "G08": (100.0, 40.0, -60.0, 0.0, 20, -20.0, 0.0, NAT, "far_behind"),  # PD 0
        "G09": (0.0, 0.0, 0.0, 0.0, 0, 0.0, np.nan, NAT, "on_pace"),  # AT 0
        # completed by T: measured at completed_date; ieac_date = completed_date
        "G10": (50.0, 100.0, 50.0, 10.0, 5, 5.0, 2.0, D("2025-01-06"), "ahead"),
        "G11": (25.0, 100.0, 75.0, 30.0, 15, 15.0, 2.0, D("2025-01-16"), "ahead"),
        # completed after T: open at T, EV from the check-in
        "G12": (200 / 3, 10.0, 10 - 200 / 3, 3.0, 20, -17.0, 0.15, D("2025-07-20"),
                "far_behind"),
        "G13": (30.0, 20.0, -10.0, 7.5, 20, -12.5, 0.375, D("2025-04-18"), "on_pace"),
        "G14": (100.0, 75.0, -25.0, 15.0, 20, -5.0, 0.75, D("2025-01-28"), "behind"),
        "G15": (200 / 3, 0.0, -200 / 3, 0.0, 20, -20.0, 0.0, NAT, "far_behind"),  # dropped
    })
    result = careerkit.schedule_performance(plans, as_of=T)
    pd.testing.assert_frame_equal(result, expected)


def test_gap_at_the_thresholds_is_exact(plans):
    result = careerkit.schedule_performance(plans, as_of=T)
    assert result.loc["G13", "schedule_gap_points"] == -10  # -10, not -10.000000000000004
    moved = careerkit.schedule_performance(plans, as_of=T, behind=-25, far_behind=-60)
    assert moved.loc[["G02", "G14", "G13", "G08", "G04"], "expectation"].tolist() == [
        "on_pace", "on_pace", "on_pace", "behind", "far_behind"]
    assert careerkit.schedule_performance(plans, as_of=T, behind=-9.9)["expectation"][
        "G13"] == "behind"
    halves = careerkit.schedule_performance(plans, as_of=T, behind=-12.5, far_behind=-25.0)
    assert halves.loc[["G13", "G14"], "expectation"].tolist() == ["on_pace", "behind"]


@pytest.mark.parametrize(("behind", "far_behind"), [(-10, -5), (5, -25), ("-10", -25)])
def test_thresholds_must_be_ordered_numbers(plans, behind, far_behind):
    with pytest.raises((ValueError, TypeError)):
        careerkit.schedule_performance(plans, as_of=T, behind=behind, far_behind=far_behind)


def test_completed_goal_is_final(plans):
    early = careerkit.schedule_performance(plans, as_of="2025-01-06").loc["G10"]
    late = careerkit.schedule_performance(plans, as_of="2026-01-01").loc["G10"]
    pd.testing.assert_series_equal(early, late)


def test_ieac_date_whole_quotient_is_not_pushed_up():
    # PD 30, EV 1.9, AT 19: ES = 0.57 and PD × AT / ES = 1000 exactly, while the float
    # quotient 30 * 19 / (30 * 1.9 / 100) is 1000.0000000000001 (ceil: 1001)
    data = make_data([goal("G1", start="2025-01-01", target="2025-01-31")],
                     progress=[checkin("2025-01-05", "G1", percent=1.9)])
    result = careerkit.schedule_performance(data, as_of="2025-01-20")
    assert result.loc["G1", "ieac_date"] == D("2025-01-01") + pd.Timedelta(days=1000)


def test_empty_and_future():
    empty = make_data([])
    result = careerkit.schedule_performance(empty)
    assert len(result) == 0
    assert result.index.name == "goal_id"
    expected = careerkit.schedule_performance(make_data([goal("G1")]), as_of="2025-03-01")
    pd.testing.assert_series_equal(result.dtypes, expected.dtypes)
    before = careerkit.schedule_performance(make_data([goal("G1")]), as_of="2024-12-31")
    assert len(before) == 0


def test_sample_data_rows_match_goal_status(sample_data):
    result = careerkit.schedule_performance(sample_data, as_of="2026-03-31")
    status = careerkit.goal_status(sample_data, as_of="2026-03-31")
    assert result.index.equals(status.index)
    np.testing.assert_array_equal(result["earned_percent"], status["percent_complete"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(caseloads(), st.none() | st.dates())
def test_invariants(data, as_of):
    result = careerkit.schedule_performance(data, as_of=as_of)
    status = careerkit.goal_status(data, as_of=as_of)
    assert result.index.equals(status.index)
    assert result["expectation"].isin(EXPECTATIONS).all()
    assert (result["spi"].isna() == (result["at_days"] == 0)).all()
    assert ((result["planned_percent"] >= 0) & (result["planned_percent"] <= 100)).all()
    assert (result["es_days"] >= 0).all()
    np.testing.assert_allclose(result["schedule_gap_points"],
                               result["earned_percent"] - result["planned_percent"],
                               atol=1e-9)
    np.testing.assert_allclose(result["sv_days"],
                               result["es_days"] - result["at_days"].astype(float))
    done = status["completed_at_T"].to_numpy()
    finished = result.loc[done]
    has_date = finished["ieac_date"].notna()
    assert (finished.loc[has_date, "ieac_date"]
            == status.loc[done, "completed_date"][has_date]).all()
    assert (result["ieac_date"].isna()
            == ((result["at_days"] == 0) | (result["es_days"] == 0))).all()


def test_schedule_curves_are_the_plans_points(plans):
    curves = schedule_curves(plans, "G01", as_of=T)
    assert curves.plan["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2025-01-01", "2025-01-11", "2025-01-31"]
    assert curves.plan["planned_percent"].tolist() == [12.5, 50.0, 100.0]
    assert curves.earned["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2025-01-01", "2025-01-02", "2025-01-10", "2025-01-20", T]
    assert curves.earned["earned_percent"].tolist() == [0.0, 12.5, 25.0, 50.0, 50.0]
    assert curves.performance["es_time"] == D("2025-01-11")
    assert curves.performance["at_date"] == D(T)
    assert schedule_curves(plans, "G06", as_of=T).plan["planned_percent"].tolist() == [100.0]
    g07 = schedule_curves(plans, "G07", as_of=T)
    assert g07.plan["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-01-01", "2025-04-11"]
    g02 = schedule_curves(plans, "G02", as_of=T).performance
    assert g02["es_time"] == D("2025-01-01") + pd.Timedelta(days=10 / 3)
    g10 = schedule_curves(plans, "G10", as_of=T)
    assert g10.earned["date"].iloc[-1] == D("2025-01-06")  # completed: its clock stopped
    with pytest.raises(ValueError, match="starts on 2025-02-01"):
        schedule_curves(plans, "G16", as_of=T)
    with pytest.raises(ValueError, match="no goal"):
        schedule_curves(plans, "nope", as_of=T)
