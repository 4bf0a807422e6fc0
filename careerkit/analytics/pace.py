"""What if a goal went faster or slower: forecasts at a multiple of the pace so far.

:func:`forecast_at_pace` is :func:`~careerkit.goal_status`' forecast with the pace so far
multiplied by a factor, computed by the same function in the same exact integer
arithmetic (the factor is a fraction), so a factor of 1 gives goal_status' forecast_date
exactly. :func:`pace_plan` adds what a chosen target asks: the pace it needs, in percent
a week and as a multiple of the pace so far.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd

from ..data import CareerData
from .kernel import days, resolve_as_of
from .status import goal_table

#: The largest denominator of a pace factor: a factor is used as the nearest fraction
#: with at most this denominator (1.05 is 21/20, 1/3 is 1/3).
MAX_DENOMINATOR = 1000

PACE_PLAN_FIELDS = [
    "as_of", "start_date", "percent_complete", "finished", "pace_so_far", "factor",
    "forecast_date", "target", "days_left", "forecast_vs_target_days", "pace_needed",
    "factor_needed",
]


def pace_fraction(factor) -> Fraction:
    """``factor`` as an exact positive fraction (documented internal).

    Floats are read as the decimal they print as (``1.05`` is 21/20), then the nearest
    fraction with a denominator of at most :data:`MAX_DENOMINATOR` is taken.

    Examples
    --------
    >>> from careerkit.analytics.pace import pace_fraction
    >>> pace_fraction(1.05), pace_fraction(2), pace_fraction("1/3")
    (Fraction(21, 20), Fraction(2, 1), Fraction(1, 3))
    """
    try:
        if isinstance(factor, int | Fraction | Decimal | str):
            value = Fraction(factor)
        else:
            value = Fraction(repr(float(factor)))
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        raise ValueError(f"factor must be a positive number, not {factor!r}") from None
    value = value.limit_denominator(MAX_DENOMINATOR)
    if value <= 0:
        raise ValueError(f"factor must be a positive number, not {factor!r}")
    return value


def _goal_rows(data: CareerData, goal_id) -> CareerData:
    mask = (data.goals["goal_id"] == goal_id).fillna(False).to_numpy(dtype=bool)
    if not mask.any():
        raise ValueError(f"unknown goal_id {goal_id!r}")
    return data.select_goal_rows(mask)


def _table(data: CareerData, goal_id, factor, as_of) -> tuple[pd.Timestamp | None, pd.DataFrame]:
    """The goal's row of goal_table at ``factor`` (no row when it has not started)."""
    pace = pace_fraction(factor)
    part = _goal_rows(data, goal_id)
    stamp = resolve_as_of(data, as_of)
    table = goal_table(part, int(days([stamp])[0]), 21, pace=(pace.numerator, pace.denominator))
    return stamp, table


def forecast_at_pace(data: CareerData, goal_id, factor, as_of=None) -> pd.Timestamp:
    """The day a goal would be reached at ``factor`` times its pace so far.

    The forecast of :func:`careerkit.goal_status`, with the days still needed divided by
    ``factor``: for a goal with tasks, ``ceil(elapsed * weight left / (factor * weight
    done))`` days after as_of, else ``ceil(elapsed * percent left / (factor * percent
    done))``, where elapsed is the days from start_date to as_of (at least 1). It is
    computed by the same function as goal_status, in exact integer arithmetic: ``factor``
    is used as a fraction (see :func:`~careerkit.analytics.pace.pace_fraction`), so a
    factor of 1 gives goal_status' ``forecast_date`` exactly. A completed goal keeps its
    completed_date; a goal at 100 % gives as_of. Forecasts are capped at 9999-12-31.

    Parameters
    ----------
    data : CareerData
    goal_id : str
        The goal.
    factor : float, int or fractions.Fraction
        Multiple of the pace so far: 2 is twice as fast, 0.5 half as fast. Positive.
    as_of : date-like, optional
        The day to look from; by default the latest recorded event
        (:func:`careerkit.default_as_of`).

    Returns
    -------
    pandas.Timestamp
        The forecast day, or NaT when the goal has no progress by as_of (no task done and
        no percent reported, or it has not started by then).

    Raises
    ------
    ValueError
        For an unknown goal_id or a factor that is not a positive number.

    Examples
    --------
    >>> import careerkit
    >>> data = careerkit.load("sample_data")
    >>> careerkit.forecast_at_pace(data, "C00006-G1", 2)
    Timestamp('2026-08-07 00:00:00')
    >>> bool(careerkit.forecast_at_pace(data, "C00006-G1", 1)
    ...      == careerkit.goal_status(data).loc["C00006-G1", "forecast_date"])
    True
    """
    _, table = _table(data, goal_id, factor, as_of)
    if table.empty:
        return pd.NaT
    return table["forecast_date"].iloc[0]


