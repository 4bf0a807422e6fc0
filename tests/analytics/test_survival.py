"""time_to_goal (issue 11, readings 1-3 and 21-28): Kaplan–Meier by hand, a textbook
example, statsmodels, and invariants."""

from __future__ import annotations

import math
import warnings
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from helpers import caseloads, checkin, make_data
from hypothesis import given, settings
from hypothesis import strategies as st

import careerkit

Z = 1.959964
T = "2025-04-11"  # day 100 of goals started 2025-01-01
DAY0 = pd.Timestamp("2025-01-01")


def on(day: int) -> str:
    return (DAY0 + pd.Timedelta(days=day)).strftime("%Y-%m-%d")


def goals_frame(rows: list[tuple]) -> pd.DataFrame:
    """(goal_id, category, start day, completed day or None, status) -> goals rows."""
    return pd.DataFrame(
        [{"goal_id": gid, "client": "Ana", "title": gid, "category": category,
          "start_date": on(start), "target_date": on(start + 400),
          "completed_date": None if done is None else on(done), "status": status}
         for gid, category, start, done, status in rows])


def careerdata(goals: list[tuple], tasks=None, progress=None) -> careerkit.CareerData:
    def frame(rows, columns):
        return pd.DataFrame(rows, columns=columns) if rows is not None else None

    return careerkit.CareerData.from_frames(
        goals_frame(goals),
        frame(tasks, ["task_id", "goal_id", "title", "due_date", "weight", "completed_date"]),
        frame(progress, ["date", "goal_id", "task_id", "percent_complete",
                         "revised_target_date", "note", "reason"]),
    )


def interval(survival: float, variance: float) -> tuple[float, float]:
    """The exponential-Greenwood interval of one S, written out for one number."""
    if survival == 1:
        return 1.0, 1.0
    if survival == 0:
        return math.nan, math.nan
    sigma = math.sqrt(variance) / abs(math.log(survival))
    return survival ** math.exp(Z * sigma), survival ** math.exp(-Z * sigma)


@pytest.fixture
def grouped():
    """Four categories looked at from T (day 100), every goal started on day 0 unless said.

    a: events on day 10 (two), a dropped goal censored on day 10 (its last check-in, a
       task-level one), an event on day 60, an active goal and one completed after T
       censored on day 100; a goal starting after T is left out.
    b: ten goals whose S is 0.8, 0.6, then exactly 0.5 on day 40 (the float product is
       0.5000000000000001).
    c: two goals both completed on day 5: S reaches 0.
    blank: one on-hold goal started on day 60, censored on day 40.
    """
    goals = [
        ("a1", "a", 0, 10, "completed"), ("a2", "a", 0, 10, "completed"),
        ("a3", "a", 0, None, "dropped"), ("a4", "a", 0, 60, "completed"),
        ("a5", "a", 0, None, "active"), ("a6", "a", 0, 120, "completed"),
        ("a7", "a", 101, None, "active"),
        ("b01", "b", 0, 20, "completed"), ("b02", "b", 0, 20, "completed"),
        ("b03", "b", 0, 30, "completed"), ("b04", "b", 0, 30, "completed"),
        ("b05", "b", 0, 40, "completed"), ("b06", "b", 0, None, "dropped"),
        *((f"b{k:02d}", "b", 0, None, "active") for k in range(7, 11)),
        ("c1", "c", 0, 5, "completed"), ("c2", "c", 0, 5, "completed"),
        ("z1", None, 60, None, "on_hold"),
    ]
    tasks = [{"task_id": "a3-T1", "goal_id": "a3", "title": "t", "due_date": on(30),
              "weight": None, "completed_date": None}]
    progress = [checkin(on(4), "a3"), checkin(on(10), "a3", task_id="a3-T1"),
                checkin(on(150), "a3"),  # after T: does not exist yet
                checkin(on(40), "b06"), checkin(on(3), "b06")]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", careerkit.CareerDataWarning)
        return careerdata(goals, tasks, progress)


