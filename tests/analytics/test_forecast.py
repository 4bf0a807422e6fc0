"""forecast_finish: probabilistic finish dates, against values computed by hand.

Pools holding one value make every trial the same, so dates can be computed by hand; a
plain-Python re-implementation of the documented random stream checks the percentile rule
on pools where trials differ.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from helpers import caseloads, checkin, goal, make_data, task
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import careerkit
from careerkit.analytics.forecast import (
    BASES,
    HORIZON_WEEKS,
    Scale,
    caseload_pool,
    pool_pieces,
    show_progress,
    stream_keys,
    weekly_history,
)
from careerkit.analytics.kernel import days

# Made-up goals at 100 % without a completed status, and the like, are the point here.
pytestmark = pytest.mark.filterwarnings("ignore::careerkit.CareerDataWarning")

T = dt.date(2025, 3, 1)
D = pd.Timestamp


def on(offset: int) -> str:
    """The date ``offset`` days from T, as ISO text."""
    return (T + dt.timedelta(days=offset)).isoformat()


def at(offset: int) -> pd.Timestamp:
    return D(on(offset))


def history_of(data, as_of=T):
    """{goal_id: (levels in percent, increments in percent, weeks with data)}."""
    history = weekly_history(data, days([pd.Timestamp(as_of)])[0])
    rows = np.flatnonzero(days(data.goals["start_date"]) <= days([pd.Timestamp(as_of)])[0])
    increments = history.increments
    out = {}
    for i, goal_id in enumerate(data.goals["goal_id"].iloc[rows]):
        part = slice(history.first[i], history.first[i] + history.weeks[i])
        out[goal_id] = ([v / history.units for v in history.levels[part].tolist()],
                        [v / history.units for v in increments[part].tolist()],
                        int(history.weeks_with_data[i]))
    return out


def steady(goal_id, client="Ana", *, weeks=2, step=10, target=None, **fields):
    """A goal without tasks that gained ``step`` % in each of its last ``weeks`` weeks."""
    row = goal(goal_id, client, start=on(-7 * weeks + 1), target=target or on(200), **fields)
    checkins = [checkin(on(-7 * k), goal_id, percent=step * (weeks - k))
                for k in range(weeks - 1, -1, -1)]
    return row, checkins


def caseload(*parts, extra_goals=(), tasks=None, progress=()):
    goals = [p[0] for p in parts] + list(extra_goals)
    checkins = [c for p in parts for c in p[1]] + list(progress)
    return make_data(goals, tasks, checkins)


# --- reading 16 and 17: weekly increments and weeks with data ----------------------------

def test_increments_keep_zero_weeks_and_negative_reestimates():
    data = make_data(
        [goal("G1", start=on(-27)), goal("G2", start=on(-27)),
         goal("G3", start=on(-20), completed=on(-6), status="completed"),
         goal("G4", start=on(-13))],
        [task("T1", "G2", weight=1, completed=on(-15)),
         task("T2", "G2", weight=3, completed=on(-1)),
         task("T3", "G3", completed=on(-14)), task("T4", "G3")],
        [checkin(on(-30), "G1", percent=5),  # before the start: a level, not a week with data
         checkin(on(-21), "G1", percent=10),
         checkin(on(-10), "G1", percent=30),
         checkin(on(-2), "G1", percent=25),  # a re-estimate downwards
         checkin(on(-2), "G2", percent=90),  # goals with tasks ignore check-in percents
         checkin(on(-13), "G4", percent=0), checkin(on(-12), "G4", percent=40)],
    )
    history = history_of(data)
    # Weeks back from T: (T-7, T], (T-14, T-7], (T-21, T-14], (T-28, T-21] holds the start.
    assert history["G1"] == ([10, 10, 30, 25], [10, 0, 20, -5], 3)
    assert history["G2"] == ([0, 25, 25, 100], [0, 25, 0, 75], 2)
    # A completed goal: weeks back from its completed_date (T-6): (T-13, T-6], (T-20, T-13],
    # (T-27, T-20] holds its start; the week of its completion ends at 100.
    assert history["G3"] == ([0, 50, 100], [0, 50, 50], 1)
    # Two check-ins in one week are one week with data; the latest of the week counts.
    assert history["G4"] == ([40, 40], [40, 0], 1)


def test_levels_are_goal_status_percent_at_each_week_end(sample_data):
    t = days([D("2026-03-31")])[0]
    history = weekly_history(sample_data, t)
    goal_ids = sample_data.goals["goal_id"].iloc[
        np.flatnonzero(days(sample_data.goals["start_date"]) <= t)].tolist()
    checked = 0
    for i in range(0, len(goal_ids), 3):
        for j in range(history.weeks[i]):
            end = history.end[i] - 7 * (history.weeks[i] - 1 - j)
            status = careerkit.goal_status(sample_data, as_of=np.datetime64(int(end), "D"))
            level = history.levels[history.first[i] + j] / history.units
            assert status.loc[goal_ids[i], "percent_complete"] == pytest.approx(level)
            checked += 1
    assert checked > 100


# --- reading 14 and 15: completed goals, goals at 100 % ---------------------------------

def test_completed_goal_is_its_completed_date():
    data = make_data(
        [goal("G1", target=on(-20), completed=on(-10), status="completed"),
         goal("G2", target=on(-20), completed=on(-10), status="completed"),
         goal("G3", target=on(-20), completed=on(5), status="completed")],  # after T
        progress=[checkin(on(-30), "G2", revised=on(-10)),  # current target = completed
                  checkin(on(-12), "G3", percent=50)],
    )
    finish = careerkit.forecast_finish(data, as_of=T, trials=50)
    assert finish.loc["G1"].tolist() == [at(-10), at(-10), at(-10), 0.0, "completed", 0.0]
    assert finish.loc["G2"].tolist() == [at(-10), at(-10), at(-10), 1.0, "completed", 0.0]
    # completed after T: simulated like any open goal (here: no history anywhere).
    assert finish.loc["G3", "basis"] == "none"


def test_goal_at_100_percent_not_completed_finishes_on_t():
    part = steady("H1", weeks=2)
    data = caseload(part, extra_goals=[goal("G1", target=on(0)), goal("G2", target=on(-1))],
                    progress=[checkin(on(-3), "G1", percent=100),
                              checkin(on(-3), "G2", percent=100)])
    finish = careerkit.forecast_finish(data, as_of=T, trials=50)
    assert finish.loc["G1"].tolist() == [at(0), at(0), at(0), 1.0, "client", 0.0]
    assert finish.loc["G2"].tolist() == [at(0), at(0), at(0), 0.0, "client", 0.0]
    alone = make_data([goal("G1", target=on(9))], progress=[checkin(on(-3), "G1", percent=100)])
    assert careerkit.forecast_finish(alone, as_of=T, trials=5).loc["G1"].tolist() == [
        at(0), at(0), at(0), 1.0, "none", 0.0]


# --- reading 17-19 with pools of one value: every trial alike ---------------------------

def test_own_history_single_increment_and_target_on_or_after():
    # +10 % in each of 2 weeks: at 20 %, 8 more weeks: T + 56 days.
    on_target = steady("G1", target=on(56))
    a_day_late = steady("G2", target=on(55))
    data = caseload(on_target, a_day_late)
    finish = careerkit.forecast_finish(data, as_of=T, trials=40)
    expected = pd.DataFrame(
        {"p50_date": [at(56)] * 2, "p85_date": [at(56)] * 2, "p95_date": [at(56)] * 2,
         "prob_by_target": [1.0, 0.0], "basis": ["goal", "goal"], "horizon_share": [0.0, 0.0]},
        index=pd.Index(["G1", "G2"], name="goal_id"),
    ).astype({"p50_date": "datetime64[us]", "p85_date": "datetime64[us]",
              "p95_date": "datetime64[us]", "basis": "str"})
    pd.testing.assert_frame_equal(finish, expected)


def test_current_target_is_goal_status_current_target():
    row, checkins = steady("G1", target=on(10))
    data = caseload((row, [*checkins, checkin(on(-1), "G1", revised=on(60))]))
    assert careerkit.forecast_finish(data, as_of=T, trials=10).loc["G1", "prob_by_target"] == 1


def test_borrowed_increments_client_then_caseload_then_none():
    data = caseload(
        steady("A1", "Ana", step=5),  # Ana's pool: 5, 5
        steady("B1", "Bo", step=20),  # Bo's pool: 20, 20
        extra_goals=[goal("A2", "Ana", start=on(-3)), goal("C1", "Cy", start=on(-3)),
                     goal("A3", "Ana", start=on(-20), status="dropped"),
                     goal("A4", "Ana", start=on(-20), status="on_hold")],
        progress=[checkin(on(-1), "A3", percent=50), checkin(on(-1), "A4", percent=50)],
    )
    finish = careerkit.forecast_finish(data, as_of=T, trials=30)
    assert finish["basis"].to_dict() == {"A1": "goal", "A2": "client", "A3": "client",
                                         "A4": "client", "B1": "goal", "C1": "caseload"}
    assert finish.loc["A2", "p50_date"] == at(7 * 20)  # 0 % + 5 % a week
    assert finish.loc["A3", "p95_date"] == at(7 * 10)  # dropped: simulated all the same
    assert finish.loc["A4", "p85_date"] == at(7 * 10)
    assert finish.loc["B1", "p50_date"] == at(7 * 3)  # 40 % + 20 % a week
    # The caseload pool mixes 5 and 20: C1 finishes between 5 and 20 weeks.
    assert at(7 * 5) <= finish.loc["C1", "p50_date"] <= at(7 * 20)

    nobody = make_data([goal("G1"), goal("G2", "Bo")], progress=[checkin(on(-2), "G1", percent=30)])
    finish = careerkit.forecast_finish(nobody, as_of=T, trials=10)
    assert finish["basis"].tolist() == ["none", "none"]
    assert finish[["p50_date", "p85_date", "p95_date"]].isna().all().all()
    assert finish[["prob_by_target", "horizon_share"]].isna().all().all()


def test_weeks_with_data_from_task_completions():
    data = make_data(
        [goal("G1", start=on(-20)), goal("G2", start=on(-20))],
        [task("T1", "G1", completed=on(-8)), task("T2", "G1", completed=on(-1)),
         task("T3", "G1"), task("T4", "G1"),
         task("T5", "G2", completed=on(-2)), task("T6", "G2", completed=on(-1))],
        [checkin(on(-15), "G2", percent=10), checkin(on(-9), "G2", percent=20)],
    )
    finish = careerkit.forecast_finish(data, as_of=T, trials=10)
    # G1: done in 2 weeks (increments 0, 25, 25): basis goal. G2: one week with a
    # completion (its percent check-ins do not count): it borrows Ana's (G1's) increments.
    assert finish["basis"].tolist() == ["goal", "client"]


def test_exact_comparison_with_100_percent():
    # 12 equal tasks, one done in each of the last 2 weeks: 1/12 a week, 10 weeks to go.
    # In floating point, 2/12 + 10 x 1/12 falls short of 1 and would take an 11th week.
    tasks = [task(f"T{k:02d}", "G1", completed=on(-7) if k == 0 else on(0) if k == 1 else None)
             for k in range(12)]
    data = make_data([goal("G1", start=on(-13))], tasks)
    finish = careerkit.forecast_finish(data, as_of=T, trials=20)
    assert finish.loc["G1", "p50_date"] == at(70)


def test_horizon_is_156_weeks():
    data = caseload(steady("G1", step=1),  # at 2 %, 1 % a week: 98 weeks
                    steady("G2", "Bo", weeks=4, step=0.625),  # at 2.5 %: exactly 156 weeks
                    steady("G3", "Cy", step=0.63))  # at 1.26 %: 157 weeks, too many
    finish = careerkit.forecast_finish(data, as_of=T, trials=10)
    assert finish.loc["G1", "p95_date"] == at(7 * 98)
    assert finish.loc["G2"].tolist() == [at(7 * 156)] * 3 + [0.0, "goal", 0.0]
    assert finish.loc["G3"].tolist() == [pd.NaT] * 3 + [0.0, "goal", 1.0]


def test_goal_that_cannot_go_up_never_finishes():
    data = make_data([goal("G1", start=on(-13))],
                     progress=[checkin(on(-7), "G1", percent=40),
                               checkin(on(0), "G1", percent=30)])
    finish = careerkit.forecast_finish(data, as_of=T, trials=10)  # increments 40, -10
    assert finish.loc["G1", "basis"] == "goal"
    flat = make_data([goal("G1", start=on(-13))],
                     progress=[checkin(on(-7), "G1", percent=0), checkin(on(0), "G1", percent=0)])
    finish = careerkit.forecast_finish(flat, as_of=T, trials=10)
    assert finish.loc["G1"].tolist() == [pd.NaT, pd.NaT, pd.NaT, 0.0, "goal", 1.0]


# --- reading 19 and 20: percentiles against the documented random stream ----------------

MASK = 2**64 - 1


def splitmix(x: int) -> int:
    x ^= x >> 30
    x = (x * 0xBF58476D1CE4E5B9) & MASK
    x ^= x >> 27
    x = (x * 0x94D049BB133111EB) & MASK
    return x ^ (x >> 31)


def reference_key(goal_id: str, seed: int) -> int:
    key = 0xCBF29CE484222325
    for byte in goal_id.encode("utf-8"):
        key = ((key ^ byte) * 0x100000001B3) & MASK
    return splitmix(key ^ splitmix(seed % 2**64))


def reference_finish_weeks(goal_id, seed, trials, start, pool, goal_max=100):
    """Each trial's finish week (None: not within the horizon), one draw at a time."""
    key = reference_key(goal_id, seed)
    weeks = []
    for trial in range(trials):
        running, finished = start, None
        for week in range(1, HORIZON_WEEKS + 1):
            counter = trial * 128 + (week - 1) // 2 + 1
            bits = splitmix((key + counter * 0x9E3779B97F4A7C15) & MASK)
            half = bits & 0xFFFFFFFF if week % 2 else bits >> 32
            running += pool[(half * len(pool)) >> 32]
            if running >= goal_max:
                finished = week
                break
        weeks.append(finished)
    return weeks


