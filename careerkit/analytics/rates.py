"""How groups of goals complete: ``completion_rates``."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..data import CareerData
from ..data.validation import code_point_order
from .kernel import days, resolve_as_of, rows_of, stable_order, started_goals
from .status import GoalFacts

# --- completion_rates -------------------------------------------------------------------

def completion_rates(data: CareerData, by="client", as_of=None) -> pd.DataFrame:
    """Completion and on-time rates per group of goals (by client, category, ...).

    Counts goals started by T and not dropped.

    Parameters
    ----------
    data : CareerData
    by : str, list of str or None, default "client"
        Column(s) of goals.csv to group by; None gives one row for everything. A missing
        key forms its own group, sorted last.
    as_of : date-like, optional
        As in :func:`goal_status`.

    Returns
    -------
    DataFrame
        One row per group, indexed by the group keys. Columns:

        - ``goals``, ``completed``, ``completion_rate`` (= completed / goals);
        - ``due``: goals whose baseline target_date is on or before T;
        - ``on_time``: completed by T and on or before the baseline target_date;
          ``on_time_rate`` = on_time / goals that are due or completed (NaN when none);
        - ``tasks``, ``tasks_done`` (counts) and ``task_completion_rate`` (by weight, NaN
          without tasks);
        - ``mean_percent_complete`` (completed goals count as 100) and
          ``median_forecast_drift_days`` (over goals with a forecast).

    Examples
    --------
    >>> import careerkit
    >>> rates = careerkit.completion_rates(careerkit.load("sample_data"), by=None)
    >>> len(rates)
    1
    """
    keys = group_keys(data, by)
    stamp = resolve_as_of(data, as_of)
    t = days([stamp])[0] if stamp is not None else 0  # no stamp: there are no goals
    return rates_of_counts(completion_counts(data, keys, t), keys)


def group_keys(data: CareerData, by) -> list:
    """The columns of goals.csv that ``by`` names (None, a column or a list of columns) as a
    list, ``[]`` for None, each checked to be a column of goals.

    Documented internal: the one check of ``by`` behind :func:`completion_rates`,
    :func:`careerkit.time_to_goal` and their charts.

    Raises
    ------
    ValueError
        When a name is not a column of goals (the message lists the columns).

    Examples
    --------
    >>> import careerkit
    >>> from careerkit.analytics.rates import group_keys
    >>> data = careerkit.load("sample_data")
    >>> group_keys(data, "category"), group_keys(data, None)
    (['category'], [])
    """
    keys = [] if by is None else [by] if isinstance(by, str) else list(by)
    unknown = [k for k in keys if k not in data.goals.columns]
    if unknown:
        raise ValueError(f"by={unknown[0]!r} is not a column of goals; choose from "
                         + ", ".join(map(str, data.goals.columns)))
    return keys


def completion_counts(data: CareerData, keys: list, t: int) -> pd.DataFrame:
    """What :func:`completion_rates` adds up, one row per goal started by day ``t`` and not
    dropped (file order, labelled by place among the started goals), with the ``keys``.

    Documented internal: :mod:`careerkit.dask` gathers these from every partition and
    hands them to :func:`rates_of_counts`, so a partitioned caseload gives the same rates.
    """
    rows, place = started_goals(data, t)
    facts = GoalFacts(data, rows, place, until=t)
    at = facts.at(t, 21)
    kept = ~facts.dropped  # only the numbers they need: no goal_table, no text but the keys
    target = facts.target[kept]
    completed = at.completed_at_t[kept]
    on_time = completed & (facts.completed[kept] <= target)
    counted = pd.DataFrame(
        {
            "goals": 1,
            "completed": completed.astype(np.int64),
            "due": (target <= t).astype(np.int64),
            "on_time": on_time.astype(np.int64),
            "on_time_base": ((target <= t) | completed).astype(np.int64),
            "tasks": at.tasks[kept],
            "tasks_done": at.tasks_done[kept],
            "task_weight": at.task_weight[kept] / facts.scale,
            "task_weight_done": at.task_weight_done[kept] / facts.scale,
            "percent_complete": at.percent[kept],
            "forecast_drift_days": facts.forecast_drift(at)[kept].to_numpy(
                "float64", na_value=np.nan),
        },
        index=pd.RangeIndex(len(rows))[kept],
    )
    for key in keys:  # each goal's own row (goal ids are unique in loaded data)
        counted[key] = rows_of(data.goals[key], rows[kept], data.text_codes("goals", key))
    return counted


def rates_of_counts(counted: pd.DataFrame, keys: list) -> pd.DataFrame:
    """The rates of :func:`completion_rates` from :func:`completion_counts` (documented
    internal). Rows that lie grouped by their first key (goals kept client by client) go
    through one pandas groupby of the keys, quick on such rows; others are numbered as
    integers (:func:`group_numbers`), whole numbers added up by NumPy and the rest by one
    pandas groupby of those numbers. Both give the same rates to the bit."""
    if keys and _grouped(counted[keys[0]]):
        aggregations = {name: "sum" for name in _WHOLE} | _FRACTIONAL
        sums = counted.groupby(keys, dropna=False, sort=False).agg(aggregations)
        return _rates(counted, keys, sums.sort_index(na_position="last"))
    return _rates(counted, keys, _group_sums(counted, keys, group_numbers(counted[keys]))
                  if keys else None)


def _grouped(values: pd.Series) -> bool:
    """Whether equal values mostly follow one another (a value changes at most every other
    row)."""
    if isinstance(values.array, pd.arrays.ArrowStringArray):
        text = pa.array(values.array)
        changes = pc.sum(pc.not_equal(text[1:], text[:-1])).as_py() or 0
    else:
        array = values.to_numpy()
        changes = np.count_nonzero(array[1:] != array[:-1])
    return 2 * changes <= len(values)


#: The columns of completion_counts added up as whole numbers, and how the others are.
_WHOLE = ("goals", "completed", "due", "on_time", "on_time_base", "tasks", "tasks_done")
_FRACTIONAL = {"task_weight": "sum", "task_weight_done": "sum", "percent_complete": "mean",
               "forecast_drift_days": "median"}


def _rates(counted: pd.DataFrame, keys: list, sums: pd.DataFrame | None) -> pd.DataFrame:
    """:func:`rates_of_counts` from the ``sums`` per group (None: no keys)."""
    if not keys:
        aggregations = {name: "sum" for name in _WHOLE} | _FRACTIONAL
        sums = counted.agg(aggregations).to_frame().T if len(counted) else None
        if sums is None:
            sums = pd.DataFrame({name: [0] for name in counted.columns})
            sums[["percent_complete", "forecast_drift_days"]] = np.nan
        sums.index = pd.RangeIndex(1)
    with np.errstate(divide="ignore", invalid="ignore"):
        result = pd.DataFrame(
            {
                "goals": sums["goals"].astype(np.int64),
                "completed": sums["completed"].astype(np.int64),
                "completion_rate": sums["completed"] / sums["goals"].where(sums["goals"] > 0),
                "due": sums["due"].astype(np.int64),
                "on_time": sums["on_time"].astype(np.int64),
                "on_time_rate": sums["on_time"] / sums["on_time_base"].where(
                    sums["on_time_base"] > 0),
                "tasks": sums["tasks"].astype(np.int64),
                "tasks_done": sums["tasks_done"].astype(np.int64),
                "task_completion_rate": sums["task_weight_done"] / sums["task_weight"].where(
                    sums["tasks"] > 0),
                "mean_percent_complete": sums["percent_complete"].astype("float64"),
                "median_forecast_drift_days": sums["forecast_drift_days"].astype("float64"),
            },
            index=sums.index,
        )
    return result


def _group_sums(counted: pd.DataFrame, keys: list, groups: np.ndarray) -> pd.DataFrame:
    """The sums (means, medians) of the counted rows per group, indexed by the keys in
    ``groups`` order (each group labelled by the keys of its first row).

    Whole numbers are added up by NumPy (exact in any order). The others go through the
    same pandas groupby as before, the groups numbered in file order as pandas numbers
    keys: pandas adds up groups whose rows all lie together in one pass (``reduceat``) and
    other groups with compensated sums, so the float results do not change by one bit."""
    order = stable_order(groups)
    ordered = groups[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(order) \
        else np.zeros(0, dtype=np.int64)
    group = np.empty(len(order), dtype=np.int64)  # 0, 1, ... in key order
    group[order] = np.repeat(np.arange(len(starts)), np.diff(starts, append=len(order)))
    first = order[starts]
    labels = [counted[key].array.take(first) for key in keys]
    index = pd.Index(labels[0], name=keys[0]) if len(keys) == 1 else \
        pd.MultiIndex.from_arrays(labels, names=keys)
    sums = {name: np.bincount(group, weights=counted[name].to_numpy(), minlength=len(starts))
            .astype(np.int64) for name in _WHOLE}
    fractional = counted[list(_FRACTIONAL)].groupby(group, sort=False).agg(_FRACTIONAL)
    sums |= {name: values.to_numpy() for name, values in fractional.sort_index().items()}
    return pd.DataFrame(sums, index=index)


def group_numbers(keys: pd.DataFrame) -> np.ndarray:
    """Each row's group: the rank of its values of ``keys`` (columns) among the distinct
    ones, in the order of a sort by the keys (text in code-point order, a missing value after
    all others), as int64. Documented internal: the groups of :func:`completion_rates` as
    integers, from Arrow's dictionary codes of text and one sort of its distinct values (no
    pandas factorize of text).

    Examples
    --------
    >>> import pandas as pd
    >>> from careerkit.analytics.rates import group_numbers
    >>> keys = pd.DataFrame({"client": pd.array(["b", None, "a", "b"], dtype="str"),
    ...                      "n": [1, 2, 1, 0]})
    >>> group_numbers(keys[["client"]]).tolist(), group_numbers(keys).tolist()
    ([1, 2, 0, 1], [2, 3, 0, 1])
    """
    numbers = np.zeros(len(keys), dtype=np.int64)
    for position in range(keys.shape[1]):
        codes, size = _value_numbers(keys.iloc[:, position])
        numbers = numbers * size + codes  # < len(keys) * size: fits
        if position:
            numbers = np.unique(numbers, return_inverse=True)[1].astype(np.int64)
    return numbers


def _value_numbers(values: pd.Series) -> tuple[np.ndarray, int]:
    """Each value's place among the distinct ones in sorted order (missing: after them),
    and how many places there are."""
    if isinstance(values.array, pd.arrays.ArrowStringArray):
        coded = pa.array(values.array).dictionary_encode()  # Arrow hashes text fastest
        distinct = len(coded.dictionary)
        rank = np.empty(distinct + 1, dtype=np.int64)
        rank[code_point_order(coded.dictionary)] = np.arange(distinct)
        rank[-1] = distinct
        return rank[coded.indices.fill_null(-1).to_numpy()], distinct + 1
    codes, uniques = pd.factorize(values, sort=True)
    return np.where(codes >= 0, codes, len(uniques)), len(uniques) + 1
