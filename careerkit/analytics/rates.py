"""How groups of goals complete: ``completion_rates``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data import CareerData
from .kernel import days, resolve_as_of, rows_of, started_goals
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
        counted[key] = rows_of(data.goals[key], rows[kept])
    return counted


def rates_of_counts(counted: pd.DataFrame, keys: list) -> pd.DataFrame:
    """The rates of :func:`completion_rates` from :func:`completion_counts` (documented
    internal)."""
    values = counted.drop(columns=keys)
    aggregations = {name: "sum" for name in values.columns[:-2]}
    aggregations |= {"percent_complete": "mean", "forecast_drift_days": "median"}
    if keys:
        sums = counted.groupby(keys, dropna=False, sort=False).agg(aggregations)
        sums = sums.sort_index(na_position="last")
    else:
        sums = values.agg(aggregations).to_frame().T if len(values) else None
        if sums is None:
            sums = pd.DataFrame({name: [0] for name in values.columns})
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
