"""careerkit demo --format parquet: generated straight into partitions, block by block."""

import pandas as pd

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
