"""Parquet caseload folders: layout, schema, partitioning by client, reading back."""

import pandas as pd
import pyarrow.parquet as pq
import pytest

import careerkit
from careerkit.data import parquet
from careerkit.data.parquet import ROW, ParquetWriter, client_partitions


def test_sample_data_reads_back_equal_to_the_csv_load(tmp_path):
    data = careerkit.load("sample_data")
    data.to_parquet(tmp_path, partitions=3)
    again = careerkit.load(tmp_path)
    assert again.equals(data)
    for mine, theirs in zip(again.frames(), data.frames(), strict=True):
        pd.testing.assert_frame_equal(mine, theirs)


@pytest.mark.parametrize("partitions", [1, 3, 7])
def test_realistic_order_round_trip(tmp_path, partitions):
    data = careerkit.demo.generate(40, seed=3, order="realistic")
    data.to_parquet(tmp_path, partitions=partitions)
    assert careerkit.load(tmp_path).equals(data)
    assert parquet.read_meta(tmp_path)["partitions"] == partitions


def test_layout_schema_and_row_numbers(tmp_path):
    data = careerkit.load("sample_data")
    data.to_parquet(tmp_path, partitions=4)
    for name in ("goals", "tasks", "progress"):
        for k in range(4):
            assert (tmp_path / name / f"partition={k}" / "part-0.parquet").is_file()
    schema = pq.read_schema(tmp_path / "tasks" / "partition=0" / "part-0.parquet")
    assert str(schema.field("task_id").type) == "string"
    assert str(schema.field("due_date").type) == "date32[day]"
    assert str(schema.field("weight").type) == "double"
    assert str(schema.field(ROW).type) == "int64"
    goals = pd.concat(pq.read_table(tmp_path / "goals" / f"partition={k}").to_pandas()
                      for k in range(4))
    assert sorted(goals[ROW]) == list(range(len(data.goals)))


def test_every_row_of_a_client_is_in_its_clients_partition(tmp_path):
    data = careerkit.demo.generate(30, seed=5, order="realistic")
    data.to_parquet(tmp_path, partitions=7)
    meta = parquet.read_meta(tmp_path)
    seen = set()
    for k in range(7):
        goals, tasks, progress = (
            parquet.read_partition(tmp_path, name, k, meta["tables"][name]["dtypes"])
            for name in ("goals", "tasks", "progress"))
        assert (client_partitions(goals["client"], 7) == k).all()
        assert set(tasks["goal_id"]) <= set(goals["goal_id"])
        assert set(progress["goal_id"]) <= set(goals["goal_id"])
        assert list(goals[ROW]) == sorted(goals[ROW])  # file order inside a partition
        assert not seen & set(goals["client"])
        seen |= set(goals["client"])
    assert seen == set(data.goals["client"])


def test_client_hash_is_fixed():
    # the same numbers on every machine and in every process (not Python's hash())
    assert client_partitions(pd.Series(["Ada", "Bo", "Ada", "Zoë"]), 7).tolist() == [3, 6, 3, 1]
    assert parquet.default_partitions(250_000) == 3
    assert parquet.default_partitions(0) == 1


def test_blocks_append_in_file_order(tmp_path):
    first = careerkit.demo.generate(3, seed=1)
    second = careerkit.demo.generate(2, seed=9)
    second.goals["client"] = second.goals["client"] + " (2)"
    for frame, column in ((second.goals, "goal_id"), (second.tasks, "task_id"),
                          (second.tasks, "goal_id"), (second.progress, "goal_id")):
        frame[column] = "B-" + frame[column]
    second.progress["task_id"] = "B-" + second.progress["task_id"]
    with ParquetWriter(tmp_path, 3) as writer:
        writer.write(first)
        writer.write(second)
    both = careerkit.load(tmp_path)
    for mine, a, b in zip(both.frames(), first.frames(), second.frames(), strict=True):
        pd.testing.assert_frame_equal(mine, pd.concat([a, b], ignore_index=True))


def test_empty_caseload(tmp_path):
    data = careerkit.demo.generate(0)
    data.to_parquet(tmp_path)
    again = careerkit.load(tmp_path)
    assert again.equals(data)
    assert len(careerkit.goal_status(again)) == 0