def reference_percentile(weeks, percent):
    """The earliest week by which at least percent % of all trials finished (or None)."""
    done = sorted(w for w in weeks if w is not None)
    need = -(-percent * len(weeks) // 100)
    return done[need - 1] if len(done) >= need else None


def test_stream_keys_are_fnv1a_of_the_text_mixed_with_the_seed():
    ids = pd.Series(["G1", "é中", "", "C00001-G12"], dtype="str")
    keys = stream_keys(ids, 7).tolist()
    assert keys == [reference_key(goal_id, 7) for goal_id in ids]
    assert stream_keys(ids, 8).tolist() != keys


@pytest.mark.parametrize("trials", [7, 20, 40])
def test_percentiles_count_unfinished_trials(trials):
    # The client's history: 0 % for 99 weeks, then 100 % in the last: a 1 % chance a week,
    # so about a fifth of the trials does not finish within 156 weeks.
    start = on(-7 * 99 - 6)
    history = [checkin(start, "H1", percent=0), checkin(on(-300), "H1", percent=0),
               checkin(on(0), "H1", percent=100)]
    data = make_data([goal("H1", start=start, target=on(0)),
                      goal("G1", start=on(-1), target=on(7 * 60))], progress=history)
    finish = careerkit.forecast_finish(data, as_of=T, trials=trials, seed=3)
    pool = [0] * 99 + [100]
    weeks = reference_finish_weeks("G1", 3, trials, 0, pool)
    row = finish.loc["G1"]
    for percent in (50, 85, 95):
        week = reference_percentile(weeks, percent)
        if week is None:
            assert pd.isna(row[f"p{percent}_date"])
        else:
            assert row[f"p{percent}_date"] == at(7 * week)
    assert row["horizon_share"] == sum(w is None for w in weeks) / trials
    assert row["prob_by_target"] == sum(w is not None and w <= 60 for w in weeks) / trials
    assert row["basis"] == "client"


def test_percentile_needs_at_least_nn_percent():
    # 20 trials: P85 is the 17th finish (0.85 x 20 = 17 exactly), P95 the 19th.
    data = make_data([goal("H1", start=on(-13)), goal("G1", start=on(-1))],
                     progress=[checkin(on(-13), "H1", percent=0), checkin(on(0), "H1", percent=50)])
    finish = careerkit.forecast_finish(data, as_of=T, trials=20, seed=11)
    weeks = sorted(reference_finish_weeks("G1", 11, 20, 0, [0, 50]))
    assert finish.loc["G1", "p85_date"] == at(7 * weeks[16])
    assert finish.loc["G1", "p95_date"] == at(7 * weeks[18])
    assert finish.loc["G1", "p50_date"] == at(7 * weeks[9])


# --- determinism, chunks, partitions ----------------------------------------------------

def test_same_seed_same_frame_other_seed_other_draws(demo_caseloads):
    data = demo_caseloads[12]
    first = careerkit.forecast_finish(data, trials=300, seed=5)
    pd.testing.assert_frame_equal(first, careerkit.forecast_finish(data, trials=300, seed=5))
    other = careerkit.forecast_finish(data, trials=300, seed=6)
    assert not first.equals(other)
    assert first["basis"].equals(other["basis"])


@pytest.mark.parametrize("chunk_size", [1, 3, 1000])
def test_chunk_size_does_not_change_the_result(demo_caseloads, chunk_size):
    data = demo_caseloads[12]
    expected = careerkit.forecast_finish(data, trials=150, seed=2)
    pd.testing.assert_frame_equal(
        careerkit.forecast_finish(data, trials=150, seed=2, chunk_size=chunk_size), expected)


def test_dates_do_not_depend_on_other_clients(demo_caseloads):
    data = demo_caseloads[60]
    as_of = careerkit.default_as_of(data)
    whole = careerkit.forecast_finish(data, as_of=as_of, trials=200)
    clients = sorted(data.goals["client"].unique())
    for part in (clients[::3], clients[1::3]):
        alone = careerkit.forecast_finish(data.select(clients=part), as_of=as_of, trials=200)
        own = alone.loc[alone["basis"].isin(["goal", "client", "completed"])]
        assert len(own) > 0
        pd.testing.assert_frame_equal(own, whole.loc[own.index])


# --- shapes, invariants -----------------------------------------------------------------

def test_empty_data_gives_empty_frame_with_columns_and_dtypes(sample_data):
    empty = sample_data.replace(goals=sample_data.goals.iloc[:0],
                                tasks=sample_data.tasks.iloc[:0],
                                progress=sample_data.progress.iloc[:0])
    finish = careerkit.forecast_finish(empty)
    assert finish.columns.tolist() == ["p50_date", "p85_date", "p95_date", "prob_by_target",
                                       "basis", "horizon_share"]
    assert finish.dtypes.astype(str).tolist() == [
        "datetime64[us]", "datetime64[us]", "datetime64[us]", "float64", "str", "float64"]
    assert finish.index.name == "goal_id" and len(finish) == 0
    assert len(careerkit.forecast_finish(sample_data, as_of="2000-01-01")) == 0


def test_rows_are_started_goals_in_code_point_order():
    data = make_data([goal("b"), goal("B"), goal("a"), goal("Z", start=on(1))])
    assert careerkit.forecast_finish(data, as_of=T, trials=5).index.tolist() == ["B", "a", "b"]


def test_trials_must_be_positive(sample_data):
    with pytest.raises(ValueError, match="trials"):
        careerkit.forecast_finish(sample_data, trials=0)


def test_progress_bar_only_when_asked_or_long(capsys, sample_data):
    assert show_progress(True, 0) and not show_progress(False, 10**12)
    assert not show_progress(None, 10)  # short runs never show one
    careerkit.forecast_finish(sample_data, trials=20, progress=True)
    assert "forecast_finish" in capsys.readouterr().err
    careerkit.forecast_finish(sample_data, trials=20, progress=False)
    assert capsys.readouterr().err == ""


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=caseloads(), as_of=st.dates(dt.date(1990, 1, 1), dt.date(2060, 12, 31)))
def test_invariants(data, as_of):
    finish = careerkit.forecast_finish(data, as_of=as_of, trials=30)
    status = careerkit.goal_status(data, as_of=as_of)
    assert finish.index.equals(status.index)
    assert set(finish["basis"]) <= set(BASES)
    dated = finish.dropna(subset=["p95_date"])
    assert (dated["p50_date"] <= dated["p85_date"]).all()
    assert (dated["p85_date"] <= dated["p95_date"]).all()
    known = finish["prob_by_target"].notna()
    assert finish.loc[known, "prob_by_target"].between(0, 1).all()
    assert finish.loc[known, "horizon_share"].between(0, 1).all()
    completed = status["completed_at_T"]
    assert (finish.loc[completed, "basis"] == "completed").all()
    assert (finish.loc[completed, "p50_date"] == status.loc[completed, "completed_date"]).all()
    # The level at T is goal_status' percent_complete.
    t = days([pd.Timestamp(as_of)])[0]
    history = weekly_history(data, t)
    rows = np.flatnonzero(days(data.goals["start_date"]) <= t)
    open_goals = ~status.loc[data.goals["goal_id"].iloc[rows], "completed_at_T"].to_numpy()
    last = (history.first + history.weeks - 1)[open_goals]
    np.testing.assert_allclose(
        history.levels[last] / history.units,
        status.loc[data.goals["goal_id"].iloc[rows][open_goals], "percent_complete"])


