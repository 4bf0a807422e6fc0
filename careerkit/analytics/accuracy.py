"""How far to trust the forecasts: ``forecast_accuracy``, a back-test on past dates."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from ..data import CareerData
from ..data.validation import DATE, code_point_order
from .forecast import CaseloadPool, forecast_finish, progress_bar, show_progress
from .kernel import days, default_as_of
from .status import goal_status

#: A forecast within this many days of the outcome (either way, inclusive) is "close".
CLOSE_DAYS = 14

DATE_ERROR_COLUMNS = ["scored", "completed_later", "na_forecasts", "forecasts", "mae_days",
                      "within_14_days", "held_share"]
BRIER_COLUMNS = ["scored", "outcome_known", "na_probs", "probs", "brier_score"]


class ForecastAccuracy(NamedTuple):
    """The back-test of :func:`forecast_accuracy`: one table per forecast, indexed by the
    grid date (``as_of``)."""

    #: goal_status' linear ``forecast_date``.
    linear: pd.DataFrame
    #: forecast_finish's ``p50_date``.
    p50: pd.DataFrame
    #: forecast_finish's ``p85_date``; its ``held_share`` should be near 0.85.
    p85: pd.DataFrame
    #: the Brier score of forecast_finish's ``prob_by_target``.
    brier: pd.DataFrame


def forecast_accuracy(data: CareerData, every: str = "MS", *, trials: int = 2000,
                      progress: bool | None = None) -> ForecastAccuracy:
    """Back-test the forecasts: what they said on past dates against what happened.

    For each date of a grid, the data is seen as of that date (later records ignored) and
    the forecasts made then are compared with each goal's ``completed_date`` in the full
    data.

    Parameters
    ----------
    data : CareerData
    every : str, default "MS"
        A pandas frequency: the grid is every period start after the earliest start_date,
        up to the default as_of (the latest recorded event). "MS": month starts.
    trials : int, default 2000
        Trials of :func:`forecast_finish` at each grid date (always with seed 0).
    progress : bool, optional
        A progress bar over the grid dates: by default only on long runs, in a notebook or
        a terminal.

    Returns
    -------
    ForecastAccuracy
        A NamedTuple ``(linear, p50, p85, brier)`` of DataFrames, one row per grid date
        (index ``as_of``, ascending). Scored at a grid date: goals started by it, not
        completed by it and not dropped.

        ``linear`` (goal_status' ``forecast_date``), ``p50`` and ``p85``
        (forecast_finish's ``p50_date``, ``p85_date``) have the columns:

        - ``scored``: goals scored at that date.
        - ``completed_later``: of those, goals with a completed_date (after the grid date).
        - ``na_forecasts``: of those, goals without a forecast (left out of the errors).
        - ``forecasts``: goals completed later with a forecast: the ones measured below.
        - ``mae_days``: mean absolute error, |forecast − completed_date|, in days.
        - ``within_14_days``: share with an error of at most 14 days either way.
        - ``held_share``: share with completed_date on or before the forecast date (for
          ``p85``: the share of P85 dates that held, about 0.85 when calibrated).

        The shares and the error are NaN when ``forecasts`` is 0.

        ``brier`` has the columns:

        - ``scored``: as above.
        - ``outcome_known``: scored goals whose current_target at that date is on or
          before the default as_of, so whether they made it is known.
        - ``na_probs``: of those, goals without a ``prob_by_target`` (basis "none").
        - ``probs``: the goals scored below.
        - ``brier_score``: mean of (prob_by_target − outcome)², outcome 1 when the goal
          was completed on or before that current_target, else 0 (0 is perfect, 0.25 is
          what a constant 50 % earns). NaN when ``probs`` is 0.

    See Also
    --------
    forecast_finish, goal_status

    Examples
    --------
    >>> import careerkit
    >>> data = careerkit.load("sample_data")
    >>> accuracy = careerkit.forecast_accuracy(data, trials=100)
    >>> accuracy.p85.columns.tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['scored', 'completed_later', 'na_forecasts', 'forecasts', 'mae_days',
     'within_14_days', 'held_share']
    >>> accuracy.p85.index[:2].strftime("%Y-%m-%d").tolist()
    ['2025-08-01', '2025-09-01']
    >>> bool((accuracy.brier["brier_score"].dropna().between(0, 1)).all())
    True
    """
    grid = forecast_grid(data, every)
    with progress_bar(show_progress(progress, len(grid) * len(data.goals) * trials),
                      len(grid), unit="date", desc="forecast_accuracy") as bar:
        counts = accuracy_counts(data, grid, default_as_of(data), trials, update=bar.update)
    return accuracy_tables([counts], grid)


def forecast_grid(data: CareerData, every: str = "MS") -> pd.DatetimeIndex:
    """The back-test's dates: every period start after the earliest start_date, up to the
    default as_of (documented internal).

    Examples
    --------
    >>> import careerkit
    >>> from careerkit.analytics.accuracy import forecast_grid
    >>> forecast_grid(careerkit.load("sample_data"))[[0, -1]].strftime("%Y-%m-%d").tolist()
    ['2025-08-01', '2026-06-01']
    """
    return grid_between(data.goals["start_date"].min(), default_as_of(data), every)


def grid_between(first, last, every: str = "MS") -> pd.DatetimeIndex:
    """Every period start after ``first`` up to ``last`` (documented internal: the grid of
    :func:`forecast_grid` from the earliest start_date and the default as_of)."""
    if pd.isna(first) or last is None or pd.isna(last) or last <= first:
        return pd.DatetimeIndex([], dtype=DATE)
    grid = pd.date_range(first, last, freq=every, unit="us")
    return grid[grid > first]


class AccuracyCounts(NamedTuple):
    """What one part of a caseload (all of it, or one partition) adds to the back-test at
    each grid date (documented internal; see :func:`accuracy_counts`)."""

    #: per method (linear, p50, p85), per grid date: scored, completed_later, na_forecasts,
    #: forecasts, the sum of absolute errors, forecasts within 14 days, forecasts held.
    errors: np.ndarray
    #: per grid date: scored, outcome_known, na_probs, probs.
    brier: np.ndarray
    #: per grid date: the goal_ids and squared errors of the probs scored, in goal_id order.
    brier_goals: list
    brier_squares: list


def accuracy_counts(data: CareerData, grid: pd.DatetimeIndex, known_by, trials: int, *,
                    pools: list[CaseloadPool] | None = None, update=None) -> AccuracyCounts:
    """The back-test's counts and sums of ``data`` at every grid date (documented
    internal): added up over the partitions of a caseload, they give its tables
    (:func:`accuracy_tables`).

    ``known_by``: the caseload's default as_of; ``pools``: per grid date, the caseload's
    pool for forecast_finish (see its ``caseload_increments``) when ``data`` is one
    partition of it.
    """
    errors = np.zeros((3, len(grid), 7), dtype=np.int64)
    brier = np.zeros((len(grid), 4), dtype=np.int64)
    goals, squares = [], []
    known = days([known_by])[0]
    for place, as_of in enumerate(grid):
        status = goal_status(data, as_of=as_of)
        finish = forecast_finish(data, as_of=as_of, trials=trials, seed=0, progress=False,
                                 caseload_increments=None if pools is None else pools[place])
        scored = (~status["completed_at_T"] & (status["status"] != "dropped")).to_numpy()
        completed = days(status["completed_date"])[scored]
        for method, forecast in enumerate((status["forecast_date"], finish["p50_date"],
                                           finish["p85_date"])):
            errors[method, place] = _date_errors(days(forecast)[scored], completed)
        brier[place], used, square = _brier(
            finish["prob_by_target"].to_numpy()[scored],
            days(status["current_target"])[scored], completed, known)
        goals.append(status.index.to_numpy()[scored][used])
        squares.append(square)
        if update is not None:
            update()
    return AccuracyCounts(errors, brier, goals, squares)


def accuracy_tables(parts: list[AccuracyCounts], grid: pd.DatetimeIndex) -> ForecastAccuracy:
    """The back-test's tables from the counts of every part of the caseload (documented
    internal): the same numbers whatever the parts, the Brier score's mean taken over the
    squared errors in goal_id order as in one piece."""
    errors = sum(part.errors for part in parts)
    brier = sum(part.brier for part in parts)
    index = pd.DatetimeIndex(grid.to_numpy(), name="as_of")
    tables = []
    for method in range(3):
        count = errors[method, :, 3].astype(np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            shares = errors[method, :, 4:] / count[:, None]
        tables.append(_table(np.column_stack([errors[method, :, :4], shares]),
                             DATE_ERROR_COLUMNS, index))
    scores = []
    for place in range(len(grid)):
        goals = np.concatenate([part.brier_goals[place] for part in parts])
        square = np.concatenate([part.brier_squares[place] for part in parts])
        if len(parts) > 1:
            square = square[code_point_order(pd.Series(goals, dtype=object))]
        scores.append(square.mean() if len(square) else np.nan)
    tables.append(_table(np.column_stack([brier, np.array(scores, dtype=np.float64)]),
                         BRIER_COLUMNS, index))
    return ForecastAccuracy(*tables)


def _date_errors(forecast: np.ndarray, completed: np.ndarray) -> list:
    """scored, completed_later, na_forecasts, forecasts, the sum of absolute errors,
    forecasts within 14 days, forecasts held (integers: a mean is sum / forecasts)."""
    later = completed != np.iinfo(np.int64).min
    has = forecast != np.iinfo(np.int64).min
    used = later & has
    error = forecast[used] - completed[used]
    return [len(forecast), int(later.sum()), int((later & ~has).sum()), int(used.sum()),
            int(np.abs(error).sum()), int((np.abs(error) <= CLOSE_DAYS).sum()),
            int((error >= 0).sum())]


def _brier(prob: np.ndarray, target: np.ndarray, completed: np.ndarray, known_by: int
           ) -> tuple[list, np.ndarray, np.ndarray]:
    """scored, outcome_known, na_probs, probs; which goals are scored; their squared
    errors."""
    known = target <= known_by
    used = known & ~np.isnan(prob)
    made_it = (completed != np.iinfo(np.int64).min) & (completed <= target)
    square = (prob[used] - made_it[used]) ** 2
    return ([len(prob), int(known.sum()), int((known & np.isnan(prob)).sum()),
             int(used.sum())], used, square)


def _table(rows: np.ndarray, columns: list[str], index: pd.Index) -> pd.DataFrame:
    values = np.asarray(rows, dtype=np.float64).reshape(len(index), len(columns))
    table = pd.DataFrame(values, columns=columns, index=index)
    counts = [c for c in columns if c in ("scored", "completed_later", "na_forecasts",
                                          "forecasts", "outcome_known", "na_probs", "probs")]
    return table.astype(dict.fromkeys(counts, np.int64))
