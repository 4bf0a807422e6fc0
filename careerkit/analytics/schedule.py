"""Is each goal ahead of or behind the plan it was given: ``schedule_performance``.

Earned schedule (Lipke 2003): the plan is a planned-value curve PV(t) in percent, the work
done is the earned value EV (goal_status' percent_complete), and the earned schedule ES is
the time at which the plan expected that much work to be done. Every comparison at a
threshold is made in exact integer arithmetic: task weights and percents are scaled to
whole numbers (:func:`~careerkit.analytics.kernel.decimal_scale`), so a gap that is exactly
-10 points is -10, not -10.000000000000002.
"""

from __future__ import annotations

from fractions import Fraction
from numbers import Real
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..data import CareerData
from ..data.validation import TEXT
from .kernel import (
    LAST_DAY,
    NAT,
    as_dates,
    ceil_div,
    day_counts,
    days,
    decimal_scale,
    in_order,
    resolve_as_of,
    stable_order,
    started_goals,
    texts,
)
from .progress_curve import percent_over_time
from .status import GoalFacts

SCHEDULE_COLUMNS = ["planned_percent", "earned_percent", "schedule_gap_points", "es_days",
                    "at_days", "sv_days", "spi", "ieac_date", "expectation"]
#: The expectations, best first.
EXPECTATIONS = ("ahead", "on_pace", "behind", "far_behind")

_INT64_SAFE = 2.0**62


