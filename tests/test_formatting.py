"""careerkit.formatting: the array functions write each value as the one-value functions do."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from careerkit.analytics.kernel import NAT, days
from careerkit.formatting import (
    date_text,
    date_texts,
    integer_texts,
    percent_text,
    percent_texts,
    plural_words,
)


@given(st.lists(st.floats(allow_nan=True, allow_infinity=False)
                | st.sampled_from([0.05, 0.15, 0.25, 0.35, 12.25, 12.35, 99.95, 33.35])))
def test_percent_texts_are_percent_text(values):
    assert percent_texts(values).tolist() == [percent_text(v) for v in values]


def test_percent_texts_by_hand():
    assert percent_texts([0, 25, 100 / 3, 99.96, 0.35, np.nan]).tolist() == [
        "0%", "25%", "33.3%", "100%", "0.3%", "—"]  # 0.35 is a hair below 0.35


@given(st.lists(st.none() | st.dates(min_value=dt.date(1900, 1, 1))))
def test_date_texts_are_date_text(values):
    stamps = pd.Series([pd.NaT if v is None else pd.Timestamp(v) for v in values],
                       dtype="datetime64[us]")
    expected = [date_text(v) for v in stamps]
    assert date_texts(stamps).tolist() == expected
    assert date_texts(days(stamps)).tolist() == expected  # whole days since 1970


def test_date_texts_missing_and_empty():
    assert date_texts(np.array([0, NAT]), missing=None).tolist() == ["1970-01-01", None]
    assert date_texts(np.array([], dtype=np.int64)).tolist() == []


def test_integer_texts_and_plural_words():
    assert integer_texts([0, 7, -12, 1234]).tolist() == ["0", "7", "-12", "1234"]
    assert integer_texts([0, 7, -12], signed=True).tolist() == ["0", "+7", "-12"]
    assert plural_words([0, 1, 2], "check-in").tolist() == ["check-ins", "check-in",
                                                            "check-ins"]
    assert plural_words([1, 3], "entry", "entries").tolist() == ["entry", "entries"]
