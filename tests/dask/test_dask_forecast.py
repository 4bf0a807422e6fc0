"""forecast_finish on a partitioned caseload: the same frame with 1, 3 and 7 partitions,
also for goals that borrow the whole caseload's increments (basis "caseload")."""

import datetime as dt

import pandas as pd
import pytest
from helpers import checkin, goal, make_data, task

import careerkit
import careerkit.dask

pytestmark = pytest.mark.filterwarnings("ignore::careerkit.CareerDataWarning")

T = dt.date(2025, 3, 1)
PARTITIONS = [1, 3, 7]


def on(offset: int) -> str:
    return (T + dt.timedelta(days=offset)).isoformat()


def history_goal(goal_id, client, steps):
    """A goal without tasks whose check-ins, one a week up to T, climb by ``steps``."""
    weeks = len(steps)
    levels = [sum(steps[:k + 1]) for k in range(weeks)]
    return (goal(goal_id, client, start=on(-7 * weeks + 1), target=on(120)),
            [checkin(on(-7 * (weeks - 1 - k)), goal_id, percent=level)
             for k, level in enumerate(levels)])


def caseload(extra_goals=(), tasks=None):
    """Six clients with a history (steps in tenths, fifths and whole percents: each
    partition has its own common unit) and eight clients whose only goal started 3 days
    before T without a check-in: they borrow the whole caseload's increments."""
    parts = [history_goal("A1", "Ana", [2.5, 0, 7.5, 5]), history_goal("B1", "Bo", [10, 20]),
             history_goal("C1", "Cy", [3.2, 3.2, -1, 6.4]), history_goal("D1", "Di", [1, 1, 30]),
             history_goal("E1", "Ed", [12.5, 12.5]), history_goal("F1", "Fay", [4, 0, 0, 9])]
    new = [goal(f"N{k}", f"New {k}", start=on(-3), target=on(60 + 7 * k)) for k in range(8)]
    return make_data([p[0] for p in parts] + new + list(extra_goals), tasks,
                     [c for p in parts for c in p[1]])


def partitioned(data, folder, partitions):
    data.to_parquet(folder / str(partitions), partitions=partitions)
    return careerkit.dask.load(folder / str(partitions))


@pytest.mark.parametrize("partitions", PARTITIONS)
def test_caseload_basis_is_the_same_in_every_partitioning(tmp_path, partitions):
    data = caseload()
    expected = careerkit.forecast_finish(data, as_of=T, trials=200, seed=3)
    assert (expected["basis"] == "caseload").sum() == 8
    found = careerkit.forecast_finish(partitioned(data, tmp_path, partitions), as_of=T,
                                      trials=200, seed=3).compute()
    pd.testing.assert_frame_equal(found, expected, check_exact=True)
    assert found.dtypes.astype(str).tolist() == expected.dtypes.astype(str).tolist()


@pytest.mark.parametrize("partitions", [3, 7])
def test_a_partition_alone_would_borrow_other_increments(tmp_path, partitions):
    # the point of the first pass: a partition's own goals pool other increments
    ddata = partitioned(caseload(), tmp_path, partitions)
    alone = [careerkit.forecast_finish(ddata.partition(k), as_of=T, trials=200, seed=3)
             for k in range(partitions)]
    whole = careerkit.forecast_finish(ddata, as_of=T, trials=200, seed=3).compute()
    borrowed = pd.concat([frame.loc[frame["basis"].isin(["caseload", "none"])]
                          for frame in alone])
    assert not borrowed.equals(whole.loc[borrowed.index])


@pytest.mark.parametrize("partitions", [3, 7])
def test_rounded_unit_of_the_whole_caseload(tmp_path, partitions):
    # Task-weight totals near 10^10 and 10^11: the caseload's exact common unit would pass
    # 10^14, so levels are rounded to 10^-12 % everywhere, also in partitions whose own
    # unit is exact.
    huge = [task("X1", "X1", weight=12345.678901, completed=on(-1)),
            task("X2", "X2", weight=98765.432109), task("X3", "X2", weight=1)]
    data = caseload([goal("X1", "Xu", start=on(-13)), goal("X2", "Xi", start=on(-13))], huge)
    expected = careerkit.forecast_finish(data, as_of=T, trials=100, seed=1)
    found = careerkit.forecast_finish(partitioned(data, tmp_path, partitions), as_of=T,
                                      trials=100, seed=1).compute()
    pd.testing.assert_frame_equal(found, expected, check_exact=True)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A demo caseload with rows in realistic order, and it in 1, 3 and 7 partitions."""
    data = careerkit.demo.generate(25, seed=8, order="realistic")
    folder = tmp_path_factory.mktemp("demo")
    return data, {k: partitioned(data, folder, k) for k in PARTITIONS}


@pytest.mark.parametrize("partitions", PARTITIONS)
def test_forecast_accuracy_is_the_same_in_every_partitioning(demo, partitions):
    data, ddata = demo
    expected = careerkit.forecast_accuracy(data, trials=40)
    # early grid dates have goals on the caseload basis, and something to score
    early = careerkit.forecast_finish(data, as_of=expected.p85.index[2], trials=40)
    assert (early["basis"] == "caseload").any()
    assert expected.p85["forecasts"].sum() > 10 and expected.brier["probs"].sum() > 10
    found = careerkit.forecast_accuracy(ddata[partitions], trials=40)
    assert type(found) is type(expected)
    for mine, theirs in zip(found, expected, strict=True):
        pd.testing.assert_frame_equal(mine, theirs, check_exact=True)


def test_forecast_accuracy_of_a_bad_frequency_is_the_same_error(demo):
    data, ddata = demo
    with pytest.raises(ValueError) as in_memory:
        careerkit.forecast_accuracy(data, every="not a frequency")
    with pytest.raises(ValueError) as on_dask:
        careerkit.forecast_accuracy(ddata[3], every="not a frequency")
    assert str(on_dask.value) == str(in_memory.value)