def test_table_and_summary_by_hand(grouped):
    table, summary = careerkit.time_to_goal(grouped, by="category", as_of=T)
    s_a = [2 / 3, 4 / 9, 4 / 9]
    v_a = [2 / (6 * 4), 2 / (6 * 4) + 1 / (3 * 2), 2 / (6 * 4) + 1 / (3 * 2)]
    s_b = [0.8, 0.6, 0.5, 0.5]
    v_b = np.cumsum([2 / (10 * 8), 2 / (8 * 6), 1 / (6 * 5), 0]).tolist()
    rows = [
        # category, days, at_risk, events, censored, survival, variance
        *(("a", d, n, e, c, s, v) for (d, n, e, c), s, v in zip(
            [(10, 6, 2, 1), (60, 3, 1, 0), (100, 2, 0, 2)], s_a, v_a, strict=True)),
        *(("b", d, n, e, c, s, v) for (d, n, e, c), s, v in zip(
            [(20, 10, 2, 0), (30, 8, 2, 0), (40, 6, 1, 1), (100, 4, 0, 4)], s_b, v_b,
            strict=True)),
        ("c", 5, 2, 2, 0, 0.0, math.nan),
        (None, 40, 1, 0, 1, 1.0, 0.0),
    ]
    expected = pd.DataFrame(
        [(k, d, n, e, c, s, *interval(s, v)) for k, d, n, e, c, s, v in rows],
        columns=["category", "days", "at_risk", "events", "censored", "survival",
                 "ci_lower", "ci_upper"],
    ).astype({"category": "str"})
    pd.testing.assert_frame_equal(table, expected, check_exact=False, rtol=1e-12)
    assert table.loc[(table["category"] == "b") & (table["days"] == 40), "survival"].item() \
        == 0.5  # exactly

    # medians: a at 60; b at 40 (S exactly 0.5 counts); c at 5; the blank group never.
    # median CI: a's intervals on days 10 and 60 contain 0.5, no event day after: upper NA;
    # b: see below; c: S = 0 has no interval; blank: no event day.
    b_contains = [d for d, s, v in zip([20, 30, 40], s_b, v_b, strict=False)
                  if interval(s, v)[0] <= 0.5 <= interval(s, v)[1]]
    assert b_contains == [20, 30, 40]
    expected_summary = pd.DataFrame({
        "category": pd.array(["a", "b", "c", None], dtype="str"),
        "goals": [6, 10, 2, 1],
        "completed": [3, 5, 2, 0],
        "censored": [3, 5, 0, 1],
        "median_days": pd.array([60, 40, 5, None], dtype="Int64"),
        "median_ci_lower": pd.array([10, 20, None, None], dtype="Int64"),
        "median_ci_upper": pd.array([None, None, None, None], dtype="Int64"),
        # 1 - S(90); past the longest duration NaN unless S reached 0 (c)
        "completed_by_90d": [5 / 9, 0.5, 1.0, np.nan],
        "completed_by_180d": [np.nan, np.nan, 1.0, np.nan],
        "completed_by_365d": [np.nan, np.nan, 1.0, np.nan],
    })
    pd.testing.assert_frame_equal(summary, expected_summary)


def test_median_ci_upper_is_the_next_event_day():
    # ten goals completed on days 10, 20, ..., 100: after k of them S = m / 10 (m = 10 - k)
    # and Greenwood's sum telescopes to 1/m - 1/10
    goals = [(f"g{k:02d}", "x", 0, k * 10, "completed") for k in range(1, 11)]
    table, summary = careerkit.time_to_goal(careerdata(goals), as_of=on(200))
    contains = [10 * k for k in range(1, 10)
                if interval((10 - k) / 10, 1 / (10 - k) - 1 / 10)[0] <= 0.5
                <= interval((10 - k) / 10, 1 / (10 - k) - 1 / 10)[1]]
    assert contains == [10, 20, 30, 40, 50, 60, 70]  # day 80: (0.0309, 0.4747)
    assert table["survival"].tolist() == pytest.approx([k / 10 for k in range(9, -1, -1)])
    assert summary[["median_days", "median_ci_lower", "median_ci_upper"]].iloc[0].tolist() \
        == [50, 10, 80]
    assert summary.columns[0] == "goals"  # by=None: no key columns


