"""careerkit.dask: every analytic gives, cell for cell, what the in-memory path gives."""

import subprocess
import sys

import dask
import pandas as pd
import pytest

import careerkit
import careerkit.dask

PARTITIONS = [1, 3, 7]
# the in-memory results: one caseload with rows in realistic order (a client's goals,
# tasks and check-ins spread over the files), another in sorted order
CASELOADS = {"realistic": (40, 11, "realistic"), "sorted": (30, 4, "sorted")}


@pytest.fixture(scope="module")
def caseloads(tmp_path_factory):
    found = {}
    for name, (clients, seed, order) in CASELOADS.items():
        data = careerkit.demo.generate(clients, seed=seed, order=order)
        for partitions in PARTITIONS:
            folder = tmp_path_factory.mktemp(f"{name}-{partitions}")
            data.to_parquet(folder, partitions=partitions)
            found[name, partitions] = data, careerkit.dask.load(folder).persist()
    return found


def computed(result):
    """A Dask result (a frame, or a named tuple of frames) in memory."""
    if isinstance(result, tuple):
        return type(result)(*dask.compute(*result))
    return result.compute() if hasattr(result, "compute") else result


def assert_same(mine, theirs):
    if isinstance(theirs, tuple):
        assert type(mine) is type(theirs)
        for a, b in zip(mine, theirs, strict=True):
            assert_same(a, b)
    elif isinstance(theirs, pd.DataFrame):
        assert isinstance(mine, pd.DataFrame)
        pd.testing.assert_frame_equal(mine, theirs, check_exact=True)
        assert mine.dtypes.astype(str).tolist() == theirs.dtypes.astype(str).tolist()
    elif isinstance(theirs, pd.Series):
        pd.testing.assert_series_equal(mine, theirs, check_exact=True)
    else:
        assert mine == theirs or (pd.isna(mine) and pd.isna(theirs))


ANALYTICS = {
    "goal_status": lambda d: careerkit.goal_status(d),
    "goal_status_as_of": lambda d: careerkit.goal_status(d, "2025-10-15", stall_days=10),
    "task_status": lambda d: careerkit.task_status(d),
    "needs_attention": lambda d: careerkit.needs_attention(d),
    "target_history": lambda d: careerkit.target_history(d),
    "schedule_performance": lambda d: careerkit.schedule_performance(d),
    "checkin_cadence": lambda d: careerkit.checkin_cadence(d),
    "changes": lambda d: careerkit.changes(d, "2026-02-01"),
    "revisions": lambda d: careerkit.revisions(d),
    "completion_rates_client": lambda d: careerkit.completion_rates(d),
    "completion_rates_category": lambda d: careerkit.completion_rates(
        d, by=["category", "coach"], as_of="2026-01-31"),
    "completion_rates_all": lambda d: careerkit.completion_rates(d, by=None),
    "completion_rates_category_client": lambda d: careerkit.completion_rates(
        d, by=["category", "client"]),
    "time_to_goal": lambda d: careerkit.time_to_goal(d),
    "time_to_goal_category": lambda d: careerkit.time_to_goal(d, by="category"),
    "default_as_of": lambda d: careerkit.default_as_of(d),
    "staleness": lambda d: careerkit.analytics.staleness(d, "2027-03-01"),
    "forecast_at_pace": lambda d: careerkit.forecast_at_pace(d, "C00003-G2", 2),
    "pace_plan": lambda d: careerkit.analytics.pace_plan(d, "C00003-G2", factor=0.5),
    "percent_over_time": lambda d: careerkit.analytics.percent_over_time(d, "C00005-G1"),
}


EXPECTED: dict = {}


