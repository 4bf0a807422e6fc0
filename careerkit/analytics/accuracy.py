"""How far to trust the forecasts: ``forecast_accuracy``, a back-test on past dates."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from ..data import CareerData
from ..data.validation import DATE
from .forecast import forecast_finish, progress_bar, show_progress
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
    known_by = default_as_of(data)
    rows: dict[str, list] = {"linear": [], "p50": [], "p85": [], "brier": []}
    with progress_bar(show_progress(progress, len(grid) * len(data.goals) * trials),
                      len(grid), unit="date", desc="forecast_accuracy") as bar:
        for as_of in grid:
            status = goal_status(data, as_of=as_of)
            finish = forecast_finish(data, as_of=as_of, trials=trials, seed=0, progress=False)
            scored = (~status["completed_at_T"] & (status["status"] != "dropped")).to_numpy()
            completed = days(status["completed_date"])[scored]
            for name, forecast in (("linear", status["forecast_date"]),
                                   ("p50", finish["p50_date"]), ("p85", finish["p85_date"])):
                rows[name].append(_date_errors(days(forecast)[scored], completed))
            rows["brier"].append(_brier(
                finish["prob_by_target"].to_numpy()[scored],
                days(status["current_target"])[scored], completed, days([known_by])[0]))
            bar.update()
    index = pd.DatetimeIndex(grid.to_numpy(), name="as_of")
    return ForecastAccuracy(
        *(_table(rows[name], DATE_ERROR_COLUMNS, index) for name in ("linear", "p50", "p85")),
        _table(rows["brier"], BRIER_COLUMNS, index),
    )


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
    first, last = data.goals["start_date"].min(), default_as_of(data)
    if pd.isna(first) or last is None or last <= first:
        return pd.DatetimeIndex([], dtype=DATE)
    grid = pd.date_range(first, last, freq=every, unit="us")
    return grid[grid > first]


def _date_errors(forecast: np.ndarray, completed: np.ndarray) -> list:
    """scored, completed_later, na_forecasts, forecasts, mae, within 14 days, held."""
    later = completed != np.iinfo(np.int64).min
    has = forecast != np.iinfo(np.int64).min
    used = later & has
    error = forecast[used] - completed[used]
    count = int(used.sum())
    shares = ([np.abs(error).mean(), (np.abs(error) <= CLOSE_DAYS).mean(), (error >= 0).mean()]
              if count else [np.nan] * 3)
    return [len(forecast), int(later.sum()), int((later & ~has).sum()), count, *shares]


def _brier(prob: np.ndarray, target: np.ndarray, completed: np.ndarray, known_by: int) -> list:
    """scored, outcome_known, na_probs, probs, Brier score."""
    known = target <= known_by
    used = known & ~np.isnan(prob)
    made_it = (completed != np.iinfo(np.int64).min) & (completed <= target)
    count = int(used.sum())
    score = ((prob[used] - made_it[used]) ** 2).mean() if count else np.nan
    return [len(prob), int(known.sum()), int((known & np.isnan(prob)).sum()), count, score]


def _table(rows: list, columns: list[str], index: pd.Index) -> pd.DataFrame:
    values = np.array(rows, dtype=np.float64).reshape(len(rows), len(columns))
    table = pd.DataFrame(values, columns=columns, index=index)
    counts = [c for c in columns if c in ("scored", "completed_later", "na_forecasts",
                                          "forecasts", "outcome_known", "na_probs", "probs")]
    return table.astype(dict.fromkeys(counts, np.int64))
