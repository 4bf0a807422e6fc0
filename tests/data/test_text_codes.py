"""Text codes kept from load (careerkit.data.text_codes): a table not kept in id order keeps
dictionary codes of its text columns of few distinct values, the analytics take them in id
order, and every answer is the one a plain take gives (issue 9). Codes are never stale: an
edited column is taken afresh."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import careerkit
from careerkit.data import text_codes


@pytest.fixture(scope="module")
def realistic_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("realistic")
    careerkit.demo.generate(40, seed=3, order="realistic").save(folder)
    return folder


def answers(data, as_of) -> list[pd.DataFrame]:
    return [careerkit.goal_status(data, as_of=as_of), careerkit.task_status(data, as_of=as_of),
            careerkit.completion_rates(data, by="category", as_of=as_of)]


def test_codes_are_kept_for_few_valued_text_of_tables_not_in_id_order(realistic_folder,
                                                                       monkeypatch):
    plain = careerkit.load(realistic_folder)  # 40 clients: too few rows for codes
    assert plain.text_codes("tasks", "title") is None
    monkeypatch.setattr(text_codes, "MANY_ROWS", 16)
    data = careerkit.load(realistic_folder)
    codes = data.text_codes("tasks", "title")
    assert codes.dictionary.to_pylist() == list(pd.unique(data.tasks["title"]))
    assert codes.dictionary.take(codes.indices).to_pylist() == data.tasks["title"].tolist()
    assert data.text_codes("goals", "category") is not None
    assert data.text_codes("goals", "client") is None  # many distinct values: plain takes
    assert data.text_codes("goals", "goal_id") is None  # ids: written from their numbers
    taken, codes_at = [], text_codes.codes_at
    monkeypatch.setattr(text_codes, "codes_at",
                        lambda codes, rows: taken.append(len(rows)) or codes_at(codes, rows))
    latest = careerkit.default_as_of(data)
    for as_of in (latest, latest - pd.Timedelta(days=120)):
        for got, expected in zip(answers(data, as_of), answers(plain, as_of), strict=True):
            pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert len(taken) >= 8  # the codes were taken: goal and task titles, categories, ...


def test_sorted_tables_and_edited_columns_take_text_plainly(realistic_folder, tmp_path,
                                                             monkeypatch):
    monkeypatch.setattr(text_codes, "MANY_ROWS", 16)
    careerkit.demo.generate(40, seed=3).save(tmp_path)
    assert careerkit.load(tmp_path).text_codes("tasks", "title") is None  # kept in id order
    data = careerkit.load(realistic_folder)
    as_of = careerkit.default_as_of(data)
    renamed = careerkit.task_status(data, as_of=as_of).index[7]
    tasks = data.tasks.copy()
    tasks.loc[tasks["task_id"] == renamed, "title"] = "Renamed step"
    edited = data.replace(tasks=tasks)
    assert edited.text_codes("tasks", "title") is None
    status = careerkit.task_status(edited, as_of=as_of)
    assert status.loc[renamed, "title"] == "Renamed step"
    assert (status["title"] == "Renamed step").sum() == 1


def test_few_values_and_scattered_rows_by_hand():
    assert text_codes.few_values(pa.array(["a", "b", None] * 20))  # 2 values in 60 rows
    assert not text_codes.few_values(pa.array([str(k) for k in range(60)]))
    assert text_codes.scattered(np.array([5, 1, 4, 0, 3, 2]))
    assert not text_codes.scattered(np.array([0, 1, 2, 4, 3, 5, 6, 7, 8, 9]))
    assert text_codes.dictionary_codes(pa.array(["a"] * 100)) is None  # short: no codes