@pytest.mark.parametrize("partitions", PARTITIONS)
@pytest.mark.parametrize("name", sorted(ANALYTICS))
def test_same_result_as_in_memory(caseloads, name, partitions):
    caseload = "sorted" if name in {"forecast_at_pace", "pace_plan",
                                    "percent_over_time"} else "realistic"
    data, ddata = caseloads[caseload, partitions]
    call = ANALYTICS[name]
    if (caseload, name) not in EXPECTED:  # the in-memory result, once per caseload
        EXPECTED[caseload, name] = call(data)
    expected = EXPECTED[caseload, name]
    mine = call(ddata)
    if isinstance(expected, pd.DataFrame) and not name.startswith("completion_rates"):
        assert hasattr(mine, "dask")  # per-goal results stay lazy
    assert_same(computed(mine), expected)


def test_forecast_finish_does_not_depend_on_partitions(caseloads):
    data, _ = caseloads["sorted", 1]
    expected = careerkit.forecast_finish(data, trials=300, seed=5)
    for partitions in PARTITIONS:
        found = careerkit.forecast_finish(caseloads["sorted", partitions][1], trials=300,
                                          seed=5).compute()
        # every basis, the whole caseload's pool included: the very same frame
        assert expected["basis"].isin(["completed", "goal", "client"]).sum() > 20
        assert_same(found, expected)


def test_tables_line_up_by_partition(caseloads):
    _, ddata = caseloads["realistic", 7]
    for table in ddata.frames():
        assert table.npartitions == 7 and table.known_divisions
        assert table.divisions == (0, 1, 2, 3, 4, 5, 6, 6)
    assert ddata.compute().equals(caseloads["realistic", 7][0])


def test_a_wrong_column_is_the_same_error(caseloads):
    _, ddata = caseloads["sorted", 3]
    with pytest.raises(ValueError, match="not a column of goals"):
        careerkit.completion_rates(ddata, by="colour")
    with pytest.raises(ValueError, match="not a column of goals"):
        careerkit.time_to_goal(ddata, by="colour")


@pytest.mark.parametrize("name", ["goal_status", "task_status", "completion_rates_client",
                                  "completion_rates_category", "time_to_goal_category"])
def test_read_from_the_files_each_time(caseloads, name):
    """Not persisted: each partition's task reads its three tables itself."""
    data, persisted = caseloads["realistic", 7]
    ddata = careerkit.dask.load(persisted.path)
    assert not ddata.persisted
    assert_same(computed(ANALYTICS[name](ddata)), ANALYTICS[name](data))


def test_default_as_of_is_found_once(caseloads):
    data, persisted = caseloads["realistic", 3]
    ddata = careerkit.dask.load(persisted.path)
    assert ddata.latest is None
    careerkit.goal_status(ddata)
    found = ddata.latest
    assert careerkit.default_as_of(ddata) == careerkit.default_as_of(data)
    assert ddata.latest is found and ddata.persist().latest is found


def test_local_cluster_gives_the_same_status(caseloads):
    distributed = pytest.importorskip("distributed")
    data, persisted = caseloads["realistic", 3]
    ddata = careerkit.dask.load(persisted.path)  # the workers read the files
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None,
                                  processes=True) as cluster, distributed.Client(cluster):
        status = careerkit.goal_status(ddata).compute()
        rates = careerkit.completion_rates(ddata, by="category")
        by_client = careerkit.completion_rates(ddata, by="client")
    assert_same(status, careerkit.goal_status(data))
    assert_same(rates, careerkit.completion_rates(data, by="category"))
    assert_same(by_client, careerkit.completion_rates(data, by="client"))


def test_careerkit_alone_never_imports_dask():
    code = ("import sys, careerkit; careerkit.goal_status(careerkit.load('sample_data')); "
            "careerkit.completion_rates(careerkit.load('sample_data')); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_fsspec_urls(tmp_path):
    data = careerkit.demo.generate(8, seed=1)
    data.to_parquet(f"file://{tmp_path}/caseload", partitions=2)
    assert careerkit.load(tmp_path / "caseload").equals(data)
    data.to_parquet("memory://careerkit-test/caseload", partitions=3)
    ddata = careerkit.dask.load("memory://careerkit-test/caseload")
    assert_same(careerkit.goal_status(ddata).compute(), careerkit.goal_status(data))
    assert_same(careerkit.completion_rates(ddata), careerkit.completion_rates(data))
