"""Day, weight and as_of arithmetic shared by every analytic (documented internal).

Dates become whole days since 1970-01-01 (int64, ``NAT`` for missing), weights and
percents become exact integers (:func:`decimal_scale`), and "the latest check-in" is the
last row of a stable sort by (goal, day) (:class:`LatestCheckins`), so ties on a day keep
file order. Views never call these: they call the analytics built on them.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from ..data import CareerData, text_codes
from ..data.validation import DATE, code_point_order

NAT = np.iinfo(np.int64).min
#: Forecasts are capped at this day: further out means "not at this pace".
LAST_DAY = int(np.datetime64("9999-12-31", "D").astype(np.int64))


# --- as_of -------------------------------------------------------------------------------

def default_as_of(data: CareerData) -> pd.Timestamp | None:
    """The latest recorded event: the last check-in or completion, whatever goal it is of.

    With no event at all, the latest goal start; with no goal, None.

    Examples
    --------
    >>> import careerkit
    >>> careerkit.default_as_of(careerkit.load("sample_data"))
    Timestamp('2026-06-30 00:00:00')
    """
    events = [data.progress["date"].max(), data.goals["completed_date"].max(),
              data.tasks["completed_date"].max()]
    events = [e for e in events if not pd.isna(e)]
    latest = max(events) if events else data.goals["start_date"].max()
    return None if pd.isna(latest) else pd.Timestamp(latest)


def resolve_as_of(data: CareerData, as_of) -> pd.Timestamp | None:
    """``as_of`` as a midnight Timestamp (time and zone dropped), or the default.

    ``as_of="today"`` is the machine's local date when it is called: results then depend on
    the day they are computed (the default, the latest entry, keeps them reproducible).
    """
    if as_of is None:
        return default_as_of(data)
    if isinstance(as_of, str) and as_of.strip().lower() == "today":
        return pd.Timestamp.today().normalize()
    try:
        stamp = pd.Timestamp(as_of)
    except (TypeError, ValueError):
        stamp = pd.NaT
    if pd.isna(stamp):
        raise ValueError(f"as_of must be a date like '2025-06-30', not {as_of!r}")
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    return stamp.normalize()


#: Data whose latest entry is more than this many days before as_of is called stale.
STALE_AFTER_DAYS = 14


@dataclass(frozen=True)
class Staleness:
    """How old the data is: its latest entry and the whole days from it to as_of."""

    latest: pd.Timestamp
    days: int

    @property
    def sentence(self) -> str:
        """For people: "latest entry 2026-06-30, 23 days ago: silence since then is not
        counted"."""
        return (f"latest entry {self.latest:%Y-%m-%d}, {self.days:,} days ago: silence since "
                "then is not counted")


def staleness(data: CareerData, as_of) -> Staleness | None:
    """How old the data is when looked at from ``as_of``, or None when it is fresh.

    The latest entry is :func:`default_as_of` (the last check-in or completion). The data
    is stale when that entry is more than ``STALE_AFTER_DAYS`` (14) whole days before
    ``as_of``: nobody entered anything since, so quiet goals may be more stalled than the
    data shows. Views (``careerkit status``, the report) print its ``sentence``.

    Examples
    --------
    >>> import careerkit
    >>> data = careerkit.load("sample_data")
    >>> staleness(data, "2026-07-23").sentence
    'latest entry 2026-06-30, 23 days ago: silence since then is not counted'
    >>> staleness(data, "2026-07-14") is None
    True
    """
    latest = default_as_of(data)
    stamp = resolve_as_of(data, as_of)
    if latest is None or stamp is None:
        return None
    age = int(days([stamp])[0] - days([latest])[0])
    return Staleness(latest, age) if age > STALE_AFTER_DAYS else None


_US_PER_DAY = 86_400_000_000


def days(values) -> np.ndarray:
    """Whole days since 1970-01-01 as int64 (NaT becomes NAT)."""
    micros = np.asarray(values, dtype="datetime64[us]").view(np.int64)
    days = micros // _US_PER_DAY
    missing = micros == NAT
    if missing.any():
        days[missing] = NAT
    return days


def on_or_before(dates, t: int) -> np.ndarray:
    """Where ``days(dates) <= t`` (NaT too, as NAT), without counting the days of each date:
    a date is on or before day ``t`` when it is before the midnight that ends it.
    Documented internal."""
    micros = np.asarray(dates, dtype="datetime64[us]").view(np.int64)
    return micros < (int(t) + 1) * _US_PER_DAY