def schedule_performance(data: CareerData, as_of=None, *, behind=-10,
                         far_behind=-25) -> pd.DataFrame:
    """Earned-schedule performance of every started goal: ahead of its plan, or behind it.

    Uses the earned-schedule method (W. Lipke, "Schedule is Different", *The Measurable
    News*, March 2003): instead of comparing percents, ask *when* the plan expected the
    work done so far (ES) and compare that with the time actually taken (AT).

    - Planned value PV(t), in percent. With tasks: 100 × (weight of tasks with
      ``due_date`` <= t) / (weight of all the goal's tasks), blank weight 1, a task due
      before start_date counting as due on start_date. Without tasks: a straight line,
      100 × min(t - start_date, PD) / PD, and 100 from the start when PD = 0. The plan is
      the baseline (``due_date``, ``target_date``): revised targets never move it.
    - Planned duration PD: days from start_date to the day PV first reaches 100 %.
    - Earned value EV: goal_status' ``percent_complete`` at T (with tasks the done share of
      task weight; 100 for a goal completed by T).
    - Earned schedule ES: the day PV first reached EV, interpolated linearly between the
      plan's points (0, PV at start_date) and (days from start to each later due date,
      cumulative percent); 0 when EV <= PV at start_date.
    - Actual time AT: days from start_date to the measuring date, which is T, or the
      completed_date for a goal completed by T (its clock stops: its performance is final).

    Parameters
    ----------
    data : CareerData
    as_of : date-like, optional
        The day to look from (T), as in :func:`~careerkit.goal_status`.
    behind, far_behind : number, default -10 and -25
        Thresholds on ``schedule_gap_points``, compared exactly: a gap below ``behind``
        (and not below ``far_behind``) is behind, a gap below ``far_behind`` is far behind.
        Need far_behind <= behind <= 0.

    Returns
    -------
    DataFrame
        One row per goal started by T, whatever its status, indexed by ``goal_id``
        (sorted). Columns:

        - ``planned_percent``: PV at the measuring date.
        - ``earned_percent``: EV.
        - ``schedule_gap_points``: EV - PV, in percentage points.
        - ``es_days``: ES, fractional days (not rounded).
        - ``at_days``: AT, whole days.
        - ``sv_days``: schedule variance ES - AT (negative: behind the plan).
        - ``spi``: schedule performance index ES / AT (NaN when AT = 0).
        - ``ieac_date``: independent estimate at completion, start_date +
          ceil(PD × AT / ES) days, computed exactly in whole numbers and capped at
          9999-12-31; NaT when AT = 0 or ES = 0. A completed goal's is its completed_date.
        - ``expectation``: ``far_behind`` when the gap < far_behind; ``behind`` when
          far_behind <= gap < behind; ``ahead`` when gap > 0; ``on_pace`` otherwise.

    Examples
    --------
    >>> import careerkit
    >>> data = careerkit.load("sample_data")
    >>> schedule = careerkit.schedule_performance(data, as_of="2026-03-31")
    >>> schedule.columns.tolist()[:3]
    ['planned_percent', 'earned_percent', 'schedule_gap_points']
    >>> schedule["expectation"].isin(["ahead", "on_pace", "behind", "far_behind"]).all()
    np.True_
    """
    behind_at, far_behind_at = _exact_threshold(behind), _exact_threshold(far_behind)
    if not far_behind_at <= behind_at <= 0:
        raise ValueError(f"need far_behind <= behind <= 0, not far_behind={far_behind!r} "
                         f"and behind={behind!r}")
    stamp = resolve_as_of(data, as_of)
    t = days([stamp])[0] if stamp is not None else 0  # no stamp: there are no goals
    # the started goals in goal_id order: every column comes out sorted
    rows, place = in_order(data.goal_order(), days(data.goals["start_date"]) <= t)
    facts = GoalFacts(data, rows, place, until=t)
    goals = facts.done_at(t)  # EV: goal_status' percent_complete
    start = facts.start
    completed = goals.completed_at_t
    measured = np.where(completed, facts.completed, t) - start  # AT

    # The plan with tasks, in whole weight units: per goal (0, C0), (u, C(u)), ...
    plan = _task_plan(data, facts)
    has_tasks = facts.task_count > 0
    earned_weight = np.where(completed, plan.total, goals.task_weight_done)
    task_es_num, task_es_den = plan.earned_schedule(earned_weight)

    # The plan without tasks: a line from (0, 0) to (PD, 100), percents in whole units.
    percent = goals.percent
    p_scale = decimal_scale(percent[~has_tasks]) if (~has_tasks).any() else 1
    p = np.rint(percent * p_scale).astype(np.int64)
    full = 100 * p_scale
    line = facts.target - start
    line_due = np.minimum(measured, line)

    # EV and PV over one whole-number denominator per goal: points = value / den.
    pd_days = np.where(has_tasks, plan.duration, line)
    den = np.where(has_tasks, plan.total, np.where(line > 0, p_scale * line, p_scale))
    earned = np.where(has_tasks, 100 * earned_weight, np.where(line > 0, p * line, p))
    planned = np.where(has_tasks, 100 * plan.due_by(measured),
                       np.where(line > 0, full * line_due, full))
    den = np.maximum(den, 1)
    es_num = np.where(has_tasks, task_es_num, np.where(line > 0, line * p, 0))
    es_den = np.where(has_tasks, task_es_den, full)

    gap = earned - planned
    bound = max(_magnitude(gap), _magnitude(den)) * max(
        abs(behind_at.numerator), abs(far_behind_at.numerator),
        behind_at.denominator, far_behind_at.denominator)
    gap, den_wide = _wide(bound, gap, den)

    def below(threshold: Fraction) -> np.ndarray:
        return np.asarray(gap * threshold.denominator < threshold.numerator * den_wide,
                          dtype=bool)

    expectation = np.select([below(far_behind_at), below(behind_at), np.asarray(gap > 0, bool)],
                            [3, 2, 0], default=1)  # places in EXPECTATIONS

    has_estimate = (measured > 0) & (es_num > 0)
    # ieac: start + ceil(PD × AT / ES), ES = es_num / es_den, in whole numbers.
    planned_days, actual_days, es_den_wide, es_num_wide = _wide(
        _magnitude(pd_days) * _magnitude(measured) * _magnitude(es_den),
        pd_days, measured, es_den, es_num)
    ahead = ceil_div(planned_days * actual_days * es_den_wide,
                     np.where(has_estimate, es_num_wide, 1))
    ahead = np.minimum(np.where(has_estimate, ahead, 0), LAST_DAY - start).astype(np.int64)
    ieac = as_dates(np.where(has_estimate, start + ahead, NAT))

    es = es_num / es_den
    with np.errstate(divide="ignore", invalid="ignore"):
        spi = np.where(measured > 0, es / np.where(measured > 0, measured, 1), np.nan)
    return pd.DataFrame(
        {
            "planned_percent": planned / den,
            "earned_percent": percent,
            "schedule_gap_points": np.asarray(gap / den_wide, dtype="float64"),
            "es_days": es,
            "at_days": day_counts(measured),
            "sv_days": es - measured,
            "spi": spi,
            "ieac_date": ieac,
            "expectation": texts(EXPECTATIONS, expectation),
        },
        index=pd.Index(data.goal_ids_at(rows), dtype=TEXT, name="goal_id"),
    )


class ScheduleCurves(NamedTuple):
    """One goal's plan and earned value over time: see :func:`schedule_curves`."""

    plan: pd.DataFrame
    earned: pd.DataFrame
    performance: pd.Series


