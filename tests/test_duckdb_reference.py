"""careerkit's four metrics equal an independent DuckDB SQL implementation, cell for cell.

The reference and the comparison live in benchmarks/ (duckdb_reference.py,
check_reference.py). DuckDB is a development dependency: without it these tests are skipped.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

pytest.importorskip("duckdb")

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _module(name: str):
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


check = _module("check_reference")


@pytest.mark.parametrize("order", ["sorted", "realistic"])
def test_demo_caseload_agrees(order):
    problems, expected = check.check_demo(30, 2026, orders=(order,))
    assert problems == []
    assert expected == []


def test_edge_cases_agree():
    problems, expected = check.check_edge_cases()
    assert problems == [] and expected == []


def test_sample_data_agrees():
    problems, expected = check.check_folder(BENCHMARKS.parent / "sample_data")
    assert problems == [] and expected == []


def test_the_comparison_sees_a_difference():
    reference = _module("duckdb_reference")
    folder = BENCHMARKS.parent / "sample_data"
    ours = check.careerkit_results(folder)["task_status"]
    theirs = reference.compute(folder)["task_status"].copy()
    theirs.iloc[3, theirs.columns.get_loc("drift_days")] += 1
    problems, _ = check.compare(ours, theirs, "task_status")
    assert len(problems) == 1 and "drift_days: 1 of" in problems[0]
