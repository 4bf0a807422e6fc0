"""How long goals take across clients: ``time_to_goal`` (Kaplan–Meier).

Goals still open are *censored*: they have taken at least so long, and the product-limit
estimate uses that without pretending they are finished or forgotten. The estimate, its
exponential-Greenwood interval and the Brookmeyer–Crowley interval of the median are
computed for every group at once (sorted arrays and grouped running products).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..data import CareerData
from .kernel import NAT, days, resolve_as_of, started_goals
from .rates import group_keys
from .status import goal_table

#: The 97.5 % point of the standard normal distribution (two-sided 95 % intervals).
Z_95 = 1.959964
#: Horizons of the summary's ``completed_by_<N>d`` columns, in days.
HORIZONS = (90, 180, 365)

TABLE_COLUMNS = ["days", "at_risk", "events", "censored", "survival", "ci_lower", "ci_upper"]
SUMMARY_COLUMNS = ["goals", "completed", "censored", "median_days", "median_ci_lower",
                   "median_ci_upper", *(f"completed_by_{n}d" for n in HORIZONS)]

_UNIT_ROUNDOFF = 2.0**-53


class TimeToGoal(NamedTuple):
    """The result of :func:`time_to_goal`: the survival ``table`` and its ``summary``."""

    table: pd.DataFrame
    summary: pd.DataFrame


def time_to_goal(data: CareerData, by=None, as_of=None) -> TimeToGoal:
    """How long goals take from start to completion: Kaplan–Meier survival per group.

    Each goal started by T gives a duration in whole days from its start_date:

    - completed by T: an *event* at completed_date - start_date;
    - dropped: *censored* at its last check-in (goal_status' ``last_checkin``: goal- or
      task-level, dated <= T) - start_date, never below 0, and 0 without check-ins;
    - any other (active, on hold, or completed after T): censored at T - start_date.

    ``survival`` S(t) is the share of goals still not reached after t days, the
    product-limit estimate prod(1 - events / at_risk) over the days up to t. Its 95 %
    interval is pointwise, on the log(-log) scale with Greenwood's variance (the
    "exponential Greenwood" interval of SAS and Stata): S ** exp(±z·σ) with
    σ = sqrt(sum(events / (at_risk · (at_risk - events)))) / |ln S| and z = 1.959964;
    [1, 1] while S = 1, NaN where S = 0.

    Parameters
    ----------
    data : CareerData
    by : str, list of str or None, default None
        Column(s) of goals.csv to group by ("category", "client", a column of your own).
        None: one group. A blank key is a group of its own, sorted after the others.
    as_of : date-like, optional
        The day to look from (T), as in :func:`~careerkit.goal_status`. Goals that start
        after T are left out entirely.

    Returns
    -------
    TimeToGoal
        A named tuple of two DataFrames with a plain RangeIndex.

        ``table``: one row per group and distinct duration (event or censoring day), in
        code-point order of the keys (blank last), then ascending days; no added day-0
        row. Columns: the ``by`` keys, then

        - ``days``: the duration, days from start;
        - ``at_risk``: goals of the group with a duration >= days (those censored that
          day included);
        - ``events``: goals completed after exactly that many days;
        - ``censored``: goals censored at exactly that many days;
        - ``survival``: S(days);
        - ``ci_lower``, ``ci_upper``: its pointwise 95 % interval.

        ``summary``: one row per group (always one row when ``by`` is None, even without
        goals). Columns: the ``by`` keys, then

        - ``goals``, ``completed`` (events), ``censored``;
        - ``median_days``: the first days with S <= 0.5, decided in exact arithmetic (an
          S of exactly one half counts); NA while S stays above 0.5;
        - ``median_ci_lower``, ``median_ci_upper``: Brookmeyer–Crowley 95 % interval on
          the same log(-log) scale: of the event days whose interval contains 0.5, the
          first; and the first event day after the last of them (NA when there is none:
          not reached);
        - ``completed_by_90d``, ``completed_by_180d``, ``completed_by_365d``: 1 - S(N),
          S(N) being the survival of the last row with days <= N (1 before the first);
          NaN when N is past the group's longest duration, unless S has reached 0.

    Examples
    --------
    >>> import careerkit
    >>> data = careerkit.load("sample_data")
    >>> table, summary = careerkit.time_to_goal(data, by="category")
    >>> table.columns.tolist()
    ['category', 'days', 'at_risk', 'events', 'censored', 'survival', 'ci_lower', 'ci_upper']
    >>> bool((table.groupby("category")["survival"].diff().dropna() <= 0).all())
    True
    >>> int(careerkit.time_to_goal(data).summary["goals"].iloc[0]) == len(
    ...     careerkit.goal_status(data))
    True
    """
    keys = group_keys(data, by)
    stamp = resolve_as_of(data, as_of)
    t = days([stamp])[0] if stamp is not None else 0  # no stamp: there are no goals
    goals = goal_table(data, t, 21)
    start = days(goals["start_date"])
    event = goals["completed_at_T"].to_numpy()
    dropped = (goals["status"] == "dropped").to_numpy()
    last = days(goals["last_checkin"])
    completed = days(goals["completed_date"])
    since_start = np.maximum(np.where(last != NAT, last, start) - start, 0)
    duration = np.select([event, dropped],
                         [np.where(event, completed, start) - start, since_start],
                         t - start)

    rows, _ = started_goals(data, t)
    key_values = data.goals[keys].iloc[rows].reset_index(drop=True)
    if keys:
        group = key_values.groupby(keys, dropna=False, sort=True).ngroup().to_numpy()
        n_groups = int(group.max()) + 1 if len(group) else 0
        _, first = np.unique(group, return_index=True)
        groups = key_values.iloc[first].reset_index(drop=True)
    else:
        group = np.zeros(len(goals), dtype=np.int64)
        n_groups = 1
        groups = pd.DataFrame(index=range(1))

    curve = _Curve(group.astype(np.int64), duration.astype(np.int64), event, n_groups)
    table = pd.concat([groups.iloc[curve.group].reset_index(drop=True), curve.table()],
                      axis=1)
    summary = pd.concat([groups, curve.summary()], axis=1)
    return TimeToGoal(table, summary)


def _distinct(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``np.unique(values, return_inverse=True, return_counts=True)``, counted without a sort
    when the values are small non-negative integers (a few per row at most)."""
    if not len(values) or values.min() < 0 or values.max() > 4 * len(values) + 65_536:
        return np.unique(values, return_inverse=True, return_counts=True)
    counts = np.bincount(values)
    present = np.flatnonzero(counts)
    place = np.zeros(len(counts), dtype=np.int64)
    place[present] = np.arange(len(present))
    return present, place[values], counts[present]