def started_goals(data: CareerData, t: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows of the goals started by day ``t``, and a map from any goal row (or -1) to the
    goal's place among them (-1 when not started)."""
    rows = np.flatnonzero(days(data.goals["start_date"]) <= t)
    place = np.full(len(data.goals) + 1, -1, dtype=np.int64)
    place[rows] = np.arange(len(rows))
    return rows, place


def in_order(order: np.ndarray, chosen: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The ``chosen`` rows (a mask) in the given ``order`` of all rows, and a map from any
    row (or -1) to its place among them (-1 when not chosen). Documented internal."""
    rows = order[chosen[order]]
    place = np.full(len(chosen) + 1, -1, dtype=np.int64)
    place[rows] = np.arange(len(rows))
    return rows, place


def rows_of(column: pd.Series, rows: np.ndarray, codes: pa.DictionaryArray | None = None):
    """The values of ``column`` at ``rows`` (positions) as an array of the column's dtype;
    no copy when ``rows`` are all of them in order. Documented internal: takes only the
    columns a result shows.

    Text in scattered order (rows sorted by id in a file kept in another order) is taken as
    dictionary codes when it has few distinct values (:mod:`careerkit.data.text_codes`):
    ``codes``, the column's codes kept from load (:meth:`CareerData.text_codes`), else
    encoded for this call."""
    values = column.array
    if len(rows) == len(values) and (not len(rows) or (rows[0] == 0 and rows[-1] ==
                                                        len(rows) - 1 and _ascending(rows))):
        return values
    if isinstance(values, pd.arrays.ArrowStringArray) and len(rows) >= text_codes.MANY_ROWS \
            and rows.min() >= 0 and text_codes.scattered(rows):
        codes = codes if codes is not None else text_codes.dictionary_codes(pa.array(values))
        if codes is not None:
            return type(values)(pa.chunked_array([text_codes.codes_at(codes, rows)]),
                                dtype=values.dtype)
    return values.take(rows)


def in_parallel(*calls) -> list:
    """The results of ``calls`` (functions of no argument): the first on this thread, the
    others meanwhile on a second thread when there are two cores. Documented internal: for
    the columns of a result taken in scattered order, by Arrow or NumPy, which let go of the
    GIL while they copy. The first call does the most NumPy work: on this thread, its large
    temporaries reuse memory the process already has (a second thread's come from fresh
    pages, each page a fault to fill)."""
    if len(calls) < 2 or (os.cpu_count() or 1) < 2:
        return [call() for call in calls]
    with ThreadPoolExecutor(max_workers=1) as pool:
        others = [pool.submit(call) for call in calls[1:]]
        return [calls[0](), *(other.result() for other in others)]


def _ascending(rows: np.ndarray) -> bool:
    return bool((rows[1:] > rows[:-1]).all())


def texts(names: tuple[str, ...], codes: np.ndarray):
    """``names[codes]`` as a text column (an Arrow-backed array), built without a Python
    string per row. Documented internal."""
    return pa.array(names, pa.large_string()).take(pa.array(codes)).to_pandas().array


def as_dates(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype(DATE)


def day_counts(values: np.ndarray, missing: np.ndarray | None = None) -> pd.arrays.IntegerArray:
    mask = np.zeros(len(values), dtype=bool) if missing is None else missing
    return pd.arrays.IntegerArray(np.where(mask, 0, values).astype(np.int64), mask)


def decimal_scale(values: np.ndarray) -> int:
    """Smallest power of ten (at most 10**6) that makes every value whole."""
    for power in range(7):
        scaled = values * 10**power
        if np.all(np.abs(scaled - np.round(scaled)) < 1e-6):
            return 10**power
    return 10**6


def ceil_div(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    b = np.where(b > 0, b, 1)
    return (a + b - 1) // b


class LatestCheckins:
    """Check-ins of the given groups (``valid`` ones: dated <= T): each group's latest, by
    day and then file order.

    ``codes`` is each check-in's group (a goal's or task's place), ``days`` its day. The
    latest is found in one linear pass per question (no sort): the largest of
    (day, row) per group.
    """

    def __init__(self, codes: np.ndarray, days: np.ndarray, valid: np.ndarray):
        self.codes = codes
        self._rows = np.flatnonzero(valid)
        self._days = days
        if len(self._rows):
            day = days[self._rows]
            # (day, row) as one integer: the latest check-in of a group is its largest
            self._key = (day - day.min()) * max(len(codes), 1) + self._rows
            group = codes[self._rows]
            self._low, high = int(group.min()), int(group.max())
            self._group = group - self._low
            self._groups = high - self._low + 1

    @property
    def order(self) -> np.ndarray:
        """The valid check-ins sorted by (group, day), file order kept within a day."""
        rows = self._rows
        if len(rows):
            low, high = self._days[rows].min(), self._days[rows].max()
            key = self.codes[rows].astype(np.int64) * (high - low + 1) + (self._days[rows] - low)
            rows = rows[np.argsort(key, kind="stable")]
        return rows

    def last(self, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each group with a row in ``mask``: (group code, row of its latest such row),
        by group code."""
        if not len(self._rows):
            return np.zeros(0, dtype=self.codes.dtype), np.zeros(0, dtype=np.int64)
        pick = mask[self._rows]
        latest = np.full(self._groups, -1, dtype=np.int64)
        np.maximum.at(latest, self._group[pick], self._key[pick])
        which = np.flatnonzero(latest >= 0)
        return (which + self._low).astype(self.codes.dtype, copy=False), \
            latest[which] % max(len(self.codes), 1)


def code_point_ranks(keys: pd.Series, which: np.ndarray) -> np.ndarray:
    """Code-point rank of ``keys[which]`` among ``keys`` (-1 where ``which`` is -1)."""
    ranks = np.empty(len(keys) + 1, dtype=np.int64)
    ranks[code_point_order(keys)] = np.arange(len(keys))  # UTF-8 bytes: code points
    ranks[-1] = -1
    return ranks[which]


def order_ranks(order: np.ndarray) -> np.ndarray:
    """The rank of each row given the rows in order (``ranks[order] = 0, 1, ...``), with -1
    at the end for row -1."""
    ranks = np.empty(len(order) + 1, dtype=np.int64)
    ranks[order] = np.arange(len(order))
    ranks[-1] = -1
    return ranks


def stable_order(keys: np.ndarray) -> np.ndarray:
    """``np.argsort(keys, kind="stable")`` for whole numbers, faster: when each key and its
    position fit in 63 bits together, one sort of values (key, position) packed in an int64
    (a sort of values is several times faster than an argsort). Documented internal."""
    n = len(keys)
    if not n:
        return np.zeros(0, dtype=np.int64)
    low, high = int(keys.min()), int(keys.max())
    bits = max(n - 1, 1).bit_length()
    if (high - low).bit_length() + bits > 62:
        return np.argsort(keys, kind="stable")
    packed = ((keys.astype(np.int64) - low) << bits) | np.arange(n, dtype=np.int64)
    return np.sort(packed) & ((1 << bits) - 1)