def test_rows_of_some_goals_equal_the_full_run(demo_caseloads):
    data = demo_caseloads[12]
    whole = careerkit.forecast_finish(data, trials=100)
    some = whole.index[::5].tolist()
    part = careerkit.forecast_finish(data, trials=100, goals=some)
    pd.testing.assert_frame_equal(part, whole.loc[some])
    assert careerkit.forecast_finish(data, trials=100, goals=some[0]).index.tolist() == some[:1]
    assert len(careerkit.forecast_finish(data, trials=100, goals=[])) == 0


def test_rounded_fallback_when_the_common_denominator_is_huge():
    # Two task-weight totals near 10^10 and 10^11 with no common factor: the exact common
    # unit would pass 10^14, so levels are rounded to 10^-12 % (with the rounding allowed
    # for at 100 %): the twelfths still finish in exactly 10 weeks.
    twelfths = [task(f"T{k:02d}", "G1", completed=on(-7) if k == 0 else on(0) if k == 1 else None)
                for k in range(12)]
    huge = [task("X1", "X1", weight=12345.678901, completed=on(-1)),
            task("X2", "X2", weight=98765.432109), task("X3", "X2", weight=1)]
    data = make_data([goal("G1", start=on(-13)), goal("X1", "Bo", start=on(-13)),
                      goal("X2", "Cy", start=on(-13))], twelfths + huge)
    history = weekly_history(data, days([pd.Timestamp(T)])[0])
    assert not history.exact and history.units == 10**12
    finish = careerkit.forecast_finish(data, as_of=T, trials=20)
    assert finish.loc["G1", "p50_date"] == at(70)
    exact = careerkit.forecast_finish(data.select(goals="G1"), as_of=T, trials=20)
    pd.testing.assert_frame_equal(finish.loc[["G1"]], exact)


