"""Joins and sorts of ids: the integer paths give what a plain definition gives.

``positions``, ``repeated`` and ``code_point_order`` join, check and sort ids as 64-bit
integers when they fit in 8 bytes, and with Arrow otherwise. Each is compared here with a
few lines of plain Python over ids of every kind: one length up to 8 bytes, several lengths,
longer ids, non-ASCII and NUL characters, missing values and repeats. CareerData remembers
joins and orders; a part taken with ``select`` and a table swapped with ``replace`` must
give what a fresh join of their own tables gives.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

import careerkit
from careerkit.data.validation import (
    IdKeys,
    code_point_order,
    id_numbers,
    ids_at,
    ids_in_order,
    number_ids,
    positions,
    repeated,
)

ID = st.one_of(
    st.none(),
    st.text(alphabet="aZ7\x00é中", max_size=5),
    st.sampled_from(["G0087048", "G0292849", "G0000001", "C00001-G1", "C00001-G1-T1", "x"]),
    st.sampled_from(["C00001-G1-T1", "C00001-G1-T2", "C00001-G2-T1"]),
)
EIGHT = st.one_of(st.none(), st.text(alphabet="G0123", min_size=8, max_size=8))
# ids with a shared start and up to 8 bytes after it: T89844756, C0001-G12, ...
SHARED = st.one_of(st.none(), st.builds("".join, st.tuples(
    st.sampled_from(["T", "Cx-"]), st.text(alphabet="0129é", min_size=0, max_size=8))))
# digits of one length after the shared start (G0042, T8984): joined through a table
DIGITS = st.one_of(st.none(), st.builds("".join, st.tuples(
    st.just("G"), st.text(alphabet="0139a", min_size=3, max_size=3))))


def first_row(values, keys) -> list[int]:
    """Row of keys holding each value (the first), -1 when absent; None finds None."""
    first = {}
    for row, key in enumerate(keys):
        first.setdefault(key, row)
    return [first.get(value, -1) for value in values]


def repeated_rows(values) -> list[bool]:
    present = [v for v in values if v is not None]
    if len(set(present)) == len(present):
        return [False] * len(values)
    return [values.count(v) > 1 for v in values]  # None twice counts as repeated too


def code_point_rows(values) -> list[int]:
    return sorted(range(len(values)), key=lambda i: (values[i] is None,
                                                     (values[i] or "").encode(), i))


def text(values) -> pd.Series:
    return pd.Series(values, dtype="str")


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.tuples(st.lists(ID, max_size=10), st.lists(ID, max_size=10)),
                 st.tuples(st.lists(EIGHT, max_size=10), st.lists(EIGHT, max_size=10)),
                 st.tuples(st.lists(SHARED, max_size=10), st.lists(SHARED, max_size=10)),
                 st.tuples(st.lists(DIGITS, max_size=10),
                           st.lists(DIGITS, max_size=10, unique=True))))
def test_joins_checks_and_sorts_of_ids_follow_their_definitions(lists):
    values, keys = lists
    assert positions(text(values), text(keys)).tolist() == first_row(values, keys)
    assert repeated(text(keys)).tolist() == repeated_rows(keys)
    assert code_point_order(text(keys)).tolist() == code_point_rows(keys)
    order, twice = ids_in_order(pa.array(keys, pa.large_string()))  # as loading checks ids
    if order is not None:
        assert order.tolist() == code_point_rows(keys)
        assert twice.tolist() == repeated_rows(keys)


def test_ids_up_to_8_bytes_after_their_shared_start_are_numbered_in_text_order():
    ids = pa.array(["G0292849", "G0087048", None, "G0000001"], pa.large_string())
    numbers, fits = id_numbers(ids)
    assert fits.tolist() == [True, True, False, True]
    assert np.argsort(numbers[fits]).tolist() == [2, 1, 0]
    keys = pa.array(["T89844756", "T00000001"], pa.large_string())  # T and 8 bytes after it
    numbers, fits = id_numbers(pa.array(["T89844756", "T00000001", "T0000000"],
                                        pa.large_string()), like=keys)
    assert fits.tolist() == [True, True, False]
    assert numbers[1] < numbers[0]
    assert id_numbers(pa.array(["C00001-G1", "D00001-G1"], pa.large_string())) is None


# ids of one length after a shared start: 8 bytes in all (written as one integer each) or not
ONE_LENGTH = st.sampled_from([("T", 7), ("AB", 6), ("", 8), ("T", 5), ("Cx-", 4), ("ABCDEFG", 1)])


@settings(max_examples=200, deadline=None)
@given(ONE_LENGTH.flatmap(lambda form: st.tuples(
    st.lists(st.text(alphabet="0179", min_size=form[1], max_size=form[1]).map(
        lambda rest: form[0] + rest), min_size=1, max_size=12),
    st.lists(st.integers(-1, 11), max_size=12))))
def test_ids_written_from_their_numbers_are_the_ids_taken(case):
    ids, rows = case
    rows = np.array([row if row < len(ids) else row % len(ids) for row in rows], dtype=np.int64)
    numbered = number_ids(pa.array(ids, pa.large_string()))
    written = ids_at(numbered, rows)
    expected = [ids[row] if row >= 0 else None for row in rows]
    if numbered is None or numbered.width is None:  # no shared start and one length here
        assert written is None
    else:
        assert written.to_pylist() == expected
    assert ids_at(number_ids(pa.array(["T0421337", "T0000009"], pa.large_string())),
                  np.array([1, 0, 1])).to_pylist() == ["T0000009", "T0421337", "T0000009"]


def test_digit_ids_of_one_length_are_joined_and_sorted_through_a_table():
    # G + 7 digits, not sorted: each row is found by its number, the order read off the table
    keys = IdKeys(pa.array(["G2552842", "G0000003", "G3148510"], pa.large_string()))
    assert keys.order.tolist() == [1, 0, 2]
    assert keys.repeats.tolist() == [False, False, False]
    values = pa.array(["G3148510", None, "G0000004", "G2552842", "X3148510", "G255284"],
                      pa.large_string())
    assert keys.find(values).tolist() == [2, -1, -1, 0, -1, -1]
    # repeated, sparse or not all digits: the general way, same answers
    for ids in (["G0000003", "G0000003"], ["G9000000", "G0000001"], ["G000000a", "G0000001"]):
        assert keys_positions(ids) == first_row(ids, ids)


def test_ids_are_looked_up_in_blocks_as_at_once(monkeypatch):
    values = [f"G{n:04d}" if n % 7 else None for n in range(40)] + ["T0001", "G12"]
    for keys in (["G0003", "G0030", "G0017"], ["G0003", "G9000", "G0017"], ["G03", "X0003"]):
        whole = keys_positions(keys, values)
        monkeypatch.setattr("careerkit.data.validation._BLOCK", 3)
        assert keys_positions(keys, values) == whole == first_row(values, keys)
        monkeypatch.undo()


def keys_positions(ids, values=None) -> list[int]:
    values = ids if values is None else values
    return IdKeys(pa.array(ids, pa.large_string())).find(pa.array(values)).tolist()


def test_a_part_and_a_replaced_table_join_as_their_own_tables_do():
    data = careerkit.demo.generate(30, seed=5, order="realistic")
    data.goal_order(), data.task_order()  # remembered on the whole, then narrowed
    part = data.select(clients=sorted(set(data.goals["client"]))[::3])
    for whole in (data, part):
        assert whole.task_goal_rows().tolist() == first_row(
            whole.tasks["goal_id"].tolist(), whole.goals["goal_id"].tolist())
        assert whole.checkin_goal_rows().tolist() == first_row(
            whole.progress["goal_id"].tolist(), whole.goals["goal_id"].tolist())
        assert whole.checkin_task_rows().tolist() == first_row(
            [None if pd.isna(v) else v for v in whole.progress["task_id"]],
            whole.tasks["task_id"].tolist())
        assert whole.goal_order().tolist() == code_point_rows(whole.goals["goal_id"].tolist())
        assert whole.task_order().tolist() == code_point_rows(whole.tasks["task_id"].tolist())
    fewer = data.replace(tasks=data.tasks.iloc[::2].reset_index(drop=True))
    assert fewer.task_goal_rows().tolist() == first_row(
        fewer.tasks["goal_id"].tolist(), fewer.goals["goal_id"].tolist())
    assert fewer.checkin_task_rows().tolist() == first_row(
        [None if pd.isna(v) else v for v in fewer.progress["task_id"]],
        fewer.tasks["task_id"].tolist())


def test_an_edited_id_is_joined_again():
    data = careerkit.demo.generate(3, seed=1)
    before = data.task_goal_rows().copy()
    data.goals.loc[0, "goal_id"] = "renamed"
    after = data.task_goal_rows()
    assert (after[before == 0] == -1).all() and (after[before != 0] == before[before != 0]).all()
    assert data.goal_order().tolist() == code_point_rows(data.goals["goal_id"].tolist())