def schedule_curves(data: CareerData, goal_id, as_of=None) -> ScheduleCurves:
    """One goal's planned and earned percent over time, with its earned schedule marked.

    What :func:`~careerkit.plotting.plot_schedule` draws. The plan's points are the ones
    the earned schedule interpolates between (see :func:`schedule_performance`); the
    earned value is goal_status' ``percent_complete`` on each day it changed
    (:func:`~careerkit.analytics.progress_curve.percent_over_time`) up to the measuring
    date (T, or the completed_date of a goal completed by T).

    Parameters
    ----------
    data : CareerData
    goal_id : str
        A goal started on or before as_of.
    as_of : date-like, optional
        As in :func:`schedule_performance`.

    Returns
    -------
    ScheduleCurves
        A named tuple:

        - ``plan``: DataFrame with columns ``date`` and ``planned_percent``: (start_date,
          PV at start_date), then one row per later distinct due date (cumulative
          percent); without tasks (start_date, 0) and (start_date + PD, 100), or
          (start_date, 100) when PD = 0.
        - ``earned``: DataFrame with columns ``date`` (from start_date, each day the
          percent changed, the last one the measuring date) and ``earned_percent``.
        - ``performance``: the goal's row of :func:`schedule_performance`, with
          ``start_date``, ``at_date`` (the measuring date) and ``es_time`` (start_date +
          ES as a time of day, since ES is fractional).

    Raises
    ------
    ValueError
        When the data has no such goal, or it starts after as_of.

    Examples
    --------
    >>> import careerkit
    >>> from careerkit.analytics.schedule import schedule_curves
    >>> curves = schedule_curves(careerkit.load("sample_data"), "C00001-G2",
    ...                          as_of="2026-03-31")
    >>> curves.plan["planned_percent"].iloc[-1]
    np.float64(100.0)
    >>> curves.earned["earned_percent"].iloc[-1] == curves.performance["earned_percent"]
    np.True_
    """
    if not bool((data.goals["goal_id"] == goal_id).fillna(False).any()):
        raise ValueError(f"the data has no goal {goal_id!r}")
    data = data.select(goals=goal_id)
    stamp = resolve_as_of(data, as_of)
    performance = schedule_performance(data, stamp)
    if goal_id not in performance.index:
        begins = data.goals["start_date"].iloc[0].strftime("%Y-%m-%d")
        raise ValueError(f"goal {goal_id!r} starts on {begins}, after as_of "
                         f"{stamp:%Y-%m-%d}: it has no schedule yet")
    t = days([stamp])[0]
    rows, place = started_goals(data, t)
    start = days(data.goals["start_date"])
    plan = _task_plan(data, GoalFacts(data, rows, place, until=t))
    if plan.total[0] > 0:
        ends = plan.step_ends
        offsets = np.concatenate([[0], plan.due[ends]]) if plan.due[ends[0]] > 0 \
            else plan.due[ends]
        weights = np.concatenate([[0], plan.cum[ends]]) if plan.due[ends[0]] > 0 \
            else plan.cum[ends]
        planned = 100 * weights / plan.total[0]
    else:
        line = int(days(data.goals["target_date"])[0] - start[0])
        offsets = np.array([0, line]) if line > 0 else np.array([0])
        planned = np.array([0.0, 100.0]) if line > 0 else np.array([100.0])
    row = performance.loc[goal_id].copy()
    row["start_date"] = data.goals["start_date"].iloc[0]
    row["at_date"] = row["start_date"] + pd.Timedelta(days=int(row["at_days"]))
    row["es_time"] = row["start_date"] + pd.Timedelta(days=float(row["es_days"]))
    actual = percent_over_time(data, goal_id, stamp).actual
    actual = actual.loc[actual["date"] <= row["at_date"]]
    return ScheduleCurves(
        pd.DataFrame({"date": as_dates(start[0] + offsets),
                      "planned_percent": planned.astype("float64")}),
        pd.DataFrame({"date": actual["date"].to_numpy(),
                      "earned_percent": actual["percent_complete"].to_numpy()}),
        row,
    )


def _task_plan(data: CareerData, facts: GoalFacts) -> _TaskPlan:
    """The task plans of the goals of ``facts``, weights in its whole units (its scale)."""
    due = days(data.tasks["due_date"])[facts.task_rows] - facts.start[facts.task_owner]
    return _TaskPlan(facts.task_owner, np.maximum(due, 0), facts.task_weight.astype(np.int64),
                     facts.n)


