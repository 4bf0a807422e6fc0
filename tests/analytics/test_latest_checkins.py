"""LatestCheckins finds each group's latest check-in (by day, then file order) without a sort:
the same rows as the last of a stable sort by (group, day), its definition."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from careerkit.analytics.kernel import LatestCheckins

ROWS = st.lists(st.tuples(st.integers(-1, 4), st.integers(-3, 5), st.booleans(),
                          st.booleans()), max_size=25)


def latest_by_sorting(codes, days, valid, mask):
    rows = np.flatnonzero(valid & mask)
    rows = rows[np.lexsort((rows, days[rows], codes[rows]))]  # group, day, file order
    last = {int(codes[row]): int(row) for row in rows}  # the last row of each group wins
    return sorted(last), [last[code] for code in sorted(last)]


@settings(max_examples=300, deadline=None)
@given(ROWS, st.integers(-3, 5))
def test_latest_checkins_are_the_last_of_a_stable_sort(rows, t):
    codes = np.array([r[0] for r in rows], dtype=np.int64)
    days = np.array([r[1] for r in rows], dtype=np.int64)
    valid = (codes >= 0) & (days <= t) & np.array([r[2] for r in rows], dtype=bool)
    mask = np.array([r[3] for r in rows], dtype=bool)
    checkins = LatestCheckins(codes, days, valid)
    which, latest = checkins.last(mask)
    assert (which.tolist(), latest.tolist()) == latest_by_sorting(codes, days, valid, mask)
    which, latest = checkins.last(np.ones(len(rows), dtype=bool))
    assert (which.tolist(), latest.tolist()) == latest_by_sorting(
        codes, days, valid, np.ones(len(rows), dtype=bool))
    order = checkins.order
    assert sorted(order.tolist()) == np.flatnonzero(valid).tolist()
    key = list(zip(codes[order].tolist(), days[order].tolist(), order.tolist(), strict=True))
    assert key == sorted(key)


def test_ties_on_a_day_go_to_the_later_line():
    codes = np.array([0, 1, 0, 0, 1])
    days = np.array([5, 2, 5, 3, 2])
    which, latest = LatestCheckins(codes, days, np.ones(5, dtype=bool)).last(
        np.ones(5, dtype=bool))
    assert which.tolist() == [0, 1] and latest.tolist() == [2, 4]