def test_censoring_days():
    # dropped: last check-in (before start: 0; none: 0; after T: not yet); others: T
    goals = [("d1", None, 10, None, "dropped"), ("d2", None, 0, None, "dropped"),
             ("d3", None, 0, None, "dropped"), ("h1", None, 30, None, "on_hold"),
             ("e1", None, 0, 70, "completed"), ("e2", None, 50, 50, "completed")]
    progress = [checkin(on(5), "d1"), checkin(on(20), "d3"), checkin(on(101), "d3"),
                checkin(on(90), "h1")]
    table, _ = careerkit.time_to_goal(careerdata(goals, progress=progress), as_of=T)
    assert table[["days", "at_risk", "events", "censored"]].values.tolist() == [
        [0, 6, 1, 2], [20, 3, 0, 1], [70, 2, 1, 1]]
    assert table["survival"].tolist() == pytest.approx([5 / 6, 5 / 6, 5 / 12])


def test_by_none_and_empty(grouped):
    table, summary = careerkit.time_to_goal(grouped, as_of=T)
    assert summary["goals"].tolist() == [19]
    assert table["days"].is_monotonic_increasing and table["days"].is_unique
    before = careerkit.time_to_goal(grouped, as_of="2024-12-31")
    assert len(before.table) == 0 and len(before.summary) == 1
    assert before.summary["goals"].tolist() == [0]
    assert before.summary.drop(columns=["goals", "completed", "censored"]).isna().all().all()
    pd.testing.assert_series_equal(before.table.dtypes, table.dtypes)
    pd.testing.assert_series_equal(before.summary.dtypes, summary.dtypes)
    empty = careerkit.time_to_goal(make_data([]), by=["category", "client"])
    assert empty.table.columns.tolist()[:3] == ["category", "client", "days"]
    assert len(empty.summary) == 0
    with pytest.raises(ValueError, match="not a column"):
        careerkit.time_to_goal(grouped, by="colour")