class _TaskPlan:
    """The planned-value steps of goals with tasks, in whole weight units.

    Tasks sorted by (goal, days from start to due); ``cum`` is the running weight over all
    of them, so a goal's cumulative weight at a task is ``cum - base[goal]``. A step is the
    tasks of one goal due on one day; only whole steps are read (the order of the tasks
    within a step does not show), so when goal, due and weight fit in 63 bits together the
    three are sorted as one whole number and read back from it (no gathers after the sort).
    """

    def __init__(self, owner: np.ndarray, due: np.ndarray, weight: np.ndarray, n: int):
        # key = goal * span + due, span a power of two above every due: shifts, not divisions
        bits = ((int(due.max()) if len(due) else 0) + 1).bit_length()
        self.span = 1 << bits
        weight_bits = int(weight.max()).bit_length() if len(weight) else 0
        packs = (not len(weight) or int(weight.min()) >= 0) and \
            max(n, 1).bit_length() + bits + weight_bits <= 63
        if packs:
            packed = (owner.astype(np.int64) << (bits + weight_bits)) | (due << weight_bits)
            packed |= weight
            packed.sort()
            self.key = packed >> weight_bits
            weight = packed & ((1 << weight_bits) - 1)
        else:
            key = (owner.astype(np.int64) << bits) | due
            order = stable_order(key)
            self.key = key[order]
            weight = weight[order]
        self.due = self.key & (self.span - 1)
        self.cum = np.cumsum(weight)
        self.cum0 = np.concatenate([[0], self.cum])  # cum0[i] = weight before task i
        tasks = np.bincount(owner, minlength=n)  # each goal's tasks: first to end - 1
        self.end = np.cumsum(tasks)
        self.first = self.end - tasks
        self.base = self.cum0[self.first]
        self.total = self.cum0[self.end] - self.base
        has = self.end > self.first
        self.duration = np.where(has, self.due[np.maximum(self.end - 1, 0)], 0) if len(
            self.due) else np.zeros(n, dtype=np.int64)
        # Each task's step (same goal, same day): the steps' first tasks, and each task's
        # step; a step's first and last task are looked up for the few tasks asked about.
        new = np.ones(len(self.key), dtype=bool)
        new[1:] = self.key[1:] != self.key[:-1]
        self.starts = np.flatnonzero(new)
        self.step = np.cumsum(new) - 1
        self.step_ends = np.append(self.starts[1:] - 1, len(self.key) - 1)

    def due_by(self, at: np.ndarray) -> np.ndarray:
        """Weight of each goal's tasks due on or before day ``at`` (days from start)."""
        goals = np.arange(len(self.first))
        last = np.searchsorted(self.key, goals * self.span + np.minimum(at, self.span - 1),
                               side="right") - 1
        return np.where(last >= self.first, self.cum0[last + 1] - self.base, 0)

    def earned_schedule(self, earned: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """ES as numerator / denominator (whole numbers; 0 / 1 when EV <= PV at start)."""
        if not len(self.cum):
            return np.zeros(len(earned), dtype=np.int64), np.ones(len(earned), dtype=np.int64)
        # PV at start: the weight of the goal's first step when it is due on day 0
        first = np.minimum(self.first, len(self.key) - 1)
        at_start = np.where((self.end > self.first) & (self.due[first] == 0),
                            self.cum[self.step_ends[self.step[first]]] - self.base, 0)
        later = (earned > at_start) & (self.end > self.first)
        k = np.searchsorted(self.cum, self.base + earned, side="left")
        k = np.where(later, k, 0)
        step = self.step[k]
        t_k = self.due[k]
        c_k = self.cum[self.step_ends[step]] - self.base
        prev = self.starts[step] - 1
        has_prev = prev >= self.first
        prev = np.maximum(prev, 0)
        t_prev = np.where(has_prev, self.due[prev], 0)
        c_prev = np.where(has_prev, self.cum[prev] - self.base, 0)
        rise = np.where(later, c_k - c_prev, 1)
        run = t_prev * rise + (t_k - t_prev) * (earned - c_prev)
        return np.where(later, run, 0), rise


def _exact_threshold(value) -> Fraction:
    """A threshold as an exact fraction: -12.5 is -25/2, and 0.1 is 1/10 (as written)."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"a threshold is a number of points, not {value!r}")
    if isinstance(value, int | np.integer | Fraction):
        return Fraction(value)
    return Fraction(repr(float(value)))


def _magnitude(values: np.ndarray) -> float:
    return float(np.abs(values).max()) if len(values) else 0.0


def _wide(bound: float, *arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """The arrays as they are, or as Python ints when a product could pass int64's range."""
    if bound < _INT64_SAFE:
        return arrays
    return tuple(np.array([int(x) for x in a.tolist()], dtype=object) for a in arrays)
