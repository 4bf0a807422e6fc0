"""careerkit demo --format parquet: generated straight into partitions, block by block."""

import pandas as pd
import pyarrow.parquet as pq

import careerkit
from careerkit import cli
from careerkit.data import parquet


def test_cli_writes_the_same_caseload_as_parquet(tmp_path, capsys):
    assert cli.main(["demo", str(tmp_path), "--clients", "12", "--seed", "3",
                     "--format", "parquet", "--partitions", "3"]) == 0
    assert "wrote 12 clients as Parquet" in capsys.readouterr().out
    assert parquet.read_meta(tmp_path)["partitions"] == 3
    assert careerkit.load(tmp_path).equals(careerkit.demo.generate(12, seed=3))


def test_blocks_make_unique_clients_and_ids(tmp_path):
    careerkit.demo.write_parquet(tmp_path, 7, seed=1, block=3, order="realistic")
    data = careerkit.load(tmp_path)
    assert data.goals["client"].nunique() == 7
    assert data.goals["goal_id"].is_unique and data.tasks["task_id"].is_unique
    # block 0 is generate(3, seed); block 1 the same generator under its own seed, renamed
    first = careerkit.demo.generate(3, seed=1, order="realistic")
    pd.testing.assert_frame_equal(data.goals.iloc[:len(first.goals)], first.goals)
    block_one = data.goals["goal_id"].str.startswith("B1-")
    assert data.goals.loc[block_one, "client"].str.endswith(" (2)").all()
    assert set(data.progress["goal_id"]) <= set(data.goals["goal_id"])
    # the same call writes the same folder again (nothing left from before)
    careerkit.demo.write_parquet(tmp_path, 7, seed=1, block=3, order="realistic")
    assert careerkit.load(tmp_path).equals(data)
    careerkit.demo.write_parquet(tmp_path, 2, seed=1)
    assert careerkit.load(tmp_path).equals(careerkit.demo.generate(2, seed=1))



def test_blocks_end_as_one_file_per_partition(tmp_path):
    careerkit.demo.write_parquet(tmp_path, 7, seed=1, block=2, partitions=3)
    for name in parquet.TABLES:
        for k in range(3):
            assert parquet.partition_files(tmp_path, name, k) == [
                str(tmp_path / name / f"partition={k}" / "part-0.parquet")]
    data = careerkit.load(tmp_path)
    assert data.goals["client"].nunique() == 7 and data.goals["goal_id"].is_unique


def test_compact_joins_the_files_in_order(tmp_path):
    data = careerkit.demo.generate(20, seed=4, order="realistic")
    data.to_parquet(tmp_path, partitions=2)
    for name in parquet.TABLES:  # each partition split in three files, as blocks were
        for k in range(2):
            folder = tmp_path / name / f"partition={k}"
            table = pq.read_table(folder / "part-0.parquet")
            third = table.num_rows // 3
            for i, piece in enumerate([table.slice(0, third), table.slice(third, third),
                                       table.slice(2 * third)]):
                pq.write_table(piece, folder / f"part-{i}.parquet")
    assert len(parquet.partition_files(tmp_path, "progress", 1)) == 3
    assert careerkit.load(tmp_path).equals(data)
    parquet.compact(tmp_path)
    assert len(parquet.partition_files(tmp_path, "progress", 1)) == 1
    assert sorted(p.name for p in (tmp_path / "tasks" / "partition=0").iterdir()) == [
        "part-0.parquet"]
    assert careerkit.load(tmp_path).equals(data)


def test_compact_through_fsspec():
    careerkit.demo.write_parquet("memory://careerkit-compact/caseload", 5, seed=2, block=2,
                                 partitions=2)
    assert len(parquet.partition_files("memory://careerkit-compact/caseload", "goals",
                                       0)) == 1
    assert parquet.read("memory://careerkit-compact/caseload").goals["client"].nunique() == 5