def test_freireich_6mp_textbook():
    """The 6-MP arm of Freireich et al. (1963), as in Kleinbaum & Klein, *Survival
    Analysis*, and R's ``survfit(..., conf.type="log-log")``: S, interval and median."""
    times = [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35]
    relapsed = [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
    goals = [(f"p{k:02d}", None, 0, t if r else None, "completed" if r else "dropped")
             for k, (t, r) in enumerate(zip(times, relapsed, strict=True))]
    progress = [checkin(on(t), f"p{k:02d}")
                for k, (t, r) in enumerate(zip(times, relapsed, strict=True)) if not r]
    table, summary = careerkit.time_to_goal(careerdata(goals, progress=progress),
                                            as_of=on(100))
    events = table.loc[table["events"] > 0].round(3)
    assert events["days"].tolist() == [6, 7, 10, 13, 16, 22, 23]
    assert events["at_risk"].tolist() == [21, 17, 15, 12, 11, 7, 6]
    assert events["survival"].tolist() == [0.857, 0.807, 0.753, 0.690, 0.627, 0.538, 0.448]
    assert events["ci_lower"].tolist() == [0.620, 0.563, 0.503, 0.432, 0.368, 0.268, 0.188]
    assert events["ci_upper"].tolist() == [0.952, 0.923, 0.889, 0.849, 0.805, 0.747, 0.680]
    assert summary[["median_days", "median_ci_lower"]].iloc[0].tolist() == [23, 13]
    assert summary["median_ci_upper"].isna().all()


def test_against_statsmodels():
    survfunc = pytest.importorskip("statsmodels.duration.survfunc")
    rng = np.random.default_rng(11)
    for _ in range(40):
        n = int(rng.integers(2, 60))
        durations = rng.integers(0, 50, n)
        completed = rng.random(n) < rng.uniform(0.2, 0.9)
        if not completed.any():
            continue
        goals = [(f"g{k:03d}", None, 0, int(d) if c else None, "completed" if c else "dropped")
                 for k, (d, c) in enumerate(zip(durations, completed, strict=True))]
        progress = [checkin(on(int(d)), f"g{k:03d}")
                    for k, (d, c) in enumerate(zip(durations, completed, strict=True))
                    if not c and d > 0]
        table, summary = careerkit.time_to_goal(careerdata(goals, progress=progress),
                                                as_of=on(100))
        reference = survfunc.SurvfuncRight(durations, completed.astype(float))
        events = table.loc[table["events"] > 0]
        np.testing.assert_array_equal(events["days"], reference.surv_times)
        np.testing.assert_array_equal(events["at_risk"], reference.n_risk)
        np.testing.assert_allclose(events["survival"], reference.surv_prob, rtol=1e-12,
                                   atol=1e-15)
        s, se = reference.surv_prob, reference.surv_prob_se
        inside = (s > 0) & (s < 1)
        with np.errstate(divide="ignore", invalid="ignore"):
            sigma = se / (s * np.abs(np.log(s)))
        np.testing.assert_allclose(events["ci_lower"][inside], (s ** np.exp(Z * sigma))[inside],
                                   rtol=1e-9)
        np.testing.assert_allclose(events["ci_upper"][inside],
                                   (s ** np.exp(-Z * sigma))[inside], rtol=1e-9)
        with np.errstate(divide="ignore", invalid="ignore"):
            lower, upper = reference.quantile_ci(0.5)  # cloglog = log(-log), SAS's method
        got = summary[["median_ci_lower", "median_ci_upper"]].iloc[0]
        assert (pd.isna(got.iloc[0]) and np.isnan(lower)) or got.iloc[0] == lower
        assert (pd.isna(got.iloc[1]) and not np.isfinite(upper)) or got.iloc[1] == upper
        # statsmodels' median is the first S < 0.5 (strict, in floats); ours is <= 0.5
        at_most_half = events.loc[events["survival"] <= 0.5 + 1e-12, "days"]
        median = summary["median_days"].iloc[0]
        assert (pd.isna(median) and at_most_half.empty) or median == at_most_half.iloc[0]


@settings(max_examples=40, deadline=None)
@given(caseloads(), st.none() | st.dates(), st.sampled_from([None, "client", "category"]))
def test_invariants(data, as_of, by):
    table, summary = careerkit.time_to_goal(data, by=by, as_of=as_of)
    keys = [] if by is None else [by]
    started = len(careerkit.goal_status(data, as_of=as_of))
    assert summary["goals"].sum() == started
    assert (summary["completed"] + summary["censored"] == summary["goals"]).all()
    assert table["events"].sum() + table["censored"].sum() == started
    s = table["survival"]
    assert ((s >= 0) & (s <= 1)).all()
    known = table["ci_lower"].notna()
    assert (known == (s > 0)).all()
    assert (table.loc[known, "ci_lower"] <= s[known] + 1e-12).all()
    assert (s[known] <= table.loc[known, "ci_upper"] + 1e-12).all()
    if keys:
        grouped = table.groupby(keys, dropna=False, sort=False)
        assert (grouped["survival"].diff().dropna() <= 0).all()
        assert (grouped["days"].diff().dropna() > 0).all()
        first = grouped["at_risk"].first().to_numpy()
        assert first.tolist() == summary["goals"].tolist()
    else:
        assert (s.diff().dropna() <= 0).all()
        assert len(summary) == 1
    median = summary["median_days"]
    assert (summary["median_ci_lower"].isna() | median.isna()
            | (summary["median_ci_lower"] <= median)).all()


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.booleans()), min_size=1, max_size=14))
def test_median_decided_in_exact_arithmetic(goals):
    """S and the median against Fractions: an S of exactly 1/2 is 0.5 and counts."""
    as_of = max(d for d, _ in goals)  # open goals start d days before T: censored at d
    data = careerdata([(f"g{k:02d}", None, 0, d, "completed") if done
                       else (f"g{k:02d}", None, as_of - d, None, "active")
                       for k, (d, done) in enumerate(goals)])
    table, summary = careerkit.time_to_goal(data, as_of=on(as_of))
    exact, median = Fraction(1), None
    for day in sorted({d for d, _ in goals}):
        at_risk = sum(d >= day for d, _ in goals)
        events = sum(d == day and done for d, done in goals)
        exact *= Fraction(at_risk - events, at_risk)
        got = table.loc[table["days"] == day, "survival"].item()
        assert got == pytest.approx(float(exact), abs=1e-15)
        assert (got == 0.5) == (exact == Fraction(1, 2))
        if median is None and exact <= Fraction(1, 2):
            median = day
    assert (pd.isna(summary["median_days"].iloc[0]) and median is None) or \
        summary["median_days"].iloc[0] == median