def pace_plan(data: CareerData, goal_id, *, factor=1, target=None, as_of=None) -> pd.Series:
    """A goal at a chosen pace and target: its forecast, and the pace the target needs.

    Paces are in percent complete a week. The pace so far is ``7 * percent_complete /
    elapsed`` (elapsed: days from start_date to as_of, at least 1, as in the forecast);
    the pace needed is ``7 * (100 - percent_complete) / days_left``.

    Parameters
    ----------
    data : CareerData
    goal_id : str
        The goal; it must have started by as_of.
    factor : float, int or fractions.Fraction, default 1
        Multiple of the pace so far for the forecast (see :func:`forecast_at_pace`).
    target : date-like, optional
        The day to aim at; by default the goal's current target.
    as_of : date-like, optional
        As in :func:`forecast_at_pace`.

    Returns
    -------
    pandas.Series
        Named by the goal_id, with:

        - ``as_of``, ``start_date``: the day looked from and the goal's start.
        - ``percent_complete``: as in :func:`careerkit.goal_status`.
        - ``finished``: completed by as_of, or at 100 %: there is nothing left to plan.
        - ``pace_so_far``: percent a week since start_date.
        - ``factor``: the factor used, as a float.
        - ``forecast_date``: :func:`forecast_at_pace` at ``factor`` (NaT without progress).
        - ``target``, ``days_left``: the target and the days from as_of to it.
        - ``forecast_vs_target_days``: forecast_date - target (NA without a forecast;
          positive: late).
        - ``pace_needed``: percent a week that reaches 100 % on the target (NaN when
          finished or when the target is not after as_of).
        - ``factor_needed``: pace_needed as a multiple of pace_so_far (NaN without
          progress).

    Raises
    ------
    ValueError
        For an unknown goal_id, a goal that starts after as_of, or a bad factor.

    Examples
    --------
    >>> import careerkit
    >>> from careerkit.analytics import pace_plan
    >>> data = careerkit.load("sample_data")
    >>> plan = pace_plan(data, "C00006-G1", factor=2, target="2026-08-31")
    >>> plan["days_left"], plan["forecast_date"].date().isoformat()
    (62, '2026-08-07')
    >>> round(float(plan["pace_needed"]), 2)  # 27.5 % left in 62 days
    3.1
    """
    stamp, table = _table(data, goal_id, factor, as_of)
    if table.empty:
        begins = _goal_rows(data, goal_id).goals["start_date"].iloc[0]
        raise ValueError(f"goal {goal_id!r} starts on {begins:%Y-%m-%d}, after as_of "
                         f"{stamp:%Y-%m-%d}: there is no pace yet")
    row = table.iloc[0]
    t = int(days([stamp])[0])
    target = pd.Timestamp(row["current_target"] if target is None else target).normalize()
    left = int(days([target])[0]) - t
    percent = float(row["percent_complete"])
    elapsed = max(1, t - int(days([row["start_date"]])[0]))
    so_far = 7.0 * percent / elapsed
    finished = bool(row["completed_at_T"]) or percent >= 100.0
    needed = 7.0 * (100.0 - percent) / left if left > 0 and not finished else np.nan
    forecast = row["forecast_date"]
    late = pd.NA if pd.isna(forecast) else int(days([forecast])[0]) - t - left
    return pd.Series({
        "as_of": stamp,
        "start_date": row["start_date"],
        "percent_complete": percent,
        "finished": finished,
        "pace_so_far": so_far,
        "factor": float(pace_fraction(factor)),
        "forecast_date": forecast,
        "target": target,
        "days_left": left,
        "forecast_vs_target_days": late,
        "pace_needed": needed,
        "factor_needed": needed / so_far if so_far > 0 else np.nan,
    }, name=goal_id, dtype=object)[PACE_PLAN_FIELDS]