# --- the caseload's pool, put together from partitions -----------------------------------

def test_caseload_pool_of_the_whole_data_changes_nothing(demo_caseloads):
    data = demo_caseloads[60]
    as_of = "2025-12-01"
    pool = caseload_pool([pool_pieces(data, as_of)])
    expected = careerkit.forecast_finish(data, as_of=as_of, trials=100)
    assert (expected["basis"] == "caseload").any()
    pd.testing.assert_frame_equal(
        careerkit.forecast_finish(data, as_of=as_of, trials=100, caseload_increments=pool),
        expected)


def test_caseload_pool_from_pieces_in_client_order():
    # two "partitions" of one caseload: Bo's goals come first in the file, so his
    # increments lead the pool; each partition's unit (tenths, whole percents) is brought
    # to the caseload's exactly
    ana = steady("A1", "Ana", step=2.5)
    bo = steady("B1", "Bo", step=20)
    whole = caseload(bo, ana)
    pieces = [pool_pieces(caseload(ana), T, rows=[1]), pool_pieces(caseload(bo), T, rows=[0])]
    assert [piece.scale for piece in pieces] == [Scale(10, True), Scale(1, True)]
    pool = caseload_pool(pieces)
    assert pool.scale == Scale(10, True)
    assert (pool.increments / 10).tolist() == [20.0, 20.0, 2.5, 2.5]
    expected = caseload_pool([pool_pieces(whole, T)])
    assert pool.scale == expected.scale
    assert pool.increments.tolist() == expected.increments.tolist()
