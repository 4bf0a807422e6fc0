"""rows_of takes the values of a column at given rows, whatever the way it takes them: text
in scattered order (a file not kept in id order) is taken as dictionary codes when the
column has few distinct values, plainly otherwise; the values and dtype are those of a
plain take. in_parallel runs functions on two threads and gives their results in order."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from careerkit.analytics.kernel import in_parallel, rows_of

N = 70_000  # enough rows for the scattered-order ways of taking text


def text_column(values, chunks: int = 1) -> pd.Series:
    """A text column as loaded (dtype "str", Arrow large strings) in ``chunks`` chunks."""
    column = pa.array(values, pa.large_string())
    cut = np.linspace(0, len(column), chunks + 1).astype(int)
    parts = [column.slice(a, b - a) for a, b in itertools.pairwise(cut)]
    return pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(parts),
                                                dtype=pd.StringDtype("pyarrow", np.nan)))


def expected_at(values: list, rows: np.ndarray) -> list:
    return [values[row] for row in rows]


FEW = [None if k % 11 == 0 else ("Update CV", "Call Ana", "Ship it", "ü ✓")[k % 4]
       for k in range(N)]
MANY = [f"client {k * 7919 % N}" if k % 13 else None for k in range(N)]


@pytest.mark.parametrize("values", [FEW, MANY], ids=["few distinct", "many distinct"])
@pytest.mark.parametrize("chunks", [1, 3])
@pytest.mark.parametrize("order", ["scattered", "ascending", "some"])
def test_rows_of_text_equals_the_values_at_the_rows(values, chunks, order):
    rng = np.random.default_rng(7)
    rows = {"scattered": rng.permutation(N), "ascending": np.arange(0, N, 2),
            "some": rng.choice(N, N // 2, replace=False)}[order]
    column = text_column(values, chunks)
    taken = rows_of(column, rows)
    assert taken.dtype == column.dtype and isinstance(taken, pd.arrays.ArrowStringArray)
    pd.testing.assert_extension_array_equal(taken, text_column(expected_at(values, rows)).array)
    pd.testing.assert_extension_array_equal(taken, column.array.take(rows))


def test_rows_of_all_rows_in_order_is_the_column_itself():
    column = text_column(FEW)
    assert rows_of(column, np.arange(N)) is column.array


def test_rows_of_dates_and_numbers_equal_a_take():
    rng = np.random.default_rng(3)
    rows = rng.permutation(N)
    dates = pd.Series(pd.to_datetime(np.arange(N), unit="D").astype("datetime64[us]"))
    numbers = pd.Series(np.arange(N, dtype="float64") / 4)
    pd.testing.assert_extension_array_equal(rows_of(dates, rows), dates.array.take(rows))
    assert rows_of(numbers, rows).tolist() == (np.arange(N)[rows] / 4).tolist()


def test_in_parallel_gives_results_in_order_and_raises_errors():
    assert in_parallel() == []
    assert in_parallel(lambda: 1) == [1]
    assert in_parallel(lambda: "a", lambda: np.arange(3).sum(), lambda: None) == ["a", 3, None]

    def fails():
        raise ValueError("no")

    with pytest.raises(ValueError, match="no"):
        in_parallel(lambda: 1, fails)