class _Curve:
    """Kaplan–Meier curves of many groups at once: one row per (group, distinct duration)."""

    def __init__(self, group: np.ndarray, duration: np.ndarray, event: np.ndarray,
                 n_groups: int):
        self.n_groups = n_groups
        self.span = (int(duration.max()) if len(duration) else 0) + 1
        key, where, count = _distinct(group * self.span + duration)
        self.key = key
        self.group = key // self.span
        self.days = key % self.span
        self.events = np.bincount(where, event, minlength=len(key)).astype(np.int64)
        self.censored = count - self.events
        self.goals = np.bincount(group, minlength=n_groups)
        self.completed = np.bincount(group, event, minlength=n_groups).astype(np.int64)
        self.first = np.searchsorted(self.group, np.arange(n_groups), side="left")
        self.end = np.searchsorted(self.group, np.arange(n_groups), side="right")
        before = np.cumsum(count) - count  # goals of earlier rows, over all groups
        self.at_risk = self.goals[self.group] - (before - before[self.first[self.group]])
        by_group = pd.Series(self.group)
        n, d = self.at_risk, self.events
        self.survival = pd.Series((n - d) / n).groupby(by_group).cumprod().to_numpy(copy=True)
        self._exact_halves()
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(n > d, d / (n * (n - d)), 0.0)
            variance = pd.Series(terms).groupby(by_group).cumsum().to_numpy()
            sigma = np.sqrt(variance) / np.abs(np.log(self.survival))
            self.ci_lower = np.where(self.survival == 1, 1.0,
                                     self.survival ** np.exp(Z_95 * sigma))
            self.ci_upper = np.where(self.survival == 1, 1.0,
                                     self.survival ** np.exp(-Z_95 * sigma))
        gone = self.survival == 0
        self.ci_lower[gone] = np.nan
        self.ci_upper[gone] = np.nan

    def _exact_halves(self) -> None:
        """Make S exactly 0.5 where the exact product is one half.

        The running product of k rounded factors is within 2k units of roundoff of the
        exact one, so only rows that close to 0.5 need a look. Such a row is exactly one
        half when the product of its at_risk counts Q is small (an exact S other than 1/2
        is at least 1/(2Q) away from it); otherwise the products are multiplied out in
        Python integers (large groups only, a few rows at most).
        """
        rows = np.arange(len(self.key))
        k = rows - self.first[self.group] + 1
        tolerance = 4 * k * _UNIT_ROUNDOFF
        near = np.flatnonzero(np.abs(self.survival - 0.5) <= tolerance)
        if not len(near):
            return
        happened = self.events > 0
        log_q = pd.Series(np.where(happened, np.log2(self.at_risk), 0.0)).groupby(
            self.group).cumsum().to_numpy()[near]
        small = log_q + np.log2(tolerance[near]) < -3
        self.survival[near[small]] = 0.5
        for row in near[~small]:
            first = self.first[self.group[row]]
            steps = first + np.flatnonzero(happened[first:row + 1])
            twice_survivors = 2 * math.prod((self.at_risk[steps] - self.events[steps]).tolist())
            at_risk = math.prod(self.at_risk[steps].tolist())
            if twice_survivors == at_risk:
                self.survival[row] = 0.5
            elif twice_survivors < at_risk:
                self.survival[row] = min(self.survival[row], np.nextafter(0.5, 0))
            else:
                self.survival[row] = max(self.survival[row], np.nextafter(0.5, 1))

    def table(self) -> pd.DataFrame:
        return pd.DataFrame({
            "days": self.days,
            "at_risk": self.at_risk.astype(np.int64),
            "events": self.events,
            "censored": self.censored.astype(np.int64),
            "survival": self.survival,
            "ci_lower": self.ci_lower,
            "ci_upper": self.ci_upper,
        })

    def _per_group(self, mask: np.ndarray, *, last: bool = False) -> np.ndarray:
        """Row of the first (or last) ``mask`` row of each group, -1 when none."""
        rows = np.flatnonzero(mask)
        if last:
            rows = rows[::-1]
        found = np.full(self.n_groups, -1, dtype=np.int64)
        groups, at = np.unique(self.group[rows], return_index=True)
        found[groups] = rows[at]
        return found

    def summary(self) -> pd.DataFrame:
        groups = np.arange(self.n_groups)
        group = np.append(self.group, -1)  # index -1: no row
        day = np.append(self.days, 0)
        survival = np.append(self.survival, 1.0)

        def days_at(found: np.ndarray) -> pd.arrays.IntegerArray:
            return pd.arrays.IntegerArray(day[found], found < 0)

        event_day = self.events > 0
        contains = event_day & (self.ci_lower <= 0.5) & (self.ci_upper >= 0.5)
        last = self._per_group(contains, last=True)
        event_rows = np.append(np.flatnonzero(event_day), -1)
        upper = event_rows[np.searchsorted(event_rows[:-1], last, side="right")]
        upper = np.where((last >= 0) & (group[upper] == groups), upper, -1)
        result = {
            "goals": self.goals.astype(np.int64),
            "completed": self.completed,
            "censored": (self.goals - self.completed).astype(np.int64),
            "median_days": days_at(self._per_group(self.survival <= 0.5)),
            "median_ci_lower": days_at(self._per_group(contains)),
            "median_ci_upper": days_at(upper),
        }
        final = np.where(self.end > self.first, self.end - 1, -1)
        longest = np.where(final >= 0, day[final], -1)
        reached_zero = survival[final] == 0
        for horizon in HORIZONS:
            at = np.searchsorted(self.key, groups * self.span + min(horizon, self.span - 1),
                                 side="right") - 1
            at = np.where(at >= self.first, at, -1)
            known = (horizon <= longest) | reached_zero
            result[f"completed_by_{horizon}d"] = np.where(known, 1 - survival[at], np.nan)
        return pd.DataFrame(result)
